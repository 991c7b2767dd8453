package common

import "testing"

// wrap breaks at spaces only: a rule ID or a hyphenated word stays whole.
func TestWrapKeepsHyphenatedWordsWhole(t *testing.T) {
	got := Wrap("blocks: record the phone check (ONF-3) after a walk-by", 36)
	want := "blocks: record the phone check\n(ONF-3) after a walk-by"
	if got != want {
		t.Errorf("wrap = %q, want %q", got, want)
	}
}
