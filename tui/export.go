package tui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
)

// Exporting closed visits to central records, from the register (X): a
// dialog of filters, then a progress bar that esc cancels. The export
// itself is store/exchange's (oic export is the same code); the TUI is
// given it as a domain.Exporter, so it never imports the store.

// Field names of the export dialog.
const (
	fieldExpFormat = "export.format"
	fieldExpFrom   = "export.from"
	fieldExpTo     = "export.to"
	fieldExpTeam   = "export.team"
	fieldExpRedact = "export.redact"
	fieldExpPath   = "export.path"
)

type exportPhase int

const (
	exportAsking exportPhase = iota
	exportRunning
	exportDone
)

// exportDialog is the dialog, its run and its result.
type exportDialog struct {
	s        *session
	f        *form
	phase    exportPhase
	bar      progress.Model
	done     int
	total    int
	cancel   context.CancelFunc
	events   chan tea.Msg
	finished chan tea.Msg
	result   domain.ExportResult
	err      string
	path     string
	w, h     int
}

type (
	exportProgressMsg struct{ done, total int }
	exportFinishedMsg struct {
		res domain.ExportResult
		err error
	}
)

var exportKeys = struct{ Start, Cancel, Close key.Binding }{
	Start:  bind([]string{"ctrl+s"}, "ctrl+s", "export"),
	Cancel: bind([]string{"esc"}, "esc", "cancel the export"),
	Close:  bind([]string{"esc", "enter"}, "esc/enter", "close"),
}

func newExportDialog(s *session) *exportDialog {
	teams := []option{{"", "all teams"}}
	teams = append(teams, teamOptions()...)
	today := s.now().Format("2006-01-02")
	f := newForm(s.theme).
		choice(fieldExpFormat, "Format", options("jsonl", "csv", "md"), "jsonl").
		text(fieldExpFrom, "Visits from", "date, e.g. 01/11/2026; blank for the first", "").
		text(fieldExpTo, "Visits to", "date, e.g. 30/11/2026; blank for the last", "").
		choice(fieldExpTeam, "Team", teams, "").
		toggle(fieldExpRedact, "Redact people", false).
		text(fieldExpPath, "Save to", "a file; the extension follows the format when left off", "oic-export-"+today).
		done()
	f.validate = func(m map[string]string) error { _, err := exportRequest(m); return err }
	f.describe = func(k, v string) string {
		switch k {
		case fieldExpFormat:
			return map[string]string{"jsonl": "JSON Lines for central records: provenance, then one visit a line; checked by oic import",
				"csv": "one row a visit, for a spreadsheet", "md": "one readable debrief a visit"}[v]
		case fieldExpRedact:
			return "names, dates of birth and document numbers of people met become Person 1, Person 2…"
		}
		return ""
	}
	bar := progress.New(progress.WithDefaultGradient(), progress.WithoutPercentage())
	return &exportDialog{s: s, f: f, bar: bar}
}

// exportRequest reads the dialog.
func exportRequest(m map[string]string) (domain.ExportRequest, error) {
	var errs domain.ValidationError
	req := domain.ExportRequest{Format: m[fieldExpFormat], Team: domain.TeamCode(m[fieldExpTeam]), Redact: m[fieldExpRedact] == "yes"}
	for _, d := range []struct {
		field string
		into  *domain.Date
	}{{fieldExpFrom, &req.From}, {fieldExpTo, &req.To}} {
		if s := strings.TrimSpace(m[d.field]); s != "" {
			v, err := domain.ParseDate(s)
			if err != nil {
				errs = append(errs, domain.FieldError{Field: d.field, Msg: err.Error()})
				continue
			}
			*d.into = v
		}
	}
	if !req.From.IsZero() && !req.To.IsZero() && req.To.Before(req.From) {
		errs = append(errs, domain.FieldError{Field: fieldExpTo, Msg: "is before the first date"})
	}
	p := strings.TrimSpace(m[fieldExpPath])
	switch {
	case p == "":
		errs = append(errs, domain.FieldError{Field: fieldExpPath, Msg: "say where to save the export"})
	case filepath.Ext(p) == "":
		p += "." + req.Format
	}
	req.Path = p
	if len(errs) > 0 {
		return req, errs
	}
	return req, nil
}

func (e *exportDialog) Init() tea.Cmd   { return nil }
func (e *exportDialog) Title() string   { return "Export closed visits" }
func (e *exportDialog) Capturing() bool { return e.phase == exportAsking && e.f.capturing() }
func (e *exportDialog) SetSize(w, h int) {
	e.w, e.h = w, h
	e.f.setSize(w, max(5, h-6))
	e.bar.Width = max(10, min(60, w-4))
}

func (e *exportDialog) ShortHelp() []key.Binding {
	switch e.phase {
	case exportRunning:
		return []key.Binding{exportKeys.Cancel}
	case exportDone:
		return []key.Binding{exportKeys.Close}
	}
	return []key.Binding{exportKeys.Start, formKeys.Next, formKeys.Prev, formKeys.Leave}
}

func (e *exportDialog) FullHelp() []helpGroup {
	return []helpGroup{{"Export", []key.Binding{exportKeys.Start, formKeys.Next, formKeys.Prev, formKeys.Choose, formKeys.Toggle, exportKeys.Cancel}}}
}

func (e *exportDialog) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case exportProgressMsg:
		e.done, e.total = msg.done, msg.total
		return e, e.next()
	case exportFinishedMsg:
		e.cancel()
		if msg.err != nil {
			e.phase = exportAsking
			e.err = msg.err.Error()
			if errors.Is(msg.err, context.Canceled) {
				e.err = fmt.Sprintf("Export cancelled: nothing was written under %s.", e.path)
			}
			return e, nil
		}
		e.phase, e.result = exportDone, msg.res
		return e, nil
	case tea.KeyMsg:
		switch e.phase {
		case exportRunning:
			if key.Matches(msg, exportKeys.Cancel) {
				e.cancel()
			}
			return e, nil
		case exportDone:
			if key.Matches(msg, exportKeys.Close) {
				return e, pop
			}
			return e, nil
		}
		switch {
		case key.Matches(msg, exportKeys.Start):
			return e, e.start()
		case key.Matches(msg, formKeys.Leave):
			return e, pop
		}
		return e, e.f.update(msg)
	}
	return e, nil
}

// start runs the export in the background, its progress and its end
// arriving as messages.
func (e *exportDialog) start() tea.Cmd {
	req, err := exportRequest(e.f.values())
	if err != nil {
		e.f.showErrors(err, true)
		return nil
	}
	if e.s.export == nil {
		e.err = "Export is not available here; use oic export on the command line."
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel, e.phase, e.err, e.path, e.done, e.total = cancel, exportRunning, "", req.Path, 0, 0
	e.events = make(chan tea.Msg, 1)
	events := e.events
	req.By = e.s.me
	req.Progress = func(done, total int) {
		select { // the latest count is enough: never hold the export up
		case events <- exportProgressMsg{done, total}:
		default:
		}
	}
	export := e.s.export
	finished := make(chan tea.Msg, 1)
	go func() {
		res, err := export.Export(ctx, req)
		finished <- exportFinishedMsg{res, err}
	}()
	e.finished = finished
	return e.next()
}

// next waits for the export's next progress report or its end.
func (e *exportDialog) next() tea.Cmd {
	events, finished := e.events, e.finished
	return deliverTo(e, func() tea.Msg {
		select {
		case m := <-finished:
			return m
		case m := <-events:
			return m
		}
	})
}

func (e *exportDialog) View() string {
	t := e.s.theme
	w := max(20, e.w-2)
	var b strings.Builder
	b.WriteString(t.Muted.Render(wrap("Closed visits leave for central records with their provenance (who, when, the tool's version, the filters, the count) "+
		"and a SHA-256 digest written beside the file, so the receiving side can check nothing changed on the way (oic import).", w)) + "\n\n")
	switch e.phase {
	case exportRunning:
		b.WriteString(fmt.Sprintf("Exporting to %s\n\n", e.path))
		frac := 0.0
		if e.total > 0 {
			frac = float64(e.done) / float64(e.total)
		}
		b.WriteString(e.bar.ViewAs(frac) + "\n")
		if e.total > 0 {
			b.WriteString(t.Muted.Render(fmt.Sprintf("%d of %d visits", e.done, e.total)) + "\n")
		} else {
			b.WriteString(t.Muted.Render("finding the visits…") + "\n")
		}
		b.WriteString("\n" + t.Muted.Render("esc cancels: nothing is left under the file's name.") + "\n")
		return b.String()
	case exportDone:
		r := e.result
		b.WriteString(t.OK.Render(wrap(fmt.Sprintf("✓ Exported %s to %s (%d bytes).", plural(r.Count, "visit"), r.Path, r.Bytes), w)) + "\n")
		b.WriteString(wrap("SHA-256 "+r.SHA256+", also in "+r.Path+".sha256 (check it with sha256sum -c).", w) + "\n")
		if r.Count == 0 {
			b.WriteString(t.Warn.Render(wrap("! No closed visit matched the filters: the file holds the provenance only.", w)) + "\n")
		}
		return b.String()
	}
	if e.err != "" {
		b.WriteString(t.Error.Render(wrap("✗ "+e.err, w)) + "\n\n")
	}
	b.WriteString(e.f.view())
	return b.String()
}
