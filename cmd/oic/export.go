package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"oic/domain"
	"oic/store"
	"oic/store/exchange"
	"oic/tui/common"
)

var exportUsage = "--format " + exchange.FormatList("|", "|") + " [--from DATE] [--to DATE] [--team CODE] [--redact [--keep-text]] [--recipient KEY]... --out PATH [--force]"

// exportClock is when an export is made; tests stand still.
var exportClock = time.Now

// runExport writes the closed visits (closed, follow-up, assured) that
// match the filters to a file, atomically, with its SHA-256 digest and
// its signature by the folder's key beside it (README "oic export").
func runExport(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("export", stderr)
	format := fs.String("format", "", "`jsonl` (whole records, for central records), csv (one row a visit) or md (readable debriefs)")
	from := fs.String("from", "", "first visit `date` to include, as 01/03/2026")
	to := fs.String("to", "", "last visit `date` to include, as 31/03/2026")
	team := fs.String("team", "", "only this team's visits (its `code`, as SLN)")
	redact := fs.Bool("redact", false, "replace what identifies the people visits concern (names, dates of birth, photograph and document references, phone numbers) with Person 1, Person 2..., and withhold free text")
	keepText := fs.Bool("keep-text", false, "with --redact, keep free text, searched for the people replaced (it may still name others)")
	out := fs.String("out", "", "the `file` to write, outside the data folder (the format's extension is added when it has none); its digest goes beside it in FILE.sha256, its signature in FILE.sig")
	force := fs.Bool("force", false, "replace the --out file (and its .sha256 and .sig) if it is already there")
	var recips keyList
	fs.Var(&recips, "recipient", recipientHelp)
	if err := parseFlags(fs, args, stdout, exportUsage); err != nil {
		return err
	}
	usageErr := func(format string, a ...any) error {
		fmt.Fprintf(stderr, "oic export: "+format+"\nUsage: oic export %s\n", append(a, exportUsage)...)
		return errUsage
	}
	if g.remote != nil { // over SSH (serve.go)
		if *out != "" || *force {
			return usageErr("over SSH the export comes on standard output and its signature on standard error: leave out --out and --force, and redirect them (ssh ... export --format md >visits.md 2>visits.md.sig)")
		}
		*out = "-"
	}
	opt := exchange.ExportOptions{Format: exchange.ExportFormat(strings.ToLower(*format)), Redact: *redact, KeepText: *keepText, ToolVersion: Version(), Overwrite: *force}
	switch {
	case *format == "":
		return usageErr("say which format: --format %s", exchange.FormatList(", ", " or "))
	case !slices.Contains(exchange.ExportFormats, opt.Format):
		return usageErr("--format %s: choose %s", *format, exchange.FormatList(", ", " or "))
	case *out == "":
		return usageErr("say where to write the export: --out FILE")
	case *keepText && !*redact:
		return usageErr("--keep-text keeps free text in a redacted export, and an export without --redact keeps all of it: give --redact too, or leave --keep-text out")
	}
	// A name without an extension takes the format's, as the export
	// dialog does: "--out visits --format md" writes visits.md.
	if filepath.Ext(*out) == "" {
		*out += "." + string(opt.Format)
	}
	var err error
	if *from != "" {
		if opt.Filter.From, err = domain.ParseDate(*from); err != nil {
			return usageErr("--from: %v", err)
		}
	}
	if *to != "" {
		if opt.Filter.To, err = domain.ParseDate(*to); err != nil {
			return usageErr("--to: %v", err)
		}
	}
	if !opt.Filter.From.IsZero() && !opt.Filter.To.IsZero() && opt.Filter.To.Before(opt.Filter.From) {
		return usageErr("--to %s is before --from %s", opt.Filter.To.UK(), opt.Filter.From.UK())
	}
	// Refused by name before the store is opened or anything written.
	if opt.Recipients, err = recipientsOf(g, recips); err != nil {
		return usageErr("%v", err)
	}
	if *team != "" {
		opt.Filter.Team = domain.TeamCode(strings.ToUpper(strings.TrimSpace(*team)))
		if _, ok := domain.TeamByCode(opt.Filter.Team); !ok {
			return usageErr("--team %s is not an ICE team code (SLN, WLN, CLN...)", *team)
		}
	}

	s, cfg, err := openExisting(g)
	if err != nil {
		return err
	}
	defer s.Close()
	if opt.By, err = recorder(ctx, g, s, cfg, stderr); err != nil { // the provenance names them
		return err
	}
	// Times and dates are the officers' (Europe/London, config.json's
	// time_zone), never the machine's zone.
	opt.Config, opt.At, opt.Loc = cfg, exportClock(), cfg.Location()
	if g.remote != nil {
		return exportToSession(ctx, g, s, opt)
	}
	// An export makes garbage for every visit and keeps almost none:
	// collecting less often saves time, and a soft limit keeps the heap
	// under 100 MB whatever the export's size.
	defer tuneGC(400, 100<<20)()
	prog := newCounter(stderr, "Exporting")
	opt.Progress = prog.show
	began := time.Now()
	res, err := exchange.ExportFile(ctx, s, *out, opt)
	prog.clear()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("export interrupted; nothing was written to %s", *out)
		}
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%w.\nPass --force to replace it, or choose another --out", err)
		}
		return err
	}
	// Said once the file is there: a refused --out writes nothing to warn of.
	if len(opt.Recipients) == 0 {
		warnPlain(stderr, "export", res.Path)
	}
	what := "closed visits"
	if res.Count == 1 {
		what = "closed visit"
	}
	switch {
	case *redact && *keepText:
		what += ", redacted (free text kept),"
	case *redact:
		what += ", redacted (free text withheld),"
	}
	if len(opt.Recipients) > 0 {
		what += fmt.Sprintf(", encrypted to %d %s,", len(opt.Recipients), plural(len(opt.Recipients), "recipient"))
	}
	fmt.Fprintf(stdout, "Exported %d %s to %s (%s) in %s.\n", res.Count, what, res.Path, common.Size(res.Bytes), seconds(time.Since(began)))
	if !cfg.SeesAll(opt.By) {
		fmt.Fprintf(stdout, "It holds %s: what %s sees (who sees what); an administrator's export holds every team's.\n", cfg.Sees(opt.By), opt.By.Label())
	}
	fmt.Fprintf(stdout, "SHA-256 %s, in %s.sha256; to check it: cd %s && sha256sum -c %s\n",
		res.SHA256, filepath.Base(res.Path), shellArg(filepath.Dir(res.Path)), shellArg(filepath.Base(res.Path)+".sha256"))
	fmt.Fprintf(stdout, "Signed by this folder's key (%s, %s), in %s.sig; to check the signature, with the line oic key prints in a file allowed_signers: %s\n",
		res.Signer, res.Fingerprint, filepath.Base(res.Path), verifyCommand(res.Path, res.Signer))
	if res.Count == 0 {
		fmt.Fprintln(stderr, "oic export: no closed visit matches; the export holds none")
	}
	return nil
}

// openExisting opens the data folder without creating it: exporting from
// a folder that is not there is a mistake, not an empty export.
func openExisting(g *globals) (*store.Store, domain.Config, error) {
	return openExistingWith(g, store.Options{})
}

// openExistingWith is openExisting with o.
func openExistingWith(g *globals, o store.Options) (*store.Store, domain.Config, error) {
	dir, err := g.dir()
	if err != nil {
		return nil, domain.Config{}, err
	}
	if _, err := os.Stat(store.DBDir(dir)); errors.Is(err, fs.ErrNotExist) {
		return nil, domain.Config{}, fmt.Errorf("there are no records in %s (no such data folder); pass --data-dir", dir)
	}
	return g.openWith(o)
}

// signedIn is the officer --as names, or the one last signed in. With
// need, there must be one with a profile here: an export says who made
// it. Without, an officer with no profile here is named by staff number.
func signedIn(ctx context.Context, g *globals, s *store.Store, need bool) (domain.Officer, error) {
	sn := domain.StaffNo("")
	if g.as != "" {
		n, err := domain.ParseStaffNo(g.as)
		if err != nil {
			return domain.Officer{}, fmt.Errorf("--as %q: %w", g.as, err)
		}
		sn = n
	} else {
		n, err := s.SignedIn(ctx)
		if err != nil {
			return domain.Officer{}, err
		}
		sn = n
	}
	if sn == "" {
		if !need {
			return domain.Officer{}, nil
		}
		return domain.Officer{}, fmt.Errorf("nobody is signed in on %s: an export records who made it. Pass --as STAFFNO, or open oic once and sign in", s.Dir())
	}
	o, err := s.Officer(ctx, sn)
	if errors.Is(err, domain.ErrNotFound) {
		if !need {
			return domain.Officer{StaffNo: sn, Name: string(sn)}, nil
		}
		return domain.Officer{}, fmt.Errorf("%s has no profile on %s: open oic --as %s once to fill one in", sn, s.Dir(), sn)
	}
	return o, err
}

// counter shows how far a long command has gone on stderr: one line
// rewritten in place on a terminal, a plain line every few seconds in a
// log.
type counter struct {
	w     io.Writer
	what  string
	unit  string // what is counted: "visits" unless set
	tty   bool
	every time.Duration
	last  time.Time
	width int
}

func newCounter(w io.Writer, what string) *counter {
	w = terminalOf(w)
	c := &counter{w: w, what: what, every: 2 * time.Second, last: time.Now()}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			c.tty, c.every = true, 100*time.Millisecond
		}
	}
	return c
}

func (c *counter) show(done, total int) {
	now := time.Now()
	if now.Sub(c.last) < c.every || total == 0 {
		return
	}
	c.last = now
	unit := c.unit
	if unit == "" {
		unit = "visits"
	}
	line := fmt.Sprintf("%s: %d of %d %s (%d%%)", c.what, done, total, unit, done*100/total)
	if c.tty {
		// Pad over what a longer line before left ("Checking: 100000 of
		// 100000 visits (100%)" then "Writing: 8000 of ...").
		fmt.Fprint(c.w, "\r"+line+strings.Repeat(" ", max(0, c.width-len(line))))
		c.width = max(c.width, len(line))
		return
	}
	fmt.Fprintln(c.w, line)
}

func (c *counter) phase(phase string, done, total int) {
	c.what = strings.ToUpper(phase[:1]) + phase[1:]
	c.show(done, total)
}

func (c *counter) clear() {
	if c.tty && c.width > 0 {
		fmt.Fprint(c.w, "\r"+strings.Repeat(" ", c.width)+"\r")
	}
}

// tuneGC sets the collector's pace and a soft memory limit for a long
// command, and returns what restores them. GOGC or GOMEMLIMIT set by the
// user win.
func tuneGC(percent int, limit int64) func() {
	restore := []func(){}
	if os.Getenv("GOGC") == "" {
		old := debug.SetGCPercent(percent)
		restore = append(restore, func() { debug.SetGCPercent(old) })
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		old := debug.SetMemoryLimit(limit)
		restore = append(restore, func() { debug.SetMemoryLimit(old) })
	}
	return func() {
		for _, r := range restore {
			r()
		}
	}
}
