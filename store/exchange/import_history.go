package exchange

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"oic/domain"
	"oic/store"
	"oic/store/exchange/jsoncheck"
)

// What an import makes of each visit's history. An export of schema
// version 2 carries each visit's whole audit trail: the import verifies
// it from its first entry, checks its last entry seals the document the
// line carries, byte for byte, and that it extends the trail held here
// for a visit already here (a different history is refused), and then
// keeps the trail exactly as it came, so the visit verifies end to end
// and a later version from the same origin extends it. A visit with
// history is judged by its trail, not by today's rules, so honest
// archives closed under earlier rules still import.
//
// A file of schema version 1 carries no trail: its visits are taken only
// as new here, only if they meet the gates closing applies
// (domain.Config.HistorylessFindings), each with a trail started here,
// and marked "unverified: no history" from then on.
//
// Either way, each visit written gets an entry in its arrivals (the
// store's, apart from its trail) naming the file, its exporter, its
// signer and the importing officer, and carrying the visit's unverified
// marks: those its line brought, no history, and unsigned for a file
// admitted unsigned.

// lineHistory is what a visit line's history check needs of the file.
type lineHistory struct {
	schema int // the file's schema version
	cfg    domain.Config
}

// testSigner, set by tests alone, stands in for the signature the import
// finds beside its file (fileSigner).
var testSigner *fileSigner

// trailProblem checks the trail a version 2 line carries (a): whole
// from its first entry, every entry this visit's, its head the one the
// line names, its last entry sealing the document, text[:docEnd]
// closed. It says what is wrong, or "", and gives each entry's JSON as
// the store keeps it (domain.VerifyChainJSON).
func trailProblem(ref domain.Ref, text []byte, docEnd int, a exportAudit) ([][]byte, string) {
	t := a.Trail
	if len(t) == 0 {
		return nil, "its line carries no audit trail, which every line of a version 2 export carries"
	}
	last := t[len(t)-1]
	if uint64(len(t)) != a.Entries || last.Hash != a.Head {
		return nil, fmt.Sprintf("its audit member names %d entries ending %.12s…, but its trail holds %d ending %.12s…: the line was changed after it was exported",
			a.Entries, a.Head, len(t), last.Hash)
	}
	enc, err := domain.VerifyChainJSON(t)
	if err != nil {
		return nil, fmt.Sprintf("its audit trail is broken: %v. The line was changed after it was exported; ask its sender for a fresh export", err)
	}
	for _, e := range t {
		if e.Ref != ref || e.Officer != "" {
			return nil, fmt.Sprintf("audit entry %d of its trail names %s%s, not this visit", e.Seq, e.Ref, e.Officer)
		}
	}
	if last.Record == "" {
		return nil, fmt.Sprintf("no entry of its audit trail seals its record (entry %d, the last, was written before records were sealed)", last.Seq)
	}
	if docEnd == 0 {
		return nil, "its record cannot be checked against its audit trail: the members an export adds (debrief_sections, planning_summary, audit) are not last in its line, as oic writes them"
	}
	h := sha256.New()
	h.Write(text[:docEnd])
	h.Write([]byte{'}'})
	if hex.EncodeToString(h.Sum(nil)) != last.Record {
		return nil, fmt.Sprintf("its record is not the one the last entry of its audit trail (%d) sealed: the line was changed after it was exported; ask its sender for a fresh export", last.Seq)
	}
	return enc, ""
}

// lineDerived is the part of a line derived from its document, as the
// store keeps it (appendDerived): from the document's end to the audit
// member, or nil if the line is not laid out as oic writes it.
func lineDerived(text []byte, docEnd int, top []jsoncheck.Member) []byte {
	if docEnd == 0 {
		return nil
	}
	for _, m := range top {
		if m.Key == "audit" && m.Start > docEnd && text[m.Start-1] == ',' {
			return text[docEnd : m.Start-1]
		}
	}
	return nil
}

// historyless checks a visit from a version 1 file, new here: it must
// meet the gates closing applies. It says what stops it, or "".
func historyless(v *domain.Visit, cfg domain.Config) string {
	f := cfg.HistorylessFindings(v)
	if len(f) == 0 {
		return ""
	}
	var ids []string
	var what []string
	for _, x := range f {
		if !slices.Contains(ids, x.Rule) {
			ids = append(ids, x.Rule)
		}
		what = append(what, x.String())
	}
	return fmt.Sprintf("it comes from an export without its history (schema version 1), so it is taken only if it meets the gates closing applies, and it does not (%s): %s. "+
		"Ask its sender for an export of schema version 2, which carries its audit trail",
		strings.Join(ids, ", "), strings.Join(what, "; "))
}

// heldHistory judges a version 2 line of a visit already here, whose
// held version is held and trail's head heldHead: the plan's action, or
// what is wrong. A newer version must extend the trail here; the same
// version must have the same head and record; an older one is kept
// out.
func heldHistory(p *visitPlan, held uint64, heldHead store.AuditHead, sameDoc bool) (importAction, string) {
	ref := p.ref
	switch {
	case held > p.version:
		return actOlder, ""
	case held == p.version:
		if heldHead.Hash == p.srcAudit.Head && sameDoc {
			return actSame, ""
		}
		what := fmt.Sprintf("version %d is here with a trail of %s ending %.12s…, and the line's version %d has %s ending %.12s…",
			held, entries(heldHead.Seq), heldHead.Hash, p.version, entries(p.srcAudit.Entries), p.srcAudit.Head)
		if heldHead.Hash == p.srcAudit.Head {
			what = fmt.Sprintf("version %d is here with the same trail, but another record: the record here fails its seal (run oic verify)", held)
		}
		return 0, (&store.HistoryError{Ref: ref, Problem: what}).Error() + differentHistoryDo
	}
	_, err := store.Extends(ref, &domain.AuditEntry{Seq: heldHead.Seq, Hash: heldHead.Hash}, p.srcAudit.Trail)
	var he *store.HistoryError
	if errors.As(err, &he) {
		return 0, he.Error() + differentHistoryDo
	}
	if err != nil {
		return 0, err.Error()
	}
	return actReplace, ""
}

// differentHistoryDo is what to do about a different history.
const differentHistoryDo = ": the visit here and the one in the file were changed apart; ask whoever sent the file which is the record"

func entries(n uint64) string {
	if n == 1 {
		return "1 entry"
	}
	return fmt.Sprintf("%d entries", n)
}

// arrivalOf is the arrival of the plan's visit from the file.
func (c *importCheck) arrivalOf(path, sum string, opt ImportOptions, p *visitPlan) domain.Arrival {
	a := domain.Arrival{At: opt.At, By: opt.By.StaffNo, ByName: opt.By.Name, Version: p.version,
		File: filepath.Base(path), FileSHA256: sum, Schema: c.prov.SchemaVersion,
		ExportedBy: officerLabel(c.prov.ExportedBy), ExportedAt: c.prov.ExportedAt, ToolVersion: c.prov.ToolVersion,
		Signer: c.signer.Fingerprint, Principal: c.signer.Principal}
	if a.ByName == "" {
		a.ByName = string(a.By) // an officer with no profile here
	}
	marks := slices.Clone(p.srcAudit.Unverified)
	if c.prov.SchemaVersion < 2 {
		marks = append(marks, domain.UnverifiedNoHistory)
	}
	if c.signer.unsigned() {
		marks = append(marks, domain.UnverifiedUnsigned)
	}
	a.Unverified = domain.UnverifiedOf([]domain.AuditEntry{{Change: domain.Arrival{Unverified: marks}.Change()}})
	return a
}

// sameBytes says whether the stored document is the line's, text[:docEnd]
// closed.
func sameBytes(stored, text []byte, docEnd int) bool {
	return docEnd > 0 && len(stored) == docEnd+1 && bytes.Equal(stored[:docEnd], text[:docEnd]) && stored[docEnd] == '}'
}
