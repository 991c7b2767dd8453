package tui

import "testing"

// A value set after the field was focused (a restored draft) puts the
// cursor at its end, so typing carries on where the officer left off.
func TestFormSetValueCursorAtEnd(t *testing.T) {
	f := newForm(NewTheme()).text("k", "Staff number", "", "HMI001").done()
	f.fields[0].setValue("HMI001X")
	for _, m := range keys("Y") {
		f.update(m)
	}
	if got := f.values()["k"]; got != "HMI001XY" {
		t.Errorf("typed after a restored value: %q, want HMI001XY", got)
	}
}
