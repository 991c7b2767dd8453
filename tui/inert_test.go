package tui_test

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"oic/domain"
	"oic/tui"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
	"oic/tui/visit"
)

// hostile is what a tester put in a name: a title for the terminal
// (OSC 2), a clear screen, a way out of the alternate screen, a hidden
// cursor, a write to the clipboard (OSC 52), a NUL, a C1 CSI, a
// conceal, and a bidirectional override.
const hostile = "\x1b]2;pwned\x07\x1b[2J\x1b[?1049l\x1b[?25l\x1b]52;c;cm0gLXJmIH4=\x07\x00\u009b2J\x1b[8m\u202e"

// sgr is a Select Graphic Rendition sequence the theme writes.
var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// obeyed is the first thing in a frame a terminal would act on rather
// than show: an escape character that does not start the theme's
// styling, a control character but newline, a C1 control, a
// bidirectional override.
func obeyed(frame string, styled bool) (string, bool) {
	if styled {
		frame = sgr.ReplaceAllStringFunc(frame, func(m string) string {
			if strings.Contains(m, "[8m") || strings.Contains(m, ";8m") || strings.Contains(m, "[8;") {
				return m // a conceal is never the theme's
			}
			return ""
		})
	}
	if !utf8.ValidString(frame) {
		return "bytes that are not text", true
	}
	for i, r := range frame {
		if r != '\n' && unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return fmt.Sprintf("%U at %q", r, frame[max(0, i-30):min(len(frame), i+30)]), true
		}
	}
	return "", false
}

// hostileVisit is a deployed visit whose premises, subject, timeline and
// briefing hold hostile text, as a record changed outside oic (or
// imported before the import checked its text) could.
func hostileVisit(t *testing.T) domain.Store {
	s := tuitest.Store(t)
	tuitest.DeployedVisit(t, s, func(v *domain.Visit) {
		v.Basics.Premises.Name = "Star" + hostile + " Takeaway"
		v.Basics.Intel.Summary += hostile
		v.Subjects[0].Name += hostile
		v.Subjects[0].PhotoRef = "PH" + hostile
		v.Timeline = append(v.Timeline, domain.TimelineEntry{Seq: len(v.Timeline) + 1, Kind: domain.EntryNote, At: tuitest.LiveDeployed,
			Recorded: domain.Stamp{By: tuitest.CIO.StaffNo, ByName: tuitest.CIO.Name + hostile, At: tuitest.LiveDeployed}, Text: "note" + hostile})
		v.Briefing.Versions[len(v.Briefing.Versions)-1].Text += hostile
	})
	return s
}

// TestStoredEscapesAreShownNotObeyed (issue 14, section 3): text holding
// escape sequences, NUL, C1 controls and bidirectional overrides reaches
// no terminal as itself, on the register, in the visit's header and on
// every tab, in colour and without: it is shown as symbols (␛]2;pwned␇),
// and the theme's own colours still reach the terminal.
func TestStoredEscapesAreShownNotObeyed(t *testing.T) {
	s := hostileVisit(t)
	tabs := []string{"Overview", "Planning", "ONF", "Recce", "Subjects", "Roster", "Briefing", "Live", "Debrief", "Audit"}
	for name, p := range map[string]termenv.Profile{"no colour": termenv.Ascii, "16 colours": termenv.ANSI, "true colour": termenv.TrueColor} {
		t.Run(name, func(t *testing.T) {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(p)
			a := apptest.App(t, s, func(o *tui.Options) { o.Renderer = r })
			d := tuitest.NewDriver(t, a, 120, 40)
			styled := p != termenv.Ascii
			check := func(where string) {
				t.Helper()
				f := d.View()
				if what, found := obeyed(f, styled); found {
					t.Errorf("%s: the frame holds %s", where, what)
				}
				if !strings.Contains(f, "␛]2;pwned␇") {
					t.Errorf("%s: the hostile text is not shown as symbols:\n%s", where, f)
				}
				if styled && !sgr.MatchString(f) {
					t.Errorf("%s: the theme's colours were taken out too", where)
				}
				tuitest.CheckFits(t, f, 120, 40)
			}
			d.WaitFor("Star")
			check("the register")
			d.Press("enter")
			sc, ok := d.Top().(*visit.Screen)
			if !ok {
				t.Fatalf("enter opened no visit:\n%s", d.View())
			}
			for _, name := range tabs {
				d.Press(fmt.Sprint(sc.NumberOf(name)))
				if sc.Shown() != name {
					t.Fatalf("not on the %s tab (%s):\n%s", name, sc.Shown(), d.View())
				}
				check("the " + name + " tab")
			}
			d.Press("?")
			if what, found := obeyed(d.View(), styled); found {
				t.Errorf("help: the frame holds %s", what)
			}
		})
	}
}

// TestStoredEscapesInARunningProgram: what the Bubble Tea program itself
// writes to the terminal while showing the hostile visit holds none of
// the hostile sequences: no title, no clipboard write, no NUL.
func TestStoredEscapesInARunningProgram(t *testing.T) {
	s := hostileVisit(t)
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI)
	a := apptest.App(t, s, func(o *tui.Options) { o.Renderer = r })
	tm := teatest.NewTestModel(t, a, teatest.WithInitialTermSize(120, 40))
	var buf bytes.Buffer
	wait := func(want string) {
		teatest.WaitFor(t, io.TeeReader(tm.Output(), &buf), func(b []byte) bool { return bytes.Contains(b, []byte(want)) },
			teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	wait("Star")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	wait("Overview")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("5")})
	wait("S1 ")
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	io.Copy(&buf, tm.Output())
	out := buf.String()
	for _, bad := range []string{"\x1b]2;", "\x1b]52;", "\x00", "\u009b", "\x1b[8m", "\u202e"} {
		if strings.Contains(out, bad) {
			t.Errorf("the program wrote %q to the terminal", bad)
		}
	}
	if !strings.Contains(out, "␛]52;c;cm0gLXJmIH4=␇") {
		t.Error("the hostile text was not shown")
	}
}
