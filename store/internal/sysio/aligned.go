package sysio

import "unsafe"

// Aligned is an empty buffer of capacity size whose memory starts on a
// DirectAlign boundary, as direct writes (AtomicFile.WriteBlocks) need.
func Aligned(size int) []byte {
	b := make([]byte, size+DirectAlign)
	off := 0
	if r := int(uintptr(unsafe.Pointer(&b[0])) % DirectAlign); r != 0 {
		off = DirectAlign - r
	}
	return b[off : off : off+size]
}
