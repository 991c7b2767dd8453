package store

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	segjson "github.com/segmentio/encoding/json"

	"oic/domain"
)

// Import, for central records: a JSON Lines export is verified whole
// (its digest against FILE.sha256, its provenance, every line against the
// schema and the domain's own checks, the count, and each visit against
// the one already here, if any) before anything is written, and then
// written all together. A file that fails any check changes nothing.
//
// A visit already here at the same version and content is left alone, so
// importing the same export twice changes nothing. A higher version
// replaces a lower one, provided it only adds to it (domain.AppendOnly);
// a lower version never replaces a higher one. Each visit written gets an
// entry in its audit trail here naming the export it came from.
//
// The audit trail of an imported visit is this store's: its entries
// record the imports, and the export's own trail is named by its number
// of entries and the hash of its last (the "audit" of each line), which
// the import entry keeps.

// ImportOptions describe an import.
type ImportOptions struct {
	// By is who imports (the signed-in officer, if any); At when.
	By domain.Officer
	At time.Time
	// Progress, if set, hears how far each phase has gone ("checking",
	// "writing"), one call at a time.
	Progress func(phase string, done, total int)
}

// ImportResult says what an import found and did.
type ImportResult struct {
	Path       string
	SHA256     string
	ExportedBy string // "Name (staff no)"
	ExportedAt time.Time
	Visits     int
	Added      int // new here
	Replaced   int // a lower version here was replaced
	Unchanged  int // already here, the same
	Older      int // a higher version is already here; kept
	// Resumed says the import finished an earlier import of the same file
	// that was interrupted.
	Resumed bool
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

// importKey marks an import under way: written with the first visits,
// removed with the last, so an interrupted import is noticed.
var importKey = []byte("m/import")

type importMarker struct {
	SHA256  string    `json:"sha256"`
	Path    string    `json:"path"`
	Started time.Time `json:"started"`
}

// ImportFile imports the export at path.
func (s *Store) ImportFile(ctx context.Context, path string, opt ImportOptions) (ImportResult, error) {
	res := ImportResult{Path: path}
	if opt.At.IsZero() {
		return res, fmt.Errorf("an import records when it was made")
	}
	want, err := readDigestFile(path)
	if err != nil {
		return res, err
	}
	f, err := os.Open(path)
	if err != nil {
		return res, fmt.Errorf("cannot read %s: %w", path, plainPathError(err))
	}
	defer f.Close()
	marker, err := s.importMarker()
	if err != nil {
		return res, err
	}

	chk, err := s.checkImport(ctx, f, path, opt)
	if err != nil {
		return res, err
	}
	res.SHA256, res.Visits = chk.sha256, len(chk.plans)
	res.ExportedBy = officerLabel(chk.prov.ExportedBy)
	res.ExportedAt = chk.prov.ExportedAt
	ie := &ImportError{Path: path}
	chk.judge(ie, want)
	if ie.Headline != "" {
		return res, ie
	}
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
			return res, s.db.Update(func(txn *badger.Txn) error { return txn.Delete(importKey) })
		}
		return res, nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return res, err
	}
	return res, s.writeImport(ctx, f, path, chk, opt)
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
			return "", fmt.Errorf("cannot read %s: %w", path, plainPathError(serr))
		}
		return "", fmt.Errorf("cannot verify %s: its digest file %s is missing (oic export writes one beside every export; copy both)", path, filepath.Base(dpath))
	}
	if err != nil {
		return "", fmt.Errorf("cannot read %s: %w", dpath, plainPathError(err))
	}
	fields := strings.Fields(string(b))
	if len(fields) < 1 || len(fields[0]) != 64 {
		return "", fmt.Errorf("%s is not a SHA-256 digest file (it should read \"<64 hex digits>  %s\")", dpath, filepath.Base(path))
	}
	sum := strings.ToLower(fields[0])
	if _, err := hex.DecodeString(sum); err != nil {
		return "", fmt.Errorf("%s is not a SHA-256 digest file (it should read \"<64 hex digits>  %s\")", dpath, filepath.Base(path))
	}
	if len(fields) >= 2 {
		if name := strings.TrimPrefix(fields[1], "*"); name != filepath.Base(path) {
			return "", fmt.Errorf("%s is the digest of %s, not of %s", dpath, name, filepath.Base(path))
		}
	}
	return sum, nil
}

func (s *Store) importMarker() (*importMarker, error) {
	var m *importMarker
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(importKey)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(b []byte) error {
			m = new(importMarker)
			return json.Unmarshal(b, m)
		})
	})
	return m, err
}

// The action an import takes for one visit.
type importAction int

const (
	actAdd     importAction = iota + 1 // not here: add it
	actReplace                         // a lower version here: replace it
	actSame                            // here, the same: nothing to do
	actOlder                           // a higher version here: keep it
)

// visitPlan is what the check found for one visit line, and all the write
// needs besides the document itself.
type visitPlan struct {
	line     int
	ref      domain.Ref
	version  uint64
	action   importAction
	crc      uint32 // of the line, so the write knows it reads what was checked
	docEnd   int    // the document is line[:docEnd] + "}"; 0: re-encode the line's visit
	summary  domain.Summary
	oldKeys  [][]byte // of the version replaced
	oldVer   uint64
	srcAudit exportAudit
}

// importCheck is the outcome of reading the whole file once.
type importCheck struct {
	sha256   string
	prov     provenance
	provErr  string // the first line is not an export's provenance
	newer    bool
	lines    int  // lines read, the provenance included
	partial  bool // the last line has no end
	problems []LineProblem
	more     int
	plans    []visitPlan
}

func (c *importCheck) problem(line int, msg string) {
	if len(c.problems) >= maxListed {
		c.more++
		return
	}
	c.problems = append(c.problems, LineProblem{Line: line, Msg: msg})
}

// judge turns what the check found into the error to report, if any: the
// most telling headline first (not an export, a newer schema, a cut-off
// file, a changed file), then the lines at fault.
func (c *importCheck) judge(e *ImportError, wantSum string) {
	name := filepath.Base(e.Path)
	visits := max(0, c.lines-1)
	switch {
	case c.provErr != "":
		e.Headline = fmt.Sprintf("%s is not an oic export: %s", name, c.provErr)
		return
	case c.newer:
		e.Headline = fmt.Sprintf("%s was written by a newer oic (export schema %d; this oic reads up to %d). Update oic to import it",
			name, c.prov.SchemaVersion, ExportSchemaVersion)
		return
	case c.prov.Redacted:
		e.Headline = fmt.Sprintf("%s is a redacted export: its names, dates of birth and document numbers are placeholders, so it cannot be a record. Import the export made without --redact", name)
		return
	case c.partial || (visits < c.prov.Count && c.sha256 != wantSum):
		where := fmt.Sprintf("after line %d", c.lines)
		if c.partial {
			where = fmt.Sprintf("part-way through line %d", c.lines)
		}
		e.Headline = fmt.Sprintf("%s is incomplete: it ends %s, with %d of the %d visits its first line promises, and does not match its digest. Copy the whole file again",
			name, where, max(0, visits-btoi(c.partial)), c.prov.Count)
		if c.partial {
			c.problems = slices.DeleteFunc(c.problems, func(p LineProblem) bool { return p.Line == c.lines })
		}
	case c.sha256 != wantSum:
		e.Headline = fmt.Sprintf("%s does not match its digest in %s.sha256: it was changed after it was exported (or the digest file belongs to another export)", name, name)
	case len(c.problems) > 0:
		e.Headline = problemsHeadline(name, len(c.problems)+c.more)
	case visits != c.prov.Count:
		e.Headline = fmt.Sprintf("%s holds %d visits but its first line says %d", name, visits, c.prov.Count)
	}
	e.Problems, e.More = c.problems, c.more
	if e.Headline == "" && len(e.Problems) > 0 {
		e.Headline = problemsHeadline(name, len(c.problems)+c.more)
	}
}

func problemsHeadline(name string, n int) string {
	if n == 1 {
		return name + " has a line that cannot be imported:"
	}
	return fmt.Sprintf("%s has %d lines that cannot be imported:", name, n)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// lineReader reads the file line by line, hashing every byte.
type lineReader struct {
	r    *bufio.Reader
	h    interface{ Write([]byte) (int, error) }
	buf  []byte
	n    int
	long bool
}

// next returns the next line without its newline, and whether it had
// one. The slice is valid until the next call.
func (lr *lineReader) next() ([]byte, bool, error) {
	lr.buf = lr.buf[:0]
	lr.long = false
	for {
		chunk, err := lr.r.ReadSlice('\n')
		lr.h.Write(chunk)
		if len(lr.buf)+len(chunk) <= maxLine {
			lr.buf = append(lr.buf, chunk...)
		} else {
			lr.long = true
		}
		switch {
		case err == nil:
			lr.n++
			return lr.buf[:len(lr.buf)-1], true, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(lr.buf) == 0 && !lr.long {
				return nil, false, io.EOF
			}
			lr.n++
			return lr.buf, false, nil
		default:
			return nil, false, err
		}
	}
}

// checkJob is one line for a checking worker.
// linePool recycles the copies of lines handed to the checking workers.
var linePool = sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}

type checkJob struct {
	buf  *[]byte
	line int
	text []byte
	plan visitPlan
	errs []string
}

// checkImport reads the file once: its digest, the provenance, and every
// visit line checked by a pool of workers (schema, domain, the store).
func (s *Store) checkImport(ctx context.Context, f io.Reader, path string, opt ImportOptions) (*importCheck, error) {
	schemas, err := lineSchemas()
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	lr := &lineReader{r: bufio.NewReaderSize(f, 1<<20), h: h}
	c := &importCheck{}
	first, nl, err := lr.next()
	switch {
	case errors.Is(err, io.EOF):
		c.provErr = "the file is empty"
		c.sha256 = hex.EncodeToString(h.Sum(nil))
		return c, nil
	case err != nil:
		return nil, fmt.Errorf("reading %s: %w", path, plainPathError(err))
	}
	c.lines = 1
	c.partial = !nl
	if msg := c.readProvenance(first, schemas); msg != "" {
		c.provErr = msg
	}
	if c.provErr != "" || c.newer {
		// Nothing more is worth checking; the digest is still read, so a
		// message can say whether the file was changed.
		if _, err := io.Copy(h, lr.r); err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, plainPathError(err))
		}
		c.sha256 = hex.EncodeToString(h.Sum(nil))
		return c, nil
	}

	workers := max(1, runtime.GOMAXPROCS(0))
	jobs := make(chan *checkJob, 64)
	results := make(chan *checkJob, 64)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			txn := s.db.NewTransaction(false)
			defer txn.Discard()
			sc := newStreamCheck()
			for j := range jobs {
				j.plan, j.errs = checkLine(txn, sc, j.line, j.text, schemas)
				results <- j
			}
		}()
	}
	collected := make(chan struct{})
	go func() {
		defer close(collected)
		pending := map[int]*checkJob{}
		next := 2
		seen := map[domain.Ref]int{}
		for j := range results {
			pending[j.line] = j
			for {
				j, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next++
				linePool.Put(j.buf)
				if next%4000 == 0 {
					s.releaseMapped() // the documents here read to compare
				}
				for _, e := range j.errs {
					c.problem(j.line, e)
				}
				if len(j.errs) > 0 {
					continue
				}
				if at, dup := seen[j.plan.ref]; dup {
					c.problem(j.line, fmt.Sprintf("%s is already on line %d: an export holds each visit once", j.plan.ref, at))
					continue
				}
				seen[j.plan.ref] = j.line
				c.plans = append(c.plans, j.plan)
				if opt.Progress != nil && len(c.plans)%1000 == 0 {
					opt.Progress("checking", len(c.plans), c.prov.Count)
				}
			}
		}
	}()

	var rerr error
	for {
		if rerr = ctx.Err(); rerr != nil {
			break
		}
		text, nl, err := lr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			rerr = fmt.Errorf("reading %s: %w", path, plainPathError(err))
			break
		}
		c.lines = lr.n
		c.partial = !nl
		if lr.long {
			c.problem(lr.n, fmt.Sprintf("the line is longer than %d MB: not a visit", maxLine>>20))
			continue
		}
		if len(bytes.TrimSpace(text)) == 0 {
			c.problem(lr.n, "the line is empty")
			continue
		}
		buf := linePool.Get().(*[]byte)
		*buf = append((*buf)[:0], text...)
		jobs <- &checkJob{line: lr.n, text: *buf, buf: buf}
	}
	close(jobs)
	wg.Wait()
	close(results)
	<-collected
	if rerr != nil {
		return nil, rerr
	}
	c.sha256 = hex.EncodeToString(h.Sum(nil))
	return c, nil
}

// readProvenance checks the first line: an oic export, of a schema this
// build reads. It returns what is wrong, or "".
func (c *importCheck) readProvenance(line []byte, schemas exportSchemas) string {
	v, _, err := parseJSON(line)
	if err != nil {
		return "line 1 is " + err.Error()
	}
	obj, _ := v.(jsonObject)
	pv, _ := obj.get("provenance")
	pm, _ := pv.(jsonObject)
	if pm == nil {
		return "its first line has no provenance (who exported it, when, with what)"
	}
	if f, _ := pm.get("format"); f != exportFormatName {
		return fmt.Sprintf("its first line says format %s, not %q", showJSON(f), exportFormatName)
	}
	if sv, _ := pm.get("schema_version"); sv != nil {
		n, _ := sv.(json.Number)
		if sv, err := strconv.Atoi(n.String()); err == nil && sv > ExportSchemaVersion {
			c.prov.SchemaVersion, c.newer = sv, true
			return ""
		}
	}
	if msg := schemas.provenance.check(v); msg != "" {
		return "line 1, the provenance: " + msg
	}
	if err := json.Unmarshal(line, &struct {
		P *provenance `json:"provenance"`
	}{&c.prov}); err != nil {
		return "line 1, the provenance: " + err.Error()
	}
	return ""
}

// checkLine checks one visit line: JSON and the schema (read in one pass
// by sc), the visit as the domain numbers it, and against the store. It
// returns the plan, or what is wrong. A visit new here is not decoded:
// the schema has checked every value is of the type and form its Go field
// reads (TestSchemaCoversTheVisit holds the two together), and the
// document is stored as it came. A visit already here is decoded, to
// compare.
func checkLine(txn *badger.Txn, sc *streamCheck, n int, text []byte, schemas exportSchemas) (visitPlan, []string) {
	p := visitPlan{line: n, crc: crc32.Checksum(text, crcTable)}
	if msg := sc.check(schemas.visit, text); msg != "" {
		return p, []string{msg}
	}
	p.docEnd = docEnd(sc.top)
	v, audit, err := visitHead(headOf(text, sc.top))
	if err != nil {
		return p, []string{err.Error()}
	}
	p.ref, p.version, p.srcAudit = v.Ref, v.Version, audit
	p.summary = v.Summary()

	item, err := txn.Get(visitKey(v.Ref))
	switch {
	case errors.Is(err, badger.ErrKeyNotFound):
		p.action = actAdd
		return p, nil
	case err != nil:
		return p, []string{err.Error()}
	}
	stored, err := item.ValueCopy(nil)
	if err != nil {
		return p, []string{err.Error()}
	}
	// The common cases need only the version here, and the same export
	// imported again is the same bytes.
	var here struct {
		Version uint64 `json:"version"`
	}
	if err := segjson.Unmarshal(stored, &here); err != nil {
		return p, []string{fmt.Sprintf("%s here is unreadable: %v", v.Ref, err)}
	}
	switch {
	case here.Version > v.Version:
		p.action = actOlder
		return p, nil
	case here.Version == v.Version && p.docEnd > 0 && len(stored) == p.docEnd+1 &&
		bytes.Equal(stored[:p.docEnd], text[:p.docEnd]) && stored[p.docEnd] == '}':
		p.action = actSame
		return p, nil
	}
	cur := new(domain.Visit)
	if err := json.Unmarshal(stored, cur); err != nil {
		return p, []string{fmt.Sprintf("%s here is unreadable: %v", v.Ref, err)}
	}
	var line visitLine
	if err := decodeLine(text, &line); err != nil {
		return p, []string{"the visit cannot be read: " + err.Error()}
	}
	nv := line.Visit
	switch {
	case cur.Version == nv.Version:
		if !sameVisit(cur, nv) {
			return p, []string{fmt.Sprintf("%s version %d differs from the version %d already here (last saved by %s at %s): two different records cannot share a version",
				nv.Ref, nv.Version, cur.Version, cur.UpdatedByName, cur.UpdatedAt.Format(domain.DateTimeLayout))}
		}
		p.action = actSame
	default:
		if err := domain.AppendOnly(cur, nv); err != nil {
			return p, []string{fmt.Sprintf("%s version %d does not follow from version %d already here: %s",
				nv.Ref, nv.Version, cur.Version, strings.TrimSuffix(err.Error(), ": "+domain.ErrAppendOnly.Error()))}
		}
		p.action, p.oldKeys, p.oldVer = actReplace, indexKeys(cur), cur.Version
	}
	return p, nil
}

// lineHead is what an import reads of a visit line besides checking it.
type lineHead struct {
	Ref     domain.Ref   `json:"ref"`
	Version uint64       `json:"version"`
	State   domain.State `json:"state"`
	Basics  struct {
		Team     domain.TeamCode `json:"team"`
		Premises struct {
			Name     string          `json:"name"`
			Postcode domain.Postcode `json:"postcode"`
		} `json:"premises"`
		PlannedStart time.Time `json:"planned_start"`
		OICName      string    `json:"oic_name"`
	} `json:"basics"`
	Timeline []struct {
		Seq int `json:"seq"`
	} `json:"timeline"`
	Audit exportAudit `json:"audit"`
}

// headKeys are the members of a visit line visitHead reads.
var headKeys = []string{"ref", "version", "state", "basics", "timeline", "audit"}

// headOf is the part of a checked line visitHead reads: those members
// alone, a fifth of the line, so decoding them skips the rest.
func headOf(text []byte, top []jsonMember) []byte {
	out := make([]byte, 0, 4096)
	out = append(out, '{')
	for _, m := range top {
		if slices.Contains(headKeys, m.key) {
			if len(out) > 1 {
				out = append(out, ',')
			}
			out = append(out, text[m.start:m.end]...)
		}
	}
	return append(out, '}')
}

// visitHead reads, from a line the schema has passed, what the store
// keeps of a visit besides its document (reference, version, state and
// the basics its summary and indexes hold) and the exported audit head,
// and checks what the domain checks of every visit it reads: a reference
// in its usual form, a live timeline numbered from 1.
func visitHead(text []byte) (*domain.Visit, exportAudit, error) {
	var h lineHead
	if err := segjson.Unmarshal(text, &h); err != nil {
		return nil, exportAudit{}, err
	}
	if ref, err := domain.ParseRef(string(h.Ref)); err != nil || ref != h.Ref {
		return nil, exportAudit{}, fmt.Errorf("%q is not a visit reference in its usual form (like SLN-2026-0042)", h.Ref)
	}
	for i, e := range h.Timeline {
		if e.Seq != i+1 {
			return nil, exportAudit{}, fmt.Errorf("live timeline: entry %d is numbered %d; entries are numbered from 1 without gaps", i+1, e.Seq)
		}
	}
	b := h.Basics
	v := &domain.Visit{Ref: h.Ref, Version: h.Version, State: h.State, Basics: domain.Basics{Team: b.Team, OICName: b.OICName,
		PlannedStart: b.PlannedStart, Premises: domain.Premises{Name: b.Premises.Name, Postcode: b.Premises.Postcode}}}
	return v, h.Audit, nil
}

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// derivedKeys are what an export adds to a visit's document.
var derivedKeys = []string{"debrief_sections", "planning_summary", "audit"}

// docEnd is where the visit's document ends in its line when the derived
// keys come last, as oic writes them: the document is then the line up to
// there, closed. 0 when they do not, and the visit is re-encoded.
func docEnd(members []jsonMember) int {
	n := len(members)
	if n <= len(derivedKeys) {
		return 0
	}
	for _, m := range members[n-len(derivedKeys):] {
		if !slices.Contains(derivedKeys, m.key) {
			return 0
		}
	}
	for _, m := range members[:n-len(derivedKeys)] {
		if slices.Contains(derivedKeys, m.key) {
			return 0
		}
	}
	return members[n-len(derivedKeys)-1].end
}

// sameVisit compares two versions of a visit as documents.
func sameVisit(a, b *domain.Visit) bool {
	ab, err1 := json.Marshal(a)
	bb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ab, bb)
}

// importBatchBytes and importBatchEntries keep a write transaction well
// inside Badger's limits with an 8 MB memtable (1.26 MB of its size
// estimate, about 11,000 entries), so a commit never fails as too big:
// the estimate counts a key, and a value under the value threshold, or
// else its 12-byte pointer into the value log (batchSize). Documents and
// audit entries go to the value log, so a transaction takes a thousand
// visits or more, and a few dozen syncs write 100,000.
const (
	importBatchBytes   = 900 << 10
	importBatchEntries = 8000
	valueThreshold     = 512 // as options_ sets it
)

// batchSize is Badger's estimate of an entry's share of a transaction.
func batchSize(e *badger.Entry) int {
	if len(e.Value) < valueThreshold {
		return len(e.Key) + len(e.Value) + 2
	}
	return len(e.Key) + 12 + 2
}

// maxFlying is how many write transactions an import lets Badger have at
// once: it writes and syncs those waiting together, so a few in flight
// means a few times fewer syncs of its value log.
const maxFlying = 6

// writeImport reads the file again and writes the visits the check
// planned, whole visits to a transaction. Every line is checked against
// the checksum of what was verified.
func (s *Store) writeImport(ctx context.Context, f io.Reader, path string, chk *importCheck, opt ImportOptions) error {
	plans := map[int]*visitPlan{}
	toWrite := 0
	for i := range chk.plans {
		p := &chk.plans[i]
		if p.action == actAdd || p.action == actReplace {
			plans[p.line] = p
			toWrite++
		}
	}
	change := func(p *visitPlan) domain.Change {
		c := domain.Change{Action: "imported from export", Actor: opt.By.StaffNo, ActorName: opt.By.Name, At: opt.At,
			Reason: fmt.Sprintf("export %s (SHA-256 %s) made by %s at %s with oic %s",
				filepath.Base(path), chk.sha256, officerLabel(chk.prov.ExportedBy), chk.prov.ExportedAt.Format(time.RFC3339), chk.prov.ToolVersion),
			Fields: []domain.FieldChange{
				{Field: "version", New: strconv.FormatUint(p.version, 10)},
				{Field: "exported audit trail", New: fmt.Sprintf("%d entries, last %s", p.srcAudit.Entries, p.srcAudit.Head)},
			}}
		if c.ActorName == "" {
			c.ActorName = "oic import"
		}
		if p.action == actReplace {
			c.Action = "replaced by a newer version from export"
			c.Fields[0].Old = strconv.FormatUint(p.oldVer, 10)
		}
		return c
	}
	marker, err := json.Marshal(importMarker{SHA256: chk.sha256, Path: path, Started: opt.At})
	if err != nil {
		return err
	}

	counters, err := s.importCounters(plans)
	if err != nil {
		return err
	}

	// Every line written is checked against its checksum from the check,
	// so the file cannot change between the check and the write unseen.
	lr := &lineReader{r: bufio.NewReaderSize(f, 1<<20), h: io.Discard}
	type inFlight struct {
		done   chan error
		visits int
	}
	var (
		batch    []*badger.Entry
		deletes  [][]byte
		size     int
		written  int
		inBatch  int
		released int
		first    = true
		flying   []inFlight
	)
	// land waits for the oldest commit in flight.
	land := func() error {
		f := flying[0]
		flying = flying[1:]
		if err := <-f.done; err != nil {
			return fmt.Errorf("writing the imported visits (%d of %d written): %w", written, toWrite, err)
		}
		written += f.visits
		// Badger writes through memory-mapped files: let the pages go, so
		// an import's resident memory does not grow with the file.
		if written-released > 2000 {
			s.releaseMapped()
			released = written
		}
		return nil
	}
	// commit writes the batch in a transaction of its own, while the next
	// ones are made: up to maxFlying commits in flight, their disk syncs
	// overlapping the reading. The transactions only write, so they never conflict. The
	// last, which removes the import's mark, waits for all the others.
	commit := func(last bool) error {
		if last {
			for len(flying) > 0 {
				if err := land(); err != nil {
					return err
				}
			}
		}
		txn := s.db.NewTransaction(true)
		err := func() error {
			if first {
				if err := txn.Set(importKey, marker); err != nil {
					return err
				}
				for k, v := range counters {
					if err := txn.Set([]byte(k), v); err != nil {
						return err
					}
				}
			}
			for _, k := range deletes {
				if err := txn.Delete(k); err != nil {
					return err
				}
			}
			for _, e := range batch {
				if err := txn.SetEntry(e); err != nil {
					return err
				}
			}
			if last {
				return txn.Delete(importKey)
			}
			return nil
		}()
		if err != nil {
			txn.Discard()
			return fmt.Errorf("writing the imported visits (%d of %d written): %w", written, toWrite, err)
		}
		done := make(chan error, 1)
		txn.CommitWith(func(err error) { done <- err })
		flying = append(flying, inFlight{done, inBatch})
		first = false
		batch, deletes, size, inBatch = nil, nil, 0, 0
		for len(flying) > maxFlying || (last && len(flying) > 0) {
			if err := land(); err != nil {
				return err
			}
		}
		return nil
	}
	abandon := func() {
		for len(flying) > 0 {
			land()
		}
	}

	if _, _, err := lr.next(); err != nil { // the provenance
		return fmt.Errorf("reading %s again: %w", path, err)
	}
	done := 0
	for {
		text, _, err := lr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			abandon()
			return fmt.Errorf("reading %s again: %w", path, plainPathError(err))
		}
		p := plans[lr.n]
		if p == nil {
			continue
		}
		if crc32.Checksum(text, crcTable) != p.crc {
			abandon()
			return fmt.Errorf("%s changed while it was being imported (line %d); import it again", path, lr.n)
		}
		entries, err := s.importRecords(text, p, change(p))
		if err != nil {
			abandon()
			return fmt.Errorf("line %d: %w", lr.n, err)
		}
		esize := 0
		for _, e := range entries {
			esize += batchSize(e)
		}
		for _, k := range p.oldKeys {
			esize += len(k) + 2
		}
		if len(batch) > 0 && (size+esize > importBatchBytes || len(batch)+len(entries)+len(deletes)+len(p.oldKeys) > importBatchEntries) {
			if err := ctx.Err(); err != nil {
				abandon()
				return fmt.Errorf("import interrupted after writing %d of %d visits; import the same file again to finish it: %w", written, toWrite, err)
			}
			if err := commit(false); err != nil {
				abandon()
				return err
			}
		}
		batch = append(batch, entries...)
		size += esize
		deletes = append(deletes, p.oldKeys...)
		inBatch++
		done++
		if opt.Progress != nil && done%1000 == 0 {
			opt.Progress("writing", done, toWrite)
		}
	}
	if err := commit(true); err != nil {
		abandon()
		return err
	}
	if opt.Progress != nil {
		opt.Progress("writing", toWrite, toWrite)
	}
	return nil
}

// importCounters are the reference counters an import sets: for each
// team and year it brings visits of, the highest sequence among them and
// the counter here, so a visit created here later never takes an
// imported reference.
func (s *Store) importCounters(plans map[int]*visitPlan) (map[string][]byte, error) {
	high := map[string]uint32{}
	for _, p := range plans {
		parts := strings.Split(string(p.ref), "-")
		year, err1 := strconv.Atoi(parts[1])
		seq, err2 := strconv.ParseUint(parts[2], 10, 32)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%s is not a visit reference", p.ref)
		}
		k := string(seqKey(domain.TeamCode(parts[0]), year))
		high[k] = max(high[k], uint32(seq))
	}
	out := map[string][]byte{}
	err := s.db.View(func(txn *badger.Txn) error {
		for k, seq := range high {
			item, err := txn.Get([]byte(k))
			switch {
			case errors.Is(err, badger.ErrKeyNotFound):
			case err != nil:
				return err
			default:
				if err := item.Value(func(b []byte) error {
					if len(b) == 4 {
						seq = max(seq, binary.BigEndian.Uint32(b))
					}
					return nil
				}); err != nil {
					return err
				}
			}
			out[k] = binary.BigEndian.AppendUint32(nil, seq)
		}
		return nil
	})
	return out, err
}

// importRecords are the entries that put one imported visit in the
// store: its document, summary and index keys, and an audit entry chained
// to its trail here.
func (s *Store) importRecords(text []byte, p *visitPlan, c domain.Change) ([]*badger.Entry, error) {
	var doc []byte
	if p.docEnd > 0 {
		doc = make([]byte, 0, p.docEnd+1)
		doc = append(append(doc, text[:p.docEnd]...), '}')
	} else {
		var line visitLine
		if err := decodeLine(text, &line); err != nil {
			return nil, err
		}
		b, err := json.Marshal(line.Visit)
		if err != nil {
			return nil, err
		}
		doc = b
	}
	sum := p.summary
	keys := indexKeys(&domain.Visit{Ref: sum.Ref, State: sum.State,
		Basics: domain.Basics{Team: sum.Team, PlannedStart: sum.PlannedStart, Premises: domain.Premises{Postcode: sum.Postcode}}})
	out := make([]*badger.Entry, 0, len(keys)+4)
	out = append(out, badger.NewEntry(visitKey(p.ref), doc), badger.NewEntry(keys[0], encodeSummary(sum)))
	for _, k := range keys[1:] {
		out = append(out, badger.NewEntry(k, nil))
	}
	var prev *domain.AuditEntry
	if p.action == actReplace {
		err := s.db.View(func(txn *badger.Txn) (err error) {
			prev, err = readHead(txn, p.ref)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	e := domain.ChainEntry(p.ref, prev, c)
	rec, err := auditRecord(e)
	if err != nil {
		return nil, err
	}
	head, err := headRecord(e)
	if err != nil {
		return nil, err
	}
	return append(out, rec, head), nil
}
