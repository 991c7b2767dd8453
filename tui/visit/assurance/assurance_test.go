package assurance_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui/feedback"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
	"oic/tui/visit"
	"oic/tui/visit/assurance"
)

// assurer is a CIO of the team who was not on the visit (ASR-2).
var assurer = domain.Officer{StaffNo: "CIO0777", Name: "Kim Adeyemi", Grade: "HEO", Team: "SLN"}

// closedVisit is a green visit that took place yesterday, led by Dana
// Okafor (tuitest.CIO) with domaintest's team, debriefed and closed.
func closedVisit(t *testing.T, s domain.Store) *domain.Visit {
	t.Helper()
	start := tuitest.Now.Add(-26 * time.Hour)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, Start: start, Edit: func(v *domain.Visit) {
		if err := domaintest.Deploy(v, tuitest.CIO, start.Add(-30*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := domaintest.VisitAndClose(v, tuitest.CIO, start.Add(4*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}})
	tuitest.SaveOfficer(t, s, assurer)
	tuitest.SaveOfficer(t, s, domaintest.Silver)
	return v
}

// checklistKeys answer every item met but seizures, not met with its
// note; then the rating and the feedback.
func checklistKeys() []string {
	var keys []string
	for _, c := range domain.AssuranceChecklist {
		if c.ID == "seizures" {
			keys = append(keys, "no", "tab", "passport seized without a sealed bag number", "tab")
			continue
		}
		keys = append(keys, "met", "tab", "tab")
	}
	return append(keys, "amber", "tab", "Well run; record the seal number of every exhibit.")
}

// A CIO from outside the team assures a closed visit with one item not
// met and feedback; then the OIC signs in, is shown the feedback waiting,
// opens the visit from the notice and acknowledges it; anyone else then
// sees that it was acknowledged (ASR-1, ASR-2, IDN-1).
func TestAssurance_AssureThenOICAcknowledges(t *testing.T) {
	s := tuitest.Store(t)
	v := closedVisit(t, s)
	d, _ := apptest.OnTab(t, apptest.App(t, s, apptest.As(assurer.StaffNo)), 120, 60, assurance.Name)
	tuitest.Contains(t, d.View(), "First-line assurance (ASR-1)", "You may assure this visit", "? unanswered  EPA and authorisation (EPA-1, EPA-2, EPA-3, EPA-5): EPA rated")

	d.Press("A") // nothing answered: refused, saying what is missing
	tuitest.Contains(t, d.View(), "ASR-1: 13 of 13 checklist items unanswered")
	d.Press("enter")
	tuitest.Contains(t, d.View(), "First-line assurance of "+string(v.Ref), "EPA and authorisation")
	d.Press(checklistKeys()...)
	d.Press("ctrl+s")
	if _, ok := d.Top().(*visit.Screen); !ok {
		t.Fatalf("the checklist did not save:\n%s", d.View())
	}
	tuitest.Contains(t, d.View(), "Every item is answered", "✗ not met     Seizures (PWR-3): Every seizure recorded", "passport seized without a sealed bag number", "Rating: AMBER",
		"Well run; record the seal number", "recorded by Kim Adeyemi (CIO0777)")
	if got := tuitest.Stored(t, s, v.Ref); got.State != domain.Closed || len(got.Assurance.NotMet()) != 1 {
		t.Fatalf("after saving the checklist: %s, %+v", got.State, got.Assurance)
	}
	d.Press("A")
	tuitest.Contains(t, d.View(), "Mark "+string(v.Ref)+" assured, rated amber, with 1 of 13 items not met?")
	d.Press("y")
	got := tuitest.Stored(t, s, v.Ref)
	if got.State != domain.Assured || got.Assurance.Assured.By != assurer.StaffNo || got.Assurance.AssurerGrade != "HEO" || !got.Assurance.FeedbackPending() {
		t.Fatalf("not assured: %s %+v\n%s", got.State, got.Assurance, d.View())
	}
	d.WaitFor("Assured AMBER") // the tab reads the visit again when the store says it changed: a round trip of its own
	tuitest.Contains(t, d.View(), "Assured AMBER by Kim Adeyemi (CIO0777), CIO (HEO)", "Feedback not yet acknowledged by the OIC, Dana Okafor (CIO001)")
	trail := audit(t, s, v.Ref)
	if last := trail[len(trail)-1]; last.Change.Action != "state: closed → assured" || last.Change.Actor != assurer.StaffNo {
		t.Errorf("last audit entry %+v", last.Change)
	}

	// The OIC signs in: the notice lists the visit; enter opens it on
	// its assurance tab, where K acknowledges.
	d = tuitest.NewDriver(t, apptest.App(t, s, apptest.As(tuitest.CIO.StaffNo)), 120, 60)
	if _, ok := d.Top().(*feedback.Notice); !ok {
		t.Fatalf("no notice of the feedback at sign-in:\n%s", d.View())
	}
	tuitest.Contains(t, d.View(), "Assurance feedback for you", string(v.Ref), "AMBER, by Kim Adeyemi", "1 not met")
	d.Press("enter")
	sc, ok := d.Top().(*visit.Screen)
	if !ok || sc.Shown() != assurance.Name {
		t.Fatalf("enter did not open the assurance tab:\n%s", d.View())
	}
	tuitest.Contains(t, d.View(), "Read it below, then press K to acknowledge it", "passport seized without a sealed bag number")
	d.Press("K", "y")
	got = tuitest.Stored(t, s, v.Ref)
	if got.Assurance.Acknowledged.By != tuitest.CIO.StaffNo || !got.Assurance.Acknowledged.At.Equal(tuitest.Now) {
		t.Fatalf("not acknowledged: %+v\n%s", got.Assurance.Acknowledged, d.View())
	}
	tuitest.Contains(t, d.View(), "✓ Feedback acknowledged by Dana Okafor (CIO001)")
	trail = audit(t, s, v.Ref)
	if last := trail[len(trail)-1]; last.Change.Action != "assurance feedback acknowledged" || last.Change.Actor != tuitest.CIO.StaffNo {
		t.Errorf("last audit entry %+v", last.Change)
	}

	// Next sign-in: nothing waits. Another officer sees it acknowledged.
	d = tuitest.NewDriver(t, apptest.App(t, s, apptest.As(tuitest.CIO.StaffNo)), 120, 60)
	if _, ok := d.Top().(*feedback.Notice); ok {
		t.Fatal("the notice shows feedback already acknowledged")
	}
	d, _ = apptest.OnTab(t, apptest.App(t, s, apptest.As(assurer.StaffNo)), 120, 60, assurance.Name)
	tuitest.Contains(t, d.View(), "✓ Feedback acknowledged by Dana Okafor (CIO001)")
}

// Who may not assure sees exactly why, and nothing is saved: the OIC
// (the rule and what would satisfy it), an officer of the team, an IO.
func TestAssurance_WhoMayNotIsToldWhy(t *testing.T) {
	s := tuitest.Store(t)
	v := closedVisit(t, s)
	tuitest.SaveOfficer(t, s, tuitest.IO)
	for _, tc := range []struct {
		as   domain.StaffNo
		want string
	}{
		{tuitest.CIO.StaffNo, "ASR-2: Dana Okafor (CIO001) was the OIC of " + string(v.Ref) + " and may not assure it"},
		{domaintest.Silver.StaffNo, "ASR-2: Ravi Shah (CIO0902) was on the team of " + string(v.Ref)},
		{tuitest.IO.StaffNo, "ASR-2: first-line assurance needs a CIO (HEO) or above; Sam Whitfield (IO0042) is"},
	} {
		d, _ := apptest.OnTab(t, apptest.App(t, s, apptest.As(tc.as)), 120, 50, assurance.Name)
		tuitest.Contains(t, d.View(), "✗ You cannot assure "+string(v.Ref), tc.want, "signs in (u) to assure it", "IDN-1: an assurance carries the name of the officer signed in")
		d.Press("enter")
		if _, ok := d.Top().(*visit.Screen); !ok {
			t.Fatalf("%s: a form opened:\n%s", tc.as, d.View())
		}
		tuitest.Contains(t, d.View(), tc.want)
		d.Press("A")
		tuitest.Contains(t, d.View(), tc.want)
	}
	if got := tuitest.Stored(t, s, v.Ref); got.State != domain.Closed || len(got.Assurance.Items) != 0 {
		t.Errorf("a refusal changed the visit: %s %+v", got.State, got.Assurance)
	}
}

// The follow-up state is reachable: F on the assurance tab asks what is
// followed up and moves the visit there; assurance goes on from it.
func TestAssurance_FollowUp(t *testing.T) {
	s := tuitest.Store(t)
	v := closedVisit(t, s)
	d, _ := apptest.OnTab(t, apptest.App(t, s), 120, 50, assurance.Name)
	d.Press("F")
	tuitest.Contains(t, d.View(), "Follow-up on "+string(v.Ref))
	d.Press([]string{"NRM referral awaiting decision"}...)
	d.Press("enter")
	got := tuitest.Stored(t, s, v.Ref)
	if got.State != domain.FollowUp || got.History[len(got.History)-1].Reason != "NRM referral awaiting decision" {
		t.Fatalf("state %s, history %+v\n%s", got.State, got.History[len(got.History)-1], d.View())
	}
	d.Press("F")
	tuitest.Contains(t, d.View(), "cannot move to follow-up "+string(v.Ref)+": it is already follow-up")
}

// audit is the visit's audit trail as stored.
func audit(t *testing.T, s domain.Store, ref domain.Ref) []domain.AuditEntry {
	t.Helper()
	trail, err := s.Audit(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return trail
}

// assure records the checklist of checklistKeys on the stored visit
// through the domain, as the assurer, and marks it assured.
func assure(t *testing.T, s domain.Store, v *domain.Visit) *domain.Visit {
	t.Helper()
	ctx := context.Background()
	cfg, at := domain.DefaultConfig(), tuitest.Now.Add(-time.Hour)
	m := v.AssuranceValues()
	for _, c := range domain.AssuranceChecklist {
		m[domain.FieldAsrAnswer(c.ID)] = "met"
	}
	m[domain.FieldAsrAnswer("seizures")], m[domain.FieldAsrNote("seizures")] = "not met", "passport seized without a sealed bag number"
	m[domain.FieldAsrAnswer("interviews")] = "not applicable"
	m[domain.FieldAsrRating], m[domain.FieldAsrFeedback] = "amber", "Well run; record the seal number of every exhibit."
	for _, step := range []func(*domain.Visit) (domain.Change, error){
		func(v *domain.Visit) (domain.Change, error) { return v.SetAssurance(cfg, m, assurer, at) },
		func(v *domain.Visit) (domain.Change, error) { return v.Assure(cfg, assurer, at) },
	} {
		c, err := step(v)
		if err != nil {
			t.Fatal(err)
		}
		if v, err = s.SaveVisit(ctx, v, c); err != nil {
			t.Fatal(err)
		}
	}
	return v
}

// The assured record as its OIC first sees it: the rating and the
// feedback first, the checklist under them.
func TestGoldenAssurance(t *testing.T) {
	s := tuitest.Store(t)
	assure(t, s, closedVisit(t, s))
	for _, sz := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		d := tuitest.NewDriver(t, apptest.App(t, s), sz.w, sz.h)
		d.Press("enter") // the notice: open the visit on its assurance tab
		if sc, ok := d.Top().(*visit.Screen); !ok || sc.Shown() != assurance.Name {
			t.Fatalf("not on the assurance tab:\n%s", d.View())
		}
		tuitest.Golden(t, fmt.Sprintf("assurance_assured_%dx%d", sz.w, sz.h), d.View())
	}
}

// A checklist half worked through and left is kept as a draft under the
// assurer's name, and is back when the form opens again.
func TestAssurance_DraftKept(t *testing.T) {
	s := tuitest.Store(t)
	v := closedVisit(t, s)
	d, _ := apptest.OnTab(t, apptest.App(t, s, apptest.As(assurer.StaffNo)), 120, 60, assurance.Name)
	d.Press("enter", "met", "tab", "risks listed but not the mitigation for the dog")
	key := "assurance:" + string(v.Ref)
	for deadline := time.Now().Add(3 * time.Second); ; d.Settle() {
		b, _ := s.Draft(context.Background(), assurer.StaffNo, key)
		if strings.Contains(string(b), "mitigation for the dog") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no draft %s kept:\n%s", key, d.View())
		}
	}
	d.Press("esc")
	if _, ok := d.Top().(*visit.Screen); !ok {
		d.Press("y") // leave, keeping the draft, if the form asks
	}
	d.Press("enter")
	tuitest.Contains(t, d.View(), "mitigation for the dog")
}

// Signing in with u from the tab shows the new officer the feedback that
// waits for them, as signing in at the start does.
func TestAssurance_SignInWithUShowsFeedback(t *testing.T) {
	s := tuitest.Store(t)
	v := assure(t, s, closedVisit(t, s))
	d, _ := apptest.OnTab(t, apptest.App(t, s, apptest.As(assurer.StaffNo)), 120, 50, assurance.Name)
	d.Press("u")
	d.Press(string(tuitest.CIO.StaffNo), "enter")
	d.WaitFor("Assurance feedback for you")
	if _, ok := d.Top().(*feedback.Notice); !ok {
		t.Fatalf("no notice after signing in with u:\n%s", d.View())
	}
	tuitest.Contains(t, d.View(), string(v.Ref), "AMBER, by Kim Adeyemi")
}

// gatedStore holds the first read of one visit until its gate opens: the
// look for feedback at sign-in, slow under load.
type gatedStore struct {
	domain.Store
	ref  domain.Ref
	gate chan struct{}
	once sync.Once
}

func (g *gatedStore) Visit(ctx context.Context, ref domain.Ref) (*domain.Visit, error) {
	if ref == g.ref {
		g.once.Do(func() { <-g.gate })
	}
	return g.Store.Visit(ctx, ref)
}

// Feedback found after the officer has moved on is not pushed over what
// they are doing (under load in team mode the look took seconds and the
// notice took the note an officer was typing on the live tab); it shows
// once they are back at the register.
func TestAssurance_FeedbackFoundLateWaitsForTheRegister(t *testing.T) {
	s := tuitest.Store(t)
	v := assure(t, s, closedVisit(t, s))
	other := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green})
	g := &gatedStore{Store: s, ref: v.Ref, gate: make(chan struct{})}
	d := tuitest.NewDriver(t, apptest.App(t, g, apptest.As(tuitest.CIO.StaffNo)), 120, 50)
	if _, ok := d.Top().(*feedback.Notice); ok {
		t.Fatal("the notice came before its gate opened")
	}
	d.Press("enter") // the register's top row, the visit planned for today
	sc, ok := d.Top().(*visit.Screen)
	if !ok || sc.Ref() != other.Ref {
		t.Fatalf("enter did not open %s:\n%s", other.Ref, d.View())
	}
	close(g.gate)
	d.Settle()
	if _, ok := d.Top().(*visit.Screen); !ok {
		t.Fatalf("the notice was pushed over the visit the officer had opened:\n%s", d.View())
	}
	d.Press("esc")
	d.WaitFor("Assurance feedback for you")
	if _, ok := d.Top().(*feedback.Notice); !ok {
		t.Fatalf("back at the register, no notice of the feedback:\n%s", d.View())
	}
	tuitest.Contains(t, d.View(), string(v.Ref), "AMBER, by Kim Adeyemi")
}

// readCounting counts the visits read whole.
type readCounting struct {
	domain.Store
	mu    sync.Mutex
	reads []domain.Ref
	parts []domain.Ref // asked of FeedbackWaiting
}

func (r *readCounting) FeedbackWaiting(ctx context.Context, sn domain.StaffNo, refs []domain.Ref) ([]domain.Ref, error) {
	r.mu.Lock()
	r.parts = append(r.parts, refs...)
	r.mu.Unlock()
	return r.Store.FeedbackWaiting(ctx, sn, refs)
}

func (r *readCounting) Visit(ctx context.Context, ref domain.Ref) (*domain.Visit, error) {
	r.mu.Lock()
	r.reads = append(r.reads, ref)
	r.mu.Unlock()
	return r.Store.Visit(ctx, ref)
}

// The look for feedback at sign-in reads whole only the visits whose
// feedback waits: of the officer's assured visits (at each sign-in in
// team mode, dozens an officer), one acknowledged is found waiting for
// nothing from its list entry, its record not read at all. (A list
// entry an earlier oic wrote does not say: the part of the record that
// says is read instead, TestFeedbackWaitingFindsWhatTheWholeRecordSays.)
func TestAssurance_FeedbackLookReadsWholeOnlyWhatWaits(t *testing.T) {
	s := tuitest.Store(t)
	ctx := context.Background()
	waits := assure(t, s, closedVisit(t, s))
	done := assure(t, s, closedVisit(t, s))
	c, err := done.AcknowledgeFeedback(tuitest.CIO, tuitest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveVisit(ctx, done, c); err != nil {
		t.Fatal(err)
	}
	r := &readCounting{Store: s}
	vs, err := feedback.Pending(ctx, r, tuitest.CIO, nil)
	if err != nil || len(vs) != 1 || vs[0].Ref != waits.Ref {
		t.Fatalf("feedback found: %d visits, %v; want %s alone", len(vs), err, waits.Ref)
	}
	if len(r.reads) != 1 || r.reads[0] != waits.Ref {
		t.Errorf("read whole: %v; want %s alone", r.reads, waits.Ref)
	}
	if len(r.parts) != 0 {
		t.Errorf("records read in part for whether feedback waits: %v; their list entries say", r.parts)
	}
}
