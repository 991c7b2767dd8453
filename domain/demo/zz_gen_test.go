package demo

import (
	"encoding/json"
	"runtime"
	"testing"
	"time"
)

func TestGen100k(t *testing.T) {
	now := time.Now()
	start := time.Now()
	var bytes, changes int
	err := Generate(Options{Visits: 100000, Seed: 1, Now: now}, func(r Record) error {
		if r.Visit != nil {
			b, _ := json.Marshal(r.Visit)
			bytes += len(b)
			changes += len(r.Changes)
		}
		return nil
	})
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("err=%v %s, json visits %d MB, changes %d, heap sys %d MB", err, time.Since(start), bytes>>20, changes, ms.HeapSys>>20)
}
