package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"oic/domain"
)

// ConnLogFile is the connection log in the data folder: who connected
// (staff number and key fingerprint), when, from where, for what (the
// terminal UI or a command's name) and for how long. Never what a visit
// holds, nor a command's arguments.
const ConnLogFile = "connections.log"

// connLog appends one line an event, tab-separated:
// time, event, staff number, fingerprint, address, detail.
type connLog struct {
	mu sync.Mutex
	f  *os.File
}

func openConnLog(dir string) (*connLog, error) {
	path := filepath.Join(dir, ConnLogFile)
	if fi, err := os.Lstat(path); err == nil && runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("the connection log %s can be read by others (mode %04o); the server did not start. Run chmod 600 %s", path, fi.Mode().Perm(), path)
	} else if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening the connection log: %w", err)
	}
	return &connLog{f: f}, nil
}

// write appends a line; a log that cannot be written is said once on
// the server's own log by the caller, never in a session.
func (l *connLog) write(at time.Time, event string, sn domain.StaffNo, fp, addr, detail string) error {
	who := string(sn)
	if who == "" {
		who = "-"
	}
	line := strings.Join([]string{at.UTC().Format(time.RFC3339), event, who, fp, addr, domain.Inert(detail)}, "\t") + "\n"
	l.mu.Lock()
	defer l.mu.Unlock()
	_, err := l.f.WriteString(line)
	return err
}

func (l *connLog) close() error { return l.f.Close() }
