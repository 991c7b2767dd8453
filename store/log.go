package store

import (
	"fmt"
	"os"
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
func (l *fileLog) Warningf(f string, a ...any) { l.write("WARN", f, a...) }
func (l *fileLog) Infof(f string, a ...any)    { l.write("INFO", f, a...) }
func (l *fileLog) Debugf(string, ...any)       {}
