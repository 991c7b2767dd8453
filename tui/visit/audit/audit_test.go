package audit_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui/register"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
	"oic/tui/visit/audit"
)

// changedVisit is the worst case of issue 14 on the in-memory store: a
// planned visit naming Dritan Kola, born 15 January 1990, whose name and
// date of birth are then edited in the stored document at the same
// length, its audit trail left as it was.
func changedVisit(t *testing.T) (*domaintest.Store, *domain.Visit) {
	t.Helper()
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green})
	c, err := v.AddSubject(domain.Subject{Name: "Dritan Kola", DOB: domain.Date{Year: 1990, Month: 1, Day: 15}, Offence: domain.Offences[1]}, tuitest.CIO, tuitest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if v, err = s.SaveVisit(context.Background(), v, c); err != nil {
		t.Fatal(err)
	}
	if err := s.ChangeOutside(v.Ref, func(doc []byte) []byte {
		doc = bytes.Replace(doc, []byte("Dritan Kola"), []byte("Dritan Kolb"), 1)
		return bytes.Replace(doc, []byte("1990-01-15"), []byte("1991-01-15"), 1)
	}); err != nil {
		t.Fatal(err)
	}
	return s, v
}

// A record changed outside oic never shows as verified: the Audit tab and
// the overview say what happened, the changed record is still shown, the
// register marks it, and nothing is saved over it.
func TestAudit_RecordChangedOutsideOicIsShownNeverVerified(t *testing.T) {
	s, v := changedVisit(t)
	d, _ := apptest.OnTab(t, apptest.App(t, s), 120, 40, audit.Name)
	view := d.View()
	tuitest.Contains(t, view, domain.RecordChanged+": its stored document is not the one audit entry", "Report it")
	if strings.Contains(view, "Chain verified") {
		t.Errorf("a changed record shows as verified:\n%s", view)
	}

	d.Press("1")
	tuitest.Contains(t, d.View(), domain.RecordChanged+": its stored document is not the one audit entry", "(tab 0, Audit)")
	d.Press("5")
	tuitest.Contains(t, d.View(), "Dritan Kolb") // shown as the store now holds it

	// An edit is refused, and nothing is saved.
	d.Press("e", "tab", "ctrl+u", "Saved over", "ctrl+s")
	tuitest.Contains(t, d.View(), "record changed outside oic")
	if got, _ := s.Visit(context.Background(), v.Ref); got == nil || got.Version != v.Version || got.Basics.Premises.Name == "Saved over" {
		t.Errorf("an edit was saved over the changed record: %+v", got)
	}

	// Back in the register (the typing discarded), its row is marked.
	d.Press("esc", "d", "esc")
	if _, ok := d.Top().(*register.Screen); !ok {
		t.Fatalf("esc did not lead back to the register:\n%s", d.View())
	}
	for _, l := range strings.Split(d.View(), "\n") {
		if strings.Contains(l, string(v.Ref)) && !strings.HasPrefix(l, "✗") {
			t.Errorf("the register does not mark it:\n%s", l)
		}
	}
}

// A whole record, and a whole chain: only then "✓ Chain verified".
func TestAudit_WholeRecordIsVerified(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green})
	d, _ := apptest.OnTab(t, apptest.App(t, s), 120, 40, audit.Name)
	tuitest.Contains(t, d.View(), "✓ Chain verified:", "the last to the record as stored")
	if strings.Contains(d.View(), domain.RecordChanged) {
		t.Errorf("a whole record is marked changed:\n%s", d.View())
	}
}

// arrivedVisit is a planned visit on the in-memory store that arrived
// as a says (its Version taken from the visit).
func arrivedVisit(t *testing.T, a domain.Arrival) (*domaintest.Store, *domain.Visit) {
	t.Helper()
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green})
	a.Version = v.Version
	if err := s.Arrive(v.Ref, a); err != nil {
		t.Fatal(err)
	}
	return s, v
}

// A visit that came by import shows its arrivals below its trail (who
// imported it, from whose export, signed by which key), and one that
// arrived without its history is marked "unverified: no history" on the
// Audit tab, the overview and its register row, its chain verified all
// the same.
func TestAudit_ArrivalsAndUnverifiedMarks(t *testing.T) {
	at := tuitest.Now.Add(-time.Hour)
	s, v := arrivedVisit(t, domain.Arrival{At: at, By: "CR0001", ByName: "Cara Reid",
		File: "march.jsonl", FileSHA256: strings.Repeat("ab", 32), Schema: 1,
		ExportedBy: "Sam Okoro (IO0701)", ExportedAt: at.Add(-24 * time.Hour), ToolVersion: "1.0.0",
		Signer: "SHA256:k3yf1ngerpr1nt", Principal: "croydon-laptop", Unverified: []string{domain.UnverifiedNoHistory}})
	d, _ := apptest.OnTab(t, apptest.App(t, s), 120, 70, audit.Name)
	view := d.View()
	tuitest.Contains(t, view, "✓ Chain verified:", "? unverified: no history: it came from an export without its audit trail",
		"Arrived", "imported by Cara Reid (CR0001) from an export by Sam Okoro (IO0701)", "signed by SHA256:k3yf1ngerpr1nt (croydon-laptop)",
		"file march.jsonl")
	d.Press("1")
	tuitest.Contains(t, d.View(), "? unverified: no history: it came by import")
	d.Press("esc")
	if _, ok := d.Top().(*register.Screen); !ok {
		t.Fatalf("esc did not lead back to the register:\n%s", d.View())
	}
	for _, l := range strings.Split(d.View(), "\n") {
		if strings.Contains(l, string(v.Ref)) && !strings.HasPrefix(l, "?") {
			t.Errorf("the register does not mark it:\n%s", l)
		}
	}
}

// An unsigned file's visit says so in its arrival.
func TestAudit_UnsignedArrival(t *testing.T) {
	s, _ := arrivedVisit(t, domain.Arrival{At: tuitest.Now, By: "CR0001", ByName: "Cara Reid", File: "march.jsonl",
		Schema: 2, ExportedBy: "Sam Okoro (IO0701)", ExportedAt: tuitest.Now, Unverified: []string{domain.UnverifiedUnsigned}})
	d, _ := apptest.OnTab(t, apptest.App(t, s), 120, 70, audit.Name)
	tuitest.Contains(t, d.View(), "? unverified: unsigned: it came from an unsigned export", "unsigned, admitted with --allow-unsigned")
}
