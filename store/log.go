package store

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// maxLog is the size at which badger.log is rotated to badger.log.1.
const maxLog = 8 << 20

// openLog opens Badger's log file for appending, rotating it when large.
// Badger's messages belong in a file an engineer can read, never on the
// officer's screen, where they would tear the TUI.
func openLog(path string) (*os.File, error) {
	if fi, err := os.Stat(path); err == nil && fi.Size() > maxLog {
		_ = os.Rename(path, path+".1")
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot open the store's log file: %w", err)
	}
	return f, nil
}

// fileLogger adapts a file to badger.Logger. Debug messages are dropped.
type fileLogger struct{ f *os.File }

func (l fileLogger) write(level, format string, args ...any) {
	msg := strings.TrimRight(fmt.Sprintf(format, args...), "\n")
	fmt.Fprintf(l.f, "%s %s %s\n", time.Now().Format(time.RFC3339), level, msg)
}

func (l fileLogger) Errorf(f string, a ...any)   { l.write("ERROR", f, a...) }
func (l fileLogger) Warningf(f string, a ...any) { l.write("WARN", f, a...) }
func (l fileLogger) Infof(f string, a ...any)    { l.write("INFO", f, a...) }
func (l fileLogger) Debugf(string, ...any)       {}
