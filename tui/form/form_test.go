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

// A team is found by its name as well as its code, and a name that fits
// no team never settles on one: typing "South London" once chose North
// West ICE.
func TestFormChoiceTeamByName(t *testing.T) {
	typing := func(f *Form, s string) {
		for _, r := range s {
			f.Update(tuitest.Keys(string(r))[0])
		}
	}
	f := New(tuitest.Theme()).Choice("team", "Team", TeamOptions(), "").Done()
	typing(f, "South London")
	if got := f.Values()["team"]; got != "SLN" {
		t.Fatalf("typed \"South London\", chose %q", got)
	}
	if h := f.Focused().Hint(); h != "" {
		t.Errorf("one team fits, yet the hint says %q", h)
	}

	f = New(tuitest.Theme()).Choice("team", "Team", TeamOptions(), "SLN").Done()
	typing(f, "Manchester")
	if got := f.Values()["team"]; got != "SLN" {
		t.Fatalf("typed \"Manchester\", which fits no team, and the choice moved to %q", got)
	}
	tuitest.Contains(t, f.View(), `nothing fits "Manchester"`)
	for range "chester" {
		f.Update(tuitest.Keys("backspace")[0])
	}
	tuitest.Contains(t, f.View(), `nothing fits "Man"`)

	f = New(tuitest.Theme()).Choice("team", "Team", TeamOptions(), "").Done()
	typing(f, "London")
	tuitest.Contains(t, f.View(), `"London" fits 4: type more`)
	if got := f.Values()["team"]; got != "SLN" {
		t.Fatalf("typed \"London\": %q, want the first that fits, SLN, shown as one of 4", got)
	}
	typing(f, " x")
	if got := f.Values()["team"]; got != "" {
		t.Fatalf("typed \"London x\", which fits none: %q, want the choice as it was before, none", got)
	}
	f.Update(tuitest.Keys("backspace")[0])
	if got := f.Values()["team"]; got != "SLN" {
		t.Fatalf("backspace to \"London \": %q", got)
	}

	f = New(tuitest.Theme()).Choice("team", "Team", TeamOptions(), "").Done()
	typing(f, "nel")
	if got := f.Values()["team"]; got != "NEL" {
		t.Fatalf("typed the code nel: %q", got)
	}
}
