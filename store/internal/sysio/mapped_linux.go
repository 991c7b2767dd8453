package sysio

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// Every page of a memory-mapped file a process has read counts in its
// resident memory until the kernel needs it back, so a process reading
// a large store through mapped files looks many times its size.
// DropMapped tells the kernel the process is done with the pages it has
// mapped of some files (madvise MADV_DONTNEED on shared file mappings),
// so the resident size stays near the heap's. The pages stay in the page
// cache, and a later read maps them again; for a shared mapping nothing
// written is lost.
//
// The ranges are read from /proc/self/maps and advised after: had a file
// been unmapped between the two and its range given to other memory,
// MADV_DONTNEED would discard that memory. The caller must make sure no
// mapping of those files is dropped or moved meanwhile.

// DropMapped releases the pages of the files in dir whose names end in
// suffix that this process has mapped shared.
func DropMapped(dir, suffix string) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return
	}
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return
	}
	defer f.Close()
	prefix := []byte(dir + string(filepath.Separator))
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// 7f1c2a000000-7f1c2e000000 r--s 00000000 fd:01 1234  /data/db/000001.vlog
		fields := bytes.Fields(sc.Bytes())
		if len(fields) < 6 || len(fields[1]) < 4 || fields[1][3] != 's' || !bytes.HasPrefix(fields[5], prefix) ||
			!bytes.HasSuffix(fields[5], []byte(suffix)) {
			continue
		}
		lo, hi, ok := bytes.Cut(fields[0], []byte("-"))
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(string(lo), 16, 64)
		end, err2 := strconv.ParseUint(string(hi), 16, 64)
		if err1 != nil || err2 != nil || end <= start {
			continue
		}
		syscall.Syscall(syscall.SYS_MADVISE, uintptr(start), uintptr(end-start), syscall.MADV_DONTNEED)
	}
}
