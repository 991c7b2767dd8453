package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"oic/store"
)

// version is set at release with -ldflags "-X main.version=v1.2.3".
var version = "dev"

// Version returns the tool's version: the release stamp, else the module
// version the binary was built from.
func Version() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

func runVersion(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("version", stderr)
	if err := parseFlags(fs, args, stdout, ""); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "oic %s (store format %d, %s, %s/%s)\n", Version(), store.SchemaVersion, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
