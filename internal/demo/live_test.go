package demo

import (
	"slices"
	"strings"
	"testing"
	"time"

	"oic/domain"
)

// checkLive: only a visit that went ahead has a live record, and it is one
// an officer could have written: every entry between the deployment and
// the end of the visit (or now), written down once it had happened, by an
// officer on the team; every officer on site arrived; the entry made with
// its power (PWR-2) unless the visit was stood down on arrival or consent
// was refused, which the debrief explains, and then nobody inside met;
// excuses left not yet known settled by a correction; seizures
// numbered and sealed (PWR-3); corrections naming an earlier entry of
// their kind with a reason; no incident left open; and once the visit is
// over, everyone gone.
func checkLive(v *domain.Visit, now time.Time, fail func(*domain.Visit, string, ...any)) {
	deployed, went := wentAhead(v)
	if !went {
		if len(v.Timeline) > 0 {
			fail(v, "a live record on a visit that never deployed")
		}
		return
	}
	end := now
	if last := v.History[len(v.History)-1]; last.To != domain.Deployed {
		for _, h := range v.History {
			if h.At.After(deployed) {
				end = h.At
				break
			}
		}
	}
	nowMin := now.Truncate(time.Minute)
	stoodDown := v.State == domain.StoodDown
	entered := false
	for i, e := range v.Timeline {
		if e.Seq != i+1 || e.At.Before(deployed) || e.At.After(e.Recorded.At) || e.Recorded.At.After(end) || e.Recorded.At.After(nowMin) {
			fail(v, "entry #%d (%s) at %s, written %s: outside the visit (deployed %s, ended %s)", e.Seq, e.Kind, e.At, e.Recorded.At, deployed, end)
		}
		if _, on := v.Rostered(e.Recorded.By); !on {
			fail(v, "entry #%d written by %s, not on the team", e.Seq, e.Recorded.By)
		}
		if e.Corrects != 0 {
			if e.Corrects >= e.Seq || v.Timeline[e.Corrects-1].Kind != e.Kind || e.Reason == "" {
				fail(v, "entry #%d corrects #%d (%s) with reason %q", e.Seq, e.Corrects, v.Timeline[e.Corrects-1].Kind, e.Reason)
			}
			// A statutory excuse settled after the visit (DBF-1) goes
			// from not yet known to shown or not shown, nothing else.
			if o := v.Timeline[e.Corrects-1]; settlesExcuse(o, e) && (o.Person.Excuse != domain.ExcuseUnknown || e.Person.Excuse == domain.ExcuseUnknown ||
				o.Person.Outcome != e.Person.Outcome) {
				fail(v, "entry #%d settles the excuse of #%d: %+v to %+v", e.Seq, o.Seq, *o.Person, *e.Person)
			}
		}
	}
	for _, e := range v.Effective() {
		switch e.Kind {
		case domain.EntryEntry:
			entered = true
			if e.Power == domain.PowerConsent && e.ConsentBy == "" || (e.Power == domain.PowerWarrant || e.Power == domain.PowerADLetter) && !strings.Contains(e.Warrant, "/") {
				fail(v, "entry #%d by %s without who consented or the reference (PWR-2)", e.Seq, e.Power)
			}
		case domain.EntrySeizure:
			if z := e.Seizure; z == nil || z.Item == "" || z.Exhibit == "" || z.Seal == "" {
				fail(v, "seizure #%d without its numbers (PWR-3)", e.Seq)
			}
		case domain.EntryEncounter:
			if p := e.Person; p == nil || p.Name == "" || p.Outcome == "" || p.Outcome != domain.OutcomeCleared && p.Excuse == domain.ExcuseNA {
				fail(v, "encounter #%d: %+v", e.Seq, e.Person)
			}
		}
	}
	if !entered && !stoodDown && v.State != domain.Deployed && v.Debrief.NoEntry == "" {
		fail(v, "went ahead without an entry made, and the debrief does not say why")
	}
	if !entered && !stoodDown {
		// Nobody inside was met: only people outside, cleared.
		for _, e := range v.Effective() {
			if e.Kind == domain.EntrySeizure || e.Kind == domain.EntryReferral || e.Kind == domain.EntryEncounter && e.Person.Outcome != domain.OutcomeCleared {
				fail(v, "no entry made, yet #%d: %s", e.Seq, e.Summary())
			}
		}
	}
	if _, open := v.ActiveIncident(); open {
		fail(v, "a critical incident still open")
	}
	for _, p := range v.Presence(end) {
		switch {
		case !p.Officer.OnSite():
			if !p.Arrived.IsZero() {
				fail(v, "%s, off site, arrived", p.Officer.Label())
			}
		case p.Arrived.IsZero():
			if v.State != domain.Deployed {
				fail(v, "%s on the team never arrived", p.Officer.Label())
			}
		case p.OnSite && v.State != domain.Deployed:
			fail(v, "%s still on site after the visit ended (%s)", p.Officer.Label(), v.State)
		}
	}
}

// TestLive checks the live records over a run: visits that went ahead have
// arrivals and departures for their team; most people met are cleared,
// about one a visit found working illegally; seizures, referrals,
// safeguarding, corrections and incidents come in realistic shares; the
// power used is mostly the one planned (PWR-2 warns otherwise); and their
// readiness finds nothing blocking.
func TestLive(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 14, 10, 37, 0, 0, london(t))
	_, recs := collect(t, Options{Visits: 4000, Seed: 6, Now: now})
	cfg := domain.DefaultConfig()
	outcomes := map[domain.Outcome]int{}
	kinds := map[domain.EntryKind]int{}
	var went, closed, people, corrected, otherPower, twoVans, custodyRuns, sittings, entries int
	for _, rec := range recs {
		v := rec.Visit
		if _, ok := wentAhead(v); !ok {
			continue
		}
		went++
		if v.State != domain.Deployed && v.State != domain.StoodDown {
			closed++
		}
		arrivals, departures := 0, 0
		for _, e := range v.Timeline {
			kinds[e.Kind]++
			switch e.Kind {
			case domain.EntryArrival:
				arrivals++
			case domain.EntryDeparture:
				departures++
			}
		}
		if arrivals == 2 {
			twoVans++
		}
		if departures == 2 {
			custodyRuns++
		}
		if slices.ContainsFunc(v.Timeline, func(e domain.TimelineEntry) bool {
			return e.Corrects != 0 && !settlesExcuse(v.Timeline[e.Corrects-1], e)
		}) {
			corrected++
		}
		for _, e := range v.Effective() {
			if e.Kind == domain.EntryEncounter {
				people++
				outcomes[e.Person.Outcome]++
			}
		}
		fs := cfg.Readiness(v, now)
		for _, f := range blocksAfter(v, fs) {
			t.Errorf("%s (%s) went ahead, yet %s blocks: %s", v.Ref, v.State, f.Rule, f.Message)
		}
		for _, f := range fs {
			if f.Rule == "PWR-2" && strings.Contains(f.Message, "the plan was") {
				otherPower++
			}
		}
		for _, c := range rec.Changes {
			if strings.HasPrefix(c.Action, "timeline #") {
				sittings++
			}
		}
		entries += len(v.Timeline)
	}
	t.Logf("%d went ahead (%d over); %d people %v; entries %v; %d corrected, %d by another power, %d in two vans, %d custody runs; %.1f entries in %.1f audit entries a visit",
		went, closed, people, outcomes, kinds, corrected, otherPower, twoVans, custodyRuns, float64(entries)/float64(went), float64(sittings)/float64(went))
	within := func(what string, got, lo, hi float64) {
		t.Helper()
		if got < lo || got > hi {
			t.Errorf("%s: %.3f, want %.3f-%.3f", what, got, lo, hi)
		}
	}
	w := float64(went)
	within("cleared, of people met", float64(outcomes[domain.OutcomeCleared])/float64(people), 0.55, 0.8)
	within("arrests a visit", float64(outcomes[domain.OutcomeArrested]+outcomes[domain.OutcomeDetained])/w, 0.5, 1.0)
	within("people met a visit", float64(people)/w, 2, 4)
	within("seizures a visit", float64(kinds[domain.EntrySeizure])/w, 0.2, 0.6)
	within("visits with a correction", float64(corrected)/w, 0.05, 0.13)
	within("visits entered by another power than planned", float64(otherPower)/w, 0.01, 0.06)
	within("visits arriving in two vans", float64(twoVans)/w, 0.1, 0.35)
	within("departures a visit", float64(kinds[domain.EntryDeparture])/w, 1, 1.6)
	for _, o := range domain.Outcomes {
		if outcomes[o] == 0 {
			t.Errorf("nobody %s", o)
		}
	}
	for _, k := range []domain.EntryKind{domain.EntrySafeguarding, domain.EntryReferral, domain.EntryNote, domain.EntryIncident, domain.EntryIncidentOver} {
		if kinds[k] == 0 {
			t.Errorf("no %s entry in %d visits", k, went)
		}
	}
	if n := kinds[domain.EntryIncident]; n > went/100 {
		t.Errorf("%d critical incidents in %d visits; want rare", n, went)
	}
	// Sittings keep the audit trail near one entry per write-up, not per line.
	if f := float64(sittings) / float64(entries); f > 0.7 {
		t.Errorf("%d audit entries for %d live entries", sittings, entries)
	}
}

// TestLiveNow: in the day, the last visit before now is on the ground as
// the demo loads: deployed today, its team on site, nobody gone; at night
// no visit is left out that late.
func TestLiveNow(t *testing.T) {
	t.Parallel()
	ldn := london(t)
	for _, tt := range []struct {
		now  time.Time
		want bool
	}{
		{time.Date(2026, 5, 14, 10, 37, 0, 0, ldn), true},
		{time.Date(2026, 5, 16, 7, 5, 0, 0, ldn), true}, // a Saturday
		{time.Date(2026, 5, 14, 20, 10, 0, 0, ldn), true},
		{time.Date(2026, 5, 14, 0, 30, 0, 0, ldn), false},
		{time.Date(2026, 5, 14, 5, 30, 0, 0, ldn), false},
	} {
		_, recs := collect(t, Options{Visits: 400, Seed: 1, Now: tt.now})
		onSite := 0
		for _, rec := range recs {
			v := rec.Visit
			if v.State != domain.Deployed {
				continue
			}
			gone := slices.ContainsFunc(v.Timeline, func(e domain.TimelineEntry) bool { return e.Kind == domain.EntryDeparture })
			arrived := slices.ContainsFunc(v.Presence(tt.now), func(p domain.Presence) bool { return p.OnSite })
			if arrived && !gone && domain.DateOf(v.Basics.PlannedStart) == domain.DateOf(tt.now) {
				onSite++
				if fs := domain.Readiness(v, tt.now); len(domain.Blocking(fs)) > 0 {
					t.Errorf("%s: the live visit blocks: %v", v.Ref, domain.Blocking(fs))
				}
			}
		}
		if (onSite > 0) != tt.want {
			t.Errorf("now %s: %d visits with their team on site and nobody gone; want some: %v", tt.now.Format(domain.DateTimeLayout), onSite, tt.want)
		}
	}
}
