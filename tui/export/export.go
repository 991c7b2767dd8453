package export

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/form"
)

// Exporting closed visits to central records, from the register (X): a
// dialog of filters, then a progress bar that esc cancels. The export
// itself is the store's (oic export is the same code); the TUI is given it
// as a function, so it never imports the store.

// Field names of the export dialog.
const (
	fieldExpFormat = "export.format"
	fieldExpFrom   = "export.from"
	fieldExpTo     = "export.to"
	fieldExpTeam   = "export.team"
	fieldExpRedact = "export.redact"
	fieldExpKeep   = "export.keep_text"
	fieldExpPath   = "export.path"
	fieldExpForce  = "export.replace"
)

type exportPhase int

const (
	exportAsking exportPhase = iota
	exportRunning
	exportDone
)

// Dialog is the dialog, its run and its result.
type Dialog struct {
	s        *common.Session
	f        *form.Form
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
	dir      string // where oic was started: a name in Save to is taken there (common.SaveTo)
	w, h     int
}

type (
	exportProgressMsg struct{ done, total int }
	exportFinishedMsg struct {
		res domain.ExportResult
		err error
	}
)

func New(s *common.Session) *Dialog {
	teams := []form.Option{{Value: "", Label: "all teams"}}
	teams = append(teams, form.TeamOptions()...)
	today := s.Now().Format("2006-01-02")
	// The formats are the exporter's: a new one needs nothing here.
	var formats []form.Option
	about := map[string]string{}
	if s.Export != nil {
		for _, ef := range s.Export.Formats() {
			formats = append(formats, form.Option{Value: ef.Name, Label: ef.Name})
			about[ef.Name] = ef.About
		}
	}
	first := ""
	if len(formats) > 0 {
		first = formats[0].Value
	}
	f := form.New(s.Theme).
		Choice(fieldExpFormat, "Format", formats, first).
		Text(fieldExpFrom, "Visits from", "date, e.g. 01/11/2026; blank for the first", "").
		Text(fieldExpTo, "Visits to", "date, e.g. 30/11/2026; blank for the last", "").
		Choice(fieldExpTeam, "Team", teams, "").
		Toggle(fieldExpRedact, "Redact people", false).
		Toggle(fieldExpKeep, "Keep free text", false).
		Text(fieldExpPath, "Save to", "a new file, outside the data folder; the extension follows the format when left off", "oic-export-"+today).
		Toggle(fieldExpForce, "Replace a file there", false).
		Done()
	dir, _ := os.Getwd()
	f.Validate = func(m map[string]string) error { _, err := exportRequest(dir, m); return err }
	f.Describe = func(k, v string) string {
		switch k {
		case fieldExpFormat:
			return about[v]
		case fieldExpRedact:
			return "names, dates of birth, photo and document references and phone numbers of people met become Person 1, Person 2…; free text is withheld"
		case fieldExpKeep:
			return "with Redact people: keep notes and summaries, searched for the people replaced (they may still name others)"
		case fieldExpPath:
			// Where it goes, whole: the field takes a name relative to
			// the folder oic was started in. Replace says what becomes
			// of a file already there.
			if p := savePath(dir, f.Values()[fieldExpFormat], v); p != "" {
				return "→ " + p
			}
		case fieldExpForce:
			if v == "yes" {
				return "on: a file at Save to, and its .sha256 and .sig, will be overwritten"
			}
			return "off: a file already at Save to is refused and left as it is"
		}
		return ""
	}
	bar := progress.New(progress.WithDefaultGradient(), progress.WithoutPercentage(), progress.WithColorProfile(s.Theme.Renderer().ColorProfile()))
	return &Dialog{s: s, f: f, bar: bar, dir: dir}
}

// exportRequest reads the dialog, a name in Save to taken in dir.
func exportRequest(dir string, m map[string]string) (domain.ExportRequest, error) {
	var errs domain.ValidationError
	req := domain.ExportRequest{Format: m[fieldExpFormat], Team: domain.TeamCode(m[fieldExpTeam]), Redact: m[fieldExpRedact] == "yes",
		KeepText: m[fieldExpKeep] == "yes", Overwrite: m[fieldExpForce] == "yes"}
	if req.KeepText && !req.Redact {
		errs = append(errs, domain.FieldError{Field: fieldExpKeep, Msg: "keeps free text in a redacted export: tick Redact people too, or untick this"})
	}
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
	req.Path = savePath(dir, req.Format, m[fieldExpPath])
	if req.Path == "" {
		errs = append(errs, domain.FieldError{Field: fieldExpPath, Msg: "say where to save the export"})
	}
	if len(errs) > 0 {
		return req, errs
	}
	return req, nil
}

// savePath is where the export named typed goes, in format: whole, in
// dir unless it says otherwise, with the format's extension when it has
// none; "" when nothing is typed.
func savePath(dir, format, typed string) string {
	p := strings.TrimSpace(typed)
	switch {
	case p == "":
		return ""
	case filepath.Ext(p) == "":
		p += "." + format
	}
	return common.SaveTo(dir, p)
}

func (e *Dialog) Init() tea.Cmd   { return nil }
func (e *Dialog) Title() string   { return "Export closed visits" }
func (e *Dialog) Capturing() bool { return e.phase == exportAsking && e.f.Capturing() }
func (e *Dialog) SetSize(w, h int) {
	e.w, e.h = w, h
	e.f.SetSize(w, max(5, h-6))
	e.bar.Width = max(10, min(60, w-4))
}

func (e *Dialog) ShortHelp() []key.Binding {
	switch e.phase {
	case exportRunning:
		return []key.Binding{common.ExportKeys.Cancel}
	case exportDone:
		return []key.Binding{common.ExportKeys.Close}
	}
	return []key.Binding{common.ExportKeys.Start, common.FormKeys.Next, common.FormKeys.Prev, common.FormKeys.Leave}
}

func (e *Dialog) FullHelp() []common.HelpGroup {
	return []common.HelpGroup{{Title: "Export", Keys: []key.Binding{common.ExportKeys.Start, common.FormKeys.Next, common.FormKeys.Prev, common.FormKeys.Choose, common.FormKeys.Toggle, common.ExportKeys.Cancel}}}
}

func (e *Dialog) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case exportProgressMsg:
		e.done, e.total = msg.done, msg.total
		return e, e.next()
	case exportFinishedMsg:
		e.cancel()
		if msg.err != nil {
			e.phase = exportAsking
			e.err = msg.err.Error()
			switch {
			case errors.Is(msg.err, context.Canceled):
				e.err = fmt.Sprintf("Export cancelled: nothing was written under %s.", e.path)
			case errors.Is(msg.err, fs.ErrExist):
				// Beside the field it is about, with the choice that
				// overwrites it: never overwritten without that choice.
				e.err = ""
				e.f.ShowErrors(domain.ValidationError{{Field: fieldExpPath,
					Msg: msg.err.Error() + ". Turn on Replace below to overwrite it, or give another name."}}, true)
				e.f.FocusKey(fieldExpPath)
			}
			return e, nil
		}
		e.phase, e.result = exportDone, msg.res
		return e, nil
	case tea.KeyMsg:
		switch e.phase {
		case exportRunning:
			if key.Matches(msg, common.ExportKeys.Cancel) {
				e.cancel()
			}
			return e, nil
		case exportDone:
			if key.Matches(msg, common.ExportKeys.Close) {
				return e, common.Pop
			}
			return e, nil
		}
		switch {
		case key.Matches(msg, common.ExportKeys.Start):
			return e, e.start()
		case key.Matches(msg, common.FormKeys.Leave):
			return e, common.Pop
		}
		return e, e.f.Update(msg)
	}
	return e, nil
}

// start runs the export in the background, its progress and its end
// arriving as messages.
func (e *Dialog) start() tea.Cmd {
	req, err := exportRequest(e.dir, e.f.Values())
	if err != nil {
		e.f.ShowErrors(err, true)
		return nil
	}
	if e.s.Export == nil {
		e.err = "Export is not available here; use oic export on the command line."
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel, e.phase, e.err, e.path, e.done, e.total = cancel, exportRunning, "", req.Path, 0, 0
	e.events = make(chan tea.Msg, 1)
	events := e.events
	req.By = e.s.Me
	req.Progress = func(done, total int) {
		select { // the latest count is enough: never hold the export up
		case events <- exportProgressMsg{done, total}:
		default:
		}
	}
	export := e.s.Export
	finished := make(chan tea.Msg, 1)
	go func() {
		res, err := export.Export(ctx, req)
		finished <- exportFinishedMsg{res, err}
	}()
	e.finished = finished
	return e.next()
}

// next waits for the export's next progress report or its end.
func (e *Dialog) next() tea.Cmd {
	events, finished := e.events, e.finished
	return common.DeliverTo(e, func() tea.Msg {
		select {
		case m := <-finished:
			return m
		case m := <-events:
			return m
		}
	})
}

func (e *Dialog) View() string {
	t := e.s.Theme
	w := max(20, e.w-2)
	var b strings.Builder
	b.WriteString(t.Muted.Render(common.Wrap("Closed visits leave for central records with their provenance (who, when, the tool's version, the filters, the count) "+
		"and a SHA-256 digest and a signature by this folder's key written beside the file, so the receiving side can check nothing changed on the way and which folder it came from (oic import).", w)) + "\n\n")
	switch e.phase {
	case exportRunning:
		b.WriteString(fmt.Sprintf("Exporting to %s\n\n", e.path))
		frac := 0.0
		if e.total > 0 {
			frac = float64(e.done) / float64(e.total)
		}
		b.WriteString(e.bar.ViewAs(frac) + "\n")
		if e.total > 0 {
			b.WriteString(t.Muted.Render(common.Commas(e.done)+" of "+common.Plural(e.total, "visit")) + "\n")
		} else {
			b.WriteString(t.Muted.Render("finding the visits…") + "\n")
		}
		b.WriteString("\n" + t.Muted.Render("esc cancels: nothing is left under the file's name.") + "\n")
		return b.String()
	case exportDone:
		r := e.result
		b.WriteString(t.OK.Render(common.Wrap(fmt.Sprintf("✓ Exported %s to %s (%s).", common.Plural(r.Count, "visit"), r.Path, common.Size(r.Bytes)), w)) + "\n")
		b.WriteString(common.Wrap("SHA-256 "+r.SHA256+", also in "+r.Path+".sha256 (check it with sha256sum -c).", w) + "\n")
		if r.Signer != "" {
			b.WriteString(common.Wrap("Signed by this folder's key ("+r.Signer+", "+r.Fingerprint+") in "+r.Path+".sig: check it with ssh-keygen -Y verify, given the line oic key prints (README, oic export).", w) + "\n")
		}
		if !e.s.Config.SeesAll(e.s.Me) {
			b.WriteString(common.Wrap("It holds "+e.s.Config.Sees(e.s.Me)+": what you see (who sees what); an administrator's export holds every team's.", w) + "\n")
		}
		if r.Count == 0 {
			b.WriteString(t.Warn.Render(common.Wrap("! No closed visit matched the filters: the file holds the provenance only.", w)) + "\n")
		}
		return b.String()
	}
	if e.err != "" {
		b.WriteString(t.Error.Render(common.Wrap("✗ "+e.err, w)) + "\n\n")
	}
	b.WriteString(e.f.View())
	return b.String()
}
