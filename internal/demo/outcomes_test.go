package demo

import (
	"testing"
	"time"

	"oic/domain"
)

// TestOutcomes checks the outcomes the demo records (OUT-1, JNT-1,
// CUS-1) in realistic proportions: every worker of a closed visit covered
// by exactly one notice, mostly civil penalty referral notices; about 15%
// of visits that went ahead joint operations, the police most often;
// nearly every arrest booked into custody, about half of them needing an
// interpreter; nearly everyone found working illegally interviewed and
// their biometrics checked.
func TestOutcomes(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 14, 10, 37, 0, 0, london(t))
	_, recs := collect(t, Options{Visits: 1500, Seed: 16, Now: now})
	var went, joint, workers, covered, cprns, notices, arrests, booked, interpreters, interviewed, checked int
	agencies := map[domain.Agency]int{}
	for _, rec := range recs {
		v := rec.Visit
		if _, ok := wentAhead(v); !ok || v.State == domain.StoodDown {
			continue
		}
		went++
		o := v.Outcomes()
		if o.Joint {
			joint++
		}
		for _, a := range o.Agencies {
			agencies[a.Agency]++
		}
		if v.State == domain.Deployed {
			continue
		}
		if o.WorkersCovered != o.IllegalWorkers {
			t.Errorf("%s (%s): %d found working illegally, %d covered by notices", v.Ref, v.State, o.IllegalWorkers, o.WorkersCovered)
		}
		workers += o.IllegalWorkers
		covered += o.WorkersCovered
		cprns += o.CPRNs
		notices += o.CPRNs + o.NoActionNotices
		arrests += o.Arrests
		booked += o.ArrestsInCustody
		interpreters += o.Interpreters
		interviewed += o.Interviews
		checked += o.Biometrics
	}
	t.Logf("%d went ahead, %d joint %v; %d workers, %d notices (%d CPRNs); %d arrests, %d booked in, %d interpreters; %d interviewed, %d biometrics",
		went, joint, agencies, workers, notices, cprns, arrests, booked, interpreters, interviewed, checked)
	within := func(what string, got, lo, hi float64) {
		t.Helper()
		if got < lo || got > hi {
			t.Errorf("%s: %.3f, want %.3f-%.3f", what, got, lo, hi)
		}
	}
	within("joint operations, of visits that went ahead (JNT-1: 15% nationally)", float64(joint)/float64(went), 0.11, 0.19)
	within("civil penalty referral notices, of notices", float64(cprns)/float64(notices), 0.6, 0.9)
	within("workers a notice", float64(covered)/float64(notices), 1, 1.6)
	within("arrests booked into custody (CUS-1)", float64(booked)/float64(arrests), 0.85, 0.97)
	within("bookings needing an interpreter", float64(interpreters)/float64(booked), 0.35, 0.55)
	// Cleared people are now and then checked too, so these are of
	// those found working illegally only roughly.
	within("interviewed, a worker", float64(interviewed)/float64(workers), 0.75, 0.95)
	within("biometrics checked, a worker", float64(checked)/float64(workers), 0.8, 1.1)
	if agencies[domain.AgencyPolice] <= agencies[domain.AgencyHMRC] || agencies[domain.AgencyOther] == 0 {
		t.Errorf("agencies %v: the police most often, and now and then another", agencies)
	}
}
