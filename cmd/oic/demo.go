package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"oic/domain"
	"oic/internal/demo"
	"oic/store"
)

// runDemo fills an empty data folder with generated visits and officers and
// signs the demo officer in, so a new user has a register to explore and a
// benchmark has 100,000 visits to load.
// demoPIN is every demo officer's PIN, printed with the other hints.
const demoPIN = "2468"

func runDemo(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) (err error) {
	fs := g.flagSet("demo", stderr)
	visits := fs.Int("visits", 400, "how many visits to make, 1 to 1,000,000")
	seed := fs.Uint64("seed", 1, "the same seed makes the same data")
	if err := parseFlags(fs, args, stdout, "[--visits N] [--seed S]"); err != nil {
		return err
	}
	if *visits < 1 || *visits > demo.MaxVisits {
		fmt.Fprintf(stderr, "oic demo: --visits %d: choose a number from 1 to 1,000,000\n", *visits)
		return errUsage
	}

	s, cfg, err := g.openWith(store.Options{ForBulk: true})
	if err != nil {
		return err
	}
	defer func() {
		if cerr := s.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("closing the store: %w", cerr)
		}
	}()
	// Demo officers hold the default grades; a config.json that renamed
	// them would show officers whose grade it does not know.
	var title string
	for _, code := range demo.Grades {
		gr, ok := cfg.Grade(code)
		if !ok {
			return fmt.Errorf("the demo officers hold grade %s, which %s does not define; load the demo into a folder without a config.json",
				code, filepath.Join(s.Dir(), "config.json"))
		}
		if code == "HEO" {
			title = gr.Title
		}
	}

	bw, err := s.NewBulkWriter(ctx)
	if err != nil {
		return err
	}
	// Loading many visits makes a great deal of short-lived garbage, most
	// of it Badger building and compacting tables, and at the default GC
	// pace the heap grew well past what a laptop should give it; a soft
	// limit holds it near the limit at no measurable cost (BENCHMARKS.md).
	// What stays live is a few tens of megabytes, so at the default pace
	// the collector ran every few tens of megabytes made, far below the
	// limit: a slower pace lets the heap use the room the limit gives.
	// A GOGC or GOMEMLIMIT the user set wins.
	defer tuneGC(demoGCPercent, demoMemoryLimit)()
	began := time.Now()
	opt := demo.Options{Visits: *visits, Seed: *seed, Now: began.In(officersZone())}
	prog := newProgress(stderr, *visits, began)
	var officers, loaded int
	var me domain.Officer
	var all []domain.Officer
	var roles demoRoles
	err = generated(ctx, opt, func(r demo.Record) error {
		if r.Officer != nil {
			officers++
			if r.Officer.StaffNo == demo.DemoStaffNo {
				me = *r.Officer
			}
			roles.count(*r.Officer)
			o := *r.Officer
			all = append(all, o)
			return bw.AddOfficer(o, domain.ProfileChange(nil, o, o, opt.Now))
		}
		if err := bw.AddVisit(r.Visit, r.Changes); err != nil {
			return err
		}
		loaded++
		prog.show(loaded)
		return nil
	})
	if err == nil {
		err = bw.Flush()
	}
	prog.clear()
	if err != nil {
		bw.Cancel()
		return demoFailed(s, *visits, err)
	}
	// Every demo officer has the one PIN, hashed once (IDN-1): oic asks
	// for it at start and before signing in as another officer.
	h, err := store.HashPIN(demoPIN)
	if err == nil {
		err = s.SetPINHashes(ctx, h, opt.Now, all)
	}
	if err != nil {
		return fmt.Errorf("the demo's visits and officers are loaded, but their PINs could not be set: %w", err)
	}
	if err := s.SetSignedIn(ctx, demo.DemoStaffNo); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Loaded %d visits and %d officers into %s in %s.\n", loaded, officers, s.Dir(), seconds(time.Since(began)))
	fmt.Fprintf(stdout, "Signed in as demo officer %s (%s, %s). Run: oic --data-dir %s\n", me.Name, me.StaffNo, title, shellQuote(s.Dir()))
	fmt.Fprintf(stdout, "Every demo officer's PIN is %s: oic asks for it at start and when you sign in as another officer (u).\n", demoPIN)
	roles.print(stdout, me)
	return nil
}

// demoRoles is who has which role among the demo's officers, to say.
type demoRoles struct {
	clerk  *domain.Officer // South London's, to try as
	clerks int
	duty   int
}

func (d *demoRoles) count(o domain.Officer) {
	if o.Has(domain.RoleClerk) {
		d.clerks++
		if o.Team == "SLN" {
			d.clerk = &o
		}
	}
	if o.Has(domain.RoleDutyCIO) {
		d.duty++
	}
}

// print says who is who (issue 17): roles apply in the demo's folder.
func (d demoRoles) print(w io.Writer, admin domain.Officer) {
	fmt.Fprintf(w, "Roles: %s is the administrator (sees every visit, reads oic access-log); every CIO and above is a duty CIO (%d), every grade is confirmed;", admin.Label(), d.duty)
	if d.clerk != nil {
		fmt.Fprintf(w, " each team has a records clerk (%d), South London's is %s (oic --as %s).", d.clerks, d.clerk.Label(), d.clerk.StaffNo)
	}
	fmt.Fprintln(w)
}

// generated runs the demo's generator on a goroutine of its own and calls
// write with each record, in order, on this one: making a visit and
// encoding and writing one take about as long each, so on two cores they
// overlap (BENCHMARKS.md, issue 15). It stops at write's first error, or
// the generator's, or when ctx ends.
func generated(ctx context.Context, opt demo.Options, write func(demo.Record) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	recs := make(chan demo.Record, 64)
	genErr := make(chan error, 1)
	go func() {
		defer close(recs)
		genErr <- demo.Generate(opt, func(r demo.Record) error {
			select {
			case recs <- r:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	var err error
	for r := range recs {
		if err == nil {
			if err = ctx.Err(); err == nil {
				err = write(r)
			}
			if err != nil {
				cancel() // the generator stops at its next record
			}
		}
	}
	if gerr := <-genErr; err == nil {
		err = gerr
	}
	return err
}

// demoMemoryLimit is the soft heap limit while loading demo data, and
// demoGCPercent the collector's pace below it.
const (
	demoMemoryLimit = 256 << 20
	demoGCPercent   = 400
)

// demoFailed says what an interrupted or failed load left behind. The write
// batch commits as it fills, so some visits may already be on disk; the
// folder then holds an incomplete demo, and a second demo would refuse it.
func demoFailed(s *store.Store, asked int, cause error) error {
	what := "failed: " + cause.Error()
	if errors.Is(cause, context.Canceled) {
		what = "interrupted"
	}
	// The command's context is done, so count with one that is not.
	n, err := s.CountVisits(context.Background())
	if err != nil {
		return fmt.Errorf("demo %s; the data folder %s may hold part of the demo (%v): delete it before loading again", what, s.Dir(), err)
	}
	if n == 0 {
		return fmt.Errorf("demo %s; no visits were written to %s", what, s.Dir())
	}
	return fmt.Errorf("demo %s after writing %d of %d visits to %s.\n"+
		"That folder now holds an incomplete demo: delete it, or pass --data-dir with a new folder, before loading again", what, n, asked, s.Dir())
}

// officersZone is where the officers work: demo visits start at UK office
// hours whatever the machine's zone. Without the zone database the local
// zone will do.
func officersZone() *time.Location {
	if loc, err := time.LoadLocation("Europe/London"); err == nil {
		return loc
	}
	return time.Local
}

// progress shows how far a load has gone on stderr: one line rewritten in
// place on a terminal, an occasional plain line in a log.
type progress struct {
	w     io.Writer
	total int
	tty   bool
	every time.Duration
	last  time.Time
	shown bool
	width int
}

func newProgress(w io.Writer, total int, began time.Time) *progress {
	w = terminalOf(w)
	p := &progress{w: w, total: total, every: 2 * time.Second, last: began}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty, p.every = true, 100*time.Millisecond
		}
	}
	return p
}

// show reports n visits loaded. It looks at the clock only every 500
// visits, so progress costs nothing measurable.
func (p *progress) show(n int) {
	if n%500 != 0 {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	line := fmt.Sprintf("Loading demo data: %d of %d visits (%d%%)", n, p.total, n*100/p.total)
	if p.tty {
		fmt.Fprint(p.w, "\r"+line)
		p.width, p.shown = len(line), true
		return
	}
	fmt.Fprintln(p.w, line)
}

// clear removes the progress line from a terminal, so the summary that
// follows starts on a clean line.
func (p *progress) clear() {
	if p.tty && p.shown {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.width)+"\r")
	}
}

// seconds shows a duration as "0.24s" or "12.3s": milliseconds would be
// noise to the reader, and Round can show a quick load as "0s".
func seconds(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%.2fs", d.Seconds())
	}
	return fmt.Sprintf("%.1fs", d.Seconds())
}

// shellQuote quotes s for a command line a POSIX shell reads, when it
// needs quoting: in single quotes, inside which the shell takes every
// character as it is but the single quote, written '\”. Go's quoting
// (strconv.Quote) is not the shell's: "$HOME" in it is expanded.
func shellQuote(s string) string {
	plain := s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./,:=@%+", r)))
	}) < 0
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// shellArg is shellQuote for a command's argument that names a file:
// one beginning with "-" would be read as an option, so it is written
// "./-...".
func shellArg(s string) string {
	if strings.HasPrefix(s, "-") {
		s = "./" + s
	}
	return shellQuote(s)
}
