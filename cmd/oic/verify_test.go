package main

import (
	"context"
	"strings"
	"testing"
)

// oic verify --rebuild makes the premises index and the measures again
// from the records, then verifies: a sound folder stays sound, and counts
// the same.
func TestVerifyRebuild(t *testing.T) {
	ctx := context.Background()
	dir := measuresFolder(t)
	_, before, _ := runOIC(t, ctx, "measures", "--data-dir", dir, "--by", "quarter", "--format", "csv")
	code, stdout, stderr := runOIC(t, ctx, "verify", "--rebuild", "--data-dir", dir)
	if code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "verified") {
		t.Errorf("stderr does not say the folder verified:\n%s", stderr)
	}
	if _, after, _ := runOIC(t, ctx, "measures", "--data-dir", dir, "--by", "quarter", "--format", "csv"); after != before {
		t.Errorf("measures after the rebuild:\n%s\nbefore:\n%s", after, before)
	}
}
