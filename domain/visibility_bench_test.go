package domain

import (
	"fmt"
	"testing"
)

// BenchmarkTakesPart is the look for an officer among those taking part
// in 100,000 summaries, a visit's few each.
func BenchmarkTakesPart(b *testing.B) {
	sums := make([]Summary, 100000)
	for i := range sums {
		sums[i].Parts = fmt.Sprintf("ACIO%03d CIO%03d HMI%04d IO%04d IO%04d WLN%04d", i%97, i%89, i%83, i%79, i%73+100, i%71)
	}
	for b.Loop() {
		n := 0
		for _, s := range sums {
			if s.TakesPart("IO0042") {
				n++
			}
		}
		if n == 0 {
			b.Fatal("none")
		}
	}
}
