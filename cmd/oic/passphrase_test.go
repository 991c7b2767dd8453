package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"oic/store"
	"oic/store/vault"
)

// testPassphrase is the passphrase of every folder the tests make.
const testPassphrase = "test passphrase"

// encryptTestFolders makes the folders tests make encrypted, as a
// user's are by default, at a trivial cost of derivation (the key file
// records it), with the passphrase read from OIC_PASSPHRASE_FILE, so no
// test waits at a prompt. A child process (runAsOIC) inherits the file
// from its parent. It returns what removes the file.
func encryptTestFolders() (done func()) {
	vault.Cost = vault.Params{MemoryKiB: 64, Time: 1, Threads: 1}
	if os.Getenv(passphraseFileEnv) != "" {
		return func() {}
	}
	dir, err := os.MkdirTemp("", "oic-pass-")
	if err != nil {
		panic(err)
	}
	path := filepath.Join(dir, "passphrase")
	if err := os.WriteFile(path, []byte(testPassphrase+"\n"), 0o600); err != nil {
		panic(err)
	}
	os.Setenv(passphraseFileEnv, path)
	return func() {
		os.Unsetenv(passphraseFileEnv)
		os.RemoveAll(dir)
	}
}

// openFolder opens the store in dir as a test looks into it: with its
// key, if a command made it encrypted; plain (as store.Open) otherwise.
func openFolder(dir string) (*store.Store, error) {
	return openFolderWith(dir, store.Options{})
}

func openFolderWith(dir string, o store.Options) (*store.Store, error) {
	if k, err := vault.Look(dir); err != nil || k != vault.Encrypted {
		return store.OpenWith(dir, o)
	}
	v, err := vault.Unlock(dir, []byte(testPassphrase), time.Now())
	if err != nil {
		return nil, err
	}
	o.Vault = v
	return store.OpenWith(dir, o)
}

// folderVault is dir's vault, unlocked with the tests' passphrase, if a
// command made the folder encrypted; nil if it is plain.
func folderVault(t testing.TB, dir string) *vault.Vault {
	t.Helper()
	if k, err := vault.Look(dir); err != nil || k != vault.Encrypted {
		return nil
	}
	v, err := vault.Unlock(dir, []byte(testPassphrase), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return v
}
