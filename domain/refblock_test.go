package domain

import (
	"strings"
	"testing"
	"time"
)

const (
	devA = "oic-00000000000000aa"
	devB = "oic-00000000000000bb"
)

func blk(team TeamCode, year int, first, last uint32, dev string) RefBlock {
	return RefBlock{Team: team, Year: year, First: first, Last: last, Device: dev, Officer: "A1001"}
}

func TestRefBlockMayUseRef(t *testing.T) {
	held := []RefBlock{blk("SLN", 2026, 101, 150, devA), blk("SLN", 2027, 1, 50, devA), blk("CLN", 2026, 11, 20, devB)}
	for _, tc := range []struct {
		name   string
		dev    string
		team   TeamCode
		year   int
		seq    uint32
		mayUse bool
	}{
		{"first of the block", devA, "SLN", 2026, 101, true},
		{"last of the block", devA, "SLN", 2026, 150, true},
		{"one before it", devA, "SLN", 2026, 100, false},
		{"one after it", devA, "SLN", 2026, 151, false},
		{"next year's block", devA, "SLN", 2027, 7, true},
		{"another team's number in range", devA, "CLN", 2026, 120, false},
		{"another year", devA, "SLN", 2025, 120, false},
		{"a block reserved for another device", devA, "CLN", 2026, 15, false},
		{"that device's own", devB, "CLN", 2026, 15, true},
		{"no blocks at all", devA, "WLN", 2026, 1, false},
	} {
		if got := MayUseRef(held, tc.dev, tc.team, tc.year, tc.seq); got != tc.mayUse {
			t.Errorf("%s: MayUseRef(%s %s %d %d) = %v, want %v", tc.name, tc.dev, tc.team, tc.year, tc.seq, got, tc.mayUse)
		}
	}
	if MayUseRef(nil, devA, "SLN", 2026, 1) {
		t.Error("a folder with no block may use no number of a block")
	}
}

func TestRefBlockNextFromBlocks(t *testing.T) {
	used := func(b RefBlock, u uint32) RefBlock { b.Used = u; return b }
	for _, tc := range []struct {
		name  string
		held  []RefBlock
		i     int
		seq   uint32
		found bool
	}{
		{"none held", nil, 0, 0, false},
		{"a fresh block starts at its first", []RefBlock{blk("SLN", 2026, 101, 150, devA)}, 0, 101, true},
		{"after the last used", []RefBlock{used(blk("SLN", 2026, 101, 150, devA), 120)}, 0, 121, true},
		{"used up", []RefBlock{used(blk("SLN", 2026, 101, 150, devA), 150)}, 0, 0, false},
		{"the earlier block first", []RefBlock{blk("SLN", 2026, 201, 250, devA), blk("SLN", 2026, 101, 150, devA)}, 1, 101, true},
		{"the next block once one is used up", []RefBlock{used(blk("SLN", 2026, 101, 150, devA), 150), blk("SLN", 2026, 201, 250, devA)}, 1, 201, true},
		{"only the team and year asked", []RefBlock{blk("CLN", 2026, 1, 9, devA), blk("SLN", 2027, 1, 9, devA)}, 0, 0, false},
	} {
		i, seq, ok := NextFromBlocks(tc.held, "SLN", 2026)
		if ok != tc.found || (ok && (i != tc.i || seq != tc.seq)) {
			t.Errorf("%s: NextFromBlocks = %d, %d, %v; want %d, %d, %v", tc.name, i, seq, ok, tc.i, tc.seq, tc.found)
		}
	}
}

func TestRefBlockPastReserved(t *testing.T) {
	issued := []RefBlock{blk("SLN", 2026, 151, 200, devB), blk("SLN", 2026, 101, 150, devA), blk("CLN", 2026, 1, 500, devA)}
	for _, tc := range []struct {
		seq, want uint32
	}{
		{1, 1}, {100, 100}, {101, 201}, {150, 201}, {151, 201}, {200, 201}, {201, 201}, {999, 999},
	} {
		if got := PastReserved(issued, "SLN", 2026, tc.seq); got != tc.want {
			t.Errorf("PastReserved(SLN 2026, %d) = %d, want %d", tc.seq, got, tc.want)
		}
	}
	if got := PastReserved(issued, "SLN", 2027, 120); got != 120 {
		t.Errorf("another year's counter stepped over this year's blocks: %d", got)
	}
}

func TestRefBlockValidate(t *testing.T) {
	good := blk("SLN", 2026, 101, 150, devA)
	for _, tc := range []struct {
		name string
		edit func(*RefBlock)
		msg  string
	}{
		{"good", func(*RefBlock) {}, ""},
		{"unknown team", func(b *RefBlock) { b.Team = "XYZ" }, "not an ICE team code"},
		{"year", func(b *RefBlock) { b.Year = 26 }, "year 26"},
		{"zero first", func(b *RefBlock) { b.First = 0 }, "not a block"},
		{"backwards", func(b *RefBlock) { b.First, b.Last = 150, 101 }, "not a block"},
		{"too many", func(b *RefBlock) { b.First, b.Last = 1, RefBlockMax+1 }, "more than a block holds"},
		{"used outside", func(b *RefBlock) { b.Used = 99 }, "outside it"},
		{"device", func(b *RefBlock) { b.Device = "laptop 3" }, "not a folder's principal"},
		{"device in capitals", func(b *RefBlock) { b.Device = "oic-00000000000000AA" }, "not a folder's principal"},
		{"officer", func(b *RefBlock) { b.Officer = "" }, "staff number"},
	} {
		b := good
		tc.edit(&b)
		err := b.Validate()
		switch {
		case tc.msg == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.msg != "" && (err == nil || !strings.Contains(err.Error(), tc.msg)):
			t.Errorf("%s: Validate() = %v, want it to say %q", tc.name, err, tc.msg)
		}
	}
}

func TestRefBlockLeft(t *testing.T) {
	b := blk("SLN", 2026, 101, 150, devA)
	if b.Left() != 50 || b.Size() != 50 {
		t.Errorf("fresh: left %d of %d, want 50 of 50", b.Left(), b.Size())
	}
	b.Used = 149
	if b.Left() != 1 {
		t.Errorf("used to 149: left %d, want 1", b.Left())
	}
	b.Used = 150
	if b.Left() != 0 {
		t.Errorf("used up: left %d", b.Left())
	}
}

func TestRefBlockReservationYears(t *testing.T) {
	if got := ReservationYears(time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC)); len(got) != 1 || got[0] != 2026 {
		t.Errorf("November: %v, want [2026]", got)
	}
	if got := ReservationYears(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)); len(got) != 2 || got[0] != 2026 || got[1] != 2027 {
		t.Errorf("December: %v, want [2026 2027]", got)
	}
}

func TestRefBlockMayReserve(t *testing.T) {
	o := Officer{StaffNo: "A1001", Name: "Alice", Team: "SLN"}
	if err := MayReserve(o, "SLN"); err != nil {
		t.Errorf("own team: %v", err)
	}
	if err := MayReserve(o, "CLN"); err == nil || !strings.Contains(err.Error(), "is on SLN, not CLN") {
		t.Errorf("another team: %v", err)
	}
	o.Team = ""
	if err := MayReserve(o, "SLN"); err == nil || !strings.Contains(err.Error(), "no team") {
		t.Errorf("no team: %v", err)
	}
}

func TestRefsUsedUpErrorSaysWhatToRun(t *testing.T) {
	msg := (&RefsUsedUpError{Team: "SLN", Year: 2026, Server: "ssh://oic.example:2323", Had: 50}).Error()
	for _, want := range []string{"50 reference numbers", "SLN 2026", "oic refs reserve ssh://oic.example:2323 --team SLN --year 2026, then save again", "Nothing was saved"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q does not say %q", msg, want)
		}
	}
}

func TestRefBlockCheckReservation(t *testing.T) {
	if err := CheckReservation("SLN", 2026, devA, "A1001"); err != nil {
		t.Errorf("a good request: %v", err)
	}
	err := CheckReservation("SLN", 2026, "", "A1001")
	if err == nil || !strings.Contains(err.Error(), `device "" is not a folder's principal`) || strings.Contains(err.Error(), "0001") {
		t.Errorf("no device: %v (want it named, and no numbers, as none were chosen)", err)
	}
}

func TestMayArrive(t *testing.T) {
	at := time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)
	issued := []RefBlock{
		{Team: "SLN", Year: 2026, First: 101, Last: 150, Device: devA, Officer: "1234567", At: at},
		{Team: "SLN", Year: 2026, First: 151, Last: 200, Device: devB, Officer: "7654321", At: at},
	}
	for _, tc := range []struct {
		name    string
		devices []string
		ref     Ref
		refused string
	}{
		{"from its own block", []string{devA}, "SLN-2026-0120", ""},
		{"from its own block, the signer named twice", []string{"laptop-7", devB}, "SLN-2026-0151", ""},
		{"a number in no block", []string{devA}, "SLN-2026-0042", ""},
		{"another team's number", []string{devA}, "NEL-2026-0160", ""},
		{"another year's number", []string{devA}, "SLN-2025-0160", ""},
		{"another laptop's block", []string{devA}, "SLN-2026-0160", "SLN-2026-0160: its number is in the block SLN 2026 0151-0200 this server reserved for another laptop's folder (" + devB + ", by 7654321 on 02/11/2026 09:30 UTC)"},
		{"a signer without a name", nil, "SLN-2026-0101", "this push came from an unnamed folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := MayArrive(issued, tc.devices, tc.ref)
			switch {
			case tc.refused == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.refused != "" && (err == nil || !strings.Contains(err.Error(), tc.refused)):
				t.Fatalf("got %v, want it to say %q", err, tc.refused)
			}
		})
	}
}
