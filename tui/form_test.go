package tui

import (
	"testing"
)

// A value set after the field was focused (a restored draft) puts the
// cursor at its end, so typing carries on where the officer left off.
func TestFormSetValueCursorAtEnd(t *testing.T) {
	f := newForm(testTheme()).text("k", "Staff number", "", "HMI001").done()
	f.fields[0].setValue("HMI001X")
	for _, m := range keys("Y") {
		f.update(m)
	}
	if got := f.values()["k"]; got != "HMI001XY" {
		t.Errorf("typed after a restored value: %q, want HMI001XY", got)
	}
}

// Typing a choice's label letter by letter narrows to it; the same letter
// again and again walks the options that start with it.
func TestFormChoiceTypeAhead(t *testing.T) {
	opts := []option{{"shown", "shown"}, {"not shown", "not shown"}, {"not yet known", "not yet known"}, {"not applicable", "not applicable"}}
	f := newForm(testTheme()).choice("x", "Excuse", opts, "not yet known").done()
	for _, k := range keys("n", "o", "t", " ", "s") {
		f.update(k)
	}
	if got := f.values()["x"]; got != "not shown" {
		t.Fatalf("typed \"not s\", chose %q", got)
	}
	// Back on the field, n keeps "not shown" (it starts with n); n again
	// and again walks on.
	f.update(keys("tab")[0])
	f.update(keys("shift+tab")[0])
	for _, want := range []string{"not shown", "not yet known", "not applicable", "not shown"} {
		f.update(keys("n")[0])
		if got := f.values()["x"]; got != want {
			t.Fatalf("n again: %q, want %q", got, want)
		}
	}
}
