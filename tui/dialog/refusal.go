package dialog

import (
	"fmt"
	"strings"

	"oic/domain"
	"oic/tui/common"
)

// Refusal is the last refusal of a weighty step (deploy, close): every
// finding that blocked it, shown in full at the top of the tab it was
// tried from for as long as the visit stays as it was when refused.
type Refusal struct {
	Findings []domain.Finding
	Version  uint64
}

// Refused keeps the findings that refused a step on v.
func Refused(v *domain.Visit, fs []domain.Finding) Refusal {
	return Refusal{Findings: fs, Version: v.Version}
}

// Standing reports whether the refusal still describes v.
func (r Refusal) Standing(v *domain.Visit) bool { return len(r.Findings) > 0 && r.Version == v.Version }

// Box is the refusal in a box: "✗ Cannot deploy REF yet; 2 findings
// block:" and each finding, in full, w cells wide.
func (r Refusal) Box(t *common.Theme, verb string, ref domain.Ref, w int) string {
	n := len(r.Findings)
	return FindingsBox(t, fmt.Sprintf("✗ Cannot %s %s yet; %s %s:", verb, ref, common.Plural(n, "finding"), common.Pick(n == 1, "blocks", "block")), r.Findings, w)
}

// FindingsBox lists findings under a heading in a box, in full.
func FindingsBox(t *common.Theme, head string, fs []domain.Finding, w int) string {
	bw := max(10, w-4)
	lines := []string{t.Error.Bold(true).Render(head)}
	for _, f := range fs {
		for i, l := range common.SplitLines(common.Wrap(f.Rule+" blocks: "+f.Message, bw-2)) {
			lines = append(lines, t.Error.Render(common.Pick(i == 0, "✗ ", "  ")+l))
		}
	}
	return t.Box.Width(bw + 2).Render(strings.Join(lines, "\n"))
}
