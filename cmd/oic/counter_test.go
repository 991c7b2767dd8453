package main

import (
	"bytes"
	"strings"
	"testing"
)

// On a terminal each count is drawn over the last; a shorter one must
// not leave the end of a longer one showing.
func TestCounterOverwrites(t *testing.T) {
	var b bytes.Buffer
	c := &counter{w: &b, what: "Checking", tty: true}
	c.phase("checking", 100000, 100000)
	c.phase("writing", 8000, 100000)
	out := b.String()
	last := out[strings.LastIndex(out, "\r")+1:]
	if strings.TrimRight(last, " ") != "Writing: 8000 of 100000 visits (8%)" || len(last) < len("Checking: 100000 of 100000 visits (100%)") {
		t.Errorf("the terminal shows %q", last)
	}
	c.clear()
	out = b.String()
	if last := out[strings.LastIndex(out[:len(out)-1], "\r")+1:]; strings.TrimSpace(last) != "" || len(last)-1 < len("Checking: 100000 of 100000 visits (100%)") {
		t.Errorf("clear leaves %q", last)
	}
}
