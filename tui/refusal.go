package tui

import (
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// refusal is the last refusal of a weighty step (deploy, close): every
// finding that blocked it, shown in full at the top of its tab for as long
// as the visit stays as it was when refused.
type refusal struct {
	findings []domain.Finding
	version  uint64
}

// standing reports whether the refusal still describes v.
func (r refusal) standing(v *domain.Visit) bool { return len(r.findings) > 0 && r.version == v.Version }

// refuse handles the error of trying a step: blocked, it keeps the
// findings on r, shows them from the top of the tab and flashes the first;
// any other error is flashed. refused is false when err is nil, and the
// step goes ahead.
func (d *detail) refuse(r *refusal, verb string, err error) (cmd tea.Cmd, refused bool) {
	var be *domain.BlockedError
	switch {
	case errors.As(err, &be):
		r.findings, r.version = be.Findings, d.v.Version
		d.refresh()
		d.vp.GotoTop()
		n, first := len(be.Findings), be.Findings[0]
		return common.Flash(common.FlashError, fmt.Sprintf("Cannot %s %s: %s %s (%s blocks: %s)", verb, d.v.Ref, common.Plural(n, "finding"), common.Pick(n == 1, "blocks", "block"), first.Rule, first.Message)), true
	case err != nil:
		return common.Flash(common.FlashError, err.Error()), true
	}
	*r = refusal{}
	return nil, false
}

// refusalBox is the box of a refusal that still stands.
func (d *detail) refusalBox(r refusal, verb string, w int) string {
	n := len(r.findings)
	return d.findingsBox(fmt.Sprintf("✗ Cannot %s %s yet; %s %s:", verb, d.v.Ref, common.Plural(n, "finding"), common.Pick(n == 1, "blocks", "block")), r.findings, w)
}

// findingsBox lists findings under a heading in a box, in full.
func (d *detail) findingsBox(head string, fs []domain.Finding, w int) string {
	t := d.s.Theme
	bw := max(10, w-4)
	lines := []string{t.Error.Bold(true).Render(head)}
	for _, f := range fs {
		for i, l := range common.SplitLines(common.Wrap(f.Rule+" blocks: "+f.Message, bw-2)) {
			lines = append(lines, t.Error.Render(common.Pick(i == 0, "✗ ", "  ")+l))
		}
	}
	return t.Box.Width(bw + 2).Render(strings.Join(lines, "\n"))
}
