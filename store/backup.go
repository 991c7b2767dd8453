package store

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/ristretto/v2/z"
	"google.golang.org/protobuf/encoding/protowire"

	"oic/store/vault"
)

// Backups (store/backup): the whole store as Badger's own backup stream,
// a protobuf list of every key's latest value, from one consistent
// snapshot, so saves made while it runs are either in it whole or not at
// all. Full backups only: an incremental one (since > 0) has known
// pitfalls (dgraph-io/badger issue 2060).

// Backup writes the whole store to w, as it stands at one moment.
func (s *Store) Backup(w io.Writer) error {
	_, err := s.db.Backup(w, 0)
	return err
}

// LoadBackup makes a new store in dataDir from a backup stream (Backup)
// and closes it, encrypted with v's data key if v is not nil (the vault
// of dataDir: the folder's key file is written before its store). dataDir
// must hold no store yet. Writes are synced once,
// at the end, before it returns: a load cut short leaves a folder the
// caller removes (store/backup writes into a hidden folder and renames
// it only once whole).
func LoadBackup(dataDir string, r io.Reader, v *vault.Vault) error {
	if _, err := os.Stat(DBDir(dataDir)); !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s already holds a store: a backup is loaded only into a new folder", dataDir)
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return err
	}
	logf, err := openLog(filepath.Join(dataDir, "badger.log"))
	if err != nil {
		return err
	}
	defer logf.Close()
	opt := options_(DBDir(dataDir), logf).WithSyncWrites(false)
	if v != nil {
		opt = encrypted(opt, v.DataKey())
	}
	db, err := badger.Open(opt)
	if err != nil {
		return fmt.Errorf("cannot make the store in %s: %w", dataDir, err)
	}
	if err := loadSorted(db, r); err != nil {
		db.Close()
		return err
	}
	if err := db.Sync(); err != nil {
		db.Close()
		return err
	}
	return db.Close()
}

// loadSorted writes the backup stream r into db, a new store, with
// Badger's StreamWriter, which builds the tables of keys at the bottom
// level directly, where db.Load writes every key through the memtable
// and the merging of levels after it: the restore of 100,000 visits took
// half the time, and the store it leaves is read as one long in use
// (BENCHMARKS.md, issue 18's restore).
//
// Badger's backup is made by its Stream: the keys of each range it reads
// come in order, a batch at a time, each key marked with its range's
// number, which is what the StreamWriter asks. A stream not so (not one
// Badger's backup wrote) is refused with the StreamWriter's error.
func loadSorted(db *badger.DB, r io.Reader) error {
	sw := db.NewStreamWriter()
	if err := sw.Prepare(); err != nil {
		return err
	}
	defer sw.Cancel()
	// The lists are read and parsed here while the StreamWriter writes
	// the ones before on a goroutine of its own: each was about half the
	// restore's loading. Its buffers come back to be filled again: one
	// made afresh for each part of a list had the kernel hand over and
	// zero its pages every time (BENCHMARKS.md, issue 18's restore).
	parts := make(chan *z.Buffer, 4)
	free := make(chan *z.Buffer, cap(parts)+2)
	written := make(chan error, 1)
	go func() {
		var err error
		for buf := range parts {
			if err == nil {
				err = writeList(sw, buf)
			}
			buf.Reset()
			select {
			case free <- buf:
			default:
				buf.Release()
			}
		}
		written <- err
	}()
	err := readLists(r, parts, free)
	close(parts)
	if werr := <-written; err == nil {
		err = werr
	}
	for len(free) > 0 {
		(<-free).Release()
	}
	if err != nil {
		return err
	}
	return sw.Flush()
}

// readLists reads the backup stream r's lists of records, sending them
// on in buffers of the StreamWriter's records, until r ends.
//
// A list is sent in parts of about writeBatch bytes: Badger's backup
// lists hold up to 100 MB, and the StreamWriter writes what it is given
// at once to its value log as one request, moving to a new file only
// after it: parts of tens of megabytes overran the file's mapping, which
// then grew, and was synced, once a record.
func readLists(r io.Reader, out chan<- *z.Buffer, free <-chan *z.Buffer) error {
	br := bufio.NewReaderSize(r, 1<<20)
	var msg []byte
	next := func() *z.Buffer {
		select {
		case buf := <-free:
			return buf
		default:
			return z.NewBuffer(writeBatch+writeBatch/4, "oic.restore")
		}
	}
	buf := next()
	defer func() {
		if buf != nil {
			buf.Release()
		}
	}()
	for {
		var n [8]byte
		if _, err := io.ReadFull(br, n[:]); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return fmt.Errorf("the backup's records are cut short: %w", err)
		}
		size := binary.LittleEndian.Uint64(n[:])
		if size > maxBackupList {
			return fmt.Errorf("the backup's records are damaged: a list claims %d bytes", size)
		}
		if uint64(cap(msg)) < size {
			msg = make([]byte, size)
		}
		msg = msg[:size]
		if _, err := io.ReadFull(br, msg); err != nil {
			return fmt.Errorf("the backup's records are cut short: %w", err)
		}
		// Each record's bytes are the StreamWriter's as they stand, where
		// unmarshalling the list and marshalling each record again
		// (badger.KVToBuffer) copied each twice more; the StreamWriter
		// unmarshals every record, so one damaged inside is refused there.
		err := eachRecord(msg, func(kv []byte) {
			copy(buf.SliceAllocate(len(kv)), kv)
			if buf.LenNoPadding() >= writeBatch {
				out <- buf
				buf = next()
			}
		})
		if err != nil {
			return err
		}
	}
	if buf.LenNoPadding() > 0 {
		out <- buf
		buf = nil
	}
	return nil
}

// writeBatch is about how many bytes of records the StreamWriter is
// given at once.
const writeBatch = 4 << 20

// eachRecord calls fn with the bytes of each record of msg, one list of
// a backup stream (Badger's pb.KVList, whose records are its field 1).
func eachRecord(msg []byte, fn func(kv []byte)) error {
	for len(msg) > 0 {
		num, typ, n := protowire.ConsumeTag(msg)
		if n < 0 {
			return fmt.Errorf("the backup's records are damaged: %w", protowire.ParseError(n))
		}
		msg = msg[n:]
		if num == kvListRecords && typ == protowire.BytesType {
			kv, n := protowire.ConsumeBytes(msg)
			if n < 0 {
				return fmt.Errorf("the backup's records are damaged: %w", protowire.ParseError(n))
			}
			fn(kv)
			msg = msg[n:]
			continue
		}
		// Another of the list's fields (Badger's alloc_ref): not records.
		if n = protowire.ConsumeFieldValue(num, typ, msg); n < 0 {
			return fmt.Errorf("the backup's records are damaged: %w", protowire.ParseError(n))
		}
		msg = msg[n:]
	}
	return nil
}

// kvListRecords is the field of Badger's pb.KVList that holds its
// records (kv = 1).
const kvListRecords = 1

// writeList writes one list of records with sw. The StreamWriter panics
// on some streams Badger's backup never writes (a record of a range after
// the range's end): a backup so made is damaged, not a reason to stop
// with the folder half made.
func writeList(sw *badger.StreamWriter, buf *z.Buffer) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the backup's records are damaged: %v", p)
		}
	}()
	return sw.Write(buf)
}

// maxBackupList bounds one list of a backup stream read back: Badger
// writes lists of up to about 100 MB (its Stream's batches).
const maxBackupList = 1 << 30
