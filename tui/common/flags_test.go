package common

import "flag"

// update is accepted, and does nothing here, so that go test ./tui/...
// -update (which rewrites the screens' golden files) runs this package's
// tests too: it has no golden files.
var _ = flag.Bool("update", false, "rewrite golden files (none in this package)")
