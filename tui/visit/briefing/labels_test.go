package briefing

import (
	"testing"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/form"
)

func TestConfirmLabelsNameEveryItem(t *testing.T) {
	if len(confirmLabels) != len(domain.ConfirmItems) {
		t.Fatalf("%d labels for %d BRF-4 items", len(confirmLabels), len(domain.ConfirmItems))
	}
	for _, l := range confirmLabels {
		if common.Cells(l) > form.LabelWidth {
			t.Errorf("%q is wider than a form label", l)
		}
	}
}
