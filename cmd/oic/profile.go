package main

import (
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile to $OIC_CPUPROFILE, if it is set, for
// measuring a whole command as a user runs it (BENCHMARKS.md); the
// returned func ends it. With $OIC_HEAPPROFILE set, each SIGUSR1 writes
// the heap, once collected, to that file, and its size in use to the
// same name with ".txt": the memory a session of oic serve is measured
// so (cmd/oic-sshload -hold), the resident set holding garbage not yet
// collected and pages not yet given back.
func startProfile() func() {
	if path := os.Getenv("OIC_HEAPPROFILE"); path != "" {
		heapOnSignal(path)
	}
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
