package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Readiness lists every rule the visit does not yet meet, blocking findings
// first, under the default configuration. It is the one source of findings
// for the planning tab, `oic check`, the duty CIO's dashboard and assurance.
func Readiness(v *Visit, now time.Time) []Finding { return DefaultConfig().Readiness(v, now) }

// rule is one check of a visit against one rule of DOMAIN.md.
type rule func(f *findings, v *Visit, cfg Config, now time.Time)

// planningRules run in catalogue order; each is a small function named
// after its rule ID. readinessRules add the team, briefing and live rules,
// each of which knows the states it applies in.
var (
	planningRules  = append([]rule{tsk1, tsk2, epa1, epa2, epa3, epa4, epa5, plan1, comm1, chk1, chk2, pwr1}, onfRules...)
	readinessRules = slices.Concat(planningRules, briefingRules, liveRules, debriefRules)
)

// Readiness lists every rule the visit does not yet meet under cfg. A
// cancelled or stood-down visit has nothing left to meet.
func (cfg Config) Readiness(v *Visit, now time.Time) []Finding {
	return cfg.run(readinessRules, v, now)
}

// PlanningFindings are the findings of the planning, ONF and recce rules
// alone: what authorisation waits on. The team and briefing come after.
func (cfg Config) PlanningFindings(v *Visit, now time.Time) []Finding {
	return cfg.run(planningRules, v, now)
}

// run checks v against rules, blocking findings first.
func (cfg Config) run(rules []rule, v *Visit, now time.Time) []Finding {
	if v.State == Cancelled || v.State == StoodDown {
		return nil
	}
	var f findings
	for _, r := range rules {
		r(&f, v, cfg, now)
	}
	sortFindings(f)
	return f
}

type findings []Finding

func (f *findings) add(sev Severity, id, msg, do string) {
	if do == "" {
		r, _ := RuleByID(id)
		do = r.Do
	}
	*f = append(*f, Finding{Rule: id, Severity: sev, Message: msg, Do: do})
}

func (f *findings) blocks(id, msg, do string) { f.add(Blocks, id, msg, do) }
func (f *findings) warns(id, msg, do string)  { f.add(Warns, id, msg, do) }

func day(t time.Time) string  { return t.Format("02/01/2006") }
func when(t time.Time) string { return t.Format(DateTimeLayout) }

// TSK-1: the tasking decision is recorded and adopted.
func tsk1(f *findings, v *Visit, _ Config, _ time.Time) {
	switch v.Basics.Tasking.Decision {
	case Pending:
		f.blocks("TSK-1", "no tasking decision is recorded", "")
	case NotAdopted:
		f.blocks("TSK-1", "the tasking decision was not to adopt this visit", "If it was reversed, record the new decision; otherwise cancel the visit with the reason.")
	}
}

// TSK-2: intelligence and checks older than the configured ages at the visit.
func tsk2(f *findings, v *Visit, cfg Config, now time.Time) {
	start := v.Basics.PlannedStart
	if start.IsZero() {
		return
	}
	loc := start.Location()
	if rec := v.Basics.Intel.Received; !rec.IsZero() {
		// Whole days between the dates: intelligence is dated, not timed.
		days := int(DateOf(start).In(time.UTC).Sub(rec.In(time.UTC)).Hours() / 24)
		if days > int(cfg.IntelMaxAge().Hours()/24) {
			f.warns("TSK-2", fmt.Sprintf("intelligence %s was received %s, %d days before the visit; it may be out of date",
				v.Basics.Intel.Ref, rec.UK(), days), "Re-confirm the intelligence (a fresh check or source contact) before deploying.")
		}
	}
	for _, t := range v.CheckTargets() {
		var stale []string
		for _, sys := range mandatoryFor(t) {
			if c, ok := v.Plan.LatestCheck(t, sys); ok && start.Sub(c.DoneAt) > cfg.CheckMaxAge() {
				stale = append(stale, fmt.Sprintf("%s (%s)", sys, day(c.DoneAt.In(loc))))
			}
		}
		if len(stale) > 0 {
			f.warns("TSK-2", fmt.Sprintf("%s: %s over %d days old at the visit", v.TargetLabel(t), strings.Join(stale, ", "), int(cfg.CheckMaxAge().Hours()/24)),
				"Re-run the stale checks and record the new results.")
		}
	}
}

func mandatoryFor(target string) []CheckSystem {
	if target == TargetAddress {
		return AddressChecks
	}
	return SubjectChecks
}

// EPA-1: a risk rating is recorded.
func epa1(f *findings, v *Visit, _ Config, _ time.Time) {
	if !v.Plan.EPA.Recorded() {
		f.blocks("EPA-1", "no risk rating: every visit is rated green, amber or red", "")
	}
}

// EPA-2: authorised by an officer of the right grade, who is not the
// assessor.
func epa2(f *findings, v *Visit, cfg Config, _ time.Time) {
	e := v.Plan.EPA
	if !e.Recorded() {
		return // EPA-1 says it
	}
	need := "an officer of the right grade"
	if g, ok := cfg.MinGradeFor(e.Rating); ok {
		need = article(g.Title) + " or above"
	}
	a := v.Plan.Auth
	if a == nil {
		f.blocks("EPA-2", fmt.Sprintf("not yet authorised: %s needs %s to authorise", e.Rating, need), "")
		return
	}
	if a.Rating != e.Rating {
		f.blocks("EPA-2", fmt.Sprintf("authorised at %s but rated %s", a.Rating, e.Rating), "Have the visit authorised again at its rating.")
	}
	if !cfg.MayAuthorise(a.Grade, e.Rating) {
		title := a.Grade
		if g, ok := cfg.Grade(a.Grade); ok {
			title = g.Title
		} else {
			title = a.Grade + ", a grade not in the grade table"
		}
		f.blocks("EPA-2", fmt.Sprintf("%s needs %s to authorise; %s is %s", e.Rating, need, a.Name, article(title)),
			"Ask an officer of the right grade to authorise the visit.")
	}
	if e.AssessedBy != "" && e.AssessedBy == a.By {
		f.warns("EPA-2", fmt.Sprintf("%s both assessed and authorised the EPA", a.Name),
			"An authoriser independent of the assessment is expected; note why if none was available.")
	}
}

// article prefixes "a" or "an" by sound: an HMI, an IO, a CIO, a Grade 7.
func article(title string) string {
	if title == "" {
		return "an officer"
	}
	first := title[0]
	acronym := strings.ToUpper(title) == title && !strings.Contains(title, " ")
	if strings.IndexByte("AEIOU", first) >= 0 || acronym && strings.IndexByte("FHLMNRSX", first) >= 0 {
		return "an " + title
	}
	return "a " + title
}

// EPA-3: red needs a completed ECIA.
func epa3(f *findings, v *Visit, _ Config, _ time.Time) {
	if v.Plan.EPA.Rating != Red || v.Plan.ECIA.Complete() {
		return
	}
	e := v.Plan.ECIA
	var missing []string
	for _, m := range []struct {
		ok   bool
		name string
	}{{e.Reference != "", "reference"}, {e.CompletedBy != "", "who completed it"}, {!e.CompletedOn.IsZero(), "date"}, {e.Conclusion != "", "conclusion"}} {
		if !m.ok {
			missing = append(missing, m.name)
		}
	}
	f.blocks("EPA-3", "red needs a completed ECIA; missing: "+strings.Join(missing, ", "), "")
}

// EPA-4: amber and red need every IIMARCH section; green's digital order
// needs each subject's photograph reference.
func epa4(f *findings, v *Visit, _ Config, _ time.Time) {
	switch v.Plan.EPA.Rating {
	case Amber, Red:
		if b := v.Plan.Order.Blank(); len(b) > 0 {
			f.blocks("EPA-4", fmt.Sprintf("%s needs a full IIMARCH order; not written: %s", v.Plan.EPA.Rating, strings.Join(b, ", ")), "")
		}
	case Green:
		for _, s := range v.Subjects {
			if s.Withdrawn == "" && s.PhotoRef == "" {
				f.warns("EPA-4", fmt.Sprintf("the digital order has no photograph reference for %s %s", s.ID, s.Name),
					"Add the photograph reference to the subject, or note that none is held.")
			}
		}
	}
}

// EPA-5: risks and mitigations recorded, green included.
func epa5(f *findings, v *Visit, _ Config, _ time.Time) {
	if v.Plan.EPA.Recorded() && len(v.Plan.EPA.Risks) == 0 {
		f.blocks("EPA-5", fmt.Sprintf("no risks or mitigations recorded; %s visits need them too", v.Plan.EPA.Rating), "")
	}
}

// PLAN-1: each PLAN element has its rationale.
func plan1(f *findings, v *Visit, _ Config, _ time.Time) {
	pl := v.Plan.PLAN
	var blank []string
	for _, e := range []struct{ name, v string }{{"proportionate", pl.Proportionate}, {"legal", pl.Legal}, {"accountable", pl.Accountable}, {"necessary", pl.Necessary}} {
		if e.v == "" {
			blank = append(blank, e.name)
		}
	}
	switch {
	case len(blank) == 4:
		f.blocks("PLAN-1", "no PLAN assessment recorded", "")
	case len(blank) > 0:
		f.blocks("PLAN-1", "PLAN assessment incomplete; no rationale for: "+strings.Join(blank, ", "), "")
	}
}

// COMM-1: community impact considered and recorded.
func comm1(f *findings, v *Visit, _ Config, _ time.Time) {
	if v.Plan.Community.Impact == "" {
		f.blocks("COMM-1", "community impact not considered and recorded", "")
	}
}

// CHK-1: every mandatory check of every subject and the address, none dated
// after the visit.
func chk1(f *findings, v *Visit, _ Config, _ time.Time) {
	for _, t := range v.CheckTargets() {
		var missing []string
		for _, sys := range mandatoryFor(t) {
			if _, ok := v.Plan.LatestCheck(t, sys); !ok {
				missing = append(missing, string(sys))
			}
		}
		if len(missing) > 0 {
			f.blocks("CHK-1", fmt.Sprintf("%s: no %s check recorded", v.TargetLabel(t), strings.Join(missing, ", ")), "")
		}
	}
	start := v.Basics.PlannedStart
	for _, c := range v.Plan.Checks {
		if c.Withdrawn == "" && !start.IsZero() && c.DoneAt.After(start) {
			f.blocks("CHK-1", fmt.Sprintf("check %s (%s of %s) is dated %s, after the visit's planned start", c.ID, c.System, v.TargetLabel(c.Target), when(c.DoneAt.In(start.Location()))),
				"Withdraw the check if its date is wrong, or correct the planned start.")
		}
	}
}

// CHK-2: a final status check within the window before the visit, for each
// subject, or the address when nobody is named.
func chk2(f *findings, v *Visit, cfg Config, now time.Time) {
	start := v.Basics.PlannedStart
	if start.IsZero() {
		return
	}
	loc := start.Location()
	win := cfg.FinalCheckWindow()
	from := start.Add(-win)
	hours := int(win.Hours())
	targets := v.CheckTargets()
	if len(targets) > 1 {
		targets = targets[:len(targets)-1] // subjects only
	}
	for _, t := range targets {
		c, ok := v.Plan.LatestCheck(t, SysFinalStatus)
		if ok && !c.DoneAt.Before(from) && !c.DoneAt.After(start) {
			continue
		}
		who := v.TargetLabel(t)
		var msg string
		if ok && c.DoneAt.Before(from) {
			msg = fmt.Sprintf("%s: final status check made %s, %s before the visit; it must be within %d hours", who,
				when(c.DoneAt.In(loc)), hoursText(start.Sub(c.DoneAt)), hours)
		} else {
			msg = fmt.Sprintf("%s: no final status check within %d hours before the visit", who, hours)
		}
		if now.Before(from) {
			f.warns("CHK-2", fmt.Sprintf("%s; due between %s and %s", msg, when(from.In(loc)), when(start.In(loc))), "")
		} else {
			f.blocks("CHK-2", msg, "")
		}
	}
}

// hoursText reads "30 hours" or "24 hours and 1 minute".
func hoursText(d time.Duration) string {
	m := int(d.Round(time.Minute).Minutes())
	switch {
	case m < 60:
		return plural(m, "minute")
	case m%60 == 0:
		return plural(m/60, "hour")
	}
	return plural(m/60, "hour") + " and " + plural(m%60, "minute")
}

func plural(n int, unit string) string { return counted(n, unit, unit+"s") }

// counted reads "1 person" or "3 people".
func counted(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// PWR-1: the intended power of entry is recorded.
func pwr1(f *findings, v *Visit, _ Config, _ time.Time) {
	if v.Plan.Power.Kind == "" {
		f.blocks("PWR-1", "no intended power of entry recorded", "")
	}
}
