package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui/common"
	"oic/tui/form"
	"oic/tui/tuitest"
)

// The team of the briefing tests: the visit's OIC (tuitest.CIO) and four more
// from the register of officers.
var briefTeam = []struct {
	o             domain.Officer
	filter        string // what the OIC types in the picker
	role, command string // what the OIC types in the roster form
}{
	{tuitest.CIO, "Okafor", "", "OIC, bronze"},
	{domaintest.Authoriser, "Marsh", "off", "gold"},
	{domaintest.Silver, "Ravi", "off", "silver"},
	{domaintest.Arrest, "Grant", "arr", ""},
	{domaintest.Driver, "Silva", "dri", ""},
}

// authorisedVisit is a green visit at 06:00, its plan authorised, with the
// officers of briefTeam on the register and nobody rostered yet.
func authorisedVisit(t *testing.T, s domain.Store) *domain.Visit {
	t.Helper()
	var auth domain.Change
	v := plannedVisit(t, s, planSetup{rating: domain.Green, edit: func(v *domain.Visit) {
		var err error
		if auth, err = domaintest.Authorise(v, domaintest.Authoriser, tuitest.Now.Add(-2*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}})
	_ = auth
	for _, m := range briefTeam {
		if err := s.SaveOfficer(context.Background(), m.o); err != nil {
			t.Fatal(err)
		}
	}
	if v.State != domain.Authorised {
		t.Fatalf("visit is %s", v.State)
	}
	return v
}

// rosteredVisit opens an authorised visit in a w×h terminal and rosters
// briefTeam on it through the roster tab's keys.
func rosteredVisit(t *testing.T, w, h int) (domain.Store, *domain.Visit, *tuitest.Driver) {
	t.Helper()
	s := tuitest.Store(t)
	v := authorisedVisit(t, s)
	d := tuitest.NewDriver(t, newTestApp(t, s), w, h)
	d.Press("enter")
	rosterTeam(t, d)
	return s, v, d
}

// rosterTeam adds the officers of briefTeam through the roster tab's keys.
func rosterTeam(t *testing.T, d *tuitest.Driver) {
	t.Helper()
	d.Press("6")
	for _, m := range briefTeam {
		d.Press("a", m.filter, "enter")
		if m.role != "" {
			d.Press(m.role)
		}
		d.Press("tab", m.command, "ctrl+s")
		if _, ok := d.Top().(*detail); !ok {
			t.Fatalf("adding %s did not return to the roster:\n%s", m.o.Name, d.View())
		}
	}
}

// signIn switches the signed-in officer and waits for the visit to be
// drawn for them.
func signIn(d *tuitest.Driver, o domain.Officer) {
	d.Press("u", string(o.StaffNo), "enter")
	d.WaitFor("Signed in as " + o.Name)
}

// signInAndAccept switches the signed-in officer and accepts the current
// version as them.
func signInAndAccept(t *testing.T, d *tuitest.Driver, o domain.Officer) {
	t.Helper()
	d.Press("u", string(o.StaffNo), "enter")
	d.WaitFor("Signed in as " + o.Name)
	tuitest.Contains(t, d.View(), "Signed in as "+o.Name)
	accept(t, d, o)
}

// issue issues the briefing from the visit's tabs and waits until the
// visit shows it: a save and a reload, which a loaded machine can spread
// over more than one idle period.
func issue(d *tuitest.Driver) {
	d.Press("7", "b", "enter")
	d.WaitFor("issued to")
}

// accept accepts the current version as o, the officer signed in.
func accept(t *testing.T, d *tuitest.Driver, o domain.Officer) {
	t.Helper()
	d.Press("a")
	d.WaitFor("Accept briefing version")
	tuitest.Contains(t, d.View(), "Accept briefing version")
	d.Press("y")
	d.WaitFor("accepted by " + o.Label())
	if _, ok := d.Top().(*detail); !ok {
		t.Fatalf("accepting as %s did not return to the visit:\n%s", o.Name, d.View())
	}
}

func TestBriefing_RosterIssueAcceptDeploy(t *testing.T) {
	s, v, d := rosteredVisit(t, 120, 40)
	got := stored(t, s, v.Ref)
	if len(got.Roster) != 5 {
		t.Fatalf("rostered %d officers:\n%s", len(got.Roster), d.View())
	}
	tuitest.Contains(t, d.View(), "Dana Okafor", "OIC, bronze", "Lee Grant", "arrest team", "Jo Marsh", "gold · off site")

	issue(d)
	tuitest.Contains(t, d.View(), "briefing version 1 issued to 5 officers")
	if got := stored(t, s, v.Ref); got.State != domain.Briefed || len(got.Briefing.Versions) != 1 {
		t.Fatalf("state %s, %d versions", got.State, len(got.Briefing.Versions))
	}

	// The OIC accepts as themselves, then two more sign in and accept.
	accept(t, d, tuitest.CIO)
	signInAndAccept(t, d, domaintest.Arrest)
	signInAndAccept(t, d, domaintest.Driver)
	signIn(d, tuitest.CIO)
	d.Press("D")
	tuitest.Contains(t, d.View(), "Cannot deploy", "BRF-1", "Jo Marsh", "Ravi Shah")
	if got := stored(t, s, v.Ref); got.State != domain.Briefed {
		t.Fatalf("deployed with acceptances missing: %s", got.State)
	}

	signInAndAccept(t, d, domaintest.Authoriser)
	signInAndAccept(t, d, domaintest.Silver)
	signIn(d, tuitest.CIO)
	got = stored(t, s, v.Ref)
	if n := len(got.Briefing.Acceptances); n != 5 {
		t.Fatalf("%d acceptances", n)
	}
	for _, a := range got.Briefing.Acceptances {
		if a.Version != 1 || a.Digest != got.Briefing.Versions[0].Digest {
			t.Fatalf("acceptance not bound to version 1: %+v", a)
		}
	}

	// On the day: the verbal briefing and the confirmation, then deploy.
	d.Press("v")
	tuitest.Contains(t, d.View(), "Verbal briefing for "+string(v.Ref))
	d.Press("tab", "Dog in the yard; rear gate to the alley", "tab", "Who holds the keys? The manager, from 06:00", "ctrl+s")
	d.Press("c")
	tuitest.Contains(t, d.View(), "Confirm ready to deploy")
	for range domain.ConfirmItems {
		d.Press(" ", "tab")
	}
	d.Press("ctrl+s")
	if _, ok := d.Top().(*detail); !ok {
		t.Fatalf("the confirmation did not save:\n%s", d.View())
	}
	d.Press("D")
	got = stored(t, s, v.Ref)
	if got.State != domain.Deployed {
		t.Fatalf("not deployed (%s):\n%s", got.State, d.View())
	}
	if vb := got.Briefing.Verbal; vb == nil || len(vb.Questions) != 1 || vb.Questions[0].Answer != "The manager, from 06:00" {
		t.Fatalf("verbal briefing %+v", vb)
	}
}

func TestBriefing_AcceptOnlyAsYourself(t *testing.T) {
	s, v, d := rosteredVisit(t, 120, 40)
	issue(d)

	// tuitest.IO is on the register but not on the team.
	d.Press("u", string(tuitest.IO.StaffNo), "enter")
	tuitest.Contains(t, d.View(), "You are not on the team")
	d.Press("a")
	tuitest.Contains(t, d.View(), "BRF-1: Sam Whitfield (IO0042) is not on the team")
	if n := len(stored(t, s, v.Ref).Briefing.Acceptances); n != 0 {
		t.Fatalf("an officer off the team accepted: %d acceptances", n)
	}

	// The OIC's acceptance is their own, never anyone else's.
	signInAndAccept(t, d, tuitest.CIO)
	got := stored(t, s, v.Ref).Briefing.Acceptances
	if len(got) != 1 || got[0].StaffNo != tuitest.CIO.StaffNo {
		t.Fatalf("acceptances %+v", got)
	}
	d.Press("a")
	tuitest.Contains(t, d.View(), "you accepted version 1")
}

func TestBriefing_NewVersionVoidsAcceptances(t *testing.T) {
	s, v, d := rosteredVisit(t, 120, 40)
	issue(d)
	accept(t, d, tuitest.CIO)
	signInAndAccept(t, d, domaintest.Arrest)
	signIn(d, tuitest.CIO)

	// A change to the team makes the order stale; b issues version 2.
	d.Press("6", "down", "down", "down", "down", "d")
	d.Press("Needed at another visit", "enter")
	d.Press("7")
	tuitest.Contains(t, d.View(), "BRF-2")
	d.Press("b")
	tuitest.Contains(t, d.View(), "What changed since version 1", "Dana Okafor", "Lee Grant")
	d.Press("Ana Silva off the team", "enter")
	tuitest.Contains(t, d.View(), "void (BRF-2)")
	got := stored(t, s, v.Ref)
	if cur, _ := got.Briefing.Current(); cur.N != 2 || cur.Note != "Ana Silva off the team" {
		t.Fatalf("current version %+v", cur)
	}
	if out := got.Outstanding(); len(out) != 4 {
		t.Fatalf("%d outstanding after re-issue, want all 4", len(out))
	}
	if strings.Count(d.View(), "not accepted") == 0 {
		t.Fatalf("the tab does not say who must accept again:\n%s", d.View())
	}
}

// The briefing tab with two officers outstanding: the golden the issue
// asks for.
func TestGoldenBriefingTwoOutstanding(t *testing.T) {
	_, _, d := rosteredVisit(t, 100, 50)
	issue(d)
	accept(t, d, tuitest.CIO)
	signInAndAccept(t, d, domaintest.Arrest)
	signInAndAccept(t, d, domaintest.Driver)
	signIn(d, tuitest.CIO)
	d.Press("D")
	d.WaitFor("Cannot deploy")
	tuitest.Golden(t, "briefing_two_outstanding", d.View())
}

func TestConfirmLabelsNameEveryItem(t *testing.T) {
	if len(confirmLabels) != len(domain.ConfirmItems) {
		t.Fatalf("%d labels for %d BRF-4 items", len(confirmLabels), len(domain.ConfirmItems))
	}
	for _, l := range confirmLabels {
		if common.Cells(l) > form.LabelWidth {
			t.Errorf("%q is wider than a form label", l)
		}
	}
}
