package backup

import (
	"io"
	"sync"
)

// A restore reads the backup through twice: once for its digest and
// signature alone, then to write it, hashing the file's bytes again (so a
// file changed between the two is found) while the same goroutine
// decrypts, reads the frames and loads the records: the hashing was a
// third of its CPU (BENCHMARKS.md, issue 18's restore). aside hashes on a
// goroutine of its own, beside the rest.

// aside writes what it is given to w on a goroutine of its own, in order,
// from copies: Write never waits on w unless it is chunks behind.
type aside struct {
	w    io.Writer
	ch   chan []byte
	done chan struct{}
	pool sync.Pool
}

const asideChunks = 8

func newAside(w io.Writer) *aside {
	a := &aside{w: w, ch: make(chan []byte, asideChunks), done: make(chan struct{})}
	go func() {
		defer close(a.done)
		for b := range a.ch {
			a.w.Write(b) // a hash: never an error
			a.pool.Put(&b)
		}
	}()
	return a
}

func (a *aside) Write(p []byte) (int, error) {
	var b []byte
	if v, ok := a.pool.Get().(*[]byte); ok {
		b = (*v)[:0]
	}
	a.ch <- append(b, p...)
	return len(p), nil
}

// Close waits until w has everything written.
func (a *aside) Close() {
	close(a.ch)
	<-a.done
}
