package main

import (
	"os"
	"testing"
)

// runAsOIC, set in a child's environment, makes this test binary be oic
// itself, with the child's arguments: the tests of what a real process
// does (signals, kills) run it without building another binary.
const runAsOIC = "OIC_TEST_RUN_AS_OIC"

func TestMain(m *testing.M) {
	// Every test's new folder is encrypted, cheaply (passphrase_test.go).
	done := encryptTestFolders()
	if os.Getenv(runAsOIC) != "" {
		main()
	}
	code := m.Run()
	done()
	os.Exit(code)
}
