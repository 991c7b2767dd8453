package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"oic/domain"
	"oic/store"
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
	defer s.Close()
	// The TUI's heap is mostly the register's rows, which live as long as
	// the program: collecting at half the default growth keeps the process
	// small on a laptop (100,000 visits: under 100 MB) for a few
	// milliseconds of collection. A GOGC the user set wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	if os.Getenv("NO_COLOR") != "" {
		lipgloss.SetColorProfile(termenv.Ascii)
	}
	app, err := tui.New(tui.Options{Store: s, Config: cfg, Clock: time.Now, Loc: time.Local, As: as, Version: Version(), Export: exporter(s, cfg)})
	if err != nil {
		return err
	}
	defer app.Close()
	p := tea.NewProgram(app, tea.WithAltScreen(), tea.WithContext(ctx), tea.WithInput(stdin), tea.WithOutput(stdout))
	_, err = p.Run()
	if err == tea.ErrProgramKilled && ctx.Err() != nil {
		return nil // interrupted by a signal: the store closes cleanly below
	}
	return err
}

// exporter gives the TUI's export dialog the store's export, the same one
// oic export runs.
func exporter(s *store.Store, cfg domain.Config) tui.Exporter {
	return func(ctx context.Context, req tui.ExportRequest) (tui.ExportResult, error) {
		res, err := exchange.ExportFile(ctx, s, req.Path, exchange.ExportOptions{
			Format: exchange.ExportFormat(req.Format), Filter: exchange.ExportFilter{From: req.From, To: req.To, Team: req.Team},
			Redact: req.Redact, By: req.By, At: time.Now(), ToolVersion: Version(), Loc: time.Local, Config: cfg,
			Progress: req.Progress, Name: filepath.Base(req.Path),
		})
		return tui.ExportResult{Path: res.Path, Count: res.Count, Bytes: res.Bytes, SHA256: res.SHA256}, err
	}
}
