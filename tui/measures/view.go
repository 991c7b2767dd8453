package measures

import (
	"fmt"
	"slices"
	"strings"

	"github.com/NimbleMarkets/ntcharts/barchart"
	"github.com/NimbleMarkets/ntcharts/sparkline"

	"oic/domain"
	"oic/tui/common"
)

// Drawing the screen: the figures of the team and period chosen on the
// left (above, on a narrow terminal), and on the right two charts of the
// figure chosen: bars per team or quarter, and its trend by month. The
// charts are drawn with ntcharts; every bar carries its figure in words
// too, so nothing is told by colour or length alone.

const (
	figuresWidth = 50  // the column of figures: a flag, its rule and "100% of 100,000"
	twoColumns   = 100 // the width from which the charts sit beside it
	trendHeight  = 6
)

func (m *Screen) View() string {
	if m.h <= 0 {
		return ""
	}
	end := min(len(m.lines), m.offset+m.h)
	out := slices.Clone(m.lines[min(m.offset, end):end])
	if len(m.lines) > m.h {
		hint := "↓/j for more"
		if m.offset+m.h >= len(m.lines) {
			hint = "↑/k to go back up"
		}
		for len(out) < m.h {
			out = append(out, "")
		}
		out[m.h-1] = m.s.Theme.Muted.Render(common.PadLeft(hint, m.w))
	}
	return common.FitBox(strings.Join(out, "\n"), m.w, m.h)
}

// draw lays out the body afresh: on a load, a key or a resize.
func (m *Screen) draw() {
	t := m.s.Theme
	switch {
	case m.w <= 0:
		return
	case m.err != nil:
		m.lines = strings.Split(common.Wrap(t.Error.Render("✗ ")+"The measures could not be read: "+m.err.Error(), m.w), "\n")
		return
	case m.t == nil:
		m.lines = []string{t.Muted.Render("Counting the measures of every visit…")}
		return
	}
	a, b := m.window()
	team := m.teamCode()
	g := m.t.sum(team, a, b, "")
	teamName := "all teams"
	if team != "" {
		teamName = string(team)
		if tm, ok := domain.TeamByCode(team); ok {
			teamName += " (" + tm.Name + ")"
		}
	}
	head := []string{
		common.Truncate(t.Label.Render("Team ")+t.Bold.Render(teamName)+t.Muted.Render(" t · ")+
			t.Label.Render("Period ")+t.Bold.Render(m.periodLabel())+t.Muted.Render(" p, ←/→ · ")+
			t.Bold.Render(common.Plural(g.Visits, "visit")), m.w),
		"",
	}
	if g.Visits == 0 {
		msg := "No visit is planned in this period. ← and → move through periods; p counts every visit."
		if m.t.visits == 0 {
			msg = "No visit is recorded in this store yet."
		}
		m.lines = append(head, strings.Split(common.Wrap(msg, m.w), "\n")...)
		m.offset = 0
		return
	}
	left := m.figures(&g, min(figuresWidth, m.w))
	if m.w >= twoColumns {
		right := m.charts(team, a, b, m.w-figuresWidth-2)
		m.lines = append(head, besides(left, right, figuresWidth+2)...)
	} else {
		m.lines = append(head, left...)
		m.lines = append(m.lines, "")
		m.lines = append(m.lines, m.charts(team, a, b, m.w)...)
	}
	m.offset = min(m.offset, max(0, len(m.lines)-m.h))
}

// besides puts right beside left, left padded to width cells.
func besides(left, right []string, width int) []string {
	n := max(len(left), len(right))
	out := make([]string, n)
	for i := range out {
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out[i] = common.PadRight(l, width) + r
	}
	return out
}

// figures are the outcomes and record quality of g, in lines of w cells.
func (m *Screen) figures(g *domain.MeasuresGroup, w int) []string {
	t := m.s.Theme
	var out []string
	row := func(label string, n int) {
		out = append(out, common.Spread("  "+label, t.Bold.Render(common.Commas(n)), w))
	}
	detail := func(parts []string) {
		if len(parts) > 0 {
			for _, l := range strings.Split(common.Wrap(strings.Join(parts, " · "), w-4), "\n") {
				out = append(out, "    "+t.Muted.Render(l))
			}
		}
	}
	counts := func(names []string, n []int) []string {
		var parts []string
		for i, name := range names {
			if n[i] > 0 {
				parts = append(parts, name+"\u00a0"+common.Commas(n[i])) // kept on one line by Wrap
			}
		}
		return parts
	}
	out = append(out, t.Header.Render("Outcomes"))
	row("visits", g.Visits)
	states := make([]string, len(domain.States))
	for i, s := range domain.States {
		states[i] = string(s)
	}
	detail(counts(states, g.States[:]))
	detail(topSectors(g, 4))
	row("operations (deployed)", g.Operations)
	row("people encountered", g.Encountered)
	outcomes := make([]string, len(domain.Outcomes))
	for i, o := range domain.Outcomes {
		outcomes[i] = strings.TrimSuffix(string(o), " (right to work)")
	}
	detail(counts(outcomes, g.Outcomes[:]))
	row("arrests", g.Arrests())
	detail(counts([]string{"booked into custody", "interpreter needed", "interviewed", "biometrics checked"},
		[]int{g.InCustody, g.Interpreters, g.Interviews, g.Biometrics}))
	row("people working illegally", g.IllegalWorkers)
	row("civil penalty referral notices", g.CPRNs())
	row("no action notices", g.NoAction)
	referrals := 0
	for _, n := range g.Referrals {
		referrals += n
	}
	row("referrals", referrals)
	detail(counts(domain.ReferralTypes, g.Referrals[:]))
	row("safeguarding steps", g.SafeguardingReferrals())
	detail(counts(domain.SafeguardingKinds, g.Safeguarding[:]))
	row("critical incidents", g.Incidents)
	joint := "-"
	if share, ok := g.JointShare(); ok {
		joint = fmt.Sprintf("%s of %s", t.Bold.Render(fmt.Sprintf("%3.0f%%", 100*share)), common.Commas(g.Operations))
	}
	out = append(out, common.Spread("  joint operations "+t.Muted.Render("JNT-1"), joint, w))
	agencies := make([]string, len(domain.Agencies))
	for i, a := range domain.Agencies {
		agencies[i] = string(a)
	}
	detail(counts(agencies, g.Agencies[:]))
	out = append(out, "", t.Header.Render("Record quality")+t.Muted.Render(" met, of the visits it applies to"))
	for q := range domain.NumQualities {
		info := domain.Qualities[q]
		val := "-"
		if r, ok := g.Rate(q); ok {
			val = fmt.Sprintf("%s of %s", t.Bold.Render(fmt.Sprintf("%3.0f%%", 100*r)), common.Commas(g.Applies[q]))
		}
		out = append(out, common.Spread("  "+info.Label+" "+t.Muted.Render(info.Rule), val, w))
	}
	return out
}

// topSectors names the n sectors with most visits in g, and how many
// others there are.
func topSectors(g *domain.MeasuresGroup, n int) []string {
	type sector struct {
		name  string
		count int
	}
	var ss []sector
	for i, c := range g.Sectors {
		if c > 0 {
			name := "no sector"
			if i < len(domain.Sectors) {
				name = domain.Sectors[i]
			}
			ss = append(ss, sector{name, c})
		}
	}
	slices.SortStableFunc(ss, func(a, b sector) int { return b.count - a.count })
	var out []string
	for i, s := range ss {
		if i == n {
			out = append(out, fmt.Sprintf("%d other sectors", len(ss)-n))
			break
		}
		out = append(out, s.name+"\u00a0"+common.Commas(s.count))
	}
	return out
}

// charts are the bars and the trend of the figure chosen, w cells wide.
func (m *Screen) charts(team domain.TeamCode, a, b month, w int) []string {
	t := m.s.Theme
	f := figures[m.fig]
	var groups []domain.MeasuresGroup
	by := "team"
	switch {
	case m.byQtr:
		groups, by = m.t.byQuarter(team, a, b), "quarter"
	case team != "":
		groups = []domain.MeasuresGroup{m.t.sum(team, a, b, string(team))}
	default:
		groups = m.t.byTeam(a, b)
	}
	// The latest quarters, if more than a screen's worth.
	groups = groups[max(0, len(groups)-20):]
	out := []string{common.Truncate(t.Header.Render(capital(f.name))+t.Muted.Render(" by "+by+" · m next figure, b by "+
		common.Pick(m.byQtr, "team", "quarter")), w)}
	out = append(out, bars(m, f, groups, w)...)
	out = append(out, "", common.Truncate(t.Header.Render(capital(f.name))+t.Muted.Render(" by month"), w))
	return append(out, trend(m, f, m.t.byMonth(team, a, b), a, w)...)
}

func capital(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// bars is an ntcharts bar chart of f over groups, a bar a line, each
// labelled with its group and its figure.
func bars(m *Screen, f figure, groups []domain.MeasuresGroup, w int) []string {
	t := m.s.Theme
	if len(groups) == 0 || w < 20 {
		return nil
	}
	data := make([]barchart.BarData, len(groups))
	top := 0.0
	labels := make([]string, len(groups))
	width := 0
	for i := range groups {
		v, ok := f.value(&groups[i])
		labels[i] = groups[i].Key + " " + f.text(v, ok)
		width = max(width, len(labels[i]))
		top = max(top, v)
		data[i] = barchart.BarData{Values: []barchart.BarValue{{Name: groups[i].Key, Value: v, Style: t.Accent}}}
	}
	for i := range data {
		// Right-aligned figures, so the bars start together.
		key, fig, _ := strings.Cut(labels[i], " ")
		data[i].Label = key + strings.Repeat(" ", width-len(labels[i])+1) + fig + " "
	}
	if f.rate {
		top = 100
	}
	bc := barchart.New(w, len(groups),
		barchart.WithHorizontalBars(), barchart.WithNoAutoBarWidth(), barchart.WithBarWidth(1), barchart.WithBarGap(0),
		barchart.WithNoAutoMaxValue(), barchart.WithMaxValue(max(top, 1)),
		barchart.WithStyles(t.Muted, t.Label), barchart.WithDataSet(data))
	// Pushing data does not move the axis past the labels; a resize
	// places it, and scales the bars to the room left.
	bc.Resize(w, len(groups))
	bc.Draw()
	return strings.Split(bc.View(), "\n")
}

// trend is an ntcharts sparkline of f for each month from a, with the
// first and last month and the highest figure under it.
func trend(m *Screen, f figure, months []domain.MeasuresGroup, a month, w int) []string {
	t := m.s.Theme
	if len(months) == 0 || w < 20 {
		return nil
	}
	// The latest months, if more than fit.
	if len(months) > w {
		a += month(len(months) - w)
		months = months[len(months)-w:]
	}
	per := max(1, min(3, w/len(months)))
	vals := make([]float64, 0, per*len(months))
	peak, peakAt := -1.0, 0
	for i := range months {
		v, ok := f.value(&months[i])
		if !ok {
			v = 0
		}
		if v > peak {
			peak, peakAt = v, i
		}
		for range per {
			vals = append(vals, v)
		}
	}
	top := max(peak, 1)
	if f.rate {
		top = 100
	}
	sl := sparkline.New(len(vals), trendHeight, sparkline.WithStyle(t.Accent), sparkline.WithNoAutoMaxValue(), sparkline.WithMaxValue(top))
	sl.PushAll(vals)
	sl.Draw()
	out := strings.Split(sl.View(), "\n")
	last := a + month(len(months)-1)
	pv, ok := f.value(&months[peakAt])
	peakText := "highest " + f.text(pv, ok) + " in " + (a + month(peakAt)).label()
	out = append(out,
		t.Muted.Render(common.Spread(a.short(), last.short(), max(len(vals), 11))),
		t.Muted.Render(common.Truncate(peakText, w)))
	return out
}
