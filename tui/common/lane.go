package common

import "runtime"

// lane is taken by the registers' filtering and sorting of their rows,
// so that they run a few at a time: in team mode 50 sessions signing in
// together ran 50 of them on every core at once, and the saves made
// meanwhile waited behind them (BENCHMARKS.md, issue 17). Half the cores
// take them; the rest are left to what is typed, saved and drawn. Only
// work on what is in memory takes it, never a read of the store, which
// could hold every register waiting on a disk (the look for feedback at
// sign-in, slow, held a laptop's only register:
// TestAssurance_FeedbackFoundLateWaitsForTheRegister).
var lane = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)/2))

// InLane runs f once the lane has room, and gives its result.
func InLane[T any](f func() T) T {
	lane <- struct{}{}
	defer func() { <-lane }()
	return f()
}
