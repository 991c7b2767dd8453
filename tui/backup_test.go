package tui_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"oic/domain"
	"oic/tui"
	"oic/tui/register"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

// backupFunc is a function that takes backups.
type backupFunc func(ctx context.Context, req domain.BackupRequest) (domain.BackupResult, error)

func (f backupFunc) Backup(ctx context.Context, req domain.BackupRequest) (domain.BackupResult, error) {
	return f(ctx, req)
}

func (f backupFunc) Encrypted() bool { return false }

// fakeBackuper stands for the store's backup, which cmd/oic's tests hold:
// it keeps the request, and writes a file where asked, refusing one
// already there as the backup does.
func fakeBackuper(got *domain.BackupRequest) domain.Backuper {
	return backupFunc(func(ctx context.Context, req domain.BackupRequest) (domain.BackupResult, error) {
		*got = req
		if _, err := os.Stat(req.Path); err == nil && !req.Overwrite {
			return domain.BackupResult{}, fmt.Errorf("%s is already there; nothing was written, and it was left as it is: %w", req.Path, fs.ErrExist)
		}
		if err := os.WriteFile(req.Path, []byte("backup"), 0o600); err != nil {
			return domain.BackupResult{}, err
		}
		req.Progress(6)
		how := ""
		if len(req.Recipients) > 0 {
			how = "recipients"
		}
		return domain.BackupResult{Path: req.Path, SHA256: "ab12", Bytes: 6, Visits: 1, Encrypted: how,
			Principal: "oic-0123456789abcdef", Fingerprint: "SHA256:t7JrY0JlR3Vhc3RlZCBrZXkgZm9yIHRoZSB0ZXN0cw"}, nil
	})
}

// B on the register takes a backup while oic is open: where to, to whom
// encrypted, its result; a file already there is refused beside the
// field until Replace is on.
func TestBackup_FromTheRegister(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	t.Chdir(t.TempDir())
	dir := t.TempDir()
	var req domain.BackupRequest
	d := tuitest.NewDriver(t, apptest.App(t, s, func(o *tui.Options) { o.Backup = fakeBackuper(&req) }), 220, 30)
	d.Press("B")
	tuitest.Contains(t, d.View(), "Back up the whole folder", "Save to", "Encrypt to", "Replace a file there")
	// The name offered is in the folder oic was started in, and the
	// dialog says where that is, whole.
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tuitest.Contains(t, d.View(), "→ "+filepath.Join(cwd, "oic-backup-"))
	path := filepath.Join(dir, "oic.backup")
	d.Press("ctrl+u", path, "tab", "age1examplekey", "ctrl+s")
	d.WaitFor("Backed up")
	tuitest.Contains(t, d.View(), "✓ Backed up 1 visit to "+path, "encrypted to the key given", "SHA-256 ab12", "namespace oic-backup")
	if req.Path != path || len(req.Recipients) != 1 || req.Recipients[0] != "age1examplekey" || req.By.StaffNo != tuitest.CIO.StaffNo {
		t.Errorf("the dialog asked for %+v", req)
	}
	d.Press("enter")
	if _, ok := d.Top().(*register.Screen); !ok {
		t.Fatal("enter did not close the dialog")
	}
	d.Press("B", "ctrl+u", path, "ctrl+s")
	d.WaitFor("Turn on Replace")
	d.Press("tab", "tab", " ", "ctrl+s")
	d.WaitFor("Backed up")
	if !req.Overwrite {
		t.Errorf("Replace was on, but the dialog asked for %+v", req)
	}
	// A name without a folder is made whole where oic was started, and
	// the result says so, with its size as a person reads it.
	d.Press("enter", "B", "ctrl+u", "mine.backup", "ctrl+s")
	d.WaitFor("Backed up")
	if want := filepath.Join(cwd, "mine.backup"); req.Path != want {
		t.Errorf("the dialog asked for %q, want %q", req.Path, want)
	}
	tuitest.Contains(t, d.View(), "✓ Backed up 1 visit to "+filepath.Join(cwd, "mine.backup")+" (6 bytes)")
}

// Where roles apply, a backup is an administrator's (ActBackup): anyone
// else is told so, and no dialog opens.
func TestBackup_AnAdministrators(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	var req domain.BackupRequest
	d := tuitest.NewDriver(t, apptest.App(t, s, func(o *tui.Options) {
		o.Backup = fakeBackuper(&req)
		o.Config.Administered = true
	}), 100, 30)
	d.Press("B")
	tuitest.Contains(t, d.View(), "IDN-1: taking a backup of the whole folder is for an administrator")
	if _, ok := d.Top().(*register.Screen); !ok {
		t.Fatal("the dialog opened for an officer who is no administrator")
	}
}
