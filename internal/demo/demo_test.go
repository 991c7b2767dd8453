package demo

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"oic/domain"
)

func london(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	return loc
}

// collect runs Generate and keeps everything: fine for test sizes.
func collect(t testing.TB, opt Options) (officers []domain.Officer, visits []Record) {
	t.Helper()
	err := Generate(opt, func(r Record) error {
		switch {
		case r.Officer != nil:
			if len(visits) > 0 {
				return errors.New("an officer came after a visit")
			}
			officers = append(officers, *r.Officer)
		case r.Visit != nil:
			visits = append(visits, r)
		default:
			return errors.New("an empty record")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return officers, visits
}

// digest hashes the whole output as JSON, the form the store keeps.
func digest(t *testing.T, opt Options) string {
	t.Helper()
	h := sha256.New()
	enc := json.NewEncoder(h)
	err := Generate(opt, func(r Record) error { return enc.Encode(r) })
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 14, 10, 37, 12, 0, london(t))
	base := Options{Visits: 300, Seed: 1, Now: now}
	other := func(f func(*Options)) Options { o := base; f(&o); return o }
	tests := []struct {
		name string
		opt  Options
		same bool
	}{
		{"same options", base, true},
		{"same minute", other(func(o *Options) { o.Now = now.Add(20 * time.Second) }), true},
		{"another seed", other(func(o *Options) { o.Seed = 2 }), false},
		{"another day", other(func(o *Options) { o.Now = now.AddDate(0, 0, 1) }), false},
		{"more visits", other(func(o *Options) { o.Visits = 301 }), false},
	}
	want := digest(t, base)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := digest(t, tt.opt); (got == want) != tt.same {
				t.Errorf("same output = %v, want %v", got == want, tt.same)
			}
		})
	}
}

// TestOfficersDoNotDependOnVisits: a benchmark at 1,000 visits and one at
// 100,000 see the same officers.
func TestOfficersDoNotDependOnVisits(t *testing.T) {
	now := time.Date(2026, 5, 14, 10, 37, 0, 0, london(t))
	a, _ := collect(t, Options{Visits: 0, Seed: 7, Now: now})
	b, _ := collect(t, Options{Visits: 200, Seed: 7, Now: now})
	if !slices.Equal(a, b) {
		t.Error("the officers changed with the number of visits")
	}
}

func TestOptionsRefused(t *testing.T) {
	now := time.Date(2026, 5, 14, 10, 37, 0, 0, time.UTC)
	for _, opt := range []Options{
		{Visits: -1, Now: now},
		{Visits: MaxVisits + 1, Now: now},
		{Visits: 10},
	} {
		if err := Generate(opt, func(Record) error { return nil }); err == nil {
			t.Errorf("%+v: no error", opt)
		}
	}
}

func TestEmitErrorStops(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := Generate(Options{Visits: 50, Seed: 1, Now: time.Date(2026, 5, 14, 10, 0, 0, 0, time.UTC)}, func(r Record) error {
		if r.Visit != nil {
			n++
			if n == 3 {
				return stop
			}
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("err %v after %d visits; want stop after 3", err, n)
	}
}

func TestOfficers(t *testing.T) {
	now := time.Date(2026, 5, 14, 10, 37, 0, 0, london(t))
	officers, _ := collect(t, Options{Seed: 1, Now: now})
	cfg := domain.DefaultConfig()
	if n := len(officers); n < 600 || n > 700 {
		t.Errorf("%d officers, want 600-700", n)
	}
	grades := map[string]int{}
	teams := map[domain.TeamCode]int{}
	staff := map[domain.StaffNo]bool{}
	names := map[string]bool{}
	trained, lapsed, ios := 0, 0, 0
	for _, o := range officers {
		if _, err := domain.NewOfficer(o.Input(), cfg, now); err != nil {
			t.Errorf("%s does not validate: %v", o.Label(), err)
		}
		if staff[o.StaffNo] {
			t.Errorf("staff number %s used twice", o.StaffNo)
		}
		if names[o.Name] {
			t.Errorf("name %s used twice", o.Name)
		}
		if isFamous(o.Name) {
			t.Errorf("officer named after a public figure: %s", o.Name)
		}
		staff[o.StaffNo], names[o.Name] = true, true
		grades[o.Grade]++
		teams[o.Team]++
		if o.RefresherOn.After(domain.DateOf(now)) {
			t.Errorf("%s: refresher %s is in the future", o.Label(), o.RefresherOn)
		}
		if o.Grade == "EO" || o.Grade == "HEO" {
			ios++
			if o.ArrestTrained {
				trained++
				if o.RefresherLapsed(domain.DateOf(now)) {
					lapsed++
				}
			}
		}
		if o.Grade == "AO" && o.ArrestTrained {
			t.Errorf("%s: an administrative officer is arrest-trained", o.Label())
		}
	}
	for _, tm := range domain.Teams {
		if n := teams[tm.Code]; n < 24 || n > 62 {
			t.Errorf("team %s has %d officers, want about 25-60", tm.Code, n)
		}
	}
	// ICIBI figure 2 shares, within a point or two for rounding per team.
	shares := []struct {
		grade    string
		min, max float64
	}{{"AO", 0.04, 0.07}, {"EO", 0.70, 0.76}, {"HEO", 0.13, 0.18}, {"SEO", 0.04, 0.065}, {"G7", 0.008, 0.02}}
	for _, s := range shares {
		if got := float64(grades[s.grade]) / float64(len(officers)); got < s.min || got > s.max {
			t.Errorf("%s share %.3f, want %.3f-%.3f", s.grade, got, s.min, s.max)
		}
	}
	if f := float64(trained) / float64(ios); f < 0.8 {
		t.Errorf("%.2f of IOs and CIOs arrest-trained, want most", f)
	}
	if f := float64(lapsed) / float64(trained); lapsed == 0 || f > 0.15 {
		t.Errorf("%d of %d refreshers lapsed, want a few", lapsed, trained)
	}

	i := slices.IndexFunc(officers, func(o domain.Officer) bool { return o.StaffNo == DemoStaffNo })
	if i < 0 {
		t.Fatal("no demo officer")
	}
	me := officers[i]
	if me.Name != DemoName || me.Grade != "HEO" || me.Team != "SLN" || !me.ArrestTrained || me.RefresherLapsed(domain.DateOf(now)) {
		t.Errorf("demo officer %+v: want %s, a CIO on SLN, arrest-trained and in date", me, DemoName)
	}
}

// nows are moments that have tripped date code before: early morning before
// office hours, just before midnight, the two clock changes, New Year, and a
// zone other than London.
func nows(t *testing.T) []time.Time {
	ldn := london(t)
	return []time.Time{
		time.Date(2026, 5, 14, 10, 37, 12, 0, ldn),
		time.Date(2026, 5, 14, 0, 30, 0, 0, ldn),
		time.Date(2026, 5, 16, 7, 5, 0, 0, ldn), // a Saturday, before 08:00
		time.Date(2026, 5, 14, 23, 50, 0, 0, ldn),
		time.Date(2026, 3, 29, 3, 0, 0, 0, ldn),   // the clocks went forward at 01:00
		time.Date(2026, 10, 25, 1, 30, 0, 0, ldn), // the hour that happens twice
		time.Date(2027, 1, 1, 9, 0, 0, 0, ldn),
		time.Date(2026, 8, 3, 15, 0, 0, 0, time.UTC),
	}
}

func TestVisitsAreValid(t *testing.T) {
	t.Parallel()
	for _, now := range nows(t) {
		t.Run(now.Format("2006-01-02T15:04Z07:00"), func(t *testing.T) {
			t.Parallel()
			checkVisits(t, now, 1000)
		})
	}
}

func checkVisits(t *testing.T, now time.Time, n int) {
	officers, recs := collect(t, Options{Visits: n, Seed: 3, Now: now})
	if len(recs) != n {
		t.Fatalf("%d visits, want %d", len(recs), n)
	}
	loc := now.Location()
	byNo := map[domain.StaffNo]domain.Officer{}
	for _, o := range officers {
		byNo[o.StaffNo] = o
	}
	lookup := func(sn domain.StaffNo) (domain.Officer, bool) { o, ok := byNo[sn]; return o, ok }
	nowMin := now.Truncate(time.Minute)
	today := domain.DateOf(now)
	refs := map[domain.Ref]bool{}
	seqs := map[string][]int{}
	errs := 0
	fail := func(v *domain.Visit, format string, a ...any) {
		t.Helper()
		if errs++; errs <= 20 {
			t.Errorf("%s (%s, planned %s): %s", v.Ref, v.State, v.Basics.PlannedStart.Format(domain.DateTimeLayout), fmt.Sprintf(format, a...))
		}
	}
	for _, rec := range recs {
		v, b := rec.Visit, rec.Visit.Basics
		// Its basics re-read from the form at the moment it was created.
		in := b.Input(loc)
		got, err := domain.ParseBasics(in, lookup, v.CreatedAt)
		if err != nil {
			fail(v, "basics do not re-validate at %s: %v", v.CreatedAt, err)
		} else if got.Input(loc) != in {
			fail(v, "basics change when re-read:\n%+v\n%+v", got.Input(loc), in)
		}
		if !b.PlannedStart.After(v.CreatedAt) {
			fail(v, "created %s, not before its planned start", v.CreatedAt)
		}
		if d := int(b.PlannedStart.Sub(b.Intel.Received.In(loc)).Hours() / 24); d < 2 || d > 121 {
			fail(v, "intelligence received %s, %d days before the visit", b.Intel.Received, d)
		}
		if b.Intel.Received.After(today) {
			fail(v, "intelligence received %s, after today", b.Intel.Received)
		}

		// The audit trail is real and in order.
		if len(rec.Changes) == 0 || rec.Changes[0].Action != "created" {
			fail(v, "audit trail does not start with its creation")
			continue
		}
		if v.Version != uint64(len(rec.Changes)) {
			fail(v, "version %d with %d changes", v.Version, len(rec.Changes))
		}
		for i, c := range rec.Changes {
			if c.At.After(nowMin) || (i > 0 && c.At.Before(rec.Changes[i-1].At)) {
				fail(v, "change %d (%s) at %s is out of order or after now", i+1, c.Action, c.At)
			}
			if _, ok := byNo[c.Actor]; !ok {
				fail(v, "change %d by unknown officer %s", i+1, c.Actor)
			}
		}
		if h := v.History[len(v.History)-1]; h.To != v.State {
			fail(v, "history ends at %s; visit is %s", h.To, v.State)
		}
		if c := rec.Changes[len(rec.Changes)-1]; !c.At.Equal(v.UpdatedAt) || c.Actor != v.UpdatedBy {
			fail(v, "last change by %s at %s; visit updated by %s at %s", c.Actor, c.At, v.UpdatedBy, v.UpdatedAt)
		}

		// References as the store would issue them.
		if refs[v.Ref] {
			fail(v, "reference used twice")
		}
		refs[v.Ref] = true
		parts := strings.Split(string(v.Ref), "-")
		if parts[0] != string(b.Team) || parts[1] != fmt.Sprint(v.CreatedAt.Year()) {
			fail(v, "reference does not match team %s and year created %d", b.Team, v.CreatedAt.Year())
		}
		seq, _ := strconv.Atoi(parts[2])
		seqs[parts[0]+parts[1]] = append(seqs[parts[0]+parts[1]], seq)

		checkState(t, v, now, fail)
		checkPeople(v, byNo, fail)
		checkBriefing(v, fail)
		checkLive(v, now, fail)
		checkDebrief(v, now, fail)

		pc, err := domain.ParsePostcode(string(b.Premises.Postcode))
		if err != nil || pc != b.Premises.Postcode {
			fail(v, "postcode %q: %v", b.Premises.Postcode, err)
		}
		if b.Team != "RRT" && !slices.Contains(areas(b.Team), pc.Area()) {
			fail(v, "postcode %s is outside %s's region %v", pc, b.Team, areas(b.Team))
		}
		if !domain.ValidSector(b.Premises.Sector) {
			fail(v, "unknown sector %q", b.Premises.Sector)
		}
	}
	for k, s := range seqs {
		slices.Sort(s)
		for i, n := range s {
			if n != i+1 {
				t.Errorf("%s: references run %v..., want 1, 2, 3 without gaps", k, s[:min(len(s), 5)])
				break
			}
		}
	}
}

// checkState: a visit's state must fit its planned start against now.
func checkState(t *testing.T, v *domain.Visit, now time.Time, fail func(*domain.Visit, string, ...any)) {
	start := v.Basics.PlannedStart
	s := v.State
	last := v.History[len(v.History)-1]
	switch {
	case s == domain.Cancelled:
		if !last.At.Before(start) || last.Reason == "" {
			fail(v, "cancelled at %s without a reason or after the start", last.At)
		}
		return
	case s == domain.StoodDown:
		if start.Sub(last.At) > 2*time.Hour || last.Reason == "" {
			fail(v, "stood down at %s: not on the day, or without a reason", last.At)
		}
		return
	case s == domain.Tasked:
		if v.Basics.Tasking.Decision != domain.Pending || !start.After(now) {
			fail(v, "tasked, but decision is %q", v.Basics.Tasking.Decision)
		}
		return
	case v.Basics.Tasking.Decision != domain.Adopted:
		fail(v, "%s without an adopted tasking decision", s)
	}
	lead := start.Sub(now)
	switch {
	case lead > 0:
		if !slices.Contains([]domain.State{domain.Planning, domain.Authorised, domain.Briefed}, s) {
			fail(v, "a visit still to come is %s", s)
		}
		if s == domain.Briefed && lead > 72*time.Hour {
			fail(v, "briefed %s ahead", lead)
		}
	case s == domain.Deployed:
		// From an earlier day, only awaiting the debrief and closure:
		// everyone gone, and not for long (DBF-3 warns after two days).
		if domain.DateOf(start) != domain.DateOf(now) {
			if slices.ContainsFunc(v.Presence(now), func(p domain.Presence) bool { return p.OnSite }) {
				fail(v, "officers still on site from an earlier day")
			}
			if -lead > 10*24*time.Hour {
				fail(v, "still deployed %s after the visit", -lead)
			}
		}
	case s.Active():
		if -lead > 15*time.Minute {
			fail(v, "planned %s ago and still %s", -lead, s)
		}
	case s == domain.Assured && -lead < 8*24*time.Hour:
		fail(v, "assured only %s after the visit", -lead)
	}
}

// checkPeople: OIC, roster (briefing_test.go), authoriser and subjects are
// plausible.
func checkPeople(v *domain.Visit, byNo map[domain.StaffNo]domain.Officer, fail func(*domain.Visit, string, ...any)) {
	b := v.Basics
	oic := byNo[b.OIC]
	if oic.Team != b.Team || !oic.ArrestTrained || (oic.Grade != "EO" && oic.Grade != "HEO") || oic.Name != b.OICName {
		fail(v, "OIC %s (%s, %s, trained %v) is not an arrest-trained IO or CIO of the team", oic.Label(), oic.Team, oic.Grade, oic.ArrestTrained)
	}
	checkRoster(v, byNo, fail)
	checkAuthorisation(v, byNo, fail)
	if b.Intel.Priority == 6 && len(v.Subjects) > 0 || b.Intel.Priority != 6 && len(v.Subjects) == 0 || len(v.Subjects) > 3 {
		fail(v, "priority %d with %d subjects", b.Intel.Priority, len(v.Subjects))
	}
	for _, s := range v.Subjects {
		if s.DOB.IsZero() {
			continue
		}
		age := b.PlannedStart.Year() - s.DOB.Year
		if age < 18 || age > 61 {
			fail(v, "subject %s aged %d", s.ID, age)
		}
		if isFamous(s.Name) {
			fail(v, "subject named after a public figure: %s", s.Name)
		}
	}
}

// areas lists the postcode areas of a team's towns.
func areas(team domain.TeamCode) []string {
	var out []string
	for _, tw := range regions[team] {
		for _, o := range tw.outwards {
			out = append(out, domain.Postcode(o+" 1AA").Area())
		}
	}
	return out
}

// TestPlaces checks the place data itself: every team but the RRT has a
// region, and every district makes valid postcodes.
func TestPlaces(t *testing.T) {
	r := newRand(1, 9)
	for _, tm := range domain.Teams {
		towns := regions[tm.Code]
		if tm.Code == "RRT" {
			if len(towns) != 0 {
				t.Error("the RRT should borrow other regions")
			}
			continue
		}
		if len(towns) < 4 {
			t.Errorf("%s has %d towns", tm.Code, len(towns))
		}
		for _, tw := range towns {
			for _, o := range tw.outwards {
				pc := postcode(r, town{tw.name, []string{o}})
				if got, err := domain.ParsePostcode(string(pc)); err != nil || got != pc {
					t.Errorf("%s %s: postcode %q: %v", tm.Code, tw.name, pc, err)
				}
			}
		}
	}
	for _, s := range sectors {
		if !domain.ValidSector(s.name) {
			t.Errorf("sector %q is not in domain.Sectors", s.name)
		}
	}
	if sectorWeights.total != 100 {
		t.Errorf("sector weights sum to %d", sectorWeights.total)
	}
	if len(offenceWeights.cum) != len(domain.Offences) {
		t.Error("offence weights do not match domain.Offences")
	}
}

// TestShares checks the mix over a larger run: call-offs, revisits,
// sectors, future work and the demo officer's own visits.
func TestShares(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 14, 10, 37, 0, 0, london(t))
	_, recs := collect(t, Options{Visits: 6000, Seed: 11, Now: now})
	states := map[domain.State]int{}
	sector := map[string]int{}
	seen := map[string]bool{}
	revisits, future, mine, today := 0, 0, 0, 0
	for _, r := range recs {
		v := r.Visit
		states[v.State]++
		p := v.Basics.Premises
		sector[p.Sector]++
		k := p.Name + "|" + p.Address + "|" + string(p.Postcode)
		if seen[k] {
			revisits++
		}
		seen[k] = true
		if v.Basics.PlannedStart.After(now) {
			future++
		}
		if domain.DateOf(v.Basics.PlannedStart) == domain.DateOf(now) {
			today++
		}
		if v.Basics.OIC == DemoStaffNo {
			mine++
		}
	}
	n := float64(len(recs))
	within := func(what string, got, lo, hi float64) {
		t.Helper()
		if got < lo || got > hi {
			t.Errorf("%s: %.3f, want %.3f-%.3f", what, got, lo, hi)
		}
	}
	within("cancelled", float64(states[domain.Cancelled])/n, 0.035, 0.065)
	within("stood down", float64(states[domain.StoodDown])/n, 0.015, 0.04)
	within("revisits", float64(revisits)/n, 0.07, 0.13)
	within("restaurants and takeaways", float64(sector["Restaurant / takeaway"])/n, 0.25, 0.35)
	within("still to come", float64(future)/n, 0.07, 0.09) // 476 of 6,000: four weeks at 17 a day
	if today < 5 || today > 40 {
		t.Errorf("%d visits today, want a few", today)
	}
	if mine < 10 {
		t.Errorf("the demo officer leads %d visits, want some", mine)
	}
	for _, s := range []domain.State{domain.Tasked, domain.Planning, domain.Authorised, domain.Briefed, domain.Closed, domain.FollowUp, domain.Assured} {
		if states[s] == 0 {
			t.Errorf("no visit is %s", s)
		}
	}
}

// TestSpan: at 17 a day, 100,000 visits reach back about sixteen years; a
// million are packed into twenty.
func TestSpan(t *testing.T) {
	now := time.Date(2026, 5, 14, 10, 37, 0, 0, time.UTC)
	tests := []struct {
		visits   int
		min, max float64 // years back
	}{
		{400, 0.04, 0.07},
		{100_000, 15, 17},
		{MaxVisits, 19.5, 20.1},
	}
	for _, tt := range tests {
		g, err := newGenerator(Options{Visits: tt.visits, Seed: 1, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		years := (time.Duration(g.past) * g.spacing).Hours() / 24 / 365.25
		if years < tt.min || years > tt.max {
			t.Errorf("%d visits reach back %.2f years, want %.2f-%.2f", tt.visits, years, tt.min, tt.max)
		}
	}
}

// BenchmarkGenerate reports the cost per visit (the officers are made once
// per run and amortised).
func BenchmarkGenerate(b *testing.B) {
	now := time.Date(2026, 5, 14, 10, 37, 0, 0, london(b))
	b.ReportAllocs()
	for left := b.N; left > 0; left -= MaxVisits {
		err := Generate(Options{Visits: min(left, MaxVisits), Seed: 1, Now: now}, func(Record) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
}

// TestRoles (issue 17): the demo's folder has an administrator, DEMO01,
// so roles apply there; every grade is confirmed, every CIO and above is
// a duty CIO, and each team has one records clerk.
func TestRoles(t *testing.T) {
	officers, _ := collect(t, Options{Visits: 0, Seed: 7, Now: time.Date(2026, 5, 14, 10, 37, 0, 0, time.UTC)})
	if !domain.Administered(officers) {
		t.Fatal("no administrator")
	}
	clerks := map[domain.TeamCode]int{}
	for _, o := range officers {
		if !o.GradeConfirmed() || o.GradeConfirmedBy.By != DemoStaffNo {
			t.Errorf("%s: grade not confirmed by DEMO01: %+v", o.StaffNo, o.GradeConfirmedBy)
		}
		if o.Has(domain.RoleAdmin) != (o.StaffNo == DemoStaffNo) {
			t.Errorf("%s: administrator %v", o.StaffNo, o.Has(domain.RoleAdmin))
		}
		if duty := o.Grade != "AO" && o.Grade != "EO"; o.Has(domain.RoleDutyCIO) != duty {
			t.Errorf("%s, %s: duty CIO %v", o.StaffNo, o.Grade, o.Has(domain.RoleDutyCIO))
		}
		if o.Has(domain.RoleClerk) {
			clerks[o.Team]++
		}
	}
	for _, tm := range domain.Teams {
		if clerks[tm.Code] != 1 {
			t.Errorf("%s has %d clerks", tm.Code, clerks[tm.Code])
		}
	}
}
