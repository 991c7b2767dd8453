package board_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"oic/domain"
	"oic/tui"
	"oic/tui/board"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
	"oic/tui/visit"
	"oic/tui/visit/live"
)

// dutyCIO is the duty CIO, on no visit's team.
var dutyCIO = domain.Officer{StaffNo: "CIO0777", Name: "Priya Nair", Grade: "HEO", Team: "SLN"}

// clock is a clock the test moves on.
type clock struct {
	mu sync.Mutex
	at time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.at }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = c.at.Add(d)
}

// bells counts the bells rung.
type bells struct {
	mu sync.Mutex
	n  int
}

func (b *bells) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, c := range p {
		if c == '\a' {
			b.n++
		}
	}
	return len(p), nil
}

func (b *bells) count() int { b.mu.Lock(); defer b.mu.Unlock(); return b.n }

// declare has the OIC's session declare a critical incident on the
// visit's live tab.
func declare(t *testing.T, d *tuitest.Driver) {
	t.Helper()
	d.Press("enter")
	sc, ok := d.Top().(*visit.Screen)
	if !ok {
		t.Fatalf("no visit opened:\n%s", d.View())
	}
	d.Press(fmt.Sprint(sc.NumberOf(live.Name)))
	d.Press("!", "Officer injured on the rear stairs", "enter")
	d.WaitFor("CRITICAL INCIDENT declared")
}

// TestBoard_IncidentBannerUntilACIOAcknowledges: an OIC declares an
// incident on one visit; the banner and the bell reach another session on
// another screen through the change feed; an IO cannot acknowledge it
// (INC-2: grade), a CIO can; the banner goes everywhere, and the
// acknowledgement is on the timeline and the audit trail.
func TestBoard_IncidentBannerUntilACIOAcknowledges(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, s, nil)
	tuitest.SaveOfficer(t, s, dutyCIO)
	tuitest.SaveOfficer(t, s, tuitest.IO)
	clk := &clock{at: tuitest.LiveNow}
	var rang bells
	oic := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(tuitest.CIO.StaffNo), apptest.At(clk.now)), 120, 40)
	cio := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(dutyCIO.StaffNo), apptest.At(clk.now), func(o *tui.Options) { o.Bell = &rang }), 120, 40)
	io := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(tuitest.IO.StaffNo), apptest.At(clk.now)), 120, 40)
	cio.Press("p") // the duty CIO is on another screen: their profile
	if strings.Contains(cio.View(), "CRITICAL INCIDENT") || rang.count() != 0 {
		t.Fatalf("an alert before any incident:\n%s", cio.View())
	}

	declare(t, oic)
	cio.WaitFor("!! CRITICAL INCIDENT " + string(v.Ref) + " awaits a CIO (INC-2) · ^t board")
	cio.Settle() // the bell is written by a command of its own
	tuitest.Contains(t, cio.View(), "!! CRITICAL INCIDENT "+string(v.Ref), "declared 06:10 by Dana Okafor", "My profile")
	if n := rang.count(); n != 1 {
		t.Errorf("the bell rang %d times on the declaration, want once", n)
	}
	// Unanswered, it rings again after 10 minutes, not before.
	clk.add(9 * time.Minute)
	cio.Send(board.AlertTickMsg{})
	cio.Settle()
	if n := rang.count(); n != 1 {
		t.Errorf("rang again after 9 minutes (%d)", n)
	}
	clk.add(time.Minute)
	cio.Send(board.AlertTickMsg{})
	cio.Settle()
	if n := rang.count(); n != 2 {
		t.Errorf("the bell rang %d times after 10 minutes unanswered, want twice", n)
	}

	// An IO is refused by grade; nothing is recorded.
	io.WaitFor("!! CRITICAL INCIDENT")
	io.Press("ctrl+t")
	io.WaitFor("NOT ACKNOWLEDGED")
	io.Press("a")
	tuitest.Contains(t, io.View(), "INC-2: a critical incident is acknowledged by a CIO or above; Sam Whitfield (IO0042) is an IO (EO)")
	if _, waiting := tuitest.Stored(t, s, v.Ref).Unacknowledged(); !waiting {
		t.Fatal("an IO's refused acknowledgement was recorded")
	}

	// The duty CIO opens the board from their profile and acknowledges.
	cio.Press("ctrl+t")
	cio.WaitFor("NOT ACKNOWLEDGED")
	if _, ok := cio.Top().(*board.Screen); !ok {
		t.Fatalf("ctrl+t opened no board:\n%s", cio.View())
	}
	cio.Press("a")
	cio.WaitFor("acknowledged by Priya Nair (CIO0777) at 06:20")
	for name, d := range map[string]*tuitest.Driver{"the CIO's": cio, "the OIC's": oic, "the IO's": io} {
		d.WaitFor("acknowledged")
		d.Settle()
		if strings.Contains(d.View(), "awaits a CIO") {
			t.Errorf("the banner stays on %s screen:\n%s", name, d.View())
		}
	}
	stored := tuitest.Stored(t, s, v.Ref)
	ack := stored.Timeline[len(stored.Timeline)-1]
	if ack.Kind != domain.EntryIncidentAck || ack.Recorded.By != dutyCIO.StaffNo || !ack.At.Equal(tuitest.LiveNow.Add(10*time.Minute)) {
		t.Fatalf("acknowledgement on the timeline: %+v", ack)
	}
	trail, err := s.Audit(context.Background(), v.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if last := trail[len(trail)-1]; last.Change.Actor != dutyCIO.StaffNo || !strings.Contains(last.Change.Action, "critical incident acknowledged") {
		t.Fatalf("audit trail's last entry: %+v", last.Change)
	}
	// enter opens the visit; its live record shows who acknowledged.
	cio.Press("enter")
	sc, ok := cio.Top().(*visit.Screen)
	if !ok {
		t.Fatalf("enter opened no visit:\n%s", cio.View())
	}
	cio.Press(fmt.Sprint(sc.NumberOf(live.Name)))
	tuitest.Contains(t, cio.View(), "acknowledged by Priya Nair (CIO0777) (INC-2)")
	clk.add(20 * time.Minute)
	cio.Send(board.AlertTickMsg{})
	cio.Settle()
	if n := rang.count(); n != 2 {
		t.Errorf("the bell rang after the acknowledgement (%d)", n)
	}
}

// TestBoard_DutyCIOInformedByPhone: alone on a laptop, the OIC records
// the duty CIO told by phone, which counts as acknowledged.
func TestBoard_DutyCIOInformedByPhone(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, s, nil)
	d := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(tuitest.CIO.StaffNo), apptest.At(tuitest.Fixed(tuitest.LiveNow))), 120, 40)
	declare(t, d)
	d.WaitFor("awaits a CIO")
	d.Press("ctrl+t")
	d.WaitFor("NOT ACKNOWLEDGED")
	d.Press("a") // the OIC cannot acknowledge their own incident
	tuitest.Contains(t, d.View(), "INC-2: Dana Okafor (CIO001) is the OIC of "+string(v.Ref))
	d.Press("i")
	tuitest.Contains(t, d.View(), "Duty CIO informed by phone", "give their name")
	d.Press("enter") // no name: refused, nothing recorded
	tuitest.Contains(t, d.View(), "give the duty CIO's name")
	d.Press("Priya Nair", "enter", "06:05", "enter")
	tuitest.Contains(t, d.View(), "06:05 is before the incident was declared (06:10)")
	d.Press("backspace", "backspace", "backspace", "backspace", "backspace", "06:10", "enter")
	d.WaitFor("duty CIO Priya Nair informed by phone at 06:10")
	if strings.Contains(d.View(), "awaits a CIO") {
		t.Errorf("the banner stays after the phone call is recorded:\n%s", d.View())
	}
	inc := tuitest.Stored(t, s, v.Ref).Incidents()[0]
	if inc.Ack == nil || inc.Ack.Subtype != domain.AckByPhone || inc.Ack.AckBy != "Priya Nair" || inc.Ack.Recorded.By != tuitest.CIO.StaffNo {
		t.Fatalf("stored acknowledgement %+v", inc.Ack)
	}
}

// TestBoard_UpdatesFromTheFeed: a save in another session reaches the
// open board with no key pressed.
func TestBoard_UpdatesFromTheFeed(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, s, nil)
	d := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(tuitest.CIO.StaffNo), apptest.At(tuitest.Fixed(tuitest.LiveNow))), 120, 40)
	d.Press("b")
	d.WaitFor("0 of 5 on site")
	w := tuitest.Stored(t, s, v.Ref)
	e, err := w.ParseEntry(domain.EntryArrival, domain.EntryInput{Officers: "CIO001 IO0903", At: "06:05"}, tuitest.LiveNow)
	if err != nil {
		t.Fatal(err)
	}
	c, err := w.Record(e, tuitest.CIO, tuitest.LiveNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveVisit(context.Background(), w, c); err != nil {
		t.Fatal(err)
	}
	d.WaitFor("2 of 5 on site, for 5 minutes")
	tuitest.Contains(t, d.View(), "2 of 5 on site, for 5 minutes · last entry moments ago")
}

// TestBoard_Golden: the board of a morning: an incident, a deployed
// visit, today's visit not yet deployed, and what is overdue.
func TestBoard_Golden(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 4)
	v := tuitest.DeployedVisit(t, s, func(v *domain.Visit) {
		e, err := v.ParseEntry(domain.EntryIncident, domain.EntryInput{Text: "Officer injured on the rear stairs", At: "06:05"}, tuitest.LiveNow)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Record(e, tuitest.CIO, tuitest.LiveNow); err != nil {
			t.Fatal(err)
		}
	})
	_ = v
	a := apptest.App(t, s, apptest.As(tuitest.CIO.StaffNo), apptest.At(tuitest.Fixed(tuitest.LiveNow.Add(65*time.Minute))))
	d := tuitest.NewDriver(t, a, 120, 40)
	d.Press("b")
	d.WaitFor("Overdue (")
	d.WaitFor("awaits a CIO") // the banner: the alerts read the store a moment after start
	tuitest.Golden(t, "board_120x40", d.View())
	d.Press("t") // another team: SLN's visits go
	tuitest.Contains(t, d.View(), "showing Scotland ICE (SCO)", "nothing overdue")
	d.Press("r") // the North region
	tuitest.Contains(t, d.View(), "showing the North region")
	d.Press("r") // the South region
	tuitest.Contains(t, d.View(), "showing the South region", "SLN-2026-0001")
}

// TestBoard_ClockTicksUnderAVisit: the board's clock goes on while a
// visit opened from it is on top, so it is current when the officer
// comes back.
func TestBoard_ClockTicksUnderAVisit(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.DeployedVisit(t, s, nil)
	clk := &clock{at: tuitest.LiveNow}
	d := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(tuitest.CIO.StaffNo), apptest.At(clk.now)), 120, 40)
	d.Press("b")
	d.WaitFor("last entry 20 minutes ago")
	d.Press("enter")
	if _, ok := d.Top().(*visit.Screen); !ok {
		t.Fatalf("enter opened no visit:\n%s", d.View())
	}
	clk.add(10 * time.Minute)
	time.Sleep(1200 * time.Millisecond) // a tick of the board's clock
	d.Settle()
	d.Press("esc")
	tuitest.Contains(t, d.View(), "last entry 30 minutes ago")
}

// TestBoard_AcknowledgedFromAnyRowOfTheVisit: the duty CIO's cursor on
// the visit's overdue row, not its incident's, still acknowledges the
// incident awaiting on that visit (it said there was none).
func TestBoard_AcknowledgedFromAnyRowOfTheVisit(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, s, nil)
	tuitest.SaveOfficer(t, s, dutyCIO)
	// Three days on, its closure is overdue (DBF-3).
	at := apptest.At(tuitest.Fixed(tuitest.LiveNow.Add(72 * time.Hour)))
	oic := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(tuitest.CIO.StaffNo), at), 120, 40)
	declare(t, oic)
	cio := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(dutyCIO.StaffNo), at), 120, 40)
	cio.Press("ctrl+t")
	cio.WaitFor("NOT ACKNOWLEDGED")
	cio.Press("G") // the last row: the visit's, under Overdue
	tuitest.Contains(t, cio.View(), "Overdue (1)")
	cio.Press("a")
	cio.WaitFor("critical incident acknowledged by " + dutyCIO.Label())
	if inc := tuitest.Stored(t, s, v.Ref).Incidents()[0]; inc.Ack == nil || inc.Ack.Recorded.By != dutyCIO.StaffNo {
		t.Fatalf("stored acknowledgement %+v", inc.Ack)
	}
}

// TestBoard_SignInToAcknowledge: at a laptop the OIC signed in on, the
// duty CIO signs in as themselves on the board (u), where INC-2's refusal
// sends them, and acknowledges there.
func TestBoard_SignInToAcknowledge(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, s, nil)
	tuitest.SaveOfficer(t, s, dutyCIO)
	d := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(tuitest.CIO.StaffNo), apptest.At(tuitest.Fixed(tuitest.LiveNow))), 120, 40)
	declare(t, d)
	d.Press("ctrl+t")
	d.WaitFor("NOT ACKNOWLEDGED")
	d.Press("a")
	tuitest.Contains(t, d.View(), "is the OIC of "+string(v.Ref))
	d.Press("u")
	d.WaitFor("Switch the signed-in officer")
	d.Press(string(dutyCIO.StaffNo), "enter")
	d.WaitFor("Signed in as " + dutyCIO.Label() + ". Press a to acknowledge")
	d.Press("a")
	d.WaitFor("critical incident acknowledged by " + dutyCIO.Label())
	if inc := tuitest.Stored(t, s, v.Ref).Incidents()[0]; inc.Ack == nil || inc.Ack.Recorded.By != dutyCIO.StaffNo {
		t.Fatalf("stored acknowledgement %+v", inc.Ack)
	}
}

// There is one board: ctrl+t on it does nothing, and from a visit opened
// from it (a form open there, typing in it) goes back to it, the typing
// kept as a draft, so Esc from the board returns to the register, not to
// the visit or to a board before.
func TestBoard_CtrlTGoesBackToTheOneBoard(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, s, nil)
	d := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(tuitest.CIO.StaffNo), apptest.At(tuitest.Fixed(tuitest.LiveNow))), 120, 40)
	d.WaitFor("Visit register")
	d.Press("ctrl+t")
	d.WaitFor("0 of 5 on site")
	d.Press("ctrl+t") // on the board: nothing
	d.Press("enter")
	sc, ok := d.Top().(*visit.Screen)
	if !ok {
		t.Fatalf("enter on the board opened no visit:\n%s", d.View())
	}
	d.Press(fmt.Sprint(sc.NumberOf(live.Name)), "n", "Rear door forced")
	tuitest.Contains(t, d.View(), "Rear door forced")
	d.Press("ctrl+t")
	if _, ok := d.Top().(*board.Screen); !ok {
		t.Fatalf("ctrl+t from the visit shows no board:\n%s", d.View())
	}
	tuitest.Contains(t, d.View(), "Your typing is kept as a draft")
	if b, _ := s.Draft(context.Background(), tuitest.CIO.StaffNo, "live-note:"+string(v.Ref)); !strings.Contains(string(b), "Rear door forced") {
		t.Errorf("the note typed is not kept as a draft: %q", b)
	}
	d.Press("esc")
	if _, ok := d.Top().(*board.Screen); ok {
		t.Fatalf("Esc from the board shows a board again:\n%s", d.View())
	}
	tuitest.Contains(t, d.View(), "Visit register")
}
