package store

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// Badger reads its value log and tables through memory-mapped files, and
// every page of them an export touches counts in the process's resident
// memory until the kernel needs it back: reading 100,000 visits showed as
// 2.5 GB. releaseMapped tells the kernel the export is done with the
// pages it has read (madvise MADV_DONTNEED on Badger's shared file
// mappings), so the resident size stays near the heap's. The pages stay
// in the page cache, and a later read maps them again; for a shared
// mapping nothing written is lost.
//
// Only the value log's files, which hold the documents and so most of
// those pages: a range is read from /proc/self/maps and advised after,
// and had its file been unmapped between the two and the range given to
// other memory, MADV_DONTNEED would discard that memory. Badger unmaps a
// table of keys whenever a merge ends; a value-log file when value-log GC
// deletes one, which waits for this (mapMu), or when writes fill it (64 MB
// of them), which an export, reading, does not. The import, which writes,
// never calls this.
func (s *Store) releaseMapped() {
	s.mapMu.RLock()
	defer s.mapMu.RUnlock()
	dir, err := filepath.Abs(DBDir(s.dir))
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
			!bytes.HasSuffix(fields[5], []byte(".vlog")) {
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
