package main

import (
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile to $OIC_CPUPROFILE, if it is set, for
// measuring a whole command as a user runs it (BENCHMARKS.md); the
// returned func ends it.
func startProfile() func() {
	path := os.Getenv("OIC_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
