package overview

import (
	"fmt"

	"oic/tui/common"
)

// premisesLine is the overview's pointer to the premises history, or ""
// when no other visit to the premises is recorded (REC-5).
func (tb *Tab) premisesLine(w int) string {
	t := tb.S.Theme
	c := tb.Premises
	var s string
	switch {
	case c.Earlier > 0 && c.Later > 0:
		s = fmt.Sprintf("%d earlier and %d later %s to these premises — P to see them (REC-5)", c.Earlier, c.Later, visitWord(c.Others()))
	case c.Earlier == 1:
		s = "1 earlier visit to these premises — P to see what it learned (REC-5)"
	case c.Earlier > 1:
		s = fmt.Sprintf("%s to these premises — P to see what they learned (REC-5)", common.Plural(c.Earlier, "earlier visit"))
	case c.Later == 1:
		s = "1 later visit to these premises — P to see it (REC-5)"
	case c.Later > 1:
		s = fmt.Sprintf("%s to these premises — P to see them (REC-5)", common.Plural(c.Later, "later visit"))
	default:
		return ""
	}
	return t.Accent.Render(common.Wrap(s, w)) + "\n\n"
}

func visitWord(n int) string {
	if n == 1 {
		return "visit"
	}
	return "visits"
}
