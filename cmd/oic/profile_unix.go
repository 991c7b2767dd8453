//go:build unix

package main

import (
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"syscall"
)

func heapOnSignal(path string) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1)
	go func() {
		for range c {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if f, err := os.Create(path); err == nil {
				pprof.Lookup("heap").WriteTo(f, 0)
				f.Close()
			}
			os.WriteFile(path+".txt", fmt.Appendf(nil, "heap in use %d bytes, %d objects; stacks %d bytes; goroutines %d\n",
				m.HeapInuse, m.HeapObjects, m.StackInuse, runtime.NumGoroutine()), 0o600)
		}
	}()
}
