package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"oic/domain"
)

const (
	laptopA = "oic-00000000000000aa"
	laptopB = "oic-00000000000000bb"
)

func reserve(t *testing.T, s *Store, team domain.TeamCode, count int, device string) domain.RefBlock {
	t.Helper()
	b, err := s.ReserveRefs(context.Background(), team, 2026, count, device, alice.StaffNo, t0)
	if err != nil {
		t.Fatalf("ReserveRefs: %v", err)
	}
	return b
}

func seqOf(t *testing.T, ref domain.Ref) uint32 {
	t.Helper()
	_, _, seq, ok := ref.Parts()
	if !ok {
		t.Fatalf("%s is not a reference", ref)
	}
	return seq
}

func newBasics(team domain.TeamCode) domain.Basics {
	return basics(team, "SE1 7PB", t0.Add(48*time.Hour), alice)
}

// Two laptops given blocks by one server, each creating visits offline
// until its block is used up, never make the same reference as each other
// or as the server; the server's own creates skip both blocks.
func TestRefBlocksTwoLaptopsNeverTheSameRef(t *testing.T) {
	server, _ := openStore(t)
	create(t, server, newBasics("SLN"), alice, t0) // SLN-2026-0001
	a := reserve(t, server, "SLN", 5, laptopA)
	b := reserve(t, server, "SLN", 5, laptopB)
	if a.Overlaps(b) || a.First != 2 || b.First != 7 {
		t.Fatalf("blocks %s and %s: want 2-6 and 7-11, disjoint", a, b)
	}
	seen := map[domain.Ref]string{}
	after := create(t, server, newBasics("SLN"), alice, t0)
	if seq := seqOf(t, after.Ref); seq != 12 {
		t.Errorf("the server's next visit is %s, inside or before the reserved blocks; want SLN-2026-0012", after.Ref)
	}
	seen[after.Ref] = "server"

	for _, l := range []struct {
		name  string
		block domain.RefBlock
	}{{"laptop A", a}, {"laptop B", b}} {
		laptop, _ := openStore(t)
		l.block.Server = "ssh://oic.example:2323"
		if err := laptop.HoldRefs(context.Background(), []domain.RefBlock{l.block}); err != nil {
			t.Fatal(err)
		}
		for range 5 {
			v := create(t, laptop, newBasics("SLN"), alice, t0)
			if other, dup := seen[v.Ref]; dup {
				t.Fatalf("%s made %s, as %s did", l.name, v.Ref, other)
			}
			if !domain.MayUseRef([]domain.RefBlock{l.block}, l.block.Device, "SLN", 2026, seqOf(t, v.Ref)) {
				t.Errorf("%s made %s, outside its block %s", l.name, v.Ref, l.block)
			}
			seen[v.Ref] = l.name
		}
		// Used up: refused, saying what to run, nothing saved.
		vis, c, _ := domain.NewVisit(newBasics("SLN"), alice, t0)
		_, err := laptop.CreateVisit(context.Background(), vis, c)
		var used *domain.RefsUsedUpError
		if !errors.As(err, &used) || !strings.Contains(err.Error(), "oic refs reserve ssh://oic.example:2323 --team SLN --year 2026") {
			t.Errorf("%s, its block used up: CreateVisit = %v, want a refusal saying what to run", l.name, err)
		}
		if n := len(rawKeys(t, laptop, "v/")); n != 5 {
			t.Errorf("%s holds %d visits after the refusal, want 5", l.name, n)
		}
		held, _ := laptop.HeldRefs(context.Background())
		if len(held) != 1 || held[0].Left() != 0 {
			t.Errorf("%s's blocks after using them: %+v", l.name, held)
		}
		// Another team's visit: no block for it, refused too.
		vis, c, _ = domain.NewVisit(newBasics("CLN"), alice, t0)
		if _, err := laptop.CreateVisit(context.Background(), vis, c); !errors.As(err, &used) || !strings.Contains(err.Error(), "This folder holds no reference numbers for CLN 2026") {
			t.Errorf("%s, a visit of a team it holds no block for: %v", l.name, err)
		}
	}
}

// A folder given a block takes numbers only from it, stepping over one a
// visit there already has (a visit pulled from the server).
func TestRefBlocksLinkedFolderStepsOverTakenNumbers(t *testing.T) {
	laptop, _ := openStore(t)
	create(t, laptop, newBasics("SLN"), alice, t0) // before linking: its own counter, 0001
	blk := domain.RefBlock{Team: "SLN", Year: 2026, First: 41, Last: 43, Device: laptopA, Officer: alice.StaffNo, At: t0}
	if err := laptop.HoldRefs(context.Background(), []domain.RefBlock{blk}); err != nil {
		t.Fatal(err)
	}
	// A visit at 42 already (brought from the server).
	taken := create(t, laptop, newBasics("SLN"), alice, t0)
	if taken.Ref != "SLN-2026-0041" {
		t.Fatalf("first linked create: %s, want SLN-2026-0041", taken.Ref)
	}
	putRaw(t, laptop, visitKey("SLN-2026-0042"), getRaw(t, laptop, visitKey(taken.Ref)))
	if v := create(t, laptop, newBasics("SLN"), alice, t0); v.Ref != "SLN-2026-0043" {
		t.Errorf("second linked create: %s, want SLN-2026-0043 (0042 taken)", v.Ref)
	}
	// An overlapping block is refused, the folder's blocks unchanged.
	over := blk
	over.First, over.Last = 43, 60
	if err := laptop.HoldRefs(context.Background(), []domain.RefBlock{over}); err == nil || !strings.Contains(err.Error(), "never gives a number twice") {
		t.Errorf("an overlapping block: %v", err)
	}
	if held, _ := laptop.HeldRefs(context.Background()); len(held) != 1 {
		t.Errorf("after the refused block the folder holds %d blocks", len(held))
	}
}

// A server's counter behind its blocks (an older backup's, say) still
// steps over them; a reservation steps over visits already there.
func TestRefBlocksServerCounterSkipsReserved(t *testing.T) {
	server, _ := openStore(t)
	a := reserve(t, server, "SLN", 10, laptopA) // 1-10
	putRaw(t, server, seqKey("SLN", 2026), binary.BigEndian.AppendUint32(nil, 0))
	if v := create(t, server, newBasics("SLN"), alice, t0); v.Ref != "SLN-2026-0011" {
		t.Errorf("counter behind the block %s: created %s, want SLN-2026-0011", a, v.Ref)
	}
	// A visit at 14 (imported), the counter at 11: the next block of 5
	// is 15-19, not 12-16.
	putRaw(t, server, visitKey("SLN-2026-0014"), []byte("{}"))
	if b := reserve(t, server, "SLN", 5, laptopB); b.First != 15 || b.Last != 19 {
		t.Errorf("reserved %s, want 15-19 (14 is a visit's)", b)
	}
	// Another team's counter is its own.
	if b := reserve(t, server, "CLN", 3, laptopB); b.First != 1 {
		t.Errorf("CLN's first block: %s", b)
	}
	issued, err := server.IssuedRefs(context.Background())
	if err != nil || len(issued) != 3 {
		t.Fatalf("issued: %v, %v", issued, err)
	}
	if issued[0].Device == "" || issued[0].Officer != alice.StaffNo || !issued[0].At.Equal(t0) {
		t.Errorf("a block does not record who holds it: %+v", issued[0])
	}
}

func TestRefBlocksReserveRefusesBadRequests(t *testing.T) {
	server, _ := openStore(t)
	for _, tc := range []struct {
		team   domain.TeamCode
		count  int
		device string
		msg    string
	}{
		{"SLN", 0, laptopA, "a block holds 1 to"},
		{"SLN", domain.RefBlockMax + 1, laptopA, "a block holds 1 to"},
		{"XYZ", 5, laptopA, "not an ICE team code"},
		{"SLN", 5, "my laptop", "not a folder's principal"},
	} {
		_, err := server.ReserveRefs(context.Background(), tc.team, 2026, tc.count, tc.device, alice.StaffNo, t0)
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("reserve %s %d for %q: %v, want %q", tc.team, tc.count, tc.device, err, tc.msg)
		}
	}
	if keys := rawKeys(t, server, "b/"); len(keys) != 0 {
		t.Errorf("refused reservations left %q", keys)
	}
	if keys := rawKeys(t, server, "n/"); len(keys) != 0 {
		t.Errorf("refused reservations moved counters: %q", keys)
	}
}

// reserveChild reserves blocks for two laptops and creates the server's
// own visits, in turn, until it is killed, printing "block FIRST LAST"
// or "visit REF" only once the call has returned: a printed block is one
// a laptop may have been given.
func reserveChild(dir string) int {
	s, err := Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ctx := context.Background()
	for n := 0; ; n++ {
		if n%3 == 2 {
			v, c, err := domain.NewVisit(newBasics("SLN"), alice, t0)
			if err == nil {
				v, err = s.CreateVisit(ctx, v, c)
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 2
			}
			fmt.Printf("visit %s\n", v.Ref)
			continue
		}
		b, err := s.ReserveRefs(ctx, "SLN", 2026, 1+n%7, []string{laptopA, laptopB}[n%2], alice.StaffNo, t0)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		fmt.Printf("block %d %d\n", b.First, b.Last)
	}
}

// oic verify reads every key under b/: a whole folder with blocks of both
// kinds passes; each thing wrong with one is named by its key.
func TestRefBlocksVerify(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T) (*Store, domain.RefBlock, domain.RefBlock) {
		s, _ := openStore(t)
		issued := reserve(t, s, "SLN", 5, laptopA) // 1-5
		held := domain.RefBlock{Team: "CLN", Year: 2026, First: 101, Last: 150, Device: laptopB, Officer: alice.StaffNo, At: t0, Server: "ssh://oic.example:2323"}
		if err := s.HoldRefs(ctx, []domain.RefBlock{held}); err != nil {
			t.Fatal(err)
		}
		create(t, s, newBasics("CLN"), alice, t0)
		return s, issued, held
	}
	s, _, _ := setup(t)
	if _, problems := verify(t, s); len(problems) != 0 {
		t.Fatalf("problems in a whole folder with blocks:\n%s", strings.Join(problems, "\n"))
	}
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, s *Store, issued, held domain.RefBlock)
		want   string
	}{
		{"unreadable", func(t *testing.T, s *Store, issued, held domain.RefBlock) {
			putRaw(t, s, blockKey(prefixIssued, issued), []byte("{"))
		}, "b/i/SLN/2026/1: a reference block is unreadable"},
		{"not a block", func(t *testing.T, s *Store, issued, held domain.RefBlock) {
			k := blockKey(prefixHeld, held)
			putRaw(t, s, k, []byte(strings.Replace(string(getRaw(t, s, k)), `"last":150`, `"last":99`, 1)))
		}, "b/h/CLN/2026/101: reference block CLN 2026 0101-0099: numbers 101 to 99 are not a block"},
		{"filed elsewhere", func(t *testing.T, s *Store, issued, held domain.RefBlock) {
			k := blockKey(prefixHeld, held)
			putRaw(t, s, k, []byte(strings.Replace(string(getRaw(t, s, k)), `"team":"CLN"`, `"team":"SLN"`, 1)))
		}, "b/h/CLN/2026/101: the reference block SLN 2026 0101-0150 is not filed under its own key"},
		{"overlapping", func(t *testing.T, s *Store, issued, held domain.RefBlock) {
			o := issued
			o.First, o.Last, o.Device = 3, 9, laptopB
			putRaw(t, s, blockKey(prefixIssued, o), []byte(fmt.Sprintf(`{"team":"SLN","year":2026,"first":3,"last":9,"device":%q,"officer":"A1001","at":"2026-03-02T09:00:00Z"}`, laptopB)))
		}, "b/i/SLN/2026/3: SLN 2026 0001-0005 and SLN 2026 0003-0009, both blocks reserved for laptops, share numbers"},
		{"unknown kind", func(t *testing.T, s *Store, issued, held domain.RefBlock) {
			putRaw(t, s, []byte("b/z/whatever"), []byte("x"))
		}, `"b/z/whatever": a key oic does not write under b/`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, issued, held := setup(t)
			tc.damage(t, s, issued, held)
			_, problems := verify(t, s)
			if len(problems) != 1 || !strings.HasPrefix(problems[0], tc.want) {
				t.Errorf("problems:\n %s\nwant one, starting\n %s", strings.Join(problems, "\n "), tc.want)
			}
		})
	}
}
