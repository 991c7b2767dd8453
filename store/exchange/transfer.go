package exchange

import (
	"bufio"
	"context"
	"crypto/sha256"
	"errors"
	"filippo.io/age"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	segjson "github.com/segmentio/encoding/json"

	"oic/domain"
	"oic/store"
	"oic/store/exchange/signing"
	"oic/store/internal/sysio"
)

// A push (a laptop's visits sent to its team server) and a pull (an
// officer's visits brought down to their laptop) are an export of the
// visits chosen (ExportOptions.Visits), signed by the sending folder's
// key, taken in by the import, all or nothing. Before the import is
// asked, ImportTransfer checks what the import cannot say by name: that
// the signer is one the receiving folder pins (always: a transfer is
// never taken from any key), that the sender may send each visit, and
// which visits were changed on both sides since they last agreed, so
// the refusal names them and what each side holds, and nothing is
// written on either side.

// TransferOptions describe the taking in of a push or pull.
type TransferOptions struct {
	// By is who sends (on the server, the key's officer) or pulls (on
	// the laptop, its officer); At when.
	By domain.Officer
	At time.Time
	// AllowedSigners pins the folders whose transfers are taken: the
	// server's allowed_signers, or the laptop's pin of its server's key.
	// It must be given.
	AllowedSigners string
	// May, if set, says whether the sender may bring the visit arriving,
	// given the one held here (nil: new here) and the audit entries the
	// arriving trail adds to the one held (nil where it does not extend it).
	May func(arriving, held *domain.Visit, added []domain.AuditEntry) error
	// New, if set, says whether a visit new here may arrive under ref
	// from the folder that signed the transfer, by the names the allowed
	// signers give it (a team server: domain.MayArrive).
	New func(ref domain.Ref, signers []string) error
	// Progress is as ImportOptions'.
	Progress func(phase string, done, total int)
}

// Conflict is a visit changed on both sides since they last agreed:
// neither trail extends the other.
type Conflict struct {
	Ref domain.Ref
	// Common is how many entries of their trails both sides share.
	Common uint64
	// Here and There are the last entries of the trail held here and of
	// the one arriving.
	Here, There TrailEnd
}

// TrailEnd is the last change of one side's version of a visit.
type TrailEnd struct {
	Version uint64
	Entries uint64
	Change  domain.Change
}

func (e TrailEnd) String() string { return e.In(time.UTC) }

// In is String with the time in loc, the officers' zone.
func (e TrailEnd) In(loc *time.Location) string {
	who := e.Change.ActorName
	if who == "" {
		who = string(e.Change.Actor)
	}
	out := fmt.Sprintf("version %d, %s, the last %q by %s (%s) at %s",
		e.Version, entries(e.Entries), domain.Inert(e.Change.Action), domain.Inert(who), domain.Inert(string(e.Change.Actor)), e.Change.At.In(loc).Format(domain.DateTimeLayout))
	// What it changed, so the officer sees what they would redo.
	for i, f := range e.Change.Fields {
		if i == 2 {
			out += fmt.Sprintf("; and %d more", len(e.Change.Fields)-i)
			break
		}
		sep := ": "
		if i > 0 {
			sep = "; "
		}
		out += fmt.Sprintf("%s%s %s → %s", sep, domain.Inert(f.Field), signing.Quote(f.Old), signing.Quote(f.New))
	}
	return out
}

// TransferError is a transfer refused before anything was written:
// visits changed on both sides, visits the sender may not send.
type TransferError struct {
	Conflicts []Conflict
	// Refused are the visits the sender may not send, each with why.
	Refused []RefusedVisit
}

// RefusedVisit is a visit the sender may not send, and why.
type RefusedVisit struct {
	Ref domain.Ref
	Why string
}

func (e *TransferError) Error() string {
	var b strings.Builder
	for _, c := range e.Conflicts {
		fmt.Fprintf(&b, "%s was changed on both sides since their first %s: here %s; arriving %s\n", c.Ref, entries(c.Common), c.Here, c.There)
	}
	for i, r := range e.Refused {
		if i == maxListed {
			fmt.Fprintf(&b, "... and %d more visits the sender may not send\n", len(e.Refused)-i)
			break
		}
		fmt.Fprintf(&b, "%s\n", r.Why)
	}
	b.WriteString("Nothing was taken in; both sides are as they were.")
	return b.String()
}

// ImportTransfer takes in the push or pull at path (its .sha256 and .sig
// beside it), as ImportFile does once the checks above pass.
func ImportTransfer(ctx context.Context, s *store.Store, path string, opt TransferOptions) (ImportResult, error) {
	if opt.AllowedSigners == "" {
		return ImportResult{Path: path}, fmt.Errorf("a push or pull is taken only from a folder this one pins: no allowed signers were given; nothing was taken in")
	}
	iopt := ImportOptions{By: opt.By, At: opt.At, AllowedSigners: opt.AllowedSigners, Progress: opt.Progress}
	// Who may send which visit is the transfer's rule (opt.May), not the
	// records clerk's import (ActImport): the gate is left open to it.
	iopt.Config = domain.DefaultConfig()
	iopt.Config.Administered = false
	// Kept sealed in an encrypted folder's incoming/ (incoming.go): every
	// read below decrypts it.
	ids, err := incomingIdentities(path, s.Vault())
	if err != nil {
		return ImportResult{Path: path}, err
	}
	iopt.AtRest = ids
	signers, err := checkTransferSigned(path, s.Dir(), iopt)
	if err != nil {
		return ImportResult{Path: path}, err
	}
	// On a team server, sessions save these visits as the push arrives:
	// their saves wait until it is judged and written, so that none is
	// written over by a version judged against the one before it (then
	// each such save finds the pushed version, and merges or conflicts
	// as a save does).
	refs, err := transferRefs(path, ids)
	if err != nil {
		return ImportResult{Path: path}, err
	}
	release := s.HoldVisits(refs)
	defer release()
	if err := judgeTransfer(ctx, s, path, ids, signers, opt); err != nil {
		return ImportResult{Path: path}, err
	}
	return ImportFile(ctx, s, path, iopt)
}

// transferRefs are the references of the visits in the push or pull at
// path (signed, checked by checkTransferSigned), each as its line names
// it; a line that does not is the import's to refuse.
func transferRefs(path string, ids []age.Identity) ([]domain.Ref, error) {
	var out []domain.Ref
	err := eachVisitLine(path, ids, func(text []byte) error {
		var line struct {
			Ref domain.Ref `json:"ref"`
		}
		if segjson.Unmarshal(text, &line) == nil && line.Ref != "" {
			out = append(out, line.Ref)
		}
		return nil
	})
	return out, err
}

// eachVisitLine calls fn with each visit line of the push or pull at
// path (decrypted with ids, if it is kept sealed), its provenance (the
// first line, which the import checks) left out, until fn returns an
// error.
func eachVisitLine(path string, ids []age.Identity, fn func(text []byte) error) error {
	f, err := openPlaintext(context.Background(), path, ids)
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	for n := 0; ; n++ {
		text, err := readTransferLine(r)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading %s: %w", filepath.Base(path), err)
		}
		if n == 0 {
			continue
		}
		if err := fn(text); err != nil {
			return err
		}
	}
}

// checkTransferSigned checks, before a line of it is trusted even to
// name a visit in a message, that the file at path is signed by a key
// the allowed signers list and is the file it signed; signers are the
// names they give that key.
func checkTransferSigned(path, dataDir string, opt ImportOptions) (signers []string, err error) {
	if _, err := CheckImportable(path); err != nil {
		return nil, err
	}
	is, err := readImportSig(path, dataDir, opt)
	if err != nil {
		return nil, err
	}
	f, err := openPlaintext(context.Background(), path, opt.AtRest)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(is.hasher(h), f); err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, sysio.PlainPathError(err))
	}
	c := &importCheck{}
	c.hashed(h, is, path)
	if c.sigBad != "" {
		return nil, &ImportError{Path: path, Headline: c.sigBad}
	}
	if p := is.signer.Principal; p != "" {
		signers = strings.Split(p, ",")
	}
	return signers, nil
}

// judgeTransfer reads each visit line of the file at path and holds it
// against the visit here: who may send it (opt.May), whether a visit new
// here may come under its reference (opt.New), and whether the two
// were changed apart. What it cannot read it leaves to the import, which
// refuses it.
func judgeTransfer(ctx context.Context, s *store.Store, path string, ids []age.Identity, signers []string, opt TransferOptions) error {
	te := &TransferError{}
	err := eachVisitLine(path, ids, func(text []byte) error {
		var line visitLine
		if err := decodeLine(text, &line); err != nil || line.Visit == nil || line.Ref == "" {
			return nil
		}
		held, err := s.Visit(ctx, line.Ref)
		if errors.Is(err, domain.ErrNotFound) {
			held = nil
		} else if err != nil {
			return fmt.Errorf("reading %s here: %w", line.Ref, err)
		}
		var trail []domain.AuditEntry
		if held != nil {
			if trail, err = s.Audit(ctx, line.Ref); err != nil {
				return fmt.Errorf("reading the audit trail of %s here: %w", line.Ref, err)
			}
		}
		if opt.May != nil {
			if err := opt.May(line.Visit, held, addedTo(trail, line.Audit.Trail)); err != nil {
				te.Refused = append(te.Refused, RefusedVisit{Ref: line.Ref, Why: err.Error()})
				return nil
			}
		}
		if held == nil {
			if opt.New != nil {
				if err := opt.New(line.Ref, signers); err != nil {
					te.Refused = append(te.Refused, RefusedVisit{Ref: line.Ref, Why: err.Error()})
				}
			}
			return nil
		}
		if c, ok := conflictOf(line.Ref, held.Version, trail, line.Version, line.Audit.Trail); ok {
			te.Conflicts = append(te.Conflicts, c)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(te.Conflicts) > 0 || len(te.Refused) > 0 {
		return te
	}
	return nil
}

// readTransferLine reads one line, without its newline, refusing one
// longer than a visit.
func readTransferLine(r *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxLine {
			return nil, fmt.Errorf("a line is longer than %d MB: not a visit", maxLine>>20)
		}
		switch {
		case err == nil:
			return line[:len(line)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(line) > 0:
			return line, nil
		default:
			return nil, err
		}
	}
}

// addedTo is what the trail arriving adds to the one held (all of it
// where none is held), or nil where it does not extend it.
func addedTo(held, arriving []domain.AuditEntry) []domain.AuditEntry {
	if len(arriving) < len(held) {
		return nil
	}
	for i := range held {
		if held[i].Hash != arriving[i].Hash {
			return nil
		}
	}
	return arriving[len(held):]
}

// conflictOf says whether the trail arriving for ref and the one held
// were changed apart: each has an entry the other lacks. One that holds
// the other whole is behind or ahead of it, which the import settles.
func conflictOf(ref domain.Ref, heldVersion uint64, held []domain.AuditEntry, version uint64, arriving []domain.AuditEntry) (Conflict, bool) {
	common := 0
	for common < len(held) && common < len(arriving) && held[common].Hash == arriving[common].Hash {
		common++
	}
	if common == len(held) || common == len(arriving) {
		return Conflict{}, false
	}
	end := func(v uint64, t []domain.AuditEntry) TrailEnd {
		return TrailEnd{Version: v, Entries: uint64(len(t)), Change: t[len(t)-1].Change}
	}
	return Conflict{Ref: ref, Common: uint64(common), Here: end(heldVersion, held), There: end(version, arriving)}, true
}

// pullView is the part of a stored visit that decides whether a pull
// brings it down (domain.Config.Pulls): who takes part, its state, its
// rating and authorisation, its assurance and acceptances. Decoding
// only this, and not the whole record, is what lets a pull look at every
// visit on a server (BENCHMARKS.md).
type pullView struct {
	Ref    domain.Ref           `json:"ref"`
	State  domain.State         `json:"state"`
	Basics domain.Basics        `json:"basics"`
	Roster []domain.RosterEntry `json:"roster"`
	Plan   struct {
		EPA struct {
			Rating domain.Rating `json:"rating"`
		} `json:"epa"`
		Auth *domain.Authorisation `json:"authorisation"`
	} `json:"planning"`
	Briefing struct {
		Acceptances []domain.Acceptance `json:"acceptances"`
	} `json:"briefing"`
	Assurance domain.Assurance `json:"assurance"`
}

// SelectVisits lists the visits keep takes, in order of planned start,
// of the visits in s whose list entry pre takes (nil: all) but those
// cancelled or stood down, reading of each only what pullView holds, on
// a reader per processor. pre decides from the list entry alone (its
// reference, team, state), so that of 100,000 visits only the few that
// may be kept are read.
func SelectVisits(ctx context.Context, s *store.Store, pre func(domain.Summary) bool, keep func(*domain.Visit) bool) ([]domain.Ref, error) {
	snap, err := s.Snapshot(runtime.GOMAXPROCS(0))
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	var refs []domain.Ref
	err = snap.Readers()[0].Select(ctx, store.Selection{}, func(sum domain.Summary) error {
		if sum.State != domain.Cancelled && sum.State != domain.StoodDown && (pre == nil || pre(sum)) {
			refs = append(refs, sum.Ref)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	taken := make([]bool, len(refs))
	readers := snap.Readers()
	errs := make(chan error, len(readers))
	for w, rd := range readers {
		go func() {
			var doc []byte
			var err error
			for i := w; i < len(refs) && err == nil; i += len(readers) {
				if err = ctx.Err(); err != nil {
					break
				}
				if doc, err = rd.Document(refs[i], doc[:0]); err != nil {
					err = fmt.Errorf("reading %s: %w", refs[i], err)
					break
				}
				var pv pullView
				if err = segjson.Unmarshal(doc, &pv); err != nil {
					err = fmt.Errorf("%s is unreadable in the store: %w", refs[i], err)
					break
				}
				v := &domain.Visit{Ref: pv.Ref, State: pv.State, Basics: pv.Basics, Roster: pv.Roster, Assurance: pv.Assurance}
				v.Plan.EPA.Rating, v.Plan.Auth = pv.Plan.EPA.Rating, pv.Plan.Auth
				v.Briefing.Acceptances = pv.Briefing.Acceptances
				taken[i] = keep(v)
			}
			errs <- err
		}()
	}
	for range readers {
		if e := <-errs; e != nil && err == nil {
			err = e
		}
	}
	if err != nil {
		return nil, err
	}
	out := []domain.Ref{}
	for i, ref := range refs {
		if taken[i] {
			out = append(out, ref)
		}
	}
	return out, nil
}
