package common

import (
	"path/filepath"
	"testing"
)

// Sizes read as a person says them, the same on the command line
// (oic export) and in the dialogs.
func TestSize(t *testing.T) {
	for n, want := range map[int64]string{
		0:             "0 bytes",
		999:           "999 bytes",
		1000:          "1.0 kB",
		13_439_770:    "13.4 MB",
		4_564_982_054: "4.56 GB",
	} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}

// A "Save to" name is made whole: against the folder oic was started in,
// or the home folder for "~/".
func TestSaveTo(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", "/home/officer")
	elsewhere := filepath.Join(t.TempDir(), "a.jsonl")
	for typed, want := range map[string]string{
		"visits.jsonl":           filepath.Join(dir, "visits.jsonl"),
		"out/visits.jsonl":       filepath.Join(dir, "out", "visits.jsonl"),
		elsewhere:                elsewhere,
		"~/Desktop/visits.jsonl": "/home/officer/Desktop/visits.jsonl",
		"~visits.jsonl":          filepath.Join(dir, "~visits.jsonl"),
	} {
		if got := SaveTo(dir, typed); got != want {
			t.Errorf("SaveTo(%q) = %q, want %q", typed, got, want)
		}
	}
}
