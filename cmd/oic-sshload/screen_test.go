package main

import (
	"strings"
	"testing"
	"time"
)

// A frame's text is what the client waits on: escape sequences (colours,
// cursor moves, a window title) are taken out, even when a write ends in
// the middle of one, and the text around them is kept.
func TestScreenTakesOutEscapes(t *testing.T) {
	s := newScreen()
	for _, part := range []string{"\x1b[2J\x1b[H\x1b[1;3", "2m✓\x1b[0m SLN-2026-0001: ", "timeline #7: note (version 9).\r\n\x1b]0;oic\x07note"} {
		if _, err := s.Write([]byte(part)); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := s.since(0), "✓ SLN-2026-0001: timeline #7: note (version 9).\nnote"; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
	if m := flashOf("SLN-2026-0001").FindStringSubmatch(s.since(0)); m == nil || m[1] != "7" {
		t.Errorf("the flash's number: %q", m)
	}
	// A ✓ on one line and a timeline's number on another, with the
	// cursor moves between them taken out, are no flash.
	if flashOf("SLN-2026-0001").MatchString("✓ verified  #7  06:10  note  SLN-2026-0001: timeline #8 note") {
		t.Error("a ✓ and a number on other lines read as a flash")
	}
	from := s.mark()
	go func() { time.Sleep(10 * time.Millisecond); s.Write([]byte("\x1b[5;1HOn site")) }()
	if _, ok := s.wait(from, time.Second, func(t string) bool { return strings.Contains(t, "On site") }); !ok {
		t.Error("a wait did not see the text written after it began")
	}
}

func TestPercentiles(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	if got, want := percentiles(ds), "n 100  p50 50.0 ms  p90 90.0 ms  p99 99.0 ms  max 100.0 ms"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

// The register's count is awaited, not the words of its footer.
func TestVisitCount(t *testing.T) {
	for text, want := range map[string]bool{
		"/ to filter · s to sort          loading… 48,500 so far": false,
		"t today's visits · b today's board":                      false,
		"/ to filter · s to sort                   1,203 visits":  true,
		"/ to filter · s to sort                        1 visit":  true,
	} {
		if got := visitCount.MatchString(text); got != want {
			t.Errorf("%q: %v, want %v", text, got, want)
		}
	}
}
