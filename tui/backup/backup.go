// Package backup is the register's backup dialog (B): where to write a
// backup of the whole folder and to whom to encrypt it, then its progress
// (esc cancels) and its result. The backup itself is the store's (oic
// backup is the same code), given to the TUI as a domain.Backuper, so the
// TUI never imports the store.
package backup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/form"
)

// Field names of the dialog.
const (
	fieldPath    = "backup.path"
	fieldTo      = "backup.recipient"
	fieldReplace = "backup.replace"
)

type phase int

const (
	asking phase = iota
	running
	done
)

// Dialog is the dialog, its run and its result.
type Dialog struct {
	s        *common.Session
	f        *form.Form
	phase    phase
	written  int64
	cancel   context.CancelFunc
	events   chan tea.Msg
	finished chan tea.Msg
	result   domain.BackupResult
	err      string
	path     string
	dir      string // where oic was started: a name in Save to is taken there (common.SaveTo)
	w, h     int
}

type (
	progressMsg int64
	finishedMsg struct {
		res domain.BackupResult
		err error
	}
)

// New is the dialog, for the signed-in officer.
func New(s *common.Session) *Dialog {
	today := s.Now().Format("2006-01-02")
	f := form.New(s.Theme).
		Text(fieldPath, "Save to", "a new file, outside the data folder", "oic-backup-"+today+".backup").
		Text(fieldTo, "Encrypt to", "an age1... or ssh-ed25519 public key, or a file of them; blank: the folder's passphrase if it has one", "").
		Toggle(fieldReplace, "Replace a file there", false).
		Done()
	dir, _ := os.Getwd()
	f.Validate = func(m map[string]string) error { _, err := request(dir, m); return err }
	f.Describe = func(k, v string) string {
		switch k {
		case fieldPath:
			if p := strings.TrimSpace(v); p != "" {
				return "→ " + common.SaveTo(dir, p)
			}
		case fieldTo:
			if strings.TrimSpace(v) == "" && s.Backup != nil && s.Backup.Encrypted() {
				return "left blank: encrypted to this folder's passphrase, which alone restores it"
			}
			if strings.TrimSpace(v) == "" {
				return "left blank, a plain folder's backup is not encrypted: it holds personal data anyone with the file can read"
			}
			return "only the holder of the matching private key can restore it (oic restore --identity)"
		case fieldReplace:
			if v == "yes" {
				return "on: a file at Save to, and its .sha256 and .sig, will be overwritten"
			}
			return "off: a file already at Save to is refused and left as it is"
		}
		return ""
	}
	return &Dialog{s: s, f: f, dir: dir}
}

// request reads the dialog, a name in Save to taken in dir.
func request(dir string, m map[string]string) (domain.BackupRequest, error) {
	req := domain.BackupRequest{Path: strings.TrimSpace(m[fieldPath]), Overwrite: m[fieldReplace] == "yes"}
	if to := strings.TrimSpace(m[fieldTo]); to != "" {
		req.Recipients = []string{to}
	}
	if req.Path == "" {
		return req, domain.ValidationError{{Field: fieldPath, Msg: "say where to save the backup"}}
	}
	req.Path = common.SaveTo(dir, req.Path)
	return req, nil
}

func (d *Dialog) Init() tea.Cmd   { return nil }
func (d *Dialog) Title() string   { return "Back up the whole folder" }
func (d *Dialog) Capturing() bool { return d.phase == asking && d.f.Capturing() }
func (d *Dialog) SetSize(w, h int) {
	d.w, d.h = w, h
	d.f.SetSize(w, max(5, h-8))
}

func (d *Dialog) ShortHelp() []key.Binding {
	switch d.phase {
	case running:
		return []key.Binding{common.BackupKeys.Cancel}
	case done:
		return []key.Binding{common.BackupKeys.Close}
	}
	return []key.Binding{common.BackupKeys.Start, common.FormKeys.Next, common.FormKeys.Prev, common.FormKeys.Leave}
}

func (d *Dialog) FullHelp() []common.HelpGroup {
	return []common.HelpGroup{{Title: "Backup", Keys: []key.Binding{common.BackupKeys.Start, common.FormKeys.Next, common.FormKeys.Prev, common.FormKeys.Toggle, common.BackupKeys.Cancel}}}
}

func (d *Dialog) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case progressMsg:
		d.written = int64(msg)
		return d, d.next()
	case finishedMsg:
		d.cancel()
		if msg.err != nil {
			d.phase, d.err = asking, msg.err.Error()
			switch {
			case errors.Is(msg.err, context.Canceled):
				d.err = fmt.Sprintf("Backup cancelled: nothing was written under %s.", d.path)
			case errors.Is(msg.err, fs.ErrExist):
				d.err = ""
				d.f.ShowErrors(domain.ValidationError{{Field: fieldPath,
					Msg: msg.err.Error() + ". Turn on Replace below to overwrite it, or give another name."}}, true)
				d.f.FocusKey(fieldPath)
			}
			return d, nil
		}
		d.phase, d.result = done, msg.res
		return d, nil
	case tea.KeyMsg:
		switch d.phase {
		case running:
			if key.Matches(msg, common.BackupKeys.Cancel) {
				d.cancel()
			}
			return d, nil
		case done:
			if key.Matches(msg, common.BackupKeys.Close) {
				return d, common.Pop
			}
			return d, nil
		}
		switch {
		case key.Matches(msg, common.BackupKeys.Start):
			return d, d.start()
		case key.Matches(msg, common.FormKeys.Leave):
			return d, common.Pop
		}
		return d, d.f.Update(msg)
	}
	return d, nil
}

// start runs the backup in the background, its progress and its end
// arriving as messages.
func (d *Dialog) start() tea.Cmd {
	req, err := request(d.dir, d.f.Values())
	if err != nil {
		d.f.ShowErrors(err, true)
		return nil
	}
	if d.s.Backup == nil {
		d.err = "A backup is not taken from this screen here: over SSH, run ssh HOST backup >FILE; on the server host, oic backup --out FILE."
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	d.cancel, d.phase, d.err, d.path, d.written = cancel, running, "", req.Path, 0
	events := make(chan tea.Msg, 1)
	d.events = events
	req.By = d.s.Me
	req.Progress = func(n int64) {
		select { // the latest count is enough: never hold the backup up
		case events <- progressMsg(n):
		default:
		}
	}
	b := d.s.Backup
	finished := make(chan tea.Msg, 1)
	go func() {
		res, err := b.Backup(ctx, req)
		finished <- finishedMsg{res, err}
	}()
	d.finished = finished
	return d.next()
}

// next waits for the backup's next progress report or its end.
func (d *Dialog) next() tea.Cmd {
	events, finished := d.events, d.finished
	return common.DeliverTo(d, func() tea.Msg {
		select {
		case m := <-finished:
			return m
		case m := <-events:
			return m
		}
	})
}

func (d *Dialog) View() string {
	t := d.s.Theme
	w := max(20, d.w-2)
	var b strings.Builder
	b.WriteString(t.Muted.Render(common.Wrap("A full backup of this folder, taken while oic is open: every visit, officer and audit trail, and the folder's signing key, "+
		"with a SHA-256 digest and this folder's signature beside it. oic restore FILE --data-dir NEW makes a new folder from it.", w)) + "\n\n")
	switch d.phase {
	case running:
		b.WriteString(fmt.Sprintf("Backing up to %s\n\n", d.path))
		b.WriteString(t.Muted.Render(fmt.Sprintf("%.1f MB of records written", float64(d.written)/1e6)) + "\n")
		b.WriteString("\n" + t.Muted.Render("esc cancels: nothing is left under the file's name.") + "\n")
		return b.String()
	case done:
		r := d.result
		how := "not encrypted: it holds personal data anyone with the file can read"
		switch r.Encrypted {
		case "recipients":
			how = "encrypted to the key given"
		case "passphrase":
			how = "encrypted to the folder's passphrase"
		}
		b.WriteString(t.OK.Render(common.Wrap(fmt.Sprintf("✓ Backed up %s to %s (%s), %s.", common.Plural(r.Visits, "visit"), r.Path, common.Size(r.Bytes), how), w)) + "\n")
		b.WriteString(common.Wrap("SHA-256 "+r.SHA256+", also in "+r.Path+".sha256 (check it with sha256sum -c).", w) + "\n")
		b.WriteString(common.Wrap("Signed by this folder's key ("+r.Principal+", "+r.Fingerprint+") in "+r.Path+".sig (namespace oic-backup).", w) + "\n")
		return b.String()
	}
	if d.err != "" {
		b.WriteString(t.Error.Render(common.Wrap("✗ "+d.err, w)) + "\n\n")
	}
	b.WriteString(d.f.View())
	return b.String()
}
