package exchange

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	segjson "github.com/segmentio/encoding/json"

	"oic/domain"
	"oic/store"
	"oic/store/exchange/jsoncheck"
	"oic/store/internal/sysio"
)

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
	line    int
	ref     domain.Ref
	version uint64
	action  importAction
	docEnd  int // the document is line[:docEnd] + "}"; 0: re-encode the line's visit
	// derivedEnd ends the part derived from the document, line[docEnd:
	// derivedEnd]; 0: the line is not laid out as oic writes it.
	derivedEnd int
	summary    domain.Summary
	replaces   *domain.Summary // of the version replaced
	oldVer     uint64
	// srcAudit is the line's audit member; its trail is dropped once the
	// visit's records are made, so the plans of a year's import do not
	// hold every trail.
	srcAudit exportAudit
	// trailJSON is each entry of srcAudit's trail encoded as the store
	// keeps it, made as its hash was checked; dropped with the trail.
	trailJSON [][]byte
	// visit is the document decoded, and docHash its SHA-256, where the
	// line was read the quick way (readQuick); dropped with the trail.
	visit   *domain.Visit
	docHash string
}

// writes says whether the import writes the plan's visit.
func (p visitPlan) writes() bool { return p.action == actAdd || p.action == actReplace }

// importCheck is the outcome of reading the whole file once.
type importCheck struct {
	sha256   string
	signer   fileSigner
	sigBad   string // the file does not match its signature
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
		e.Headline = fmt.Sprintf("%s is a redacted export: what identifies people is replaced by placeholders and its free text may be withheld, so it cannot be a record. Import the export made without --redact", name)
		return
	case visits-btoi(c.partial) < c.prov.Count:
		// An export ends with a whole line and holds the visits its first
		// line counts. A digest made again of the cut file matches it, so
		// the digest alone cannot tell a file cut short. A file that
		// holds every visit counted and then part of a line was added
		// to, not cut: the digest or the lines at fault say so below.
		where := fmt.Sprintf("after line %d", c.lines)
		if c.partial {
			where = fmt.Sprintf("part-way through line %d", c.lines)
		}
		digest := "and does not match its digest"
		if c.sha256 == wantSum {
			digest = "though its digest file matches it: the digest was made of the file once cut"
		}
		e.Headline = fmt.Sprintf("%s is truncated: it ends %s, with %d of the %d visits its first line promises, %s. Copy the whole file again",
			name, where, max(0, visits-btoi(c.partial)), c.prov.Count, digest)
		if c.partial {
			c.problems = slices.DeleteFunc(c.problems, func(p LineProblem) bool { return p.Line == c.lines })
		}
	case c.sha256 != wantSum:
		e.Headline = fmt.Sprintf("%s does not match its digest in %s.sha256: it was changed after it was exported (or the digest file belongs to another export)", name, name)
	case c.sigBad != "":
		e.Headline = c.sigBad
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
// one, read into buf (which the caller may set, to read into memory of
// its own). The slice is valid until the next call.
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

// linePool recycles the copies of lines handed to the checking workers.
var linePool = sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}

// checkJob is one line for a checking worker.
type checkJob struct {
	buf  *[]byte
	line int
	text []byte
	plan visitPlan
	errs []string
	// recs are what writing the visit takes (importRecords), if made.
	recs *store.VisitRecords
}

// checkImport reads the file once: its digest (and the signature's check
// against it, import_sig.go), the provenance, and every visit line
// checked by a pool of workers (schema, domain, the store).
//
// Each visit to write has its entries made too, by the worker that
// checked it, into sp, until a problem is found: the audit entry names
// the digest the file should have (want), which it has if the import
// goes ahead.
func checkImport(ctx context.Context, s *store.Store, f io.Reader, path, want string, sig *importSig, sp *importSpill, opt ImportOptions) (*importCheck, error) {
	h := sha256.New()
	lr := &lineReader{r: bufio.NewReaderSize(f, 1<<20), h: sig.hasher(h)}
	c := &importCheck{}
	first, nl, err := lr.next()
	switch {
	case errors.Is(err, io.EOF):
		c.provErr = "the file is empty"
		c.hashed(h, sig, path)
		return c, nil
	case err != nil:
		return nil, fmt.Errorf("reading %s: %w", path, sysio.PlainPathError(err))
	}
	c.lines = 1
	c.partial = !nl
	// Who signed the file is known from its .sig before the file is
	// read, so the arrivals the workers make name the signer; whether the
	// signature matches the file is judged once it is read (hashed), and
	// an import whose signature fails is refused whole.
	if sig != nil {
		c.signer = sig.signer
	}
	if testSigner != nil {
		c.signer = *testSigner
	}
	if msg := c.readProvenance(first); msg != "" {
		c.provErr = msg
	}
	if c.provErr != "" || c.newer {
		// Nothing more is worth checking; the digest is still read, so a
		// message can say whether the file was changed.
		if _, err := io.Copy(lr.h, lr.r); err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, sysio.PlainPathError(err))
		}
		c.hashed(h, sig, path)
		return c, nil
	}

	schemas, err := schemasFor(c.prov)
	if err != nil {
		return nil, err
	}
	hist := lineHistory{schema: c.prov.SchemaVersion, cfg: opt.Config}
	if len(hist.cfg.Grades) == 0 {
		hist.cfg = domain.DefaultConfig()
	}
	change := importChange(path, want, c.prov, opt)
	var faulty atomic.Bool // a problem is found: nothing will be written
	// Room for the plans the first line announces: grown by appending, a
	// year's of them were copied again and again, on the one goroutine
	// that takes every line. The count is the file's word, so only so much
	// is trusted before the lines bear it out.
	c.plans = make([]visitPlan, 0, min(max(c.prov.Count, 0), 1<<18))
	snap, err := s.Snapshot(runtime.GOMAXPROCS(0))
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	jobs := make(chan *checkJob, 64)
	results := make(chan *checkJob, 64)
	var wg sync.WaitGroup
	for _, rd := range snap.Readers() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lc := &lineChecker{sc: jsoncheck.NewChecker()}
			for j := range jobs {
				if len(j.errs) == 0 { // not refused unread
					j.plan, j.errs = checkLine(rd, lc, j.line, j.text, schemas, hist)
				}
				if len(j.errs) == 0 && j.plan.writes() && !faulty.Load() {
					arrived := c.arrivalOf(path, want, opt, &j.plan).Change()
					if recs, err := importRecords(rd, j.text, &j.plan, change(&j.plan), arrived, c.prov.DerivedVersion); err != nil {
						j.errs = []string{err.Error()}
					} else {
						j.recs = &recs
					}
				}
				j.plan.srcAudit.Trail, j.plan.trailJSON, j.plan.visit = nil, nil, nil
				results <- j
			}
		}()
	}
	collected := make(chan struct{})
	go func() {
		defer close(collected)
		seen := map[domain.Ref]int{}
		inOrder(results, 2, func(j *checkJob) int { return j.line }, func(j *checkJob) {
			linePool.Put(j.buf)
			for _, e := range j.errs {
				c.problem(j.line, e)
			}
			if len(j.errs) > 0 {
				faulty.Store(true)
				return
			}
			if at, dup := seen[j.plan.ref]; dup {
				c.problem(j.line, fmt.Sprintf("%s is already on line %d: an export holds each visit once", j.plan.ref, at))
				faulty.Store(true)
				return
			}
			seen[j.plan.ref] = j.line
			c.plans = append(c.plans, j.plan)
			if j.recs != nil && !faulty.Load() {
				sp.add(len(c.plans)-1, *j.recs)
			}
			if opt.Progress != nil && len(c.plans)%1000 == 0 {
				opt.Progress("checking", len(c.plans), c.prov.Count)
			}
		})
	}()

	var rerr error
	for {
		if rerr = ctx.Err(); rerr != nil {
			break
		}
		// Read straight into the memory the worker is handed, not
		// copied there after.
		buf := linePool.Get().(*[]byte)
		lr.buf = (*buf)[:0]
		text, nl, err := lr.next()
		*buf = lr.buf[:0]
		if err != nil {
			linePool.Put(buf)
			if !errors.Is(err, io.EOF) {
				rerr = fmt.Errorf("reading %s: %w", path, sysio.PlainPathError(err))
			}
			break
		}
		c.lines = lr.n
		c.partial = !nl
		j := &checkJob{line: lr.n, buf: buf}
		switch {
		case lr.long:
			j.errs = []string{fmt.Sprintf("the line is longer than %d MB: not a visit", maxLine>>20)}
		case len(bytes.TrimSpace(text)) == 0:
			j.errs = []string{"the line is empty"}
		default:
			j.text = text
		}
		// A line refused unread goes through too: the collector takes the
		// lines in order, and a gap would hold back every line after it.
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	close(results)
	<-collected
	if rerr != nil {
		return nil, rerr
	}
	c.hashed(h, sig, path)
	return c, nil
}

// readProvenance checks the first line: an oic export, of a schema this
// build reads. It returns what is wrong, or "".
func (c *importCheck) readProvenance(line []byte) string {
	schemas, err := lineSchemas()
	if err != nil {
		return err.Error()
	}
	v, _, err := schemas.provenance.Parse(line)
	if err != nil {
		return "line 1 is " + err.Error()
	}
	obj, _ := v.(jsoncheck.Object)
	pv, _ := obj.Get("provenance")
	pm, _ := pv.(jsoncheck.Object)
	if pm == nil {
		return "its first line has no provenance (who exported it, when, with what)"
	}
	if f, _ := pm.Get("format"); f != exportFormatName {
		return fmt.Sprintf("its first line says format %s, not %q", jsoncheck.Show(f), exportFormatName)
	}
	if sv, _ := pm.Get("schema_version"); sv != nil {
		n, _ := sv.(json.Number)
		sv, err := strconv.Atoi(n.String())
		if err == nil && sv > ExportSchemaVersion {
			c.prov.SchemaVersion, c.newer = sv, true
			return ""
		}
		if err == nil && sv >= 1 && sv < ExportSchemaVersion {
			// An older file is held to its own schema.
			if schemas, err = lineSchemasOf(sv); err != nil {
				return err.Error()
			}
		}
	}
	if msg := schemas.provenance.Validate(v); msg != "" {
		return "line 1, the provenance: " + msg
	}
	if err := json.Unmarshal(line, &struct {
		P *provenance `json:"provenance"`
	}{&c.prov}); err != nil {
		return "line 1, the provenance: " + err.Error()
	}
	return ""
}

// lineChecker is what a checking worker keeps from line to line: its
// schema checker, which learns the order of the keys, and the buffer the
// line's head is copied into.
type lineChecker struct {
	sc   *jsoncheck.Checker
	head []byte
}

// checkLine checks one visit line: JSON and the schema (read in one pass
// by lc), the visit as the domain numbers it, its history (its trail, or,
// from a version 1 file, the gates of closing: import_history.go), and
// against the store. It returns the plan, or what is wrong. A visit new
// here with a trail is not decoded: the schema has checked every value
// is of the type and form its Go field reads (TestSchemaCoversTheVisit
// holds the two together), and the document is stored as it came. A
// visit already here, or from a version 1 file, is decoded.
func checkLine(rd *store.Reader, lc *lineChecker, n int, text []byte, schemas exportSchemas, hist lineHistory) (visitPlan, []string) {
	p := visitPlan{line: n}
	if msg := lc.sc.Check(schemas.visit, text); msg != "" {
		return p, []string{refOf(text, lc.sc.Members()) + msg}
	}
	top := lc.sc.Members()
	p.docEnd = docEnd(top)
	if d := lineDerived(text, p.docEnd, top); d != nil {
		p.derivedEnd = p.docEnd + len(d)
	}
	withTrail := hist.schema >= 2
	var v *domain.Visit
	q, quick := quickLine{}, false
	if withTrail {
		q, quick = readQuick(text, p.docEnd, top)
	}
	if quick {
		if err := headProblem(q.visit.Ref, len(q.visit.Timeline), func(i int) int { return q.visit.Timeline[i].Seq }); err != nil {
			return p, []string{err.Error()}
		}
		v = q.visit
		p.srcAudit, p.trailJSON, p.docHash, p.visit = q.audit, q.entries, q.docHash, q.visit
	} else {
		lc.head = headOf(lc.head, text, top)
		var err error
		if v, p.srcAudit, err = visitHead(lc.head); err != nil {
			return p, []string{err.Error()}
		}
	}
	// Kept after the line's memory is used again: copied out of it,
	// where the quick way decoded the document in it (readQuick).
	p.summary = detached(v.Summary())
	p.ref, p.version = p.summary.Ref, v.Version
	if withTrail && !quick {
		enc, msg := trailProblem(v.Ref, text, p.docEnd, p.srcAudit)
		if msg != "" {
			return p, []string{fmt.Sprintf("%s: %s", v.Ref, msg)}
		}
		p.trailJSON = enc
	}

	stored, err := rd.Document(v.Ref, nil)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		if !withTrail {
			var line visitLine
			if err := decodeLine(text, &line); err != nil {
				return p, []string{"the visit cannot be read: " + err.Error()}
			}
			if msg := historyless(line.Visit, hist.cfg); msg != "" {
				return p, []string{fmt.Sprintf("%s: %s", v.Ref, msg)}
			}
		}
		p.action = actAdd
		return p, nil
	case err != nil:
		return p, []string{fmt.Sprintf("%s here is unreadable: %v", v.Ref, err)}
	}
	// The common cases need only the version here, and the same export
	// imported again is the same bytes.
	var here struct {
		Version uint64 `json:"version"`
	}
	if err := segjson.Unmarshal(stored, &here); err != nil {
		return p, []string{fmt.Sprintf("%s here is unreadable: %v", v.Ref, err)}
	}
	same := here.Version == v.Version && sameBytes(stored, text, p.docEnd)
	if !withTrail {
		if same {
			p.action = actSame
			return p, nil
		}
		return p, []string{fmt.Sprintf("%s is already here (version %d): an export without its history (schema version 1) can bring only visits new here, as nothing shows how this one came to differ. "+
			"Ask its sender for an export of schema version 2, which carries its audit trail", v.Ref, here.Version)}
	}
	heldHead, ok, err := rd.AuditHead(v.Ref)
	if err != nil || !ok {
		return p, []string{fmt.Sprintf("%s here has no readable audit trail (%v): run oic verify", v.Ref, err)}
	}
	action, msg := heldHistory(&p, here.Version, heldHead, same)
	if msg != "" {
		return p, []string{msg}
	}
	p.action = action
	if action != actReplace {
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
	if err := domain.AppendOnly(cur, nv); err != nil {
		return p, []string{fmt.Sprintf("%s version %d does not follow from version %d already here: %s",
			nv.Ref, nv.Version, cur.Version, strings.TrimSuffix(err.Error(), ": "+domain.ErrAppendOnly.Error()))}
	}
	sum := cur.Summary()
	p.replaces, p.oldVer = &sum, cur.Version
	return p, nil
}

// detached is s in memory of its own, none of it in a line's: every
// string of domain.Summary copied (a field added there is added here;
// TestCheckedPlanKeepsNothingOfTheLine finds one left in the line).
func detached(s domain.Summary) domain.Summary {
	s.Ref = domain.Ref(strings.Clone(string(s.Ref)))
	s.Premises = strings.Clone(s.Premises)
	s.Postcode = domain.Postcode(strings.Clone(string(s.Postcode)))
	s.Team = domain.TeamCode(strings.Clone(string(s.Team)))
	s.State = domain.State(strings.Clone(string(s.State)))
	s.OIC = strings.Clone(s.OIC)
	s.Place = domain.PremisesKey(strings.Clone(string(s.Place)))
	s.Parts = strings.Clone(s.Parts)
	return s
}

// refOf is "REF: " for a line the schema refused, when its reference
// can be read, so the message names the visit as well as the line.
func refOf(text []byte, top []jsoncheck.Member) string {
	for _, m := range top {
		if m.Key != "ref" {
			continue
		}
		var ref string
		if _, val, ok := bytes.Cut(text[m.Start:m.End], []byte(":")); ok && json.Unmarshal(val, &ref) == nil {
			if r, err := domain.ParseRef(ref); err == nil && string(r) == ref {
				return ref + ": "
			}
		}
	}
	return ""
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
			Address  string          `json:"address"`
			Postcode domain.Postcode `json:"postcode"`
		} `json:"premises"`
		PlannedStart time.Time      `json:"planned_start"`
		OIC          domain.StaffNo `json:"oic"`
		OICName      string         `json:"oic_name"`
	} `json:"basics"`
	// The officers taking part (domain.Visit.Parts), whom the store files
	// the visit under.
	Roster []domain.RosterEntry `json:"roster"`
	Plan   struct {
		Auth *struct {
			By domain.StaffNo `json:"by"`
		} `json:"authorisation"`
	} `json:"planning"`
	// Whole, as the summary's feedback mark reads it
	// (domain.Visit.FeedbackMark): picking its fields here left one out.
	Assurance domain.Assurance `json:"assurance"`
	Timeline  []struct {
		Seq int `json:"seq"`
	} `json:"timeline"`
	// The state history, for when the visit ended (the summary's end,
	// which the register's retention mark reads, RET-1).
	History []domain.StateChange `json:"history"`
	Audit   exportAudit          `json:"audit"`
}

// headKeys are the members of a visit line visitHead reads.
var headKeys = []string{"ref", "version", "state", "basics", "roster", "planning", "assurance", "timeline", "history", "audit"}

// headOf is the part of a checked line visitHead reads: those members
// alone, a fifth of the line, so decoding them skips the rest; built in
// dst's memory, which each checker reuses.
func headOf(dst, text []byte, top []jsoncheck.Member) []byte {
	out := append(dst[:0], '{')
	for _, m := range top {
		if slices.Contains(headKeys, m.Key) {
			if len(out) > 1 {
				out = append(out, ',')
			}
			out = append(out, text[m.Start:m.End]...)
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
	if err := headProblem(h.Ref, len(h.Timeline), func(i int) int { return h.Timeline[i].Seq }); err != nil {
		return nil, exportAudit{}, err
	}
	b := h.Basics
	v := &domain.Visit{Ref: h.Ref, Version: h.Version, State: h.State, Basics: domain.Basics{Team: b.Team, OIC: b.OIC, OICName: b.OICName,
		PlannedStart: b.PlannedStart, Premises: domain.Premises{Name: b.Premises.Name, Address: b.Premises.Address, Postcode: b.Premises.Postcode}},
		Roster: h.Roster, History: h.History, Assurance: h.Assurance}
	if h.Plan.Auth != nil {
		v.Plan.Auth = &domain.Authorisation{By: h.Plan.Auth.By}
	}
	return v, h.Audit, nil
}

// headProblem is what the domain checks of every visit it reads that
// is wrong with a line's: a reference in its usual form, a live timeline
// of n entries (the i-th numbered seq(i)) numbered from 1.
func headProblem(ref domain.Ref, n int, seq func(i int) int) error {
	if r, err := domain.ParseRef(string(ref)); err != nil || r != ref {
		return fmt.Errorf("%q is not a visit reference in its usual form (like SLN-2026-0042)", ref)
	}
	for i := range n {
		if s := seq(i); s != i+1 {
			return fmt.Errorf("live timeline: entry %d is numbered %d; entries are numbered from 1 without gaps", i+1, s)
		}
	}
	return nil
}

// derivedKeys are what an export adds to a visit's document.
var derivedKeys = []string{"debrief_sections", "planning_summary", "audit"}

// docEnd is where the visit's document ends in its line when the derived
// keys come last, as oic writes them: the document is then the line up to
// there, closed. 0 when they do not, and the visit is re-encoded.
func docEnd(members []jsoncheck.Member) int {
	n := len(members)
	if n <= len(derivedKeys) {
		return 0
	}
	for _, m := range members[n-len(derivedKeys):] {
		if !slices.Contains(derivedKeys, m.Key) {
			return 0
		}
	}
	for _, m := range members[:n-len(derivedKeys)] {
		if slices.Contains(derivedKeys, m.Key) {
			return 0
		}
	}
	return members[n-len(derivedKeys)-1].End
}
