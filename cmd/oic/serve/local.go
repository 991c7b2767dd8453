package serve

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

// While oic serve holds the data folder, a command run on the server
// host (oic check, oic export, oic officer key add...) cannot open the
// store: Badger's lock is the server's. It asks the server instead, over
// a unix socket in the data folder that only the folder's owner may
// open; the server runs it as the command would have run itself (--as,
// or the officer last signed in on the folder), on its open store.

// SocketFile is the server's unix socket in the data folder.
const SocketFile = "serve.sock"

// LocalRequest is a command a local oic asks the server to run.
type LocalRequest struct {
	Args  []string // as after "oic", without --data-dir and --as
	As    string   // --as, or ""
	Stdin []byte   // what the command reads for "-", if anything
	// PIN is the PIN of the officer the command records as, which the
	// caller typed at their terminal or keeps in OIC_PIN_FILE, for a
	// command that records (export, keys); nil if none was asked.
	PIN *string
}

// LocalFrame is a piece of the command's output, or its end (Done, with
// its exit status).
type LocalFrame struct {
	Stderr bool
	Data   []byte
	Done   bool
	Code   int
}

// maxLocalStdin bounds what a local request carries for standard input:
// a public key.
const maxLocalStdin = 64 << 10

// listenLocal opens the socket, readable by the owner alone, taking the
// place of one a server that was killed left behind. Unix sockets exist
// on Windows too; their file modes do not, and the folder's access
// applies there.
func listenLocal(dir string) (net.Listener, error) {
	path := filepath.Join(dir, SocketFile)
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		c.Close()
		return nil, fmt.Errorf("another oic serve answers on %s; the server did not start", path)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("cannot remove the stale socket %s: %w", path, err)
	}
	l, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("cannot open the local socket %s: %w", path, err)
	}
	if runtime.GOOS != "windows" {
		if err := os.Chmod(path, 0o600); err != nil {
			l.Close()
			return nil, err
		}
	}
	return l, nil
}

// ListenLocal opens the server's socket in the data folder, for oic run
// on the server host; Shutdown closes it.
func (s *Server) ListenLocal() error {
	l, err := listenLocal(s.cfg.Dir)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.localL = l
	s.mu.Unlock()
	go s.serveLocal(l)
	return nil
}

// serveLocal answers local requests on l until it is closed.
func (s *Server) serveLocal(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		go s.local(c)
	}
}

// local runs one request, its output sent back as it is written.
func (s *Server) local(c net.Conn) {
	defer c.Close()
	var req LocalRequest
	if err := gob.NewDecoder(io.LimitReader(c, 1<<20)).Decode(&req); err != nil {
		return
	}
	if len(req.Stdin) > maxLocalStdin || len(req.Args) == 0 {
		return
	}
	fw := &frames{enc: gob.NewEncoder(c)}
	se := &session{began: s.cfg.Clock()}
	if !s.add(se) {
		fw.send(LocalFrame{Stderr: true, Data: []byte("oic: the server is stopping; run the command again once it has stopped.\n")})
		fw.send(LocalFrame{Done: true, Code: 1})
		return
	}
	defer s.remove(se)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	se.setQuit(cancel)
	s.logConn("local", "", "-", "socket", "command "+req.Args[0])
	code := s.cfg.RunLocal(ctx, req.As, req.PIN, req.Args, bytes.NewReader(req.Stdin), fw.writer(false), fw.writer(true))
	fw.send(LocalFrame{Done: true, Code: code})
}

// frames sends the output of one request, one frame at a time.
type frames struct {
	mu  sync.Mutex
	enc *gob.Encoder
	err error
}

func (f *frames) send(fr LocalFrame) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err == nil {
		f.err = f.enc.Encode(fr)
	}
	return f.err
}

func (f *frames) writer(stderr bool) io.Writer { return frameStream{f, stderr} }

type frameStream struct {
	f      *frames
	stderr bool
}

func (w frameStream) Write(p []byte) (int, error) {
	if err := w.f.send(LocalFrame{Stderr: w.stderr, Data: p}); err != nil {
		return 0, err
	}
	return len(p), nil
}

// AskLocal runs args on the server that holds dir, if one answers on its
// socket, relaying the output; ok is false when none does, for the
// command to run as it would have.
func AskLocal(dir string, req LocalRequest, stdout, stderr io.Writer) (code int, ok bool, err error) {
	c, err := net.DialTimeout("unix", filepath.Join(dir, SocketFile), 2*time.Second)
	if err != nil {
		return 0, false, nil
	}
	defer c.Close()
	if err := gob.NewEncoder(c).Encode(req); err != nil {
		return 0, true, fmt.Errorf("asking the server that holds %s: %w", dir, err)
	}
	dec := gob.NewDecoder(c)
	for {
		var fr LocalFrame
		if err := dec.Decode(&fr); err != nil {
			return 1, true, fmt.Errorf("the server that holds %s stopped answering: %w", dir, err)
		}
		if fr.Done {
			return fr.Code, true, nil
		}
		w := stdout
		if fr.Stderr {
			w = stderr
		}
		if _, err := w.Write(fr.Data); err != nil {
			return 1, true, err
		}
	}
}
