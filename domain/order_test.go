package domain

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// BenchmarkBriefingStale is one officer's look at whether the order moved
// on since it was issued (BRF-2), as each acceptance makes: the order
// rendered and hashed.
func BenchmarkBriefingStale(b *testing.B) {
	v := ready(b)
	b.ReportAllocs()
	for b.Loop() {
		if v.BriefingStale() {
			b.Fatal("stale")
		}
	}
}

// oneLine's shortcut gives back what splitting into fields and joining
// them gives, on text that takes it and text that does not.
func TestOneLine(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "a\nb", "a\rb", "a\vb", "a\fb",
		"a\u00a0b", "a\u2028b", "a\u0085b", "café au lait", "Dogs on site? None known", "x\n\n y  ", "\t"} {
		if got, want := oneLine(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", s, got, want)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune{'a', 'b', ' ', ' ', '\t', '\n', '\r', 'é', '\u00a0', '\u2003', '.'}
	for range 20000 {
		rs := make([]rune, r.IntN(12))
		for i := range rs {
			rs[i] = alphabet[r.IntN(len(alphabet))]
		}
		s := string(rs)
		if got, want := oneLine(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("oneLine(%q) = %q, want %q", s, got, want)
		}
	}
}
