package demo

import (
	"slices"
	"strings"
	"testing"
	"time"

	"oic/domain"
)

// settlesExcuse reports whether correction e only settles the statutory
// excuse of encounter o, as the OIC does while writing the debrief.
func settlesExcuse(o, e domain.TimelineEntry) bool {
	return o.Kind == domain.EntryEncounter && o.Person != nil && e.Person != nil && o.Person.Excuse != e.Person.Excuse
}

// blocksAfter is what blocks a visit that went ahead, less what is expected
// of one deployed and awaiting its debrief (DBF-1, DBF-4).
func blocksAfter(v *domain.Visit, fs []domain.Finding) []domain.Finding {
	return slices.DeleteFunc(domain.Blocking(fs), func(f domain.Finding) bool {
		return v.State == domain.Deployed && (f.Rule == "DBF-1" || f.Rule == "DBF-4")
	})
}

func hasRule(fs []domain.Finding, rule string) bool {
	return slices.ContainsFunc(fs, func(f domain.Finding) bool { return f.Rule == rule })
}

// wentAheadToDebrief reports whether the visit went ahead and was not
// stood down: it has a debrief to write.
func wentAheadToDebrief(v *domain.Visit) bool {
	_, went := wentAhead(v)
	return went && v.State != domain.StoodDown
}

// checkDebrief: a visit closed or later was closed by Close, with every
// section of its debrief complete and consistent with the live record, and
// readiness shows DBF-3 exactly when it was closed late; follow-ups come
// after the closure and before assurance. A visit deployed from an earlier
// day is awaiting its debrief and shows DBF-1 until it is complete.
func checkDebrief(v *domain.Visit, now time.Time, fail func(*domain.Visit, string, ...any)) {
	if !wentAheadToDebrief(v) {
		if !v.Debrief.Updated.At.IsZero() || len(v.FollowUps) > 0 {
			fail(v, "a debrief or follow-ups on a visit that did not go ahead")
		}
		return
	}
	cfg := domain.DefaultConfig()
	fs := cfg.Readiness(v, now)
	closedAt, closed := v.ClosedAt()
	if v.State == domain.Deployed {
		if closed || len(v.FollowUps) > 0 {
			fail(v, "deployed, yet closed before or followed up")
		}
		gone := slices.ContainsFunc(v.Timeline, func(e domain.TimelineEntry) bool { return e.Kind == domain.EntryDeparture }) &&
			!slices.ContainsFunc(v.Presence(now), func(p domain.Presence) bool { return p.OnSite })
		if gone && len(v.DebriefMissing()) > 0 && !hasRule(fs, "DBF-1") {
			fail(v, "the team has gone and the debrief is incomplete, yet no DBF-1")
		}
		if due := v.CloseBy(cfg); now.After(due) != hasRule(fs, "DBF-3") {
			fail(v, "due by %s, now %s, DBF-3 shown %v", due, now, hasRule(fs, "DBF-3"))
		}
		return
	}
	if !closed {
		fail(v, "%s without a closure in its history", v.State)
		return
	}
	i := slices.IndexFunc(v.History, func(h domain.StateChange) bool { return h.To == domain.Closed })
	if h := v.History[i]; h.From != domain.Deployed || !strings.HasPrefix(h.Reason, "debrief complete") || h.By != v.Basics.OIC {
		fail(v, "closed from %s by %s with %q: not by Close", h.From, h.By, h.Reason)
	}
	if m := v.DebriefMissing(); len(m) > 0 {
		fail(v, "closed with the debrief incomplete: %v", m)
	}
	late := closedAt.After(v.CloseBy(cfg))
	if late != hasRule(fs, "DBF-3") || late != strings.Contains(v.History[i].Reason, "48-hour") {
		fail(v, "closed %s, due %s: DBF-3 shown %v, reason %q", closedAt, v.CloseBy(cfg), hasRule(fs, "DBF-3"), v.History[i].Reason)
	}
	if v.Debrief.Updated.At.After(closedAt) {
		fail(v, "debrief updated %s, after the closure %s", v.Debrief.Updated.At, closedAt)
	}

	// The sanctions follow the encounters; the intelligence is judged by
	// what was found.
	d := v.Debrief
	liable, shown, illegal := 0, 0, 0
	for _, e := range v.Effective() {
		if e.Kind != domain.EntryEncounter || e.Person.Outcome == domain.OutcomeCleared {
			continue
		}
		illegal++
		switch e.Person.Excuse {
		case domain.ExcuseNotShown:
			liable++
		case domain.ExcuseShown:
			shown++
		}
	}
	has := func(s string) bool { return slices.Contains(d.Sanctions, s) }
	switch {
	case liable > 0 && !has("civil penalty referral notice"):
		fail(v, "%d liable, sanctions %v", liable, d.Sanctions)
	case has("no action notice") && (shown == 0 || liable > 0):
		fail(v, "no action notice with %d shown, %d liable", shown, liable)
	case has(domain.SanctionNone) && liable+shown > 0:
		fail(v, "no sanction with %d liable, %d shown", liable, shown)
	}
	switch r := d.Intel.Rating; {
	case r == "accurate" && illegal == 0, (r == "wrong" || r == "possibly malicious") && illegal > 0:
		fail(v, "intelligence judged %s with %d found working illegally", r, illegal)
	}
	// Everyone who went gives feedback, or says why not.
	for _, p := range v.Presence(time.Time{}) {
		if !p.Arrived.IsZero() && !slices.ContainsFunc(d.Team, func(t domain.TeamFeedback) bool { return t.StaffNo == p.Officer.StaffNo }) {
			fail(v, "no feedback from %s", p.Officer.Label())
		}
	}
	if d.Intel.Rating == "" || d.Held == "" || d.Summary == "" {
		fail(v, "debrief without its judgement, session or summary: %+v", d)
	}

	// Follow-ups: after the closure, before assurance, by the team.
	var assured time.Time
	for _, h := range v.History {
		if h.To == domain.Assured {
			assured = h.At
		}
	}
	for _, f := range v.FollowUps {
		if f.Stamp.At.Before(closedAt) || !assured.IsZero() && f.Stamp.At.After(assured) {
			fail(v, "follow-up %d at %s: closed %s, assured %s", f.Seq, f.Stamp.At, closedAt, assured)
		}
		if _, on := v.Rostered(f.Stamp.By); !on {
			fail(v, "follow-up %d by %s, not on the team", f.Seq, f.Stamp.By)
		}
	}
}

// TestDebriefs checks the debriefs over a run: every visit that went ahead
// and is closed has a full debrief; a few closed late; the intelligence,
// the sanctions and the problems come in shares that fit what was found;
// no two debriefs read alike; follow-ups follow; and visits whose teams
// have just left are awaiting theirs, some overdue.
func TestDebriefs(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 14, 10, 37, 0, 0, london(t))
	_, recs := collect(t, Options{Visits: 4000, Seed: 8, Now: now})
	cfg := domain.DefaultConfig()
	var closed, late, noEntry, noFeedback, problems, followed, typedStandDown, teamNotes int
	ratings := map[string]int{}
	sanctions := map[string]int{}
	fus := map[string]int{}
	comments, premisesNotes, summaries, wentWell := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, rec := range recs {
		v := rec.Visit
		if !wentAheadToDebrief(v) || v.State == domain.Deployed {
			continue
		}
		closed++
		d := v.Debrief
		at, _ := v.ClosedAt()
		if at.After(v.CloseBy(cfg)) {
			late++
		}
		if d.NoEntry != "" {
			noEntry++
		}
		ratings[d.Intel.Rating]++
		for _, s := range d.Sanctions {
			sanctions[s]++
		}
		if !slices.Equal(d.Problems, []string{domain.ProblemNone}) {
			problems++
		}
		if !d.StandDown.IsZero() {
			typedStandDown++
		}
		if len(v.FollowUps) > 0 {
			followed++
		}
		for _, f := range v.FollowUps {
			fus[f.Kind]++
		}
		for _, tf := range d.Team {
			teamNotes++
			if tf.None != "" {
				noFeedback++
			}
			wentWell[tf.WentWell] = true
		}
		comments[d.Intel.Comment] = true
		premisesNotes[d.PremisesNotes] = true
		summaries[d.Summary] = true
	}
	t.Logf("%d closed: %d late, %d no entry, %d with problems, %d stand-downs typed, %d followed up %v; intelligence %v; sanctions %v; %d feedback notes, %d none given",
		closed, late, noEntry, problems, typedStandDown, followed, fus, ratings, sanctions, teamNotes, noFeedback)
	c := float64(closed)
	within := func(what string, got, lo, hi float64) {
		t.Helper()
		if got < lo || got > hi {
			t.Errorf("%s: %.3f, want %.3f-%.3f", what, got, lo, hi)
		}
	}
	within("closed late (DBF-3)", float64(late)/c, 0.02, 0.08)
	within("no entry made", float64(noEntry)/c, 0.01, 0.06)
	within("process problems met (DBF-4)", float64(problems)/c, 0.06, 0.25)
	within("followed up", float64(followed)/c, 0.2, 0.7)
	within("intelligence accurate or partly", float64(ratings["accurate"]+ratings["partly accurate"])/c, 0.4, 0.85)
	within("intelligence possibly malicious", float64(ratings["possibly malicious"])/c, 0.005, 0.08)
	within("civil penalty referral notices", float64(sanctions["civil penalty referral notice"])/c, 0.3, 0.7)
	within("no sanction", float64(sanctions[domain.SanctionNone])/c, 0.3, 0.7)
	within("feedback not given", float64(noFeedback)/float64(teamNotes), 0.005, 0.06)
	for _, r := range domain.IntelRatings {
		if ratings[r] == 0 {
			t.Errorf("no intelligence judged %s", r)
		}
	}
	for _, s := range append(slices.Clone(domain.SanctionKinds), domain.SanctionNone) {
		if sanctions[s] == 0 {
			t.Errorf("no %s among the sanctions", s)
		}
	}
	for _, k := range []string{"civil penalty referral notice", "licensing review", "safeguarding referral", "HMRC"} {
		if fus[k] == 0 {
			t.Errorf("no %s follow-up", k)
		}
	}
	// Not the same sentence everywhere (ICIBI 7.4).
	if n := len(comments); float64(n) < 0.1*c {
		t.Errorf("%d different intelligence comments in %d debriefs", n, closed)
	}
	if n := len(premisesNotes); float64(n) < 0.5*c {
		t.Errorf("%d different premises notes in %d debriefs", n, closed)
	}
	if n := len(summaries); float64(n) < 0.5*c {
		t.Errorf("%d different summaries in %d debriefs", n, closed)
	}
	if n := len(wentWell); n < 15 {
		t.Errorf("%d different things went well", n)
	}
}

// TestAwaitingDebrief: on any day some visits whose teams have left are
// awaiting their debrief, partly written, with DBF-1 showing; over a few
// days some are overdue (DBF-3).
func TestAwaitingDebrief(t *testing.T) {
	t.Parallel()
	ldn := london(t)
	var awaiting, partly, overdue int
	for day := range 6 {
		now := time.Date(2026, 5, 11+day, 16, 20, 0, 0, ldn)
		_, recs := collect(t, Options{Visits: 500, Seed: uint64(20 + day), Now: now})
		cfg := domain.DefaultConfig()
		for _, rec := range recs {
			v := rec.Visit
			if v.State != domain.Deployed || !slices.ContainsFunc(v.Timeline, func(e domain.TimelineEntry) bool { return e.Kind == domain.EntryDeparture }) ||
				slices.ContainsFunc(v.Presence(now), func(p domain.Presence) bool { return p.OnSite }) {
				continue
			}
			awaiting++
			fs := cfg.Readiness(v, now)
			if !hasRule(fs, "DBF-1") && len(v.DebriefMissing()) > 0 {
				t.Errorf("%s awaits its debrief without DBF-1", v.Ref)
			}
			if n := len(v.DebriefMissing()); n > 0 && n < len(domain.SectionIDs) && !v.Debrief.Updated.At.IsZero() {
				partly++
			}
			if hasRule(fs, "DBF-3") {
				overdue++
			}
		}
	}
	t.Logf("%d awaiting their debrief, %d partly written, %d overdue", awaiting, partly, overdue)
	if awaiting < 6 || partly == 0 || overdue == 0 {
		t.Errorf("%d awaiting their debrief, %d partly written, %d overdue; want some of each", awaiting, partly, overdue)
	}
}
