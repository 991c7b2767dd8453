package common

import (
	"fmt"
	"os"
	"path/filepath"
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

// Size shows a byte count as "12.3 MB".
func Size(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	case n < 1000*1000*1000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.2f GB", float64(n)/1e9)
}

// SaveTo is where a file named as typed in a "Save to" field goes: made
// whole against dir, the folder oic was started in (a dialog finds it
// once, as it opens: the name is shown under the field, drawn with every
// frame), so that the officer is shown, and the export or backup
// reports, the one place it is. A name starting "~/" is in the officer's
// home folder, as a shell would take it (no shell reads the field).
func SaveTo(dir, typed string) string {
	if rest, ok := strings.CutPrefix(typed, "~"+string(filepath.Separator)); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	if filepath.IsAbs(typed) || dir == "" {
		return filepath.Clean(typed)
	}
	return filepath.Join(dir, typed)
}
