package board

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"oic/domain"
	"oic/tui/common"
)

// The board's rows, built from the visits read: a visit's when it
// changes, every visit's when the clock moves on a minute; arranged again
// when the filter changes; never per key. What
// each row says is the domain's (Overdue, Silent, Readiness, Incidents);
// here it is only put into words on a line.

type section int

const (
	secIncidents section = iota
	secDeployed
	secToday
	secOverdue
	numSections
)

var sectionTitles = [numSections]string{
	"Critical incidents (INC-1, INC-2)",
	"Deployed",
	"Today, not yet deployed",
	"Overdue",
}

// level is how a row stands out: words carry it too (NOT ACKNOWLEDGED,
// SILENT), never colour alone.
type level int

const (
	plain level = iota
	warn
	alarm
)

type row struct {
	sec   section
	ref   domain.Ref
	text  string
	level level
	// waiting says the row's visit has an incident awaiting
	// acknowledgement: a and i act on it.
	waiting bool
	// detail is a second line under the row, if it has one: a visit of
	// today's first blocking finding.
	detail string
	team   domain.TeamCode
	key    time.Time // the order within its section (arrange)
}

// filter is the team and region shown; empty shows all.
type filter struct {
	team   domain.TeamCode
	region string
}

func (f filter) takes(team domain.TeamCode) bool {
	if f.team != "" && team != f.team {
		return false
	}
	if f.region != "" {
		t, _ := domain.TeamByCode(team)
		return t.Region == f.region
	}
	return true
}

// visitRows are every row of one visit, in whichever sections it
// belongs. They are kept per visit (Screen.per), so a save elsewhere
// rebuilds one visit's rows, not every visit's.
func visitRows(v *domain.Visit, cfg domain.Config, now time.Time, loc *time.Location) []row {
	clock := func(t time.Time) string { return t.In(loc).Format("15:04") }
	// The reference names the team (SLN-2026-0042).
	name := fmt.Sprintf("%s %s", v.Ref, v.Basics.Premises.Name)
	start := v.Basics.PlannedStart
	var out []row
	switch {
	case v.State == domain.Deployed:
		waiting, _ := v.Unacknowledged()
		for _, i := range v.Incidents() {
			out = append(out, incidentRow(v, name, i, now, clock, i.Declared.Seq == waiting.Declared.Seq && !i.Acknowledged()))
		}
		out = append(out, deployedRow(v, name, cfg, now))
	case v.State.Active() && cfg.PlannedToday(v, now):
		out = append(out, todayRow(v, name, cfg, now, loc))
	}
	for i := range out {
		out[i].key = start
	}
	for _, o := range cfg.Overdue(v, now) {
		out = append(out, row{sec: secOverdue, ref: v.Ref, level: warn, key: o.Due,
			text: fmt.Sprintf("%s · %s %s", name, o.Rule, o.Text)})
	}
	for i := range out {
		out[i].team = v.Basics.Team
	}
	return out
}

// arrange puts the rows of the visits the filter takes in the board's
// order: by section; incidents awaiting acknowledgement first; then by
// planned start (or, for what is overdue, by when it fell due) and
// reference, so the order is stable as rows change.
func arrange(per map[domain.Ref][]row, f filter) []row {
	var rows []row
	for _, rs := range per {
		if len(rs) > 0 && f.takes(rs[0].team) {
			rows = append(rows, rs...)
		}
	}
	slices.SortFunc(rows, func(a, b row) int {
		if a.sec != b.sec {
			return int(a.sec) - int(b.sec)
		}
		if a.waiting != b.waiting && a.sec == secIncidents {
			if a.waiting {
				return -1
			}
			return 1
		}
		if c := a.key.Compare(b.key); c != 0 {
			return c
		}
		if c := strings.Compare(string(a.ref), string(b.ref)); c != 0 {
			return c
		}
		return strings.Compare(a.text, b.text)
	})
	return rows
}

func incidentRow(v *domain.Visit, name string, i domain.Incident, now time.Time, clock func(time.Time) string, waiting bool) row {
	d := i.Declared
	how := common.Span(now.Sub(d.At)) + " so far"
	if now.Sub(d.At) < 2*time.Minute {
		how = "just now"
	}
	if !i.Over.IsZero() {
		how = fmt.Sprintf("stood down %s after %s", clock(i.Over), common.Span(i.Over.Sub(d.At)))
	}
	ack := "NOT ACKNOWLEDGED by a CIO"
	lv := alarm
	if a := i.Ack; a != nil {
		lv = plain
		ack = fmt.Sprintf("acknowledged by %s at %s", a.AckBy, clock(a.At))
		if a.Subtype == domain.AckByPhone {
			ack = fmt.Sprintf("duty CIO %s informed by phone at %s (recorded by %s)", a.AckBy, clock(a.At), a.Recorded.ByName)
		}
	}
	return row{sec: secIncidents, ref: v.Ref, level: lv, waiting: waiting,
		text: fmt.Sprintf("%s · %s · declared %s by %s, %s", name, ack, clock(d.At), d.Recorded.ByName, how)}
}

func deployedRow(v *domain.Visit, name string, cfg domain.Config, now time.Time) row {
	on, of, since := v.OnSite(now)
	site := fmt.Sprintf("%d of %d on site", on, of)
	if on > 0 {
		site += ", for " + common.Span(now.Sub(since))
	}
	last := "last entry " + common.Span(now.Sub(v.LastEntry())) + " ago"
	r := row{sec: secDeployed, ref: v.Ref, text: fmt.Sprintf("%s · %s · %s", name, site, last)}
	if quiet, silent := cfg.Silent(v, now); silent {
		r.level = warn
		r.text = fmt.Sprintf("%s · %s · SILENT: no entry for %s (over %s)", name, site, common.Span(quiet), common.Span(cfg.SilentAfter()))
	}
	if _, waiting := v.Unacknowledged(); waiting {
		r.waiting = true
	}
	return r
}

func todayRow(v *domain.Visit, name string, cfg domain.Config, now time.Time, loc *time.Location) row {
	fs := cfg.Readiness(v, now)
	blocks := domain.Blocking(fs)
	ready := "ready"
	lv := plain
	detail := ""
	if len(blocks) > 0 {
		ready = fmt.Sprintf("%d blocking, %d warning", len(blocks), len(fs)-len(blocks))
		detail = "first blocking: " + blocks[0].Rule + " " + blocks[0].Message
		lv = warn
	} else if len(fs) > 0 {
		ready = fmt.Sprintf("ready, %d warning", len(fs))
	}
	onf := "ONF " + v.Plan.ONF.Status(v.Basics.PlannedStart, now, cfg.Location()).Label(loc)
	acc := "briefing not issued"
	if _, issued := v.Briefing.Current(); issued {
		a, r := v.Acceptances()
		acc = fmt.Sprintf("accepted %d of %d", a, r)
	}
	auth := "NOT AUTHORISED"
	if v.Plan.Auth != nil {
		auth = "authorised"
	}
	return row{sec: secToday, ref: v.Ref, level: lv, detail: detail,
		text: fmt.Sprintf("%s %s · %s · %s · %s · %s · %s", v.Basics.PlannedStart.In(loc).Format("15:04"), name, v.State, ready, onf, acc, auth)}
}
