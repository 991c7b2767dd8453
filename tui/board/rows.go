package board

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"oic/domain"
	"oic/tui/common"
)

// The board's rows, built from the visits read whenever they change, the
// filter changes or the clock moves on a minute; never per key. What
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
}

// filter is the team and region shown; empty shows all.
type filter struct {
	team   domain.TeamCode
	region string
}

func (f filter) takes(v *domain.Visit) bool {
	if f.team != "" && v.Basics.Team != f.team {
		return false
	}
	if f.region != "" {
		t, _ := domain.TeamByCode(v.Basics.Team)
		return t.Region == f.region
	}
	return true
}

// buildRows lays the visits out in the board's sections, in its order.
func buildRows(visits map[domain.Ref]*domain.Visit, cfg domain.Config, now time.Time, loc *time.Location, f filter) []row {
	var vs []*domain.Visit
	for _, v := range visits {
		if f.takes(v) {
			vs = append(vs, v)
		}
	}
	// By planned start, then reference: the order is stable as rows change.
	slices.SortFunc(vs, func(a, b *domain.Visit) int {
		if c := a.Basics.PlannedStart.Compare(b.Basics.PlannedStart); c != 0 {
			return c
		}
		return strings.Compare(string(a.Ref), string(b.Ref))
	})
	clock := func(t time.Time) string { return t.In(loc).Format("15:04") }
	var inc, dep, today []row
	type late struct {
		row
		due time.Time
	}
	var over []late
	for _, v := range vs {
		// The reference names the team (SLN-2026-0042).
		name := fmt.Sprintf("%s %s", v.Ref, v.Basics.Premises.Name)
		switch {
		case v.State == domain.Deployed:
			waiting, _ := v.Unacknowledged()
			for _, i := range v.Incidents() {
				inc = append(inc, incidentRow(v, name, i, now, clock, i.Declared.Seq == waiting.Declared.Seq && !i.Acknowledged()))
			}
			dep = append(dep, deployedRow(v, name, cfg, now))
		case v.State.Active() && cfg.PlannedToday(v, now):
			today = append(today, todayRow(v, name, cfg, now, loc))
		}
		for _, o := range cfg.Overdue(v, now) {
			over = append(over, late{row{sec: secOverdue, ref: v.Ref, level: warn,
				text: fmt.Sprintf("%s · %s %s", name, o.Rule, o.Text)}, o.Due})
		}
	}
	// Incidents awaiting acknowledgement first, then the latest declared.
	slices.SortStableFunc(inc, func(a, b row) int {
		if a.waiting != b.waiting {
			if a.waiting {
				return -1
			}
			return 1
		}
		return 0
	})
	slices.SortStableFunc(over, func(a, b late) int { return a.due.Compare(b.due) })
	rows := append(append(inc, dep...), today...)
	for _, o := range over {
		rows = append(rows, o.row)
	}
	return rows
}

func incidentRow(v *domain.Visit, name string, i domain.Incident, now time.Time, clock func(time.Time) string, waiting bool) row {
	d := i.Declared
	how := common.Span(now.Sub(d.At)) + " so far"
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
