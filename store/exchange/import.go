package exchange

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"

	"oic/domain"
	"oic/store"
	"oic/store/internal/sysio"
)

// Import, for central records: a JSON Lines export is verified whole
// (its digest against FILE.sha256, its provenance, every line against the
// schema and the domain's own checks, the count, each visit's history
// (import_history.go) and each visit against the one already here, if
// any) before anything is written, and then written all together. A file
// that fails any check changes nothing. What writing each visit takes is
// made as it is checked and kept in a working file beside the store
// (importSpill) until then.
//
// A visit already here at the same version, trail and content is left
// alone, so importing the same export twice changes nothing. A higher
// version replaces a lower one, provided its trail extends the one here
// and its record only adds to it (domain.AppendOnly); a lower version
// never replaces a higher one.
//
// The audit trail of an imported visit is the trail it was exported
// with, kept as it came; what this store did in taking it in is an entry
// of its arrivals, a trail apart (store/arrivals.go).

// ImportOptions describe an import.
type ImportOptions struct {
	// By is who imports (the signed-in officer, if any); At when.
	By domain.Officer
	At time.Time
	// Config holds the gates a visit from a file without history must
	// meet (domain.Config.HistorylessFindings); the defaults if empty.
	Config domain.Config
	// Progress, if set, hears how far each phase has gone ("checking",
	// "writing"), one call at a time.
	Progress func(phase string, done, total int)
	// AllowedSigners is the allowed_signers file that pins the folders
	// whose exports are taken; "" for the data folder's own
	// (AllowedSignersFile), if it has one (import_sig.go).
	AllowedSigners string
	// AllowUnsigned admits a file with no signature beside it.
	AllowUnsigned bool
	// Identities decrypt a file encrypted with age (import_age.go).
	Identities []age.Identity
	// AtRest decrypt a push or pull kept sealed in an encrypted folder's
	// incoming/ (incoming.go): its digest and signature are of its
	// plaintext, and are checked as it is read, decrypted.
	AtRest []age.Identity
}

// ImportResult says what an import found and did.
type ImportResult struct {
	Path       string
	SHA256     string
	ExportedBy string // "Name (staff no)"
	ExportedAt time.Time
	// Schema is the file's schema version: 1 carries no history.
	Schema    int
	Visits    int
	Added     int // new here
	Replaced  int // a lower version here was replaced
	Unchanged int // already here, the same
	Older     int // a higher version is already here; kept
	// Resumed says the import finished an earlier import of the same file
	// that was interrupted.
	Resumed bool
	// Checked and Written are how long reading the file through to check
	// it, and then writing its visits, took.
	Checked, Written time.Duration
	// Signature is who signed the file.
	Signature ImportSignature
}

// ImportError is why a file was not imported: a headline, and the
// problems found, each with its line number where it has one. Nothing was
// written.
type ImportError struct {
	Path     string
	Headline string
	Problems []LineProblem
	// More counts problems found but not listed.
	More int
}

// LineProblem is one thing wrong at one line (0: the file as a whole).
type LineProblem struct {
	Line int
	Msg  string
}

func (p LineProblem) String() string {
	if p.Line == 0 {
		return p.Msg
	}
	return fmt.Sprintf("line %d: %s", p.Line, p.Msg)
}

func (e *ImportError) Error() string {
	var b strings.Builder
	b.WriteString(e.Headline)
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\n  ... and %d more", e.More)
	}
	b.WriteString("\nNothing was imported; the store is unchanged.")
	return b.String()
}

// maxListed is how many problems an ImportError lists.
const maxListed = 20

// maxLine bounds one line: a visit is tens of kilobytes.
const maxLine = 64 << 20

// importMarker is what the store keeps while an import is under way
// (ImportMarker), so an interrupted import is noticed.
type importMarker struct {
	SHA256  string    `json:"sha256"`
	Path    string    `json:"path"`
	Started time.Time `json:"started"`
}

// ImportFile imports the export at path.
func ImportFile(ctx context.Context, s *store.Store, path string, opt ImportOptions) (ImportResult, error) {
	res := ImportResult{Path: path}
	if opt.At.IsZero() {
		return res, fmt.Errorf("an import records when it was made")
	}
	// Each visit's arrival names who imported it, never a blank.
	if opt.By.StaffNo == "" {
		return res, fmt.Errorf("an import records who made it: say which officer imports (the signed-in officer, or --as STAFFNO); nothing was imported")
	}
	if err := opt.Config.May(opt.By, domain.ActImport); err != nil {
		return res, fmt.Errorf("%w; nothing was imported", err)
	}
	want, err := CheckImportable(path)
	if err != nil {
		return res, err
	}
	f, err := os.Open(path)
	if err != nil {
		return res, fmt.Errorf("cannot read %s: %w", path, sysio.PlainPathError(err))
	}
	defer f.Close()
	// What was opened is what was checked, not something put in its place
	// since.
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return res, fmt.Errorf("cannot import %s: it is no longer a regular file; nothing was imported", path)
	}
	marker, err := importMarkerOf(s)
	if err != nil {
		return res, err
	}
	sig, err := readImportSig(path, s.Dir(), opt)
	if err != nil {
		return res, err
	}

	dec, err := openDecrypted(ctx, f, path, want, sig, opt)
	if err != nil {
		return res, err
	}
	sig = dec.sig

	sp, err := newImportSpill(s.Dir())
	if err != nil {
		return res, err
	}
	defer sp.close()
	began := time.Now()
	chk, err := checkImport(ctx, s, dec.src, path, want, sig, sp, opt)
	res.Checked = time.Since(began)
	if errors.Is(err, context.Canceled) {
		return res, &nothingImported{fmt.Sprintf("the import of %s stopped while checking it (%v)", path, err), err}
	}
	if err != nil {
		return res, err
	}
	if err := dec.sameAsChecked(chk, path, want); err != nil {
		return res, err
	}
	res.SHA256, res.Visits = chk.sha256, len(chk.plans)
	res.ExportedBy = officerLabel(chk.prov.ExportedBy)
	res.ExportedAt = chk.prov.ExportedAt
	res.Schema = chk.prov.SchemaVersion
	ie := &ImportError{Path: path}
	chk.judge(ie, want)
	if ie.Headline != "" {
		return res, ie
	}
	res.Signature = sig.info
	res.Signature.Fingerprint, res.Signature.Principals = chk.signer.Fingerprint, chk.signer.Principal
	if marker != nil && marker.SHA256 != chk.sha256 {
		return res, fmt.Errorf("an import of %s (SHA-256 %.12s…) started %s was interrupted and never finished.\n"+
			"Import that file again first, so its visits are not left half-imported; nothing was imported from %s",
			marker.Path, marker.SHA256, marker.Started.Format(domain.DateTimeLayout), path)
	}
	res.Resumed = marker != nil
	for _, p := range chk.plans {
		switch p.action {
		case actAdd:
			res.Added++
		case actReplace:
			res.Replaced++
		case actSame:
			res.Unchanged++
		case actOlder:
			res.Older++
		}
	}
	if res.Added+res.Replaced == 0 {
		if marker != nil {
			return res, s.ClearImportMarker()
		}
		return res, nil
	}
	began = time.Now()
	err = writeImport(ctx, s, sp, path, chk, opt)
	res.Written = time.Since(began)
	return res, err
}

func officerLabel(o exportOfficer) string {
	return domain.Officer{StaffNo: o.StaffNo, Name: o.Name}.Label()
}

// readDigestFile reads PATH.sha256, as sha256sum writes it.
func readDigestFile(path string) (string, error) {
	dpath := path + ".sha256"
	b, err := os.ReadFile(dpath)
	if errors.Is(err, fs.ErrNotExist) {
		if _, serr := os.Stat(path); serr != nil {
			return "", fmt.Errorf("cannot read %s: %w", path, sysio.PlainPathError(serr))
		}
		return "", fmt.Errorf("cannot verify %s: its digest file %s is missing (oic export writes one beside every export; copy both)", path, filepath.Base(dpath))
	}
	if err != nil {
		return "", fmt.Errorf("cannot read %s: %w", dpath, sysio.PlainPathError(err))
	}
	sum, name, ok := parseDigestLine(string(b))
	if !ok {
		return "", fmt.Errorf("%s is not a SHA-256 digest file (it should read \"<64 hex digits>  %s\")", dpath, filepath.Base(path))
	}
	if name != "" && name != filepath.Base(path) {
		return "", fmt.Errorf("%s is the digest of %s, not of %s", dpath, name, filepath.Base(path))
	}
	return sum, nil
}

// PendingImport is an import into a store that was interrupted and never
// finished: some of its visits are in the store and some are not, until
// the same file is imported again, which finishes it.
type PendingImport struct {
	Path    string // the file, as it was given to the import
	SHA256  string
	Started time.Time
}

func (p *PendingImport) String() string {
	return fmt.Sprintf("an import of %s, started %s, was interrupted and never finished, so some of its visits are here and some are not. "+
		"Import %s again to finish it", p.Path, p.Started.Format(domain.DateTimeLayout), p.Path)
}

// PendingImportOf is the import into s that was interrupted and never
// finished, or nil if there is none.
func PendingImportOf(s *store.Store) (*PendingImport, error) {
	m, err := importMarkerOf(s)
	if err != nil || m == nil {
		return nil, err
	}
	return &PendingImport{Path: m.Path, SHA256: m.SHA256, Started: m.Started}, nil
}

// importMarkerOf is the marker of an import into s that never finished,
// or nil.
func importMarkerOf(s *store.Store) (*importMarker, error) {
	b, err := s.ImportMarker()
	if err != nil || b == nil {
		return nil, err
	}
	m := new(importMarker)
	return m, json.Unmarshal(b, m)
}
