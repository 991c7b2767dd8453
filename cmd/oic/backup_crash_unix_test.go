//go:build unix

package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"oic/domain"
	"oic/store/backup"
	"oic/store/vault"
)

// A backup child, and a restore child: the test binary run again with
// OIC_BACKUP_CHILD (or OIC_RESTORE_CHILD) set takes a backup of a folder
// (or restores one) and, part-way, says so and waits to be killed.
const (
	backupChildEnv  = "OIC_BACKUP_CHILD"
	restoreChildEnv = "OIC_RESTORE_CHILD"
	childArgEnv     = "OIC_CHILD_ARG"
	childAfter      = 2 << 20 // bytes
)

func init() {
	if dir := os.Getenv(backupChildEnv); dir != "" {
		os.Exit(backupChild(dir, os.Getenv(childArgEnv)))
	}
	if file := os.Getenv(restoreChildEnv); file != "" {
		os.Exit(restoreChild(file, os.Getenv(childArgEnv)))
	}
}

func backupChild(dir, out string) int {
	s, err := openFolder(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	opt := backup.Options{By: domain.Officer{StaffNo: "DEMO01", Name: "Alex Renwick"}, At: time.Now(), Tool: "test",
		Config: domain.DefaultConfig()}
	said := false
	opt.Progress = func(n int64) {
		if n >= childAfter && !said {
			said = true
			fmt.Printf("written %d\n", n)
			select {}
		}
	}
	if _, err := backup.WriteFile(context.Background(), s, out, opt); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	fmt.Println("finished")
	return 0
}

func restoreChild(file, dir string) int {
	said := false
	// The folder backed up was encrypted (as the tests' folders are): its
	// passphrase decrypts the backup and opens the key file it carries.
	opt := backup.RestoreOptions{At: time.Now(), Passphrase: []byte(testPassphrase),
		Vault: func(dir string) (*vault.Vault, error) { return vault.Unlock(dir, []byte(testPassphrase), time.Now()) }}
	opt.Progress = func(phase string, done, total int64) {
		if phase == "restoring" && done >= childAfter && !said {
			said = true
			time.Sleep(200 * time.Millisecond) // let Badger write some of it
			fmt.Printf("restored %d\n", done)
			select {}
		}
	}
	if _, err := backup.Restore(context.Background(), file, dir, opt); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	fmt.Println("finished")
	return 0
}

// killChild starts this test binary as a child with env, waits for its
// first line and kills it (SIGKILL: no chance to clean up).
func killChild(t *testing.T, env ...string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	watchdog := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
	defer watchdog.Stop()
	line, err := bufio.NewReader(out).ReadString('\n')
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if err != nil || line == "finished\n" {
		t.Fatalf("the child said %q (%v): %s", line, err, stderr.String())
	}
	return line
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// A backup killed part-way leaves nothing under its name, its digest's
// or its signature's: only hidden temporary files, which the next
// backup to the same name removes. A restore killed part-way leaves
// nothing under the folder's name: only a hidden folder, which the next
// restore to it removes.
func TestBackupAndRestoreKilledLeaveNothingThatLooksComplete(t *testing.T) {
	src := demoVisits(t, 300)
	outDir := t.TempDir()
	out := filepath.Join(outDir, "oic.backup")
	killChild(t, backupChildEnv+"="+src, childArgEnv+"="+out)
	left := names(t, outDir)
	for _, n := range left {
		if n == "oic.backup" || n == "oic.backup.sha256" || n == "oic.backup.sig" {
			t.Errorf("a killed backup left %s under its final name", n)
		}
	}
	i := slices.IndexFunc(left, func(n string) bool { return strings.HasPrefix(n, ".oic.backup.partial-") })
	if i < 0 {
		t.Fatalf("no part-written temporary file (%v): the kill did not come part-way", left)
	}
	if fi, err := os.Stat(filepath.Join(outDir, left[i])); err != nil || fi.Size() == 0 {
		t.Errorf("the temporary backup is empty (%v): the kill did not come part-way", err)
	}
	ctx := context.Background()
	if code, o, e := runOIC(t, ctx, "backup", "--data-dir", src, "--out", out); code != 0 {
		t.Fatalf("the backup after the kill: %s %s", o, e)
	}
	if got := names(t, outDir); !slices.Equal(got, []string{"oic.backup", "oic.backup.sha256", "oic.backup.sig"}) {
		t.Errorf("after the next backup the folder holds %v", got)
	}

	where := t.TempDir()
	dst := filepath.Join(where, "restored")
	killChild(t, restoreChildEnv+"="+out, childArgEnv+"="+dst)
	left = names(t, where)
	if slices.Contains(left, "restored") {
		t.Errorf("a killed restore left the folder under its name: %v", left)
	}
	if !slices.ContainsFunc(left, func(n string) bool { return strings.HasPrefix(n, ".restored.restoring-") }) {
		t.Errorf("no hidden folder (%v): the kill did not come part-way", left)
	}
	if code, o, e := runOIC(t, ctx, "restore", out, "--data-dir", dst); code != 0 {
		t.Fatalf("the restore after the kill: %s %s", o, e)
	}
	if got := names(t, where); !slices.Equal(got, []string{"restored"}) {
		t.Errorf("after the next restore the folder holds %v", got)
	}
	if a, b := folderState(t, src), folderState(t, dst); a != b {
		t.Error("the restored folder differs from the source")
	}
}
