package tab

import (
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// Refusal is the last refusal of a weighty step (deploy, close): every
// finding that blocked it, shown in full at the top of its tab for as long
// as the visit stays as it was when refused.
type Refusal struct {
	findings []domain.Finding
	version  uint64
}

// Standing reports whether the refusal still describes v.
func (r Refusal) Standing(v *domain.Visit) bool { return len(r.findings) > 0 && r.version == v.Version }

// Refuse handles the error of trying a step: blocked, it keeps the
// findings on r, shows them from the top of the tab and flashes the first;
// any other error is flashed. refused is false when err is nil, and the
// step goes ahead.
func (tv *Visit) Refuse(r *Refusal, verb string, err error) (cmd tea.Cmd, refused bool) {
	var be *domain.BlockedError
	switch {
	case errors.As(err, &be):
		r.findings, r.version = be.Findings, tv.V.Version
		tv.Refresh()
		tv.VP.GotoTop()
		n, first := len(be.Findings), be.Findings[0]
		return common.Flash(common.FlashError, fmt.Sprintf("Cannot %s %s: %s %s (%s blocks: %s)", verb, tv.V.Ref, common.Plural(n, "finding"), common.Pick(n == 1, "blocks", "block"), first.Rule, first.Message)), true
	case err != nil:
		return common.Flash(common.FlashError, err.Error()), true
	}
	*r = Refusal{}
	return nil, false
}

// RefusalBox is the box of a refusal that still stands.
func (tv *Visit) RefusalBox(r Refusal, verb string, w int) string {
	n := len(r.findings)
	return tv.FindingsBox(fmt.Sprintf("✗ Cannot %s %s yet; %s %s:", verb, tv.V.Ref, common.Plural(n, "finding"), common.Pick(n == 1, "blocks", "block")), r.findings, w)
}

// FindingsBox lists findings under a heading in a box, in full.
func (tv *Visit) FindingsBox(head string, fs []domain.Finding, w int) string {
	t := tv.S.Theme
	bw := max(10, w-4)
	lines := []string{t.Error.Bold(true).Render(head)}
	for _, f := range fs {
		for i, l := range common.SplitLines(common.Wrap(f.Rule+" blocks: "+f.Message, bw-2)) {
			lines = append(lines, t.Error.Render(common.Pick(i == 0, "✗ ", "  ")+l))
		}
	}
	return t.Box.Width(bw + 2).Render(strings.Join(lines, "\n"))
}
