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

// The police notification and reconnaissance rules (ONF-1 to ONF-6, REC-1 to
// REC-4), one small function each, in catalogue order.
var onfRules = []rule{onf1to5, onf6, onf7, rec1, rec2, rec3, rec4}

// briefingRules check the team and its briefing (CMD-1, CMD-2, BRF-1 to
// BRF-5), from authorisation until deployment. liveRules check the live
// record (PWR-2, PWR-3, INC-1, OUT-1, CUS-1) once the team has deployed.
var (
	briefingRules = []rule{cmd1, cmd2, brf1, brf2, brf3, brf4, brf5}
	liveRules     = []rule{pwr2, pwr3, inc1, out1, cus1}
)

// debriefRules run after the live rules: DBF-1 to DBF-3.
var debriefRules = []rule{dbf1, dbf2, dbf3}

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

// ONFFindings lists the police notification and reconnaissance findings
// alone, blocking first: the part of Readiness the demo checks at a
// visit's deployment.
func (cfg Config) ONFFindings(v *Visit, now time.Time) []Finding { return cfg.run(onfRules, v, now) }

// run checks v against rules, blocking findings first.
func (cfg Config) run(rules []rule, v *Visit, now time.Time) []Finding {
	if v.State == Cancelled || v.State == StoodDown {
		return nil
	}
	var f findings
	for _, r := range rules {
		r(&f, v, cfg, now)
	}
	afterClosure(f, v)
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

func when(t time.Time) string { return t.Format(DateTimeLayout) }

func mandatoryFor(target string) []CheckSystem {
	if target == TargetAddress {
		return AddressChecks
	}
	return SubjectChecks
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

// briefingDue reports whether the team and briefing rules apply: from
// authorisation until the team deploys. Before then they are not yet due;
// after, what was missing is history for assurance, not a block.
func briefingDue(v *Visit) bool { return v.State == Authorised || v.State == Briefed }

// joinAnd reads "gold, silver and bronze".
func joinAnd(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
