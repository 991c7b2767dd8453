// Package store keeps oic's records in an embedded Badger database: visit
// documents, the compact summaries lists are drawn from, index keys, the
// hash-chained audit trail, officer profiles, drafts, and a change feed.
package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"oic/store/internal/sysio"
	"oic/store/vault"
)

// SchemaVersion is the layout of keys and values this build reads and
// writes. A store written by a newer build is refused rather than misread.
//
//  1. the first layout (keys.go)
//  2. visit documents compressed (doc.go); version 1's plain ones are
//     still read, so opening a version 1 store only raises its mark,
//     which keeps builds that would misread it out.
//  3. every audit entry seals the record it leaves (domain.Seal), the
//     heads keep the seal, officer profiles have trails (p/, q/). A
//     store of version 1 or 2 is given a baseline entry per record when
//     first opened (baseline.go), then its mark is raised.
//  4. the entries an import brings to a trail are kept together as one
//     run (trailrun.go), and derived parts are kept compressed
//     (derived.go). Stores of version 3 hold neither and are read as
//     they are: their mark is raised with the premises index (5).
//  5. visits filed under their premises (i/q/, keys.go), for a
//     premises' history read from keys alone. A store of an earlier
//     format is indexed when first opened (premises_index.go), then its
//     mark is raised.
//  6. each visit's measures of effect kept beside it (e/, measures.go).
//     A store of an earlier format has them made when first opened,
//     then its mark is raised.
//  7. each visit filed under the officers taking part in it (i/o/,
//     keys.go), so an officer's register lists the visits of other
//     teams they are on. A store of an earlier format has the index made
//     with the measures when first opened (buildMeasures), then its mark
//     is raised. From the same format a folder may hold blocks of
//     reference numbers (b/, refblocks.go), which an earlier oic would
//     not know to take new references from: it refuses the folder.
//  8. each visit's measures record sealed to the document it was made
//     from, with the index keys that document makes (measures_seal.go),
//     which an earlier oic would misread. A store of an earlier format
//     has them made again when first opened, then its mark is raised.
const SchemaVersion = 8

// Store is one open data directory. One per process: Badger holds a lock.
type Store struct {
	db     *badger.DB
	dir    string
	log    *fileLog
	derive Derivation
	// vault is the folder's unlocked vault; nil: the folder is plain.
	vault *vault.Vault
	// free measures the room left on the store's disk (room.go).
	free func(dir string) (uint64, error)

	feedOnce sync.Once
	feed     *feed

	// createMu serialises CreateVisit within this process (the only one
	// allowed on the folder). Without it, concurrent creates for one team
	// and year all read the same counter, all but one fail at commit with
	// badger.ErrConflict, and after maxRetries rounds of that some creates
	// failed outright (TestConcurrentCreatesTakeConsecutiveRefs).
	createMu sync.Mutex
	// saveMu serialises saves of one visit within this process, striped
	// by reference, for the same reason: sessions of oic serve appending
	// to one visit at once each lost Badger's race to the other in turn,
	// and under load all maxRetries rounds of it, so a save was refused
	// that merged cleanly (TestSaveVisit_TwoSessionsAppendingNeverConflict
	// under -race). Held, a save reads the one before it and adds on top.
	saveMu [64]sync.Mutex
	// access numbers the access log's entries (access_log.go).
	access accessSeq
	// visits are the visits decoded lately, shared by every reader
	// (visitcache.go).
	visits visitCache

	gcStop, gcDone chan struct{}
	// mapMu keeps value-log GC, which unmaps the files it deletes, from
	// running while releaseMapped advises the kernel on their pages.
	mapMu sync.RWMutex

	closeOnce sync.Once
	closeErr  error
	// held makes Close do nothing (Hold).
	held atomic.Bool
}

// LockedError says another process has the data directory open.
type LockedError struct {
	Dir string
	PID int // 0 if unknown
}

func (e *LockedError) Error() string {
	who, stuck := "another program", ""
	if e.PID > 0 {
		who = fmt.Sprintf("another oic (process %d)", e.PID)
		// Only name a process to end when we know it: "end process 0"
		// (the pid file not yet written) would be nonsense.
		stuck = fmt.Sprintf(" (or, if it is stuck, end process %d)", e.PID)
	}
	return fmt.Sprintf("%s is already using the data folder %s.\n"+
		"Only one oic can use a folder at a time. Close the other one%s, then try again;\n"+
		"or pass --data-dir to use a different folder.", who, e.Dir, stuck)
}

// SchemaError says the store was written by a newer version of oic.
type SchemaError struct {
	Dir            string
	Found, Handles uint64
}

func (e *SchemaError) Error() string {
	return fmt.Sprintf("the data folder %s was written by a newer oic (store format %d; this oic reads up to %d).\n"+
		"Nothing was changed. Update oic, or pass --data-dir to use a different folder.", e.Dir, e.Found, e.Handles)
}

// DBDir is where Badger's files live inside a data directory.
func DBDir(dataDir string) string { return filepath.Join(dataDir, "db") }

// options are tuned for a laptop holding tens of thousands of records:
// acknowledged means on disk, memory stays small, nothing is printed.
func options_(dir string, logger badger.Logger) badger.Options {
	return badger.DefaultOptions(dir).
		WithSyncWrites(true).
		WithLogger(logger).
		WithMemTableSize(8 << 20).
		WithNumMemtables(3).
		WithValueLogFileSize(64 << 20).
		// Documents and audit entries (over 512 bytes) live in the value
		// log; the LSM tree keeps keys, list summaries and small values.
		// The register scans only summaries, so it touches a tree a fifth
		// the size, and compaction stops rewriting every document.
		WithValueThreshold(512).
		WithCompression(options.None).
		WithBlockCacheSize(0). // only needed with compression or encryption (encrypted)
		WithIndexCacheSize(0).
		WithNumCompactors(2).
		WithNumGoroutines(4).
		WithMetricsEnabled(false).
		WithDetectConflicts(true)
	// Badger's own checksum of each value read is left to oic verify
	// (VerifyValues): a value failing it is handed back empty, so a
	// record changed in the files could not be read at all, where its
	// seal (seal.go) lets the visit be read and shown as "changed
	// outside oic". Bytes that are not the ones written (a file
	// overwritten, or a lost file's number taken by a new one) fail the
	// seal, or the trail's chain, or cannot be decoded: never handed on.
}

// encrypted is options_ for a store encrypted with key (a folder's
// data key, store/vault).
//
// Badger then encrypts every table, value-log and write-ahead file with
// AES-256 in counter mode, under data keys of its own that it makes anew
// every keyRotation and keeps in its KEYREGISTRY file, encrypted with
// key. A table's blocks and its index are then decrypted as they are
// read, so Badger needs caches to keep them decrypted: without a block
// cache it panics at opening ("BlockCacheSize should be set since
// compression/encryption are enabled", db.go), and without an index
// cache it panics at the first read of a table (table.fetchIndex, "Index
// Cache must be set for encrypted workloads"), both in Badger v4.9.6.
// The sizes hold a laptop's store of 100,000 visits' summaries and
// indexes (BENCHMARKS.md, "Encryption at rest").
func encrypted(opt badger.Options, key []byte) badger.Options {
	return opt.WithEncryptionKey(key).
		WithBlockCacheSize(blockCache).
		WithIndexCacheSize(indexCache).
		WithEncryptionKeyRotationDuration(keyRotation)
}

// HeapCaches is how much of the Go heap s's Badger caches may hold: the
// block and index caches an encrypted store needs, none for a plain one.
// A command that sets a soft memory limit sets it this much higher: under
// a limit that left them too little room, oic verify of an encrypted
// store collected nearly all the time (BENCHMARKS.md, issue 18's
// restore).
func (s *Store) HeapCaches() int64 {
	if s.vault == nil {
		return 0
	}
	return blockCache + indexCache
}

const (
	blockCache = 64 << 20
	indexCache = 16 << 20
	// keyRotation is how often Badger makes a new data key for the files
	// it writes: a key used for less data gives less away if it leaks
	// (Badger's default is 10 days). Changing the passphrase never
	// rewrites these keys: the key that wraps them is the folder's.
	keyRotation = 7 * 24 * time.Hour
)

// Options are how a store is opened.
type Options struct {
	// Vault is the folder's unlocked vault (store/vault) if the folder is
	// encrypted: Badger is opened with its data key, and secrets of the
	// folder are sealed with it (Store.Vault). A folder whose key file
	// says it is encrypted is refused without it, and one that is not
	// with it (checkEncryption).
	Vault *vault.Vault
	// Derive, if set, makes at every save of a visit a part of its
	// record derived from its document (derived.go): oic's is the derived
	// part of the visit's export line (store/exchange). Without it no
	// part is written, and a reader derives what it needs afresh.
	Derive Derivation
	// VerifyValues has Badger check its checksum of every value it reads
	// from its value log, as oic verify does. Left off, a value changed in
	// the files is read all the same, and its seal finds it: the record
	// is shown marked rather than not at all.
	VerifyValues bool
	// Sealing, if set, is told how many records of a store written by an
	// earlier oic are sealed of how many, as Open seals them (baseline.go).
	Sealing func(done, total int)
	// Indexing, if set, is told how many visits of a store written
	// before format 5 are filed under their premises of how many, as
	// Open files them (premises_index.go).
	Indexing func(done, total int)
	// Measuring, if set, is told how many visits of a store written
	// before format 6 (or by another count of the measures) have their
	// measures of effect made of how many, as Open makes them
	// (measures.go).
	Measuring func(done, total int)
	// ForImport tunes the store for oic import, which writes a year's
	// visits in a few seconds and nothing else. Badger merges its newest
	// tables of keys once five are waiting; here it lets thirty wait, so
	// the merging, and its syncs beside the import's single writer,
	// mostly waits until the store is next opened. Reads check a few
	// more small tables meanwhile.
	ForImport bool
	// ForBulk is for a bulk load of a new store (NewBulkWriter: oic
	// demo): Badger's writes are not synced one by one, where the load
	// spent most of its system time, and BulkWriter.Flush syncs
	// everything once at the end, before the load is reported done. A
	// load cut short by a crash is an incomplete demo either way, to be
	// deleted (cmd/oic/demo.go says so).
	ForBulk bool
	// freeSpace, if set, stands in for the disk's own free space, so
	// tests can fill a disk without filling one.
	freeSpace func(dir string) (uint64, error)
}

// Open opens (creating if need be) the store in dataDir, with no
// Derivation.
func Open(dataDir string) (*Store, error) { return OpenWith(dataDir, Options{}) }

// OpenWith opens (creating if need be) the store in dataDir.
func OpenWith(dataDir string, o Options) (*Store, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the data folder: %w", err)
	}
	logf, err := openLog(filepath.Join(dataDir, "badger.log"))
	if err != nil {
		return nil, err
	}
	if err := checkEncryption(dataDir, o.Vault); err != nil {
		logf.Close()
		return nil, err
	}
	if err := checkBeforeOpen(dataDir, logf); err != nil {
		logf.Close()
		return nil, err
	}
	dbDir := DBDir(dataDir)
	opt := options_(dbDir, logf)
	if o.ForImport {
		opt = opt.WithNumLevelZeroTables(30).WithNumLevelZeroTablesStall(60)
	}
	if o.ForBulk {
		opt = opt.WithSyncWrites(false)
	}
	if o.VerifyValues {
		opt = opt.WithVerifyValueChecksum(true)
	}
	if o.Vault != nil {
		opt = encrypted(opt, o.Vault.DataKey())
	}
	db, err := badger.Open(opt)
	if err != nil {
		logf.Close()
		if strings.Contains(err.Error(), "Another process is using this Badger database") {
			return nil, &LockedError{Dir: dataDir, PID: lockPID(dbDir)}
		}
		return nil, fmt.Errorf("cannot open the store in %s: %w (details in %s)", dataDir, err, logf.Name())
	}
	logf.rotate()
	s := &Store{db: db, dir: dataDir, log: logf, derive: o.Derive, free: o.freeSpace, vault: o.Vault}
	if s.free == nil {
		s.free = sysio.FreeSpace
	}
	// Opening, Badger read its newest value-log file through (vlogtail.go):
	// a whole file's pages, 60 MiB after a bulk load, held resident for
	// nothing. Nothing has written yet, so no file of the log is moved.
	s.releaseMapped()
	found, err := s.checkSchema()
	// The index first: the baseline, if one is due, raises the mark in
	// its last transaction, after which neither would run again. A store
	// of format 3 or 4 needs nothing else: the index raises its mark.
	if err == nil && found < premisesIndexed {
		err = s.indexPremises(found, o.Indexing)
	}
	if err == nil && found < sealedFormat {
		err = s.baseline(found, o.Sealing)
	}
	if err == nil {
		var current bool
		if current, err = s.measuresCurrent(); err == nil && (!current || found < sealedMeasuresFormat) {
			err = s.buildMeasures(found, o.Measuring)
		}
	}
	if err != nil {
		s.Close()
		var se *SchemaError
		if errors.As(err, &se) {
			return nil, err
		}
		// Name the folder: "the store's format marker is damaged" alone
		// does not say which store.
		return nil, fmt.Errorf("cannot open the store in %s: %w", dataDir, err)
	}
	s.gcStop, s.gcDone = make(chan struct{}), make(chan struct{})
	go s.collect(s.gcStop, s.gcDone)
	return s, nil
}

// lockPID reads the process id Badger writes in its LOCK file.
func lockPID(dbDir string) int {
	b, err := os.ReadFile(filepath.Join(dbDir, "LOCK"))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

// checkSchema records the schema version on a new store, refuses a
// store from a newer build, and returns the version a store from an
// older build was written at, for Open to bring it up to date.
func (s *Store) checkSchema() (found uint64, err error) {
	found = SchemaVersion
	err = s.db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get(keySchema)
		if errors.Is(err, badger.ErrKeyNotFound) {
			if err := s.CheckRoom(0); err != nil {
				return err
			}
			return txn.Set(keySchema, binary.BigEndian.AppendUint64(nil, SchemaVersion))
		}
		if err != nil {
			return err
		}
		if err := value(item, func(v []byte) error {
			if len(v) != 8 {
				return fmt.Errorf("the store's format marker is damaged (%d bytes)", len(v))
			}
			found = binary.BigEndian.Uint64(v)
			return nil
		}); err != nil {
			return err
		}
		if found > SchemaVersion {
			return &SchemaError{Dir: s.dir, Found: found, Handles: SchemaVersion}
		}
		return nil
	})
	return found, err
}

// Dir is the data directory.
func (s *Store) Dir() string { return s.dir }

// Vault is the folder's unlocked vault, with which its secrets (signing
// and host keys) are sealed; nil for a plain folder.
func (s *Store) Vault() *vault.Vault {
	if s == nil {
		return nil
	}
	return s.vault
}

// Close stops the feed, ending every listener's channel, and closes
// Badger, flushing what it holds.
func (s *Store) Close() error {
	if s.held.Load() {
		return nil
	}
	// Safe to call twice: a deferred Close after an explicit one is common.
	s.closeOnce.Do(func() { s.closeErr = s.close() })
	return s.closeErr
}

// Hold keeps the store open through every Close until the function it
// returns is called, which closes it: oic serve runs each command on the
// one store its sessions share, and a command closes the store it was
// given when it ends.
func (s *Store) Hold() (release func() error) {
	s.held.Store(true)
	return func() error {
		s.held.Store(false)
		return s.Close()
	}
}

func (s *Store) close() error {
	if s.gcStop != nil {
		close(s.gcStop)
		<-s.gcDone
	}
	// Passing through feedOnce orders this read of s.feed after a
	// startFeed still running in Listen (a data race otherwise), and stops
	// a Listen after Close from starting a feed on a closed database.
	s.feedOnce.Do(func() {})
	if s.feed != nil {
		s.feed.close()
	}
	if file := s.log.heldByBadger(); file != "" {
		return s.abandon(file)
	}
	err := s.db.Close()
	if s.log != nil {
		s.log.Close()
	}
	return err
}

// abandon ends a store whose Close would never return, since Badger holds
// file locked (heldByBadger): what was saved is made durable, Badger's
// Close is left to go as far as it can, and the caller is told. Nothing is
// lost: the next open replays the synced write-ahead file, as after a
// crash. The folder's lock is held until this process ends.
func (s *Store) abandon(file string) error {
	syncErr := s.db.Sync()
	go s.db.Close()
	err := fmt.Errorf("the store could not be closed cleanly: Badger still holds %s after reading a damaged entry from it. What was saved is on disk; run oic verify, and restore the data folder from a backup", file)
	if syncErr != nil {
		err = fmt.Errorf("%w (and the last saves could not be synced: %v)", err, syncErr)
	}
	return err
}
