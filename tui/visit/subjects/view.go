package subjects

import (
	"strings"

	"oic/tui/common"
	"oic/tui/visit/tab"
)

func (tb *Tab) subjects(w int) string {
	t := tb.S.Theme
	v := tb.V
	if len(v.Subjects) == 0 {
		return t.Muted.Render(common.Wrap("No named subjects. Press a to add one. (Priority 6 intelligence has no named subject.)", w))
	}
	var b strings.Builder
	for i, s := range v.Subjects {
		marker := "  "
		if i == tb.sel {
			marker = t.Cursor.Render("▸ ")
		}
		if s.Withdrawn == "" {
			b.WriteString(marker + common.Truncate(s.ID+"  "+tab.SubjectLine(s), w-2) + "\n")
			continue
		}
		b.WriteString(marker + t.Muted.Render(common.Truncate(s.ID+"  WITHDRAWN  "+tab.SubjectLine(s), w-2)) + "\n")
		b.WriteString(t.Muted.Render(common.Indent(common.Wrap("why: "+s.Withdrawn, max(10, w-8)), 6)) + "\n")
	}
	return b.String()
}
