package common

import (
	"fmt"
	"strings"
	"time"
)

// Plural says "1 visit", "2 visits", "1,000 visits", "3 entries".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") {
		return Commas(n) + " " + noun[:len(noun)-1] + "ies"
	}
	return Commas(n) + " " + noun + "s"
}

// Commas formats n with thousands separators.
func Commas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func Pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}

// Span says a duration the way an officer would: "3 days", "5 hours".
func Span(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", int(d.Hours()))
	case d >= 2*time.Minute:
		return fmt.Sprintf("%d minutes", int(d.Minutes()))
	}
	return "moments"
}
