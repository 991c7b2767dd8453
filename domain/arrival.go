package domain

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// How a visit came into this store from outside it (oic import): its
// arrivals. A visit's own audit trail stays exactly the trail of the
// store it was made in, so that it verifies from its first entry and a
// later version from the same origin extends it; what this store did in
// taking it in (when, who, from which file, signed by whom) is kept apart,
// in a trail of its own per visit, append-only and hash-chained as the
// visit's is (ChainEntry), each entry sealing the record as it arrived.
//
// An arrival is kept as an AuditEntry whose Change is ArrivalChange's:
// its facts as named fields, so the chain's hashing is the visit trail's,
// and ArrivalOf reads them back.

// Unverified marks: why a visit cannot be verified back to its origin.
// A visit carrying one is shown and exported marked "unverified: MARK".
const (
	// UnverifiedNoHistory: it came from an export without audit trails
	// (schema version 1), so nothing shows how its record came to be.
	UnverifiedNoHistory = "no history"
	// UnverifiedUnsigned: it came from an unsigned export, admitted
	// because the importing officer allowed unsigned files.
	UnverifiedUnsigned = "unsigned"
)

// Arrival is one import of a visit into this store.
type Arrival struct {
	At     time.Time // when it was imported
	By     StaffNo   // the importing officer
	ByName string
	// Version is the visit's version as it arrived.
	Version uint64
	// File and FileSHA256 name the export it came in; Schema its schema
	// version.
	File       string
	FileSHA256 string
	Schema     int
	// ExportedBy ("Name (staff no)"), ExportedAt and ToolVersion are the
	// export's provenance.
	ExportedBy  string
	ExportedAt  time.Time
	ToolVersion string
	// Signer is the fingerprint of the key that signed the file
	// ("SHA256:..."), "" if it was unsigned; Principal the name the
	// folder's allowed signers give that key, "" if none.
	Signer, Principal string
	// Unverified are the marks the visit carries from this arrival on
	// (UnverifiedNoHistory, UnverifiedUnsigned), in that order.
	Unverified []string
}

// ArrivalAction is the Action of every arrival's entry.
const ArrivalAction = "arrived by import"

// The fields of an arrival's entry.
const (
	arrVersion     = "version"
	arrFile        = "file"
	arrSHA256      = "file sha256"
	arrSchema      = "schema version"
	arrExportedBy  = "exported by"
	arrExportedAt  = "exported at"
	arrTool        = "tool version"
	arrSigner      = "signer"
	arrPrincipal   = "signer principal"
	arrUnverified  = "unverified"
	unsignedSigner = "unsigned, admitted with --allow-unsigned"
)

// Change is the arrival as the body of its entry.
func (a Arrival) Change() Change {
	signer := a.Signer
	if signer == "" {
		signer = unsignedSigner
	}
	f := []FieldChange{
		{Field: arrVersion, New: strconv.FormatUint(a.Version, 10)},
		{Field: arrFile, New: a.File},
		{Field: arrSHA256, New: a.FileSHA256},
		{Field: arrSchema, New: strconv.Itoa(a.Schema)},
		{Field: arrExportedBy, New: a.ExportedBy},
		{Field: arrExportedAt, New: a.ExportedAt.UTC().Format(time.RFC3339)},
		{Field: arrTool, New: a.ToolVersion},
		{Field: arrSigner, New: signer},
	}
	if a.Principal != "" {
		f = append(f, FieldChange{Field: arrPrincipal, New: a.Principal})
	}
	if len(a.Unverified) > 0 {
		f = append(f, FieldChange{Field: arrUnverified, New: strings.Join(a.Unverified, ", ")})
	}
	return Change{Action: ArrivalAction, Actor: a.By, ActorName: a.ByName, At: a.At, Fields: f}
}

// ArrivalOf reads an arrival back from its entry.
func ArrivalOf(e AuditEntry) Arrival {
	c := e.Change
	a := Arrival{At: c.At, By: c.Actor, ByName: c.ActorName}
	for _, f := range c.Fields {
		switch f.Field {
		case arrVersion:
			a.Version, _ = strconv.ParseUint(f.New, 10, 64)
		case arrFile:
			a.File = f.New
		case arrSHA256:
			a.FileSHA256 = f.New
		case arrSchema:
			a.Schema, _ = strconv.Atoi(f.New)
		case arrExportedBy:
			a.ExportedBy = f.New
		case arrExportedAt:
			a.ExportedAt, _ = time.Parse(time.RFC3339, f.New)
		case arrTool:
			a.ToolVersion = f.New
		case arrSigner:
			if f.New != unsignedSigner {
				a.Signer = f.New
			}
		case arrPrincipal:
			a.Principal = f.New
		case arrUnverified:
			a.Unverified = strings.Split(f.New, ", ")
		}
	}
	return a
}

// SignedBy says who signed the file the visit arrived in, as the Audit
// tab shows it.
func (a Arrival) SignedBy() string {
	if a.Signer == "" {
		return unsignedSigner
	}
	if a.Principal != "" {
		return fmt.Sprintf("signed by %s (%s)", a.Signer, a.Principal)
	}
	return "signed by " + a.Signer
}

// String is the arrival in a line: "imported by NAME (SN) at T from an
// export by NAME (SN) at T, signed by SHA256:...".
func (a Arrival) String() string {
	by := Officer{StaffNo: a.By, Name: a.ByName}.Label()
	s := fmt.Sprintf("imported by %s at %s from an export by %s at %s (%s, schema %d, SHA-256 %.12s…), %s",
		by, a.At.Format(DateTimeLayout), a.ExportedBy, a.ExportedAt.Format(DateTimeLayout), a.File, a.Schema, a.FileSHA256, a.SignedBy())
	if len(a.Unverified) > 0 {
		s += "; unverified: " + strings.Join(a.Unverified, ", ")
	}
	return s
}

// UnverifiedOf are the marks a visit carries, from its arrivals' entries
// (oldest first): each mark once, in the order of the constants. A mark
// once given stays: a later arrival cannot verify what an earlier one
// could not.
func UnverifiedOf(arrivals []AuditEntry) []string {
	var out []string
	for _, e := range arrivals {
		for _, m := range ArrivalOf(e).Unverified {
			if !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	slices.SortFunc(out, func(a, b string) int { return markOrder(a) - markOrder(b) })
	return out
}

func markOrder(m string) int {
	switch m {
	case UnverifiedNoHistory:
		return 0
	case UnverifiedUnsigned:
		return 1
	}
	return 2
}

// UnverifiedText is the marks as shown: "unverified: no history,
// unsigned"; "" for none.
func UnverifiedText(marks []string) string {
	if len(marks) == 0 {
		return ""
	}
	return "unverified: " + strings.Join(marks, ", ")
}

// HistorylessFindings are what stops a visit that arrives without its
// history (an export of schema version 1) from being taken in: having no
// trail to be judged by, it must meet the gates closing applies, as they
// stand: a risk rating (EPA-1), an authorisation at a grade that may give
// it (EPA-2), and what closing itself checks (a complete debrief, DBF-1;
// everyone departed, DBF-2; the live record's forms, PWR-2 and PWR-3; no
// open incident, INC-1), judged at the visit's closing. Not OUT-1: a file
// of version 1 predates it, and its visits closed without being asked.
// Only blocking findings are returned.
func (cfg Config) HistorylessFindings(v *Visit) []Finding {
	var f findings
	epa1(&f, v, cfg, time.Time{})
	epa2(&f, v, cfg, time.Time{})
	at, ok := v.ClosedAt()
	if !ok {
		at = v.UpdatedAt
	}
	f = append(f, cfg.closingGates(v, at)...)
	sortFindings(f)
	return Blocking(f)
}

// UnverifiedWhy says what a mark means, for an officer reading it.
func UnverifiedWhy(mark string) string {
	switch mark {
	case UnverifiedNoHistory:
		return "it came from an export without its audit trail (schema version 1), so its trail starts at its import and nothing shows how the record came to be"
	case UnverifiedUnsigned:
		return "it came from an unsigned export, admitted by the officer who imported it, so nothing shows who made the file"
	}
	return "its origin cannot be verified"
}
