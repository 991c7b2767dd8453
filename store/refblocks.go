package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// Reference blocks (domain/refblock.go). A server records each block it
// reserves for a laptop under b/i/ (issued), in the same transaction as
// its counter moving past it; a laptop records each block it was given
// under b/h/ (held), with the last number it used. A folder holding any
// block is linked: CreateVisit takes its numbers from those alone.
var (
	prefixIssued = []byte("b/i/")
	prefixHeld   = []byte("b/h/")
)

// blockKey is b/i/ or b/h/, then <team>/<year><first>, both big-endian
// uint32, so a team and year's blocks are one prefix, in order.
func blockKey(prefix []byte, b domain.RefBlock) []byte {
	return binary.BigEndian.AppendUint32(blockPrefix(prefix, b.Team, b.Year), b.First)
}

func blockPrefix(prefix []byte, team domain.TeamCode, year int) []byte {
	return binary.BigEndian.AppendUint32(cat(prefix, []byte(team), []byte("/")), uint32(year))
}

// readBlocks reads every block under prefix, checking each is whole and
// filed under its own key: a damaged block is refused, never guessed at,
// as numbers taken from it could be another laptop's.
func readBlocks(txn *badger.Txn, prefix []byte) ([]domain.RefBlock, error) {
	opt := badger.DefaultIteratorOptions
	opt.Prefix = prefix
	it := txn.NewIterator(opt)
	defer it.Close()
	var out []domain.RefBlock
	for it.Rewind(); it.Valid(); it.Next() {
		var b domain.RefBlock
		k := it.Item().KeyCopy(nil)
		if err := value(it.Item(), func(v []byte) error { return json.Unmarshal(v, &b) }); err != nil {
			return nil, fmt.Errorf("the reference block at %q is unreadable (%v): the store is damaged; run oic verify", k, err)
		}
		if err := b.Validate(); err != nil {
			return nil, fmt.Errorf("%v (at %q): the store is damaged; run oic verify", err, k)
		}
		if string(blockKey(prefix[:4], b)) != string(k) {
			return nil, fmt.Errorf("the reference block %s is filed at %q, not under its own key: the store is damaged; run oic verify", b, k)
		}
		out = append(out, b)
	}
	return out, nil
}

func putBlock(txn *badger.Txn, prefix []byte, b domain.RefBlock) error {
	if err := b.Validate(); err != nil {
		return err
	}
	doc, err := json.Marshal(b)
	if err != nil {
		return err
	}
	return txn.Set(blockKey(prefix, b), doc)
}

// ReserveRefs reserves count numbers of team and year for device, at
// officer's request, and returns the block: the next numbers after the
// counter that no visit and no block issued before has, the counter
// moved to its last, and the block recorded, in one transaction, so a
// crash either hands out the block and keeps it from every later one or
// does neither.
func (s *Store) ReserveRefs(ctx context.Context, team domain.TeamCode, year, count int, device string, officer domain.StaffNo, at time.Time) (domain.RefBlock, error) {
	if count < 1 || count > domain.RefBlockMax {
		return domain.RefBlock{}, fmt.Errorf("reserve %d reference numbers: a block holds 1 to %d", count, domain.RefBlockMax)
	}
	b := domain.RefBlock{Team: team, Year: year, Device: device, Officer: officer, At: at.UTC().Truncate(time.Second)}
	// Checked before any number is chosen, so that a bad device or team
	// is refused as such.
	if err := domain.CheckReservation(team, year, device, officer); err != nil {
		return domain.RefBlock{}, err
	}
	s.createMu.Lock()
	defer s.createMu.Unlock()
	for range maxRetries {
		if err := ctx.Err(); err != nil {
			return domain.RefBlock{}, err
		}
		err := s.update(func(txn *badger.Txn) error {
			last, err := readSeq(txn, team, year)
			if err != nil {
				return err
			}
			issued, err := readBlocks(txn, blockPrefix(prefixIssued, team, year))
			if err != nil {
				return err
			}
			first, err := freeRun(txn, issued, team, year, last+1, count)
			if err != nil {
				return err
			}
			b.First, b.Last = first, first+uint32(count)-1
			if err := putBlock(txn, prefixIssued, b); err != nil {
				return err
			}
			return txn.Set(seqKey(team, year), binary.BigEndian.AppendUint32(nil, b.Last))
		})
		if errors.Is(err, badger.ErrConflict) {
			continue // a create or another reservation took numbers first
		}
		if err != nil {
			return domain.RefBlock{}, err
		}
		return b, nil
	}
	return domain.RefBlock{}, fmt.Errorf("reserve reference numbers for %s %d: too many creations at once; try again", team, year)
}

// freeRun is the first of count numbers in a row, from seq on, that no
// visit and no issued block has.
func freeRun(txn *badger.Txn, issued []domain.RefBlock, team domain.TeamCode, year int, seq uint32, count int) (uint32, error) {
	first, run := domain.PastReserved(issued, team, year, seq), 0
	for n := seq; run < count; n++ {
		if n > 1<<31 {
			return 0, fmt.Errorf("reference counter %s/%d has run out of numbers", team, year)
		}
		if p := domain.PastReserved(issued, team, year, n); p != n {
			first, run, n = p, 0, p-1
			continue
		}
		_, err := txn.Get(visitKey(domain.FormatRef(team, year, n)))
		switch {
		case errors.Is(err, badger.ErrKeyNotFound):
			run++
		case err != nil:
			return 0, err
		default:
			first, run = n+1, 0
		}
	}
	return first, nil
}

// IssuedRefs are the blocks this folder has reserved for laptops, by
// team, year and first number.
func (s *Store) IssuedRefs(ctx context.Context) ([]domain.RefBlock, error) {
	return s.blocks(prefixIssued)
}

// HeldRefs are the blocks this folder holds, reserved for it by a server,
// with what is used of each.
func (s *Store) HeldRefs(ctx context.Context) ([]domain.RefBlock, error) {
	return s.blocks(prefixHeld)
}

func (s *Store) blocks(prefix []byte) ([]domain.RefBlock, error) {
	var out []domain.RefBlock
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		out, err = readBlocks(txn, prefix)
		return err
	})
	return out, err
}

// HoldRefs keeps blocks a server reserved for this folder, all or none:
// from now on the folder is linked. A block sharing a number with one
// held already is refused (a server never hands out a number twice, so
// it is not this folder's server, or its store was restored from an old
// backup): nothing is kept.
func (s *Store) HoldRefs(ctx context.Context, blocks []domain.RefBlock) error {
	s.createMu.Lock()
	defer s.createMu.Unlock()
	return s.update(func(txn *badger.Txn) error {
		held, err := readBlocks(txn, prefixHeld)
		if err != nil {
			return err
		}
		for _, b := range blocks {
			b.Used = 0
			for _, h := range held {
				if h.Overlaps(b) {
					return fmt.Errorf("the server gave numbers %s, but this folder already holds %s (from %s): a server never gives a number twice, so check the server's address and that its folder was not restored from a backup. Nothing was kept", b, h, orUnknown(h.Server))
				}
			}
			if err := putBlock(txn, prefixHeld, b); err != nil {
				return err
			}
			held = append(held, b)
		}
		return nil
	})
}

func orUnknown(s string) string {
	if s == "" {
		return "a server not named"
	}
	return s
}

// heldSeq takes the next number of the folder's blocks for team and
// year, stepping over numbers a visit here already has (one pulled from
// the server, say), and records it used. linked is false, with nothing
// done, if the folder holds no block at all.
func heldSeq(txn *badger.Txn, team domain.TeamCode, year int) (seq uint32, linked bool, err error) {
	held, err := readBlocks(txn, prefixHeld)
	if err != nil || len(held) == 0 {
		return 0, false, err
	}
	had, server := 0, ""
	for _, b := range held {
		if b.Team == team && b.Year == year {
			had += b.Size()
			server = b.Server
		}
	}
	for {
		i, seq, ok := domain.NextFromBlocks(held, team, year)
		if !ok {
			if server == "" {
				server = held[len(held)-1].Server
			}
			return 0, true, &domain.RefsUsedUpError{Team: team, Year: year, Server: server, Had: had}
		}
		held[i].Used = seq
		_, err := txn.Get(visitKey(domain.FormatRef(team, year, seq)))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return seq, true, putBlock(txn, prefixHeld, held[i])
		}
		if err != nil {
			return 0, true, err
		}
	}
}
