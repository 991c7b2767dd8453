package main

import (
	"bytes"
	"strings"
	"syscall"
	"testing"
)

// A stop that takes too long ends the process there and then, with the
// terminal put back, saying so, in the status of the signal.
func TestHardStop(t *testing.T) {
	var errs bytes.Buffer
	restored, code := false, 0
	st := &stopper{stderr: &errs, exit: func(c int) { code = c }, restore: func() { restored = true }}
	st.hardExit(syscall.SIGTERM)
	if !restored || code != 143 || !strings.Contains(errs.String(), "Nothing saved is lost") {
		t.Errorf("hard stop: restored %v, exit %d, said %q", restored, code, errs.String())
	}
	if got := exitCode(syscall.SIGINT); got != 130 {
		t.Errorf("exit status after SIGINT %d, want 130", got)
	}
}
