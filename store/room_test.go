package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"oic/domain"
)

// TestMinFreeCoversBadger holds minFree to what options_ lets Badger
// write of its own accord after a save: a memtable written out, the
// level-0 tables merged with level 1, and the next memtable's log.
func TestMinFreeCoversBadger(t *testing.T) {
	o := options_("", nil)
	need := o.MemTableSize + int64(o.NumLevelZeroTables)*o.MemTableSize + o.BaseLevelSize + o.MemTableSize
	if minFree < need {
		t.Errorf("minFree is %d MB; options_ lets Badger write %d MB unasked after a save", minFree>>20, need>>20)
	}
}

// diskOf is a disk for a store's tests whose free space the test sets.
type diskOf struct{ free atomic.Uint64 }

func (d *diskOf) space(string) (uint64, error) { return d.free.Load(), nil }

// TestFullDiskRefusesWrites: with the disk nearly full, every write is
// refused with a NoRoomError naming the folder and the room there is,
// and nothing is written; reading goes on; once there is room again,
// the same writes go through.
func TestFullDiskRefusesWrites(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	disk := new(diskOf)
	disk.free.Store(1 << 40)
	s, err := OpenWith(dir, Options{freeSpace: disk.space})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v := create(t, s, basics("SLN", "E1 6AN", t0.Add(48*time.Hour), alice), alice, t0)
	if err := s.SaveDraft(ctx, alice.StaffNo, "note", []byte("kept")); err != nil {
		t.Fatal(err)
	}

	disk.free.Store(minFree - 1)
	edited, c := edit(v, alice, t0.Add(time.Hour), 1) // the postcode
	nb, nc, err := domain.NewVisit(basics("SLN", "E3 1AA", t0.Add(72*time.Hour), alice), alice, t0)
	if err != nil {
		t.Fatal(err)
	}
	writes := map[string]func() error{
		"SaveVisit":   func() error { _, err := s.SaveVisit(ctx, edited, c); return err },
		"CreateVisit": func() error { _, err := s.CreateVisit(ctx, nb, nc); return err },
		"SaveDraft":   func() error { return s.SaveDraft(ctx, alice.StaffNo, "note", []byte("lost?")) },
		"DeleteDraft": func() error { return s.DeleteDraft(ctx, alice.StaffNo, "note") },
		"SaveOfficer": func() error { return s.SaveOfficer(ctx, bob, domain.ProfileChange(nil, bob, bob, t0)) },
		"SetSignedIn": func() error { return s.SetSignedIn(ctx, bob.StaffNo) },
	}
	for name, write := range writes {
		err := write()
		var nr *NoRoomError
		if !errors.As(err, &nr) || !errors.Is(err, domain.ErrNoRoom) {
			t.Errorf("%s on a full disk: %v, want a NoRoomError", name, err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, dir) || !strings.Contains(msg, "free") || !strings.Contains(msg, "then save again") {
			t.Errorf("%s: the message does not say where, how full and what to do: %s", name, msg)
		}
	}
	if got := mustVisit(t, s, v.Ref); got.Version != v.Version || got.Basics.Premises != v.Basics.Premises {
		t.Errorf("a refused save changed %s: version %d, premises %+v", v.Ref, got.Version, got.Basics.Premises)
	}
	if n, _ := s.CountVisits(ctx); n != 1 {
		t.Errorf("a refused create left %d visits", n)
	}
	if d, _ := s.Draft(ctx, alice.StaffNo, "note"); string(d) != "kept" {
		t.Errorf("the draft reads %q after refused writes", d)
	}
	if _, err := s.Officer(ctx, bob.StaffNo); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("a refused SaveOfficer stored bob: %v", err)
	}

	// A store opened on the full disk still reads.
	s.Close()
	s, err = OpenWith(dir, Options{freeSpace: disk.space})
	if err != nil {
		t.Fatalf("opening a store on a full disk: %v", err)
	}
	defer s.Close()
	mustVisit(t, s, v.Ref)

	disk.free.Store(minFree + 1<<20)
	if _, err := s.SaveVisit(ctx, edited, c); err != nil {
		t.Fatalf("with room again: %v", err)
	}
	if err := s.SaveDraft(ctx, alice.StaffNo, "note", []byte("saved")); err != nil {
		t.Fatalf("with room again: %v", err)
	}
}

// fillChild writes drafts of a quarter of a megabyte each, printing "ack
// N" once each is written, until the store refuses one for want of room;
// then tries a visit too, says "refused", closes the store and exits 0.
// Without the store's check, Badger dies of SIGBUS on a full tmpfs.
func fillChild(dir string) int {
	s, err := Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ctx := context.Background()
	payload := bytes.Repeat([]byte("typed note "), 256<<10/11)
	for n := 0; ; n++ {
		err := s.SaveDraft(ctx, alice.StaffNo, fmt.Sprintf("note-%d", n), payload)
		if errors.Is(err, domain.ErrNoRoom) {
			break
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		fmt.Printf("ack %d\n", n)
	}
	v, c, err := domain.NewVisit(basics("SLN", "E1 6AN", t0.Add(48*time.Hour), alice), alice, t0)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	if _, err := s.CreateVisit(ctx, v, c); !errors.Is(err, domain.ErrNoRoom) {
		fmt.Fprintln(os.Stderr, "CreateVisit on a full disk:", err)
		return 2
	}
	fmt.Println("refused")
	if err := s.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	return 0
}
