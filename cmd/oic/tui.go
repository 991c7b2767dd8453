package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"oic/domain"
	"oic/store/backup"
	"oic/store/exchange"
	"oic/tui"
)

// runTUI opens the store and runs the terminal UI until the officer quits.
func runTUI(ctx context.Context, g *globals, stdin io.Reader, stdout, stderr io.Writer) error {
	var as domain.StaffNo
	if g.as != "" {
		sn, err := domain.ParseStaffNo(g.as)
		if err != nil {
			fmt.Fprintf(stderr, "oic: --as %q: %v\n", g.as, err)
			return errUsage
		}
		as = sn
	}
	s, cfg, err := g.open()
	if err != nil {
		return err
	}
	defer func() {
		// Closing fails only on a damaged store: say so once the
		// terminal is back.
		if err := s.Close(); err != nil {
			fmt.Fprintf(stderr, "oic: %v\n", err)
		}
	}()
	// The TUI's heap is mostly the register's rows, which live as long as
	// the program: collecting at half the default growth keeps the process
	// small on a laptop for a few milliseconds of collection (BENCHMARKS.md,
	// issue 2). A GOGC the user set wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	// The program's own renderer, over the terminal it draws on: nothing
	// in tui uses lipgloss's process-wide one, so a second program in this
	// process (team mode) can draw in its own terminal's colours.
	r := lipgloss.NewRenderer(stdout)
	if os.Getenv("NO_COLOR") != "" {
		r.SetColorProfile(termenv.Ascii)
	}
	// Times are shown and typed in the officers' zone (Europe/London,
	// config.json's time_zone), never the machine's: a laptop set to UTC
	// must not plan a 06:00 visit for 07:00 BST.
	app, err := tui.New(tui.Options{Renderer: r, Store: s, Config: cfg, Clock: time.Now, Loc: cfg.Location(), As: as, Version: Version(),
		Export: exchange.Exporter{Store: s, Config: cfg, ToolVersion: Version(), Loc: cfg.Location(), Clock: time.Now},
		Backup: backup.Backuper{Store: s, Config: cfg, Tool: Version(), Clock: time.Now},
		Notice: halfImportedNotice(s, cfg.Location()),
		// The bell goes to the terminal the program draws on; os.File
		// serialises writes, so it never lands inside a frame.
		Bell: stdout, Board: g.board})
	if err != nil {
		return err
	}
	defer app.Close()
	// A signal cancels ctx, which ends the program at once, with the
	// terminal put back (signals.go); Bubble Tea's own handler is off.
	defer stopperOf(ctx).holdTerminal(stdin, stdout)()
	p := tea.NewProgram(app, tea.WithAltScreen(), tea.WithContext(ctx), tea.WithoutSignalHandler(),
		tea.WithInput(stdin), tea.WithOutput(stdout))
	_, err = p.Run()
	// The program has ended, by the officer's hand or a signal's, and the
	// model is no longer running: what is typed is kept as drafts, and
	// what the disk had no room for is printed for the officer to copy.
	if unkept := app.KeepDrafts(); len(unkept) > 0 {
		fmt.Fprintln(stderr, "oic: this typing could not be kept as a draft; copy it before you close this window.")
		for _, u := range unkept {
			fmt.Fprintln(stderr, u)
		}
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // ended by a signal: the store closes cleanly below
	}
	return err
}
