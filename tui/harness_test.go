package tui

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/London on machines without a zoneinfo database

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"oic/domain"
	"oic/store"
	"oic/tui/common"
)

// Tests stand on a fixed morning in London, draw without colour, and use a
// real store in a temporary folder.

var london = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return l
}()

// testNow is 05:30 on Wednesday 25 November 2026, before a 06:00 visit.
var testNow = time.Date(2026, 11, 25, 5, 30, 0, 0, london)

func TestMain(m *testing.M) {
	// Screens draw with their session's renderer, never lipgloss's global
	// one: with the global set to full colour, a style that slipped
	// through to it would put escape codes in the golden files.
	lipgloss.SetColorProfile(termenv.TrueColor)
	os.Exit(m.Run())
}

// asciiRenderer draws without colour, as the golden files are kept.
func asciiRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return r
}

func testTheme() *common.Theme { return common.NewTheme(asciiRenderer()) }

var testCIO = domain.Officer{StaffNo: "CIO001", Name: "Dana Okafor", Grade: "HEO", Team: "SLN", ArrestTrained: true,
	RefresherOn: domain.Date{Year: 2026, Month: 3, Day: 14}}

var testIO = domain.Officer{StaffNo: "IO0042", Name: "Sam Whitfield", Grade: "EO", Team: "SLN", ArrestTrained: true,
	RefresherOn: domain.Date{Year: 2026, Month: 6, Day: 2}}

func openStore(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var premises = []struct{ name, addr, pc, sector string }{
	{"Golden Dragon Takeaway", "12 High Street, Croydon", "CR0 1AB", "Restaurant / takeaway"},
	{"Sparkle Hand Car Wash", "Unit 3, Purley Way, Croydon", "CR0 4XJ", "Hand car wash"},
	{"Nails by Lina", "48 London Road, Norbury", "SW16 4EH", "Nail bar / beauty"},
	{"Express Mini Market", "201 Brixton Hill, London", "SW2 1HW", "Convenience store / retail"},
	{"Kings Cuts Barbers", "7 Station Parade, Sutton", "SM1 1DH", "Barber / hairdresser"},
}

// seed stores officers and n visits, planned from the day before testNow
// onwards, created a week earlier by the CIO.
func seed(t testing.TB, s *store.Store, n int) []*domain.Visit {
	t.Helper()
	ctx := context.Background()
	for _, o := range []domain.Officer{testCIO, testIO} {
		if err := s.SaveOfficer(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetSignedIn(ctx, testCIO.StaffNo); err != nil {
		t.Fatal(err)
	}
	created := testNow.AddDate(0, 0, -7)
	var out []*domain.Visit
	for i := range n {
		p := premises[i%len(premises)]
		oic := testCIO
		if i%2 == 1 {
			oic = testIO
		}
		b := domain.Basics{
			Team:         "SLN",
			Premises:     domain.Premises{Name: p.name, Address: p.addr, Postcode: domain.Postcode(p.pc), Sector: p.sector},
			Intel:        domain.Intelligence{Ref: fmt.Sprintf("INT-2026-%06d", 4800+i), Received: domain.Date{Year: 2026, Month: 11, Day: 2}, Priority: 2 + i%4, Summary: "Information that three males are working in the kitchen without permission."},
			Tasking:      domain.Tasking{Decision: domain.Adopted, Forum: "Regional Tasking Board", DecidedAt: created.Add(-time.Hour), Rationale: "Credible, recent, local priority."},
			PlannedStart: testNow.Add(time.Duration(i-2)*24*time.Hour + 30*time.Minute),
			OIC:          oic.StaffNo, OICName: oic.Name,
		}
		v, c, err := domain.NewVisit(b, testCIO, created)
		if err != nil {
			t.Fatal(err)
		}
		v, err = s.CreateVisit(ctx, v, c)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

func testSession(s domain.Store) *common.Session {
	return &common.Session{Store: s, Config: domain.DefaultConfig(), Clock: func() time.Time { return testNow }, Loc: london, Me: testCIO, Theme: testTheme()}
}

func newTestApp(t testing.TB, s domain.Store) *App {
	t.Helper()
	a, err := New(Options{Renderer: asciiRenderer(), Store: s, Config: domain.DefaultConfig(), Clock: func() time.Time { return testNow }, Loc: london, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	return a
}

// driver runs a model the way Bubble Tea would: every command in its own
// goroutine, every message back through Update. Some commands never finish
// (the one waiting on the change feed), so settle returns once no message
// has arrived for a short while; whatever is still running delivers at the
// next settle.
type driver struct {
	t    testing.TB
	m    tea.Model
	msgs chan tea.Msg
	idle time.Duration // how long without a message counts as settled
}

func newDriver(t testing.TB, m tea.Model, w, h int) *driver {
	d := &driver{t: t, m: m, msgs: make(chan tea.Msg, 1024), idle: 60 * time.Millisecond}
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	d.spawn(m.Init())
	d.settle()
	return d
}

func (d *driver) spawn(cmd tea.Cmd) {
	if cmd != nil {
		go func() { d.msgs <- cmd() }()
	}
}

func (d *driver) send(msg tea.Msg) {
	var cmd tea.Cmd
	d.m, cmd = d.m.Update(msg)
	d.spawn(cmd)
}

func (d *driver) handle(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			d.spawn(c)
		}
		return
	case tea.QuitMsg:
		return
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		cmds := make([]tea.Cmd, v.Len()) // tea.Sequence: one after another, in order
		for i := range cmds {
			cmds[i] = v.Index(i).Interface().(tea.Cmd)
		}
		go func() {
			for _, c := range cmds {
				if c != nil {
					d.msgs <- c()
				}
			}
		}()
		return
	}
	d.send(msg)
}

// settle delivers messages until none has come for d.idle and the screen
// on top is not waiting on a save (a loaded machine, CI under -race, can
// take longer than idle over one), giving up on that after five seconds.
func (d *driver) settle() {
	deadline := time.Now().Add(5 * time.Second)
	for {
		select {
		case msg := <-d.msgs:
			d.handle(msg)
		case <-time.After(d.idle):
			if !d.saving() || time.Now().After(deadline) {
				return
			}
		}
	}
}

// saving reports whether the top screen has a save in flight.
func (d *driver) saving() bool {
	a, ok := d.m.(*App)
	if !ok {
		return false
	}
	b, ok := a.top().(interface{ Busy() bool })
	return ok && b.Busy()
}

// press sends each key, settling after each.
func (d *driver) press(ks ...string) {
	for _, msg := range keys(ks...) {
		d.send(msg)
		d.settle()
	}
}

// waitFor settles until the view shows want, for steps that take several
// round trips through the store (signing in, then reloading the visit),
// which a loaded machine can spread over more than one idle period. It
// gives up after five seconds; the caller's check then fails with the view.
func (d *driver) waitFor(want string) {
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(d.view(), want) && time.Now().Before(deadline) {
		select {
		case msg := <-d.msgs:
			d.handle(msg)
		case <-time.After(d.idle):
		}
	}
}

func resize(w, h int) tea.Msg { return tea.WindowSizeMsg{Width: w, Height: h} }

// view is what the terminal shows now.
func (d *driver) view() string { return d.m.View() }

// keys turns "abc", "tab", "ctrl+s", "esc", "enter" into key messages.
func keys(ks ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range ks {
		switch k {
		case "tab":
			out = append(out, tea.KeyMsg{Type: tea.KeyTab})
		case "shift+tab":
			out = append(out, tea.KeyMsg{Type: tea.KeyShiftTab})
		case "enter":
			out = append(out, tea.KeyMsg{Type: tea.KeyEnter})
		case "esc":
			out = append(out, tea.KeyMsg{Type: tea.KeyEsc})
		case "ctrl+s":
			out = append(out, tea.KeyMsg{Type: tea.KeyCtrlS})
		case "ctrl+u":
			out = append(out, tea.KeyMsg{Type: tea.KeyCtrlU})
		case "ctrl+c":
			out = append(out, tea.KeyMsg{Type: tea.KeyCtrlC})
		case "ctrl+n":
			out = append(out, tea.KeyMsg{Type: tea.KeyCtrlN})
		case "ctrl+r":
			out = append(out, tea.KeyMsg{Type: tea.KeyCtrlR})
		case "ctrl+g":
			out = append(out, tea.KeyMsg{Type: tea.KeyCtrlG})
		case "home":
			out = append(out, tea.KeyMsg{Type: tea.KeyHome})
		case "pgdown":
			out = append(out, tea.KeyMsg{Type: tea.KeyPgDown})
		case "pgup":
			out = append(out, tea.KeyMsg{Type: tea.KeyPgUp})
		case "up":
			out = append(out, tea.KeyMsg{Type: tea.KeyUp})
		case "down":
			out = append(out, tea.KeyMsg{Type: tea.KeyDown})
		case "left":
			out = append(out, tea.KeyMsg{Type: tea.KeyLeft})
		case "right":
			out = append(out, tea.KeyMsg{Type: tea.KeyRight})
		case "backspace":
			out = append(out, tea.KeyMsg{Type: tea.KeyBackspace})
		case " ":
			out = append(out, tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
		default:
			out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
		}
	}
	return out
}

// golden compares got with testdata/tui/NAME.golden at the repository's
// top level; go test ./tui/... -update rewrites it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "testdata", "tui", name+".golden")
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui/... -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (run with -update after checking):\n--- want\n%s\n--- got\n%s", name, want, got)
	}
}

// lines splits a view for assertions on what an officer would read.
func contains(t testing.TB, view string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(view, w) {
			t.Errorf("view lacks %q:\n%s", w, view)
		}
	}
}
