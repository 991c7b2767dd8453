package main

import (
	"strings"
	"sync"
	"time"
)

// screen is what a session's terminal has been sent, its escape
// sequences taken out, so that a step waits on the text its frame shows
// (Bubble Tea redraws a changed line whole).
type screen struct {
	mu    sync.Mutex
	text  strings.Builder
	state int // 0 text, 1 after ESC, 2 in CSI, 3 in OSC, 4 OSC after ESC
	more  chan struct{}
}

func newScreen() *screen { return &screen{more: make(chan struct{})} }

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	for _, c := range p {
		switch s.state {
		case 0:
			switch c {
			case 0x1b:
				s.state = 1
			case '\r':
			default:
				s.text.WriteByte(c)
			}
		case 1:
			switch c {
			case '[':
				s.state = 2
			case ']':
				s.state = 3
			default:
				s.state = 0
			}
		case 2:
			if c >= 0x40 && c <= 0x7e {
				s.state = 0
			}
		case 3:
			switch c {
			case 0x07:
				s.state = 0
			case 0x1b:
				s.state = 4
			}
		case 4:
			s.state = 0
		}
	}
	close(s.more)
	s.more = make(chan struct{})
	s.mu.Unlock()
	return len(p), nil
}

// mark is where the text stands now: a step's wait looks past it.
func (s *screen) mark() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.text.Len()
}

// wait waits until found, given the text sent since from, says yes, or
// until timeout; it returns the text since from and whether found did.
func (s *screen) wait(from int, timeout time.Duration, found func(string) bool) (string, bool) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		t := s.text.String()[from:]
		more := s.more
		s.mu.Unlock()
		if found(t) {
			return t, true
		}
		select {
		case <-more:
		case <-deadline.C:
			return t, false
		}
	}
}

// since is the text sent since from.
func (s *screen) since(from int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.text.String()[from:]
}
