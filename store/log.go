package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// maxLog is the size at which badger.log is rotated to badger.log.1.
const maxLog = 8 << 20

// fileLog is Badger's logger: a file an engineer can read, never the
// officer's screen, where Badger's messages would tear the TUI. Debug
// messages are dropped.
type fileLog struct {
	mu   sync.Mutex
	path string
	f    *os.File
	// unreadable counts the values Badger could not read, and lastError
	// says why for the last: Badger logs a value it cannot read (its
	// checksum failing, its file gone) and hands it back empty, with no
	// error, so this is the only place its cause is told (Verify).
	unreadable int
	lastError  string
	// held is the value-log file (db/NNNNNN.vlog) Badger has kept a lock
	// on, if any (heldByBadger).
	held string
}

func openLog(path string) (*fileLog, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot open the store's log file: %w", err)
	}
	return &fileLog{path: path, f: f}, nil
}

// rotate moves a large log aside. It is called only once the store is
// open, so a second oic refused the lock never moves the log of the one
// that holds it.
func (l *fileLog) rotate() {
	l.mu.Lock()
	defer l.mu.Unlock()
	fi, err := l.f.Stat()
	if err != nil || fi.Size() <= maxLog {
		return
	}
	if os.Rename(l.path, l.path+".1") != nil {
		return
	}
	if f, err := os.OpenFile(l.path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600); err == nil {
		l.f.Close()
		l.f = f
	}
}

func (l *fileLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.f.Close()
}

func (l *fileLog) Name() string { return l.path }

func (l *fileLog) write(level, format string, args ...any) {
	msg := strings.TrimRight(fmt.Sprintf(format, args...), "\n")
	l.mu.Lock()
	fmt.Fprintf(l.f, "%s %s %s\n", time.Now().Format(time.RFC3339), level, msg)
	l.mu.Unlock()
}

func (l *fileLog) Errorf(f string, a ...any) {
	l.write("ERROR", f, a...)
	if file, ok := heldLogFile(f, a); ok {
		l.mu.Lock()
		if l.held == "" {
			l.held = file
		}
		l.mu.Unlock()
	}
	// A value it could not read (value.go), counted for oic verify.
	if key, cause := noteBadgerError(f, a); key != nil {
		l.mu.Lock()
		l.unreadable++
		l.lastError = fmt.Sprintf("%q: %s", key, cause)
		l.mu.Unlock()
	}
}

// unreadableValues is how many values Badger has failed to read, and why
// it failed the last.
func (l *fileLog) unreadableValues() (int, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.unreadable, l.lastError
}

// heldByBadger is the value-log file Badger v4.9.6 keeps a read lock on
// for as long as the store is open, or "". It does so when an entry's
// lengths, as read from a damaged file, run past the entry (valueLog.Read
// then returns its error without the callback that unlocks the file): its
// Close, and a garbage collection that rewrites the file, then wait for
// that lock forever.
func (l *fileLog) heldByBadger() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.held
}

// heldLogFile says whether Badger's message is the one it logs just before
// returning that error, and names the file from its value pointer.
func heldLogFile(format string, args []any) (string, bool) {
	if !strings.HasPrefix(format, "Invalid read: vp:") || len(args) != 1 {
		return "", false
	}
	var fid uint32
	if _, err := fmt.Sscanf(fmt.Sprintf("%+v", args[0]), "{Fid:%d", &fid); err != nil {
		return "a value-log file", true
	}
	return filepath.Join("db", fmt.Sprintf("%06d.vlog", fid)), true
}

func (l *fileLog) Warningf(f string, a ...any) { l.write("WARN", f, a...) }
func (l *fileLog) Infof(f string, a ...any)    { l.write("INFO", f, a...) }
func (l *fileLog) Debugf(string, ...any)       {}
