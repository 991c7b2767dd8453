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
