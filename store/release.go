package store

import "oic/store/internal/sysio"

// Badger reads its value log and tables through memory-mapped files, and
// every page of them a long read touches counts in the process's
// resident memory (sysio.DropMapped). releaseMapped tells the kernel the
// reads so far are done with the value log's pages, which hold the
// documents and so most of those pages.
//
// Only the value log's: DropMapped reads the ranges before it advises
// them, so no file may be unmapped in between. Badger unmaps a table of
// keys whenever a merge ends; a value-log file when value-log GC deletes
// one, which waits for this (mapMu), or when writes fill it, which a read
// does not. A writer (the import) must never call this.
func (s *Store) releaseMapped() {
	s.mapMu.RLock()
	defer s.mapMu.RUnlock()
	sysio.DropMapped(DBDir(s.dir), ".vlog")
}

// ReleasePages is releaseMapped for a command that reads many records
// and writes none, called between its batches: oic measures reads the
// measures records, a few hundred of which (those over Badger's value
// threshold) are in the value log, scattered through every file of it.
// Where the kernel keeps those files' pages in 2 MiB folios (ext4 on
// Linux 6), each such read maps 2 MiB, and the process's resident size
// grows far past what it reads (BENCHMARKS.md, "oic measures and the
// value log's pages"). Never call it while this process writes.
func (s *Store) ReleasePages() { s.releaseMapped() }
