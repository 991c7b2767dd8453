package briefing_test

import (
	"strings"
	"testing"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
	"oic/tui/visit"
)

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
	if _, ok := d.Top().(*visit.Screen); !ok {
		t.Fatalf("accepting as %s did not return to the visit:\n%s", o.Name, d.View())
	}
}

func TestBriefing_RosterIssueAcceptDeploy(t *testing.T) {
	s, v, d := apptest.RosteredVisit(t, 120, 40)
	got := tuitest.Stored(t, s, v.Ref)
	if len(got.Roster) != 5 {
		t.Fatalf("rostered %d officers:\n%s", len(got.Roster), d.View())
	}
	tuitest.Contains(t, d.View(), "Dana Okafor", "OIC, bronze", "Lee Grant", "arrest team", "Jo Marsh", "gold · off site")

	issue(d)
	tuitest.Contains(t, d.View(), "briefing version 1 issued to 5 officers")
	if got := tuitest.Stored(t, s, v.Ref); got.State != domain.Briefed || len(got.Briefing.Versions) != 1 {
		t.Fatalf("state %s, %d versions", got.State, len(got.Briefing.Versions))
	}

	// The OIC accepts as themselves, then two more sign in and accept.
	accept(t, d, tuitest.CIO)
	signInAndAccept(t, d, domaintest.Arrest)
	signInAndAccept(t, d, domaintest.Driver)
	signIn(d, tuitest.CIO)
	d.Press("D")
	tuitest.Contains(t, d.View(), "Cannot deploy", "BRF-1", "Jo Marsh", "Ravi Shah")
	if got := tuitest.Stored(t, s, v.Ref); got.State != domain.Briefed {
		t.Fatalf("deployed with acceptances missing: %s", got.State)
	}

	signInAndAccept(t, d, domaintest.Authoriser)
	signInAndAccept(t, d, domaintest.Silver)
	signIn(d, tuitest.CIO)
	got = tuitest.Stored(t, s, v.Ref)
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
	if _, ok := d.Top().(*visit.Screen); !ok {
		t.Fatalf("the confirmation did not save:\n%s", d.View())
	}
	d.Press("D")
	got = tuitest.Stored(t, s, v.Ref)
	if got.State != domain.Deployed {
		t.Fatalf("not deployed (%s):\n%s", got.State, d.View())
	}
	if vb := got.Briefing.Verbal; vb == nil || len(vb.Questions) != 1 || vb.Questions[0].Answer != "The manager, from 06:00" {
		t.Fatalf("verbal briefing %+v", vb)
	}
}

func TestBriefing_AcceptOnlyAsYourself(t *testing.T) {
	s, v, d := apptest.RosteredVisit(t, 120, 40)
	issue(d)

	// tuitest.IO is on the register but not on the team.
	d.Press("u", string(tuitest.IO.StaffNo), "enter")
	tuitest.Contains(t, d.View(), "You are not on the team")
	d.Press("a")
	tuitest.Contains(t, d.View(), "BRF-1: Sam Whitfield (IO0042) is not on the team")
	if n := len(tuitest.Stored(t, s, v.Ref).Briefing.Acceptances); n != 0 {
		t.Fatalf("an officer off the team accepted: %d acceptances", n)
	}

	// The OIC's acceptance is their own, never anyone else's.
	signInAndAccept(t, d, tuitest.CIO)
	got := tuitest.Stored(t, s, v.Ref).Briefing.Acceptances
	if len(got) != 1 || got[0].StaffNo != tuitest.CIO.StaffNo {
		t.Fatalf("acceptances %+v", got)
	}
	d.Press("a")
	tuitest.Contains(t, d.View(), "you accepted version 1")
}

func TestBriefing_NewVersionVoidsAcceptances(t *testing.T) {
	s, v, d := apptest.RosteredVisit(t, 120, 40)
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
	got := tuitest.Stored(t, s, v.Ref)
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
	_, _, d := apptest.RosteredVisit(t, 100, 50)
	issue(d)
	accept(t, d, tuitest.CIO)
	signInAndAccept(t, d, domaintest.Arrest)
	signInAndAccept(t, d, domaintest.Driver)
	signIn(d, tuitest.CIO)
	d.Press("D")
	d.WaitFor("Cannot deploy")
	tuitest.Golden(t, "briefing_two_outstanding", d.View())
}
