package exchange

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"filippo.io/age"
	segjson "github.com/segmentio/encoding/json"

	"oic/domain"
	"oic/store"
	"oic/store/exchange/signing"
	"oic/store/internal/sysio"
)

// Exports: closed debriefs leave the tool for central records as JSON
// Lines (the whole record, for import), CSV (one row a visit, for
// spreadsheets) or Markdown (one readable debrief a visit), each with its
// provenance (DOMAIN.md "Records that leave the tool").
//
// An export streams: the visits matching the filters are listed from the
// summaries (small, in the LSM tree), then each document is read, turned
// into its line, row or section by a pool of workers, and written in
// order. Memory holds only the visits in flight, never the export.

// ExportFormat is one of the formats an export is written in.
type ExportFormat string

const (
	FormatJSONL    ExportFormat = "jsonl"
	FormatCSV      ExportFormat = "csv"
	FormatMarkdown ExportFormat = "md"
)

// ExportFormats lists the formats, for flags and messages.
var ExportFormats = []ExportFormat{FormatJSONL, FormatCSV, FormatMarkdown}

// formatAbout says what each format is for, as the export dialog does.
var formatAbout = map[ExportFormat]string{
	FormatJSONL:    "JSON Lines for central records: provenance, then one visit a line; checked by oic import",
	FormatCSV:      "one row a visit, for a spreadsheet",
	FormatMarkdown: "one readable debrief a visit",
}

// FormatList names the formats joined by sep, the last by last: "jsonl,
// csv or md", "jsonl|csv|md".
func FormatList(sep, last string) string {
	var b strings.Builder
	for i, f := range ExportFormats {
		switch {
		case i == 0:
		case i == len(ExportFormats)-1:
			b.WriteString(last)
		default:
			b.WriteString(sep)
		}
		b.WriteString(string(f))
	}
	return b.String()
}

// ExportSchemaVersion is the version of the JSON Lines schema
// (schema/visit-export-v3.schema.json) this build writes and the newest
// it imports. Version 2 added each visit's whole audit trail; version 1
// files, which carry none, are still imported (import_history.go).
// Version 3 added the outcomes (employer decisions, custody, partner
// agencies, interviews and biometrics); a version 2 file is read against
// its own schema.
const ExportSchemaVersion = 3

// exportFormatName is the provenance's "format" value, which tells an oic
// export from any other JSON Lines file.
const exportFormatName = "oic visit export"

// ExportStates are the states an export takes: closed, and after.
var ExportStates = []domain.State{domain.Closed, domain.FollowUp, domain.Assured}

// ExportFilter chooses the visits to export: by visit date (the date of
// the planned start, in Loc) and team. Zero values do not filter.
type ExportFilter struct {
	From, To domain.Date // inclusive
	Team     domain.TeamCode
}

// ExportOptions describe an export.
type ExportOptions struct {
	Format ExportFormat
	Filter ExportFilter
	// Redact replaces what identifies the people a visit concerns (names,
	// dates of birth, photograph and document references, telephone
	// numbers) with placeholders (Person 1, ...) and withholds free text
	// (export_redact.go).
	Redact bool
	// KeepText keeps free text in a redacted export, searched for what
	// was replaced like the rest of the record.
	KeepText bool
	// By is the officer exporting; At when; ToolVersion the tool's.
	By          domain.Officer
	At          time.Time
	ToolVersion string
	// Loc is the zone visit dates are read in, and times are shown in for
	// CSV and Markdown; time.Local if nil.
	Loc *time.Location
	// Config supplies the closing deadline (DBF-3) for "closed late".
	Config domain.Config
	// Progress, if set, is told how many visits are written of how many,
	// one call at a time, from a goroutine of the export's.
	Progress func(done, total int)
	// Name is the file's name, for the Markdown header's note of where
	// its digest is kept. Optional.
	Name string
	// Overwrite lets ExportFile replace a file already there.
	Overwrite bool
	// Visits, if not nil, are the visits exported, whatever their state
	// and in the order given, in place of Filter's: a laptop's visits
	// pushed to its team server, or an officer's pulled down to it
	// (oic push, oic pull). Such an export is not the records clerk's
	// (ActExport): the caller has judged that the officer may send each
	// of them, and its provenance lists every state, so that the import
	// reads it against the schema's transfer form (transferSchemasOf).
	Visits []domain.Ref
	// Recipients, if any, are the keys the export is encrypted to, with
	// age (export_encrypt.go): its digest and signature are then of the
	// encrypted bytes, as written.
	Recipients []age.Recipient
}

func (o *ExportOptions) loc() *time.Location {
	if o.Loc == nil {
		return time.Local
	}
	return o.Loc
}

// validate refuses options that cannot make an export.
func (o *ExportOptions) validate() error {
	if !slices.Contains(ExportFormats, o.Format) {
		return fmt.Errorf("%q is not an export format; choose %s", o.Format, FormatList(", ", " or "))
	}
	if o.By.StaffNo == "" || o.By.Name == "" {
		return fmt.Errorf("an export records who made it: sign in first (oic --as STAFFNO)")
	}
	// Every way out of the folder comes through here (the command, the
	// register's X, a command over SSH): the records clerk's (IDN-1),
	// but for a push or pull, whose own rule its caller applies.
	if o.Visits == nil {
		if err := o.Config.May(o.By, domain.ActExport); err != nil {
			return fmt.Errorf("%w; nothing was exported", err)
		}
	}
	if o.At.IsZero() {
		return fmt.Errorf("an export records when it was made")
	}
	f := o.Filter
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return fmt.Errorf("--to %s is before --from %s", f.To.UK(), f.From.UK())
	}
	if f.Team != "" {
		if _, ok := domain.TeamByCode(f.Team); !ok {
			return fmt.Errorf("%q is not an ICE team code", f.Team)
		}
		// Who sees what (issue 17): a records clerk exports their
		// region's teams, as their register lists them.
		if err := o.Config.MaySeeTeam(o.By, f.Team); err != nil {
			return fmt.Errorf("%w; nothing was exported", err)
		}
	}
	return nil
}

// ExportFile writes the export to path, atomically, with its SHA-256
// digest beside it in path.sha256 in the format sha256sum reads (run
// "sha256sum -c NAME.sha256" in the folder), and its signature by the
// data folder's key in path.sig (signing: SSHSIG, which ssh-keygen -Y
// verify checks), all readable by their owner alone. The signature signs
// the same SHA-256, made as the file is written. Nothing is left under
// any of the names unless all are whole: an error or a cancel leaves
// nothing, a crash or a kill at most hidden ".NAME.partial-..." files,
// which the next export to path removes. It refuses a path inside the
// data folder, a path already there unless opt.Overwrite (the error wraps
// fs.ErrExist), a store an import was interrupted in (export_out.go), and
// a folder whose signing key is damaged.
func ExportFile(ctx context.Context, s *store.Store, path string, opt ExportOptions) (domain.ExportResult, error) {
	if err := opt.validate(); err != nil {
		return domain.ExportResult{}, err
	}
	path = physicalPath(path)
	if err := checkOut(s, path, opt.Overwrite); err != nil {
		return domain.ExportResult{}, err
	}
	if err := sweepPartials(path); err != nil {
		return domain.ExportResult{}, err
	}
	key, err := signing.FolderKey(s.Dir(), s.Vault())
	if err != nil {
		return domain.ExportResult{}, err
	}
	if opt.Name == "" {
		opt.Name = filepath.Base(path)
	}
	out, err := sysio.CreateAtomic(path)
	if err != nil {
		return domain.ExportResult{}, err
	}
	defer out.Abort()
	sum, err := sysio.CreateAtomic(path + ".sha256")
	if err != nil {
		return domain.ExportResult{}, err
	}
	defer sum.Abort()
	sig, err := sysio.CreateAtomic(path + ".sig")
	if err != nil {
		return domain.ExportResult{}, err
	}
	defer sig.Abort()
	res, err := export(ctx, s, out, opt)
	if err != nil {
		return res, err
	}
	if _, err := sum.Write(digestLine(res.SHA256, filepath.Base(path))); err != nil {
		return res, fmt.Errorf("writing %s: %w", sum.Name(), sysio.PlainPathError(err))
	}
	if err := signExport(key, res.SHA256, sig); err != nil {
		return res, err
	}
	if !opt.Overwrite {
		// Made while the export ran: still not overwritten.
		if err := notThere(path); err != nil {
			return res, err
		}
	}
	if err := sysio.CommitAll(out, sum, sig); err != nil {
		return res, err
	}
	res.Path, res.Signer, res.Fingerprint = path, key.Principal(), key.Fingerprint()
	return res, logExport(ctx, s, opt, path, res)
}

// logExport puts an export on the access log (DPA 2018 s.62). The file
// is written by then: a failure to log is reported, not hidden.
func logExport(ctx context.Context, s *store.Store, opt ExportOptions, file string, res domain.ExportResult) error {
	if err := s.LogAccess(ctx, domain.Exported(opt.By, file, res.Count, opt.At)); err != nil {
		return fmt.Errorf("the export was written, but %w", err)
	}
	return nil
}

// signExport writes to sig the signature of the file whose SHA-256 is
// sum (hex).
func signExport(key *signing.Key, sum string, sig *sysio.AtomicFile) error {
	raw, err := hex.DecodeString(sum)
	if err != nil {
		return fmt.Errorf("signing the export: its digest %q is not hex", sum)
	}
	armored, err := key.SignSHA256(raw)
	if err != nil {
		return err
	}
	if _, err := sig.Write(armored); err != nil {
		return fmt.Errorf("writing %s: %w", sig.Name(), sysio.PlainPathError(err))
	}
	return nil
}

// Export writes the export to w and returns its digest. It reads one
// consistent snapshot of the store: visits saved while it runs are not in
// it.
func Export(ctx context.Context, s *store.Store, w io.Writer, opt ExportOptions) (domain.ExportResult, error) {
	res, err := export(ctx, s, w, opt)
	if err != nil {
		return res, err
	}
	file := opt.Name
	if file == "" {
		file = "(written to a stream, not a file)"
	}
	return res, logExport(ctx, s, opt, file, res)
}

// exportPlain is export before any encryption (export_encrypt.go).
func exportPlain(ctx context.Context, s *store.Store, w io.Writer, opt ExportOptions) (domain.ExportResult, error) {
	if err := opt.validate(); err != nil {
		return domain.ExportResult{}, err
	}
	out := newHashWriter(w)
	defer out.close()
	var res domain.ExportResult
	snap, err := s.Snapshot(runtime.GOMAXPROCS(0))
	if err != nil {
		return domain.ExportResult{}, err
	}
	defer snap.Close()
	err = func() error {
		var refs []exportRef
		var err error
		if opt.Visits != nil { // a push's or a pull's, chosen by the caller
			refs, err = chosenVisits(snap.Readers()[0], opt.Visits)
		} else {
			seen := func(t domain.TeamCode) bool { return opt.Config.SeesTeam(opt.By, t) }
			refs, err = selectExport(ctx, snap.Readers()[0], opt.Filter, seen, opt.loc())
		}
		if err != nil {
			return err
		}
		res.Count = len(refs)
		r := newRenderer(&opt)
		if err := out.write(r.header(len(refs))); err != nil {
			return err
		}
		if err := exportVisits(ctx, snap, refs, r, out, opt.Progress); err != nil {
			return err
		}
		return out.write(r.footer())
	}()
	if cerr := out.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return domain.ExportResult{}, err
	}
	res.Bytes, res.SHA256 = out.n, hex.EncodeToString(out.h.Sum(nil))
	return res, nil
}

// hashWriter gathers what it is given into large chunks and hands each
// to a goroutine that hashes it, which hands it on to one that writes it:
// the SHA-256 of one chunk, the write of the one before and the making of
// the next run at once, so neither hashing nor writing (each a large part
// of a big export's time, BENCHMARKS.md) holds up the rest.
type hashWriter struct {
	w       io.Writer
	h       hash.Hash
	n       int64
	cur     []byte
	free    chan []byte
	toHash  chan []byte
	toWrite chan []byte
	done    chan struct{}
	mu      sync.Mutex
	err     error
	closed  bool
}

const (
	chunkSize = 1 << 20 // a multiple of sysio.DirectAlign
	chunks    = 6
)

// blockWriter takes whole aligned chunks its own way: a
// sysio.AtomicFile writes them past the page cache.
type blockWriter interface {
	WriteBlocks(p []byte) (int, error)
}

func newHashWriter(w io.Writer) *hashWriter {
	hw := &hashWriter{w: w, h: sha256.New(), free: make(chan []byte, chunks),
		toHash: make(chan []byte, chunks), toWrite: make(chan []byte, chunks), done: make(chan struct{})}
	for range chunks - 1 {
		hw.free <- sysio.Aligned(chunkSize)
	}
	hw.cur = sysio.Aligned(chunkSize)
	bw, _ := w.(blockWriter)
	go func() {
		for c := range hw.toHash {
			hw.h.Write(c)
			hw.toWrite <- c
		}
		close(hw.toWrite)
	}()
	go func() {
		defer close(hw.done)
		for c := range hw.toWrite {
			if hw.failed() == nil {
				write := hw.w.Write
				if bw != nil && len(c) == chunkSize {
					write = bw.WriteBlocks // only the last chunk is short
				}
				if _, err := write(c); err != nil {
					hw.fail(writeError(err))
				}
			}
			hw.free <- c[:0]
		}
	}()
	return hw
}

func (hw *hashWriter) failed() error {
	hw.mu.Lock()
	defer hw.mu.Unlock()
	return hw.err
}

func (hw *hashWriter) fail(err error) {
	hw.mu.Lock()
	if hw.err == nil {
		hw.err = err
	}
	hw.mu.Unlock()
}

func (hw *hashWriter) write(b []byte) error {
	if err := hw.failed(); err != nil {
		return err
	}
	hw.n += int64(len(b))
	for len(b) > 0 {
		k := min(len(b), chunkSize-len(hw.cur))
		hw.cur = append(hw.cur, b[:k]...)
		b = b[k:]
		if len(hw.cur) == chunkSize {
			hw.toHash <- hw.cur
			hw.cur = <-hw.free
		}
	}
	return nil
}

// close hands on what is left and waits for it to be hashed and written.
// It is safe to call twice.
func (hw *hashWriter) close() error {
	if !hw.closed {
		hw.closed = true
		if len(hw.cur) > 0 {
			hw.toHash <- hw.cur
		}
		close(hw.toHash)
		<-hw.done
	}
	return hw.failed()
}

func writeError(err error) error {
	return fmt.Errorf("writing the export: %w", sysio.PlainPathError(err))
}

// exportRef is one visit chosen for the export.
type exportRef struct {
	ref   domain.Ref
	start time.Time
}

// selectExport lists the visits the filter takes, in order of planned
// start, oldest first (then by reference). The list summaries hold the
// start, team and state, so the documents are read only for the visits
// taken. It takes only the teams seen sees: a records clerk's region's
// (who sees what, issue 17).
func selectExport(ctx context.Context, rd *store.Reader, f ExportFilter, seen func(domain.TeamCode) bool, loc *time.Location) ([]exportRef, error) {
	sel := store.Selection{States: ExportStates, Team: f.Team}
	if !f.From.IsZero() {
		sel.From = f.From.In(loc)
	}
	if !f.To.IsZero() {
		sel.Until = f.To.In(loc).AddDate(0, 0, 1)
	}
	var out []exportRef
	err := rd.Select(ctx, sel, func(sum domain.Summary) error {
		if !seen(sum.Team) {
			return nil
		}
		out = append(out, exportRef{ref: sum.Ref, start: sum.PlannedStart})
		return nil
	})
	return out, err
}

// chosenVisits lists the visits a push or pull chose, each once, in the
// order given; one not here is refused by name.
func chosenVisits(rd *store.Reader, refs []domain.Ref) ([]exportRef, error) {
	out := make([]exportRef, 0, len(refs))
	seen := make(map[domain.Ref]bool, len(refs))
	for _, ref := range refs {
		if seen[ref] {
			continue
		}
		seen[ref] = true
		if _, ok, err := rd.AuditHead(ref); err != nil {
			return nil, fmt.Errorf("reading %s: %w", ref, err)
		} else if !ok {
			return nil, fmt.Errorf("%s is not in this folder; nothing was exported", ref)
		}
		out = append(out, exportRef{ref: ref})
	}
	return out, nil
}

// exportJob is one visit on its way through the pipeline.
type exportJob struct {
	n   int
	ref domain.Ref
	doc []byte // the stored document, copied out of the transaction
	// trail is its audit trail's entries, as a JSON array's contents
	// (JSON Lines only).
	trail []byte
	out   []byte // its part of the export
	err   error
}

// inFlight bounds the visits read but not yet written: the memory an
// export holds whatever its size.
const inFlight = 32

// progressEvery is how many visits an export writes between reports.
var progressEvery = 500

// releaseEvery is how much of the store an export reads between telling
// the kernel it is done with the pages (store.Snapshot.ReleasePages).
// Each time reads /proc/self/maps and drops every mapping of the value
// log, which is then mapped again as it is read: every 8 MB cost about a
// second of CPU more than every 32 MB over 100,000 visits, for 9 MB less
// at the peak (BENCHMARKS.md, "The export checks the trails it carries").
const releaseEvery = 32 << 20

var jobPool = sync.Pool{New: func() any { return new(exportJob) }}

// exportVisits reads and renders the visits in refs on a worker per
// reader of snap, and writes them in order.
func exportVisits(ctx context.Context, snap *store.Snapshot, refs []exportRef, r *renderer, out *hashWriter, progress func(int, int)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan *exportJob, inFlight)
	done := make(chan *exportJob, inFlight)
	slots := make(chan struct{}, inFlight)
	var read atomic.Int64 // bytes made from the store, about what was read of it
	var wg sync.WaitGroup
	for _, rd := range snap.Readers() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				j.out, j.err = exportOne(rd, r, j)
				read.Add(int64(len(j.out)))
				done <- j
			}
		}()
	}
	// The writer puts the jobs back in order and writes them; the first
	// error in order (reading, rendering or writing) stops the export. A
	// visit whose record fails its seal does not: the export goes on
	// reading, writing nothing more, to name every such visit.
	werr := make(chan error, 1)
	go func() {
		written, total := 0, len(refs)
		var err error
		var changed changedRecords
		inOrder(done, 0, func(j *exportJob) int { return j.n }, func(j *exportJob) {
			if err == nil && !changed.add(j.err) {
				switch {
				case j.err != nil:
					err = j.err
				case len(changed) == 0:
					err = out.write(j.out)
				}
				if err != nil {
					cancel()
				}
			}
			jobPool.Put(j)
			<-slots
			written++
			if err == nil && progress != nil && (written%progressEvery == 0 || written == total) {
				progress(written, total)
			}
		})
		if err == nil && len(changed) > 0 {
			err = changed
		}
		werr <- err
	}()

	var cerr error
	released := int64(0)
	for n, ref := range refs {
		if n := read.Load(); n-released > releaseEvery {
			snap.ReleasePages()
			released = n
		}
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
		}
		if cerr = ctx.Err(); cerr != nil {
			break
		}
		j := jobPool.Get().(*exportJob)
		j.n, j.ref, j.err = n, ref.ref, nil
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	close(done)
	if err := <-werr; err != nil {
		return err // what the writer met stopped the dispatch
	}
	return cerr
}

// exportOne makes j's part of the export: its line straight from its
// stored document and the derived part stored with it, where there is
// one this build derives (derived.go), else rendered from the document.
// A record that is not the one its trail sealed is a *domain.RecordError.
func exportOne(rd *store.Reader, r *renderer, j *exportJob) ([]byte, error) {
	head, ok, err := rd.AuditHead(j.ref)
	if err != nil {
		return j.out, err
	}
	if !ok {
		return j.out, fmt.Errorf("%s has no audit trail; the store is damaged", j.ref)
	}
	if j.doc, err = rd.Document(j.ref, j.doc); err != nil {
		return j.out, fmt.Errorf("reading %s: %w", j.ref, err)
	}
	if err := head.Sealed(j.ref, j.doc); err != nil {
		return j.out, err
	}
	a := lineAudit{head: head}
	arrivals, err := rd.Arrivals(j.ref)
	if err != nil {
		return j.out, fmt.Errorf("reading the arrivals of %s: %w", j.ref, err)
	}
	a.marks = domain.UnverifiedOf(arrivals)
	if r.opt.Format == FormatJSONL {
		if j.trail, err = r.trail(rd, j.ref, head, j.trail[:0]); err != nil {
			return j.out, err
		}
		a.trail = j.trail
	}
	if !r.usesDerived() {
		// Not read here, but part of the record all the same.
		if err := rd.DerivedSealed(j.ref, head); err != nil {
			return j.out, err
		}
	} else {
		out, ok, err := storedLine(rd, j.ref, j.doc, a, j.out[:0])
		var rerr *domain.RecordError
		if errors.As(err, &rerr) {
			return out, err
		}
		if err != nil {
			return out, fmt.Errorf("reading %s: %w", j.ref, err)
		}
		if ok {
			return out, nil
		}
	}
	return r.render(j.out[:0], j.ref, j.doc, a)
}

// trail appends the entries of ref's audit trail to dst, as the contents
// of a JSON array: as stored, or, redacted, as redactedEntry gives them.
// A trail that does not end at its head is refused: the store is damaged.
// A trail changed outside oic is a *domain.RecordError, as its record
// would be: never exported as if whole (store.Reader.AppendTrail).
func (r *renderer) trail(rd *store.Reader, ref domain.Ref, head store.AuditHead, dst []byte) ([]byte, error) {
	if !r.opt.Redact {
		return rd.AppendTrail(ref, head, dst)
	}
	var entries []domain.AuditEntry
	err := rd.Trail(ref, func(entry []byte) error {
		if len(entries) > 0 {
			dst = append(dst, ',')
		}
		var e domain.AuditEntry
		if err := segjson.Unmarshal(entry, &e); err != nil {
			return fmt.Errorf("audit entry %d of %s is unreadable: %w", len(entries)+1, ref, err)
		}
		entries = append(entries, e)
		b, err := json.Marshal(redactedEntry(e))
		dst = append(dst, b...)
		return err
	})
	if err != nil {
		return dst, fmt.Errorf("reading the audit trail of %s: %w", ref, err)
	}
	return dst, head.Ends(ref, entries)
}

// Exporter is the export as the domain's port (domain.Exporter), for the
// TUI's export dialog: the same export oic export runs.
type Exporter struct {
	Store       *store.Store
	Config      domain.Config
	ToolVersion string
	Loc         *time.Location   // nil: time.Local
	Clock       func() time.Time // when an export is made; nil: time.Now
}

// Formats are the formats the export writes, JSON Lines first.
func (e Exporter) Formats() []domain.ExportFormat {
	out := make([]domain.ExportFormat, len(ExportFormats))
	for i, f := range ExportFormats {
		out[i] = domain.ExportFormat{Name: string(f), About: formatAbout[f]}
	}
	return out
}

// Export writes the export req asks for to req.Path (ExportFile).
func (e Exporter) Export(ctx context.Context, req domain.ExportRequest) (domain.ExportResult, error) {
	clock := e.Clock
	if clock == nil {
		clock = time.Now
	}
	return ExportFile(ctx, e.Store, req.Path, ExportOptions{
		Format: ExportFormat(req.Format), Filter: ExportFilter{From: req.From, To: req.To, Team: req.Team},
		Redact: req.Redact, KeepText: req.KeepText, By: req.By, At: clock(), ToolVersion: e.ToolVersion, Loc: e.Loc, Config: e.Config,
		Progress: req.Progress, Overwrite: req.Overwrite,
	})
}

var _ domain.Exporter = Exporter{}
