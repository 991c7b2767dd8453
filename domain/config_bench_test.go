package domain

import (
	"testing"
	"time"
)

// BenchmarkConfigLocation is the rules' zone as every rule asks for it
// (held after the first load); BenchmarkConfigLocation_Load is the plain
// path it is measured against, loading the zone on each call.
func BenchmarkConfigLocation(b *testing.B) {
	var c Config
	for b.Loop() {
		_ = c.Location()
	}
}

func BenchmarkConfigLocation_Load(b *testing.B) {
	for b.Loop() {
		if _, err := time.LoadLocation(DefaultTimeZone); err != nil {
			b.Fatal(err)
		}
	}
}
