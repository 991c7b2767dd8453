package main

import (
	"io"
	"unicode/utf8"

	"oic/domain"
)

// Everything a command prints passes through an inertWriter: names and
// notes read from the store, fields quoted from an import, file names
// and arguments given on the command line can hold escape sequences,
// which a terminal would obey (retitle itself, clear the screen, write
// to the clipboard). They are shown as symbols instead (domain.Inert).
// The terminal UI draws on the terminal itself; its frames are made
// inert where they are drawn (tui.App.View).

// inertWriter writes what it is given made inert. A character cut in two
// by the end of one write waits for the rest.
type inertWriter struct {
	w    io.Writer
	part []byte
}

func newInertWriter(w io.Writer) *inertWriter { return &inertWriter{w: w} }

func (iw *inertWriter) Write(p []byte) (int, error) {
	b := p
	if len(iw.part) > 0 {
		b = append(iw.part, p...)
		iw.part = nil
	}
	// A UTF-8 character whose last bytes are still to come.
	cut := len(b)
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax+1; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				cut = i
			}
			break
		}
	}
	if cut < len(b) {
		iw.part = append([]byte(nil), b[cut:]...)
		b = b[:cut]
	}
	var err error
	if domain.IsInert(b) {
		_, err = iw.w.Write(b)
	} else {
		_, err = iw.w.Write(domain.AppendInert(make([]byte, 0, len(b)+16), b))
	}
	return len(p), err
}

// flush writes a character left cut at the end, as it is (made inert).
func (iw *inertWriter) flush() {
	if len(iw.part) > 0 {
		iw.w.Write(domain.AppendInert(nil, iw.part))
		iw.part = nil
	}
}

// terminalOf is the writer under an inertWriter: a command's progress
// line, its own words and figures, moves the cursor back over itself
// (\r), and needs to know whether it writes to a terminal.
func terminalOf(w io.Writer) io.Writer {
	if iw, ok := w.(*inertWriter); ok {
		return iw.w
	}
	return w
}
