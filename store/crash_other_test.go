//go:build !unix

package store

import (
	"fmt"
	"os"
)

// The crash test kills its child with SIGKILL, which only unix has.
func crashChild(string) int {
	fmt.Fprintln(os.Stderr, "the crash child runs only on unix")
	return 2
}
