package common

import "runtime"

// lane is taken by the sessions' long computations over every visit
// (the register's filtering and sorting of its rows, the look for
// assurance feedback at sign-in), so that they run a few at a time: in
// team mode 50 sessions signing in together ran 50 of them on every core
// at once, and the saves made meanwhile waited behind them (BENCHMARKS.md,
// issue 17). Half the cores take them; the rest are left to what is
// typed, saved and drawn. A single session, as a laptop runs, never
// waits for it.
var lane = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)/2))

// InLane runs f once the lane has room, and gives its result.
func InLane[T any](f func() T) T {
	lane <- struct{}{}
	defer func() { <-lane }()
	return f()
}
