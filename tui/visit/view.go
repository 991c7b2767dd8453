package visit

import (
	"fmt"
	"strings"

	"oic/tui/common"
	"oic/tui/visit/live"
)

// The screen's own lines above the tab: the headline, the tab bar and the
// critical incident banner. Everything is words first; colour only helps.

func (sc *Screen) headline() string {
	t := sc.s.Theme
	v := sc.tv.V
	left := t.Bold.Render(string(v.Ref)) + "  " + t.State(v.State).Render(strings.ToUpper(string(v.State))) +
		"  " + v.Basics.Premises.Name
	return common.Truncate(left, sc.w)
}

// incidentLine is the banner a declared critical incident puts on every
// tab of its visit until it is stood down (INC-1). It takes the blank line
// under the tabs, so nothing else moves.
func (sc *Screen) incidentLine() string {
	e, ok := sc.tv.V.ActiveIncident()
	if !ok {
		return ""
	}
	t := sc.s.Theme
	text := fmt.Sprintf("!! CRITICAL INCIDENT declared %s by %s: %s  (tab %d)", e.At.In(sc.s.Loc).Format("15:04"), e.Recorded.ByName, e.Text, sc.NumberOf(live.Name))
	return t.Alarm.Render(common.Truncate(strings.Join(strings.Fields(text), " "), sc.w))
}

func (sc *Screen) tabBar() string {
	bar := sc.tabLabels(false, true)
	if common.Cells(bar) > sc.w { // 120 columns: every name, unpadded
		bar = sc.tabLabels(false, false)
	}
	if common.Cells(bar) > sc.w { // 80 columns: every tab still shows, in short
		bar = sc.tabLabels(true, false)
	}
	return common.Truncate(bar, sc.w)
}

// tabLabels are the tabs' labels with their keys, padded or not; short,
// their short names, so that all eleven fit in 80 columns.
func (sc *Screen) tabLabels(short, padded bool) string {
	t := sc.s.Theme
	var parts []string
	for i, tb := range sc.tabs {
		n := tabKeys[i : i+1] // the tenth tab is key 0, the eleventh -
		label := n + " " + tb.Label()
		if short {
			label = n + " " + tb.Short()
		}
		switch {
		case !padded && i == sc.cur:
			parts = append(parts, t.TabActive.UnsetPadding().Render(label))
		case !padded:
			parts = append(parts, label)
		case i == sc.cur:
			parts = append(parts, t.TabActive.Render(label))
		default:
			parts = append(parts, t.Tab.Render(label))
		}
	}
	return strings.Join(parts, t.Muted.Render("│"))
}
