package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/dgraph-io/badger/v4"
)

// CopyTo streams every record of s into dst, a store just made (oic
// encrypt: a plain folder's records into a new, encrypted one), through
// Badger's own full backup stream (DB.Backup into DB.Load: every key's
// latest version, with its value, user meta and expiry), and then reads
// both stores side by side to check that dst holds exactly what s does.
// Nothing is written to s. progress, if set, is told how many keys have
// been compared.
func (s *Store) CopyTo(ctx context.Context, dst *Store, progress func(keys int)) error {
	pr, pw := io.Pipe()
	backed := make(chan error, 1)
	go func() {
		_, err := s.db.Backup(pw, 0)
		pw.CloseWithError(err)
		backed <- err
	}()
	lerr := dst.db.Load(pr, 256)
	pr.CloseWithError(errors.New("the copy's loading stopped"))
	if berr := <-backed; berr != nil {
		return fmt.Errorf("reading the records to copy: %w", berr)
	}
	if lerr != nil {
		return fmt.Errorf("writing the copy: %w", lerr)
	}
	if err := dst.db.Sync(); err != nil {
		return err
	}
	// The copy may hold keys dst's own opening wrote (its format mark),
	// now overwritten by s's: compared below like every other.
	return sameRecords(ctx, s.db, dst.db, progress)
}

// sameRecords reads a and b in key order and says where they first
// differ: a key one has and the other has not, or a value, user meta or
// expiry that differs.
func sameRecords(ctx context.Context, a, b *badger.DB, progress func(int)) error {
	ta, tb := a.NewTransaction(false), b.NewTransaction(false)
	defer ta.Discard()
	defer tb.Discard()
	ia, ib := ta.NewIterator(badger.DefaultIteratorOptions), tb.NewIterator(badger.DefaultIteratorOptions)
	defer ia.Close()
	defer ib.Close()
	ia.Rewind()
	ib.Rewind()
	var va, vb []byte
	n := 0
	for ; ia.Valid(); ia.Next() {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if progress != nil {
				progress(n)
			}
		}
		x := ia.Item()
		if !ib.Valid() {
			return fmt.Errorf("the copy lacks the key %q", x.Key())
		}
		y := ib.Item()
		if !bytes.Equal(x.Key(), y.Key()) {
			return fmt.Errorf("the copy differs at the key %q (it holds %q there)", x.Key(), y.Key())
		}
		var err error
		if va, err = x.ValueCopy(va[:0]); err != nil {
			return err
		}
		if vb, err = y.ValueCopy(vb[:0]); err != nil {
			return err
		}
		if !bytes.Equal(va, vb) || x.UserMeta() != y.UserMeta() || x.ExpiresAt() != y.ExpiresAt() {
			return fmt.Errorf("the copy's record under %q differs from the original", x.Key())
		}
		ib.Next()
		n++
	}
	if ib.Valid() {
		return fmt.Errorf("the copy holds a key the original does not: %q", ib.Item().Key())
	}
	if progress != nil {
		progress(n)
	}
	return nil
}
