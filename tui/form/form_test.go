package form

import (
	"testing"

	"oic/tui/tuitest"
)

// A value set after the field was focused (a restored draft) puts the
// cursor at its end, so typing carries on where the officer left off.
func TestFormSetValueCursorAtEnd(t *testing.T) {
	f := New(tuitest.Theme()).Text("k", "Staff number", "", "HMI001").Done()
	f.fields[0].SetValue("HMI001X")
	for _, m := range tuitest.Keys("Y") {
		f.Update(m)
	}
	if got := f.Values()["k"]; got != "HMI001XY" {
		t.Errorf("typed after a restored value: %q, want HMI001XY", got)
	}
}

// Typing a choice's label letter by letter narrows to it; the same letter
// again and again walks the options that start with it.
func TestFormChoiceTypeAhead(t *testing.T) {
	opts := []Option{{"shown", "shown"}, {"not shown", "not shown"}, {"not yet known", "not yet known"}, {"not applicable", "not applicable"}}
	f := New(tuitest.Theme()).Choice("x", "Excuse", opts, "not yet known").Done()
	for _, k := range tuitest.Keys("n", "o", "t", " ", "s") {
		f.Update(k)
	}
	if got := f.Values()["x"]; got != "not shown" {
		t.Fatalf("typed \"not s\", chose %q", got)
	}
	// Back on the field, n keeps "not shown" (it starts with n); n again
	// and again walks on.
	f.Update(tuitest.Keys("tab")[0])
	f.Update(tuitest.Keys("shift+tab")[0])
	for _, want := range []string{"not shown", "not yet known", "not applicable", "not shown"} {
		f.Update(tuitest.Keys("n")[0])
		if got := f.Values()["x"]; got != want {
			t.Fatalf("n again: %q, want %q", got, want)
		}
	}
}
