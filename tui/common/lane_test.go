package common

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The long computations of many sessions run at most the lane's room at
// once, every one of them run, each result its own.
func TestInLaneRunsAFewAtATime(t *testing.T) {
	var now, most atomic.Int32
	var wg sync.WaitGroup
	got := make([]int, 20)
	for i := range got {
		wg.Go(func() {
			got[i] = InLane(func() int {
				n := now.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				time.Sleep(2 * time.Millisecond)
				now.Add(-1)
				return i * i
			})
		})
	}
	wg.Wait()
	if m := int(most.Load()); m > cap(lane) {
		t.Errorf("%d ran at once; the lane has room for %d", m, cap(lane))
	}
	for i, g := range got {
		if g != i*i {
			t.Fatalf("run %d gave %d", i, g)
		}
	}
}
