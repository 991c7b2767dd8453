//go:build !unix

package main

// heapOnSignal does nothing where there is no SIGUSR1.
func heapOnSignal(string) {}
