package common

import "testing"

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
