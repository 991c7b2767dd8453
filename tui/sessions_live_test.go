package tui_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui"
	"oic/tui/register"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
	"oic/tui/visit"
	"oic/tui/visit/live"
)

// Issue 17, section 3: several sessions on one store, as `oic serve`
// runs one App per SSH session, each driven by its own Update calls.

// dutyCIO is a CIO off the visit's team, watching from another session.
var dutyCIO = domain.Officer{StaffNo: "CIO0777", Name: "Priya Nair", Grade: "HEO", Team: "SLN"}

// bell is a session's terminal, where its bell rings.
type bell struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *bell) Write(p []byte) (int, error) { b.mu.Lock(); defer b.mu.Unlock(); return b.b.Write(p) }
func (b *bell) rang() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Count(b.b.Bytes(), []byte{'\a'})
}

// flat is a view's words, one space apart, for text a narrow form wraps.
func flat(view string) string { return strings.Join(strings.Fields(view), " ") }

// An entry recorded in one session shows on the live tab of another; the
// note the other officer is typing meanwhile is not touched, its banner
// says who saved, and recorded it goes on after the first (both only
// add: no conflict), numbered as stored.
func TestSessions_LiveEntryReachesTheOtherTypingKept(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, s, nil)
	at := apptest.At(tuitest.Fixed(tuitest.LiveNow))
	dA, _ := apptest.OnTab(t, apptest.App(t, s, apptest.As(tuitest.CIO.StaffNo), at), 100, 30, live.Name)
	dB, _ := apptest.OnTab(t, apptest.App(t, s, apptest.As(domaintest.Arrest.StaffNo), at), 100, 30, live.Name)

	dB.Press("n", "Dog in the yard")
	dA.Press("n", "Rear door forced", "enter")
	dB.WaitFor("changed by Dana Okafor (CIO001)")
	tuitest.Contains(t, flat(dB.View()), "changed by Dana Okafor (CIO001) at 06:10: your typing is kept; it goes on the record after theirs when you save", "Note Dog in the yard")

	dB.Press("enter")
	// The flash and the tab read again are messages of their own: wait
	// for the entry, not only the flash (CI saw the one without the other).
	dB.WaitFor("#2  06:10  note         Dog in the yard · Lee Grant")
	tuitest.Contains(t, dB.View(), "timeline #2: note (version", "after Dana Okafor's save at 06:10", "#2  06:10  note         Dog in the yard · Lee Grant", "#1  06:10  note         Rear door forced · Dana Okafor")
	tl := tuitest.Stored(t, s, v.Ref).Timeline
	if len(tl) != 2 || tl[0].Text != "Rear door forced" || tl[1].Text != "Dog in the yard" || tl[1].Seq != 2 {
		t.Fatalf("stored timeline %+v", tl)
	}
	dA.WaitFor("Dog in the yard")
	tuitest.Contains(t, dA.View(), "#2  06:10  note         Dog in the yard · Lee Grant")
	trail, err := s.Audit(context.Background(), v.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := domain.VerifyChain(trail); err != nil {
		t.Error(err)
	}
	if last := trail[len(trail)-1].Change; last.Action != "timeline #2: note" || last.Actor != domaintest.Arrest.StaffNo {
		t.Errorf("last audit entry %+v", last)
	}
}

// A form that edits what another session has just saved keeps its typing
// and says so; ctrl+r is what brings the other's version in.
func TestSessions_EditFormKeepsTypingWhenAnotherSaves(t *testing.T) {
	s := tuitest.Store(t)
	vs := tuitest.Seed(t, s, 1)
	ref := vs[0].Ref
	dA := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(tuitest.CIO.StaffNo)), 100, 30)
	dB := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(tuitest.IO.StaffNo)), 100, 30)
	dB.Press("enter", "e", "tab", "tab", "ctrl+u", "1 Mill Lane, Croydon")
	tuitest.Contains(t, dB.View(), "Editing the basics of "+string(ref))

	tuitest.Rename(t, s, ref, "Golden Dragon (rear)", tuitest.CIO, tuitest.Now)
	dB.WaitFor("changed by Dana Okafor (CIO001)")
	tuitest.Contains(t, flat(dB.View()), "changed by Dana Okafor (CIO001) at 05:30: your typing is kept; press ctrl+r to see theirs with your changes laid over it",
		"Premises name Golden Dragon Takeaway", "Address 1 Mill Lane, Croydon")
	dA.WaitFor("Golden Dragon (rear)")
	tuitest.Contains(t, dA.View(), "Golden Dragon (rear)")
}

// A critical incident declared in one session puts its banner on every
// other session's screen and rings that session's own bell, not the
// declaring one's twice.
func TestSessions_IncidentBannerAndBellEverywhere(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.DeployedVisit(t, s, nil)
	tuitest.SaveOfficer(t, s, dutyCIO)
	at := apptest.At(tuitest.Fixed(tuitest.LiveNow))
	var bellA, bellD, bellR bell
	withBell := func(w *bell) func(*tui.Options) { return func(o *tui.Options) { o.Bell = w } }
	dA, _ := apptest.OnTab(t, apptest.App(t, s, apptest.As(tuitest.CIO.StaffNo), at, withBell(&bellA)), 100, 30, live.Name)
	dD := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(dutyCIO.StaffNo), at, withBell(&bellD), func(o *tui.Options) { o.Board = true }), 100, 30)
	dR := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(domaintest.Driver.StaffNo), at, withBell(&bellR)), 100, 30)
	for _, d := range []*tuitest.Driver{dA, dD, dR} {
		d.Settle()
	}
	if n := bellA.rang() + bellD.rang() + bellR.rang(); n != 0 {
		t.Fatalf("%d bells before any incident", n)
	}

	dA.Press("!", "Officer injured on the rear stairs", "enter")
	for name, d := range map[string]*tuitest.Driver{"the OIC's": dA, "the duty CIO's board": dD, "an officer's register": dR} {
		d.WaitFor("CRITICAL INCIDENT")
		if !strings.Contains(d.View(), "!! CRITICAL INCIDENT "+"SLN-2026-0001 awaits a CIO (INC-2)") {
			t.Errorf("%s screen shows no banner:\n%s", name, d.View())
		}
	}
	for _, d := range []*tuitest.Driver{dA, dD, dR} {
		d.Settle()
	}
	for name, b := range map[string]*bell{"the OIC's": &bellA, "the duty CIO's": &bellD, "the officer's": &bellR} {
		if n := b.rang(); n != 1 {
			t.Errorf("%s bell rang %d times, want 1", name, n)
		}
	}
}

// The duty CIO's board and an officer's register, each in a session of
// its own, show what the OIC records in another without a key pressed.
func TestSessions_BoardAndRegisterFollowAnotherSession(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, s, nil)
	tuitest.SaveOfficer(t, s, dutyCIO)
	at := apptest.At(tuitest.Fixed(tuitest.LiveNow))
	dA, _ := apptest.OnTab(t, apptest.App(t, s, apptest.As(tuitest.CIO.StaffNo), at), 100, 30, live.Name)
	dD := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(dutyCIO.StaffNo), at, func(o *tui.Options) { o.Board = true }), 120, 30)
	dR := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(domaintest.Driver.StaffNo), at), 120, 30)
	tuitest.Contains(t, dD.View(), "0 of 5 on site")
	tuitest.Contains(t, dR.View(), "Golden Dragon Takeaway")

	dA.Press("a", "enter")
	dD.WaitFor("3 of 5 on site")
	tuitest.Contains(t, dD.View(), "Golden Dragon Takeaway · 3 of 5 on site, for moments · last entry moments ago")

	tuitest.Rename(t, s, v.Ref, "Golden Dragon (rear yard)", tuitest.CIO, tuitest.LiveNow)
	dR.WaitFor("Golden Dragon (rear yard)")
	tuitest.Contains(t, dR.View(), "Golden Dragon (rear yard)")
}

// A register under an open visit is not woken for each save elsewhere
// (in team mode every session is told of every save); shown again, it
// has every change made meanwhile.
func TestSessions_RegisterUnderAVisitCatchesUpWhenShown(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, s, nil)
	at := apptest.At(tuitest.Fixed(tuitest.LiveNow))
	d := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(domaintest.Driver.StaffNo), at), 120, 30)
	tuitest.Contains(t, d.View(), "Golden Dragon Takeaway")
	d.Press("enter")
	if _, ok := d.Top().(*visit.Screen); !ok {
		t.Fatalf("enter did not open the visit:\n%s", d.View())
	}
	tuitest.Rename(t, s, v.Ref, "Golden Dragon (front)", tuitest.CIO, tuitest.LiveNow)
	d.WaitFor("Golden Dragon (front)") // the open visit follows at once
	tuitest.Rename(t, s, v.Ref, "Golden Dragon (rear yard)", tuitest.CIO, tuitest.LiveNow)
	d.WaitFor("Golden Dragon (rear yard)")
	d.Press("esc")
	d.WaitFor("Golden Dragon (rear yard)")
	if _, ok := d.Top().(*register.Screen); !ok {
		t.Fatalf("esc did not go back to the register:\n%s", d.View())
	}
	tuitest.Contains(t, d.View(), "Golden Dragon (rear yard)")
}

// woken is an App that notes every message its program is given.
type woken struct {
	*tui.App
	mu   sync.Mutex
	msgs []string
}

func (w *woken) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	w.mu.Lock()
	w.msgs = append(w.msgs, fmt.Sprintf("%T %v", msg, msg))
	w.mu.Unlock()
	_, cmd := w.App.Update(msg)
	return w, cmd
}

// mentioning is the messages given since from that name ref.
func (w *woken) mentioning(from int, ref domain.Ref) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, m := range w.msgs[from:] {
		if strings.Contains(m, string(ref)) {
			out = append(out, m)
		}
	}
	return out
}

func (w *woken) given() int { w.mu.Lock(); defer w.mu.Unlock(); return len(w.msgs) }

// A session showing one visit is not woken at all by saves of another
// (in team mode every session is told of every save, and each drew its
// frame again for it); the banner still follows the other's incident,
// and back at the register, the other's change is there.
func TestSessions_AVisitShownIsNotWokenByAnother(t *testing.T) {
	s := tuitest.Store(t)
	a := tuitest.DeployedVisit(t, s, nil)
	b := tuitest.DeployedVisit(t, s, nil)
	at := apptest.At(tuitest.Fixed(tuitest.LiveNow))
	w := &woken{App: apptest.App(t, s, apptest.As(domaintest.Driver.StaffNo), at)}
	d := tuitest.NewDriver(t, w, 120, 30)
	d.Press("/")
	d.Press(string(a.Ref), "enter", "enter")
	if sc, ok := d.Top().(*visit.Screen); !ok || sc.Watches()[0] != a.Ref {
		t.Fatalf("did not open %s:\n%s", a.Ref, d.View())
	}
	time.Sleep(600 * time.Millisecond) // the banner's first look at the deployed visits
	d.Settle()

	from := w.given()
	tuitest.Rename(t, s, b.Ref, "Golden Dragon (rear yard)", tuitest.CIO, tuitest.LiveNow)
	tuitest.Rename(t, s, a.Ref, "Golden Dragon (front)", tuitest.CIO, tuitest.LiveNow)
	d.WaitFor("Golden Dragon (front)") // the visit shown follows at once
	d.Settle()
	if got := w.mentioning(from, b.Ref); len(got) > 0 {
		t.Errorf("the session showing %s was woken by a save of %s: %q", a.Ref, b.Ref, got)
	}

	// An incident declared on the other visit: the banner shows it.
	v := tuitest.Stored(t, s, b.Ref)
	e, err := v.ParseEntry(domain.EntryIncident, domain.EntryInput{Text: "Officer injured on the rear stairs", At: "06:05"}, tuitest.LiveNow)
	if err != nil {
		t.Fatal(err)
	}
	c, err := v.Record(e, tuitest.CIO, tuitest.LiveNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveVisit(context.Background(), v, c); err != nil {
		t.Fatal(err)
	}
	d.WaitFor("awaits a CIO")
	tuitest.Contains(t, d.View(), "!! CRITICAL INCIDENT "+string(b.Ref)+" awaits a CIO (INC-2)")

	d.Press("esc", "esc") // the visit closed, the filter cleared: every visit
	d.WaitFor("Golden Dragon (rear yard)")
	if _, ok := d.Top().(*register.Screen); !ok {
		t.Fatalf("esc did not go back to the register:\n%s", d.View())
	}
	tuitest.Contains(t, d.View(), "Golden Dragon (rear yard)", "Golden Dragon (front)")
}
