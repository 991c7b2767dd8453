package tab

import (
	"slices"
	"strings"

	"oic/domain"
	"oic/tui/common"
)

// findingIndent is where a finding's message starts: the cursor, the glyph,
// the rule ID and the severity word come before it.
const findingIndent = 19

// Assess works out the visit's readiness now: All, and the planning
// findings among them.
func (tv *Visit) Assess() {
	tv.All = tv.S.Config.Readiness(tv.V, tv.S.Now())
	tv.Findings = planningOnly(tv.All)
}

// planningOnly keeps the findings of the rules that come before the team
// is briefed.
func planningOnly(all []domain.Finding) []domain.Finding {
	var out []domain.Finding
	for _, f := range all {
		r, _ := domain.RuleByID(f.Rule)
		switch r.Area {
		case domain.AreaBriefing, domain.AreaLive, domain.AreaDebrief, domain.AreaAssure:
			continue
		}
		out = append(out, f)
	}
	return out
}

// Counts are how many of the planning findings block and warn.
func (tv *Visit) Counts() (blocks, warns int) {
	for _, f := range tv.Findings {
		if f.Severity == domain.Blocks {
			blocks++
		} else {
			warns++
		}
	}
	return blocks, warns
}

// FindingLines draws one finding: "✗ EPA-2  blocks  message", the message
// wrapped under itself, and under the cursor what to do about it.
func (tv *Visit) FindingLines(f domain.Finding, selected bool, w int) string {
	t := tv.S.Theme
	glyph, style := "✗", t.Error
	if f.Severity == domain.Warns {
		glyph, style = "!", t.Warn
	}
	mw := max(20, w-findingIndent)
	pad := strings.Repeat(" ", findingIndent)
	msg := common.SplitLines(common.Wrap(f.Message, mw))
	var b strings.Builder
	b.WriteString(common.Marker(t, selected) + style.Render(glyph+" "+common.PadRight(f.Rule, 7)+common.PadRight(string(f.Severity), 8)) + msg[0])
	for _, l := range msg[1:] {
		b.WriteString("\n" + pad + l)
	}
	if selected {
		do := f.Do
		if do != "" {
			do = "→ " + do + " "
		}
		// enter goes to the form that fixes it while the plan may change;
		// after, only the rule is left to read.
		keys := "(enter: its form; g: the rule in the guide)"
		if tv.V != nil && tv.V.PlanningEditable() != nil {
			keys = "(g: the rule in the guide)"
		}
		for _, l := range common.SplitLines(common.Wrap(do+keys, mw)) {
			b.WriteString("\n" + pad + t.Muted.Render(l))
		}
	}
	return b.String()
}

// Finding returns the first planning finding of rule, if any.
func (tv *Visit) Finding(rule string) (domain.Finding, bool) {
	i := slices.IndexFunc(tv.Findings, func(f domain.Finding) bool { return f.Rule == rule })
	if i < 0 {
		return domain.Finding{}, false
	}
	return tv.Findings[i], true
}

// RuleFindings are the visit's findings whose rule starts with prefix,
// taken from the readiness worked out on refresh.
func (tv *Visit) RuleFindings(prefix string) []domain.Finding {
	var out []domain.Finding
	for _, f := range tv.Findings {
		if strings.HasPrefix(f.Rule, prefix) {
			out = append(out, f)
		}
	}
	return out
}

// TeamFindings are the visit's findings whose rule starts with one of
// prefixes, from the readiness worked out on refresh, blocking first.
func (tv *Visit) TeamFindings(prefixes ...string) []domain.Finding {
	var out []domain.Finding
	for _, f := range tv.All {
		for _, p := range prefixes {
			if strings.HasPrefix(f.Rule, p) {
				out = append(out, f)
				break
			}
		}
	}
	return out
}
