package domain

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"testing"
	"time"
)

// rawChain is a trail of n entries of ref made by ChainEntry, each with
// its JSON as the store keeps it (in the entry's own zone).
func rawChain(r *rand.Rand, ref Ref, n int) ([]AuditEntry, [][]byte) {
	var trail []AuditEntry
	var raw [][]byte
	for i := range n {
		e := randomEntry(r)
		c := e.Change
		// Times Marshal refuses, and zones of seconds its text cannot
		// carry: no entry oic keeps has one.
		if _, off := c.At.Zone(); off%60 != 0 {
			c.At = c.At.UTC()
		}
		if _, err := c.At.MarshalJSON(); err != nil || c.At.UTC().Year() > 9999 || c.At.UTC().Year() < 0 {
			c.At = time.Date(2026, 7, 1, 10, 0, 0, 0, time.FixedZone("", 3600))
		}
		var seal Seal
		if i%3 != 0 {
			seal.Record = RecordHash([]byte{byte(i)})
		}
		if i%4 == 1 {
			seal.Derived = RecordHash([]byte{byte(i), 1})
		}
		var prev *AuditEntry
		if i > 0 {
			prev = &trail[i-1]
		}
		e = ChainEntry(ref, prev, c, seal)
		trail = append(trail, e)
		raw = append(raw, e.AppendJSON(nil))
	}
	return trail, raw
}

func TestVerifyChainRawAgreesWithVerifyChain(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		ref := Ref("SEA-2026-0042")
		trail, raw := rawChain(r, ref, 1+r.IntN(6))
		if err := VerifyChain(trail); err != nil {
			t.Fatal(err)
		}
		got, ok := VerifyChainRaw(ref, raw)
		if !ok {
			t.Fatalf("an honest trail is not verified from its bytes: %s", raw)
		}
		for i, e := range trail {
			want := RawEntry{Seq: e.Seq, Record: e.Record, Derived: e.Derived, Prev: e.Prev, Hash: e.Hash}
			if g := got[i]; g.Seq != want.Seq || g.Record != want.Record || g.Derived != want.Derived || g.Prev != want.Prev || g.Hash != want.Hash {
				t.Fatalf("entry %d read as %+v, want %+v", i+1, got[i], want)
			}
		}
		if _, ok := VerifyChainRaw("SEA-2026-0043", raw); ok {
			t.Fatal("another visit's trail verified as this one's")
		}
	}
}

// Every byte of an entry is covered: any one changed, the bytes no
// longer verify (and the caller asks VerifyChain, which says why).
func TestVerifyChainRawRefusesAnyChangedByte(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	ref := Ref("SEA-2026-0042")
	_, raw := rawChain(r, ref, 3)
	for i := range raw {
		for j := range raw[i] {
			for _, c := range []byte{'0', '"', 'a', ' ', 0xff} {
				if raw[i][j] == c {
					continue
				}
				was := raw[i][j]
				raw[i][j] = c
				if _, ok := VerifyChainRaw(ref, raw); ok {
					t.Fatalf("entry %d with byte %d changed to %q still verifies: %s", i+1, j, c, raw[i])
				}
				raw[i][j] = was
			}
		}
	}
	if _, ok := VerifyChainRaw(ref, raw); !ok {
		t.Fatal("the trail put back does not verify")
	}
	// Removed, swapped or cut: not verified.
	for _, bad := range [][][]byte{raw[1:], {raw[0], raw[2], raw[1]}, {raw[0], raw[1][:len(raw[1])-1], raw[2]}} {
		if _, ok := VerifyChainRaw(ref, bad); ok {
			t.Fatal("a broken trail verifies")
		}
	}
}

// Entries not laid out as oic writes them are left to VerifyChain: an
// officer's entry, spaces, another order of members.
func TestVerifyChainRawLeavesOtherLayouts(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	ref := Ref("SEA-2026-0042")
	_, raw := rawChain(r, ref, 2)
	spaced := bytes.Replace(raw[0], []byte(`"seq":`), []byte(`"seq": `), 1)
	if _, ok := VerifyChainRaw(ref, [][]byte{spaced, raw[1]}); ok {
		t.Fatal("an entry with a space verifies from its bytes")
	}
	o := OfficerEntry("A1001", nil, Change{Action: "profile created", At: time.Now()}, Seal{})
	if _, ok := VerifyChainRaw("", [][]byte{o.AppendJSON(nil)}); ok {
		t.Fatal("an officer's entry verifies as a visit's")
	}
}

// An entry that names an officer as well as the visit is refused from
// its bytes even when its hash was made over them, as the long way
// refuses it: the hash only says the bytes are whole.
func TestVerifyChainRawRefusesAnOfficerInAVisitsTrail(t *testing.T) {
	ref := Ref("SEA-2026-0042")
	e := ChainEntry(ref, nil, Change{Action: "created", Actor: "A1001", ActorName: "A Officer", At: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)}, Seal{})
	raw := e.AppendJSON(nil)
	forged := bytes.Replace(raw, []byte(`"seq":1,`), []byte(`"seq":1,"officer":"B2002",`), 1)
	cut := bytes.LastIndex(forged, []byte(`"hash":"`))
	sum := sha256.Sum256(append(append([]byte(nil), forged[:cut]...), `"hash":""}`...))
	forged = append(forged[:cut:cut], `"hash":"`+hex.EncodeToString(sum[:])+`"}`...)
	if _, ok := VerifyChainRaw(ref, [][]byte{forged}); ok {
		t.Fatalf("an entry naming an officer verifies as the visit's: %s", forged)
	}
	if _, ok := VerifyChainRaw(ref, [][]byte{raw}); !ok {
		t.Fatal("the entry as made does not verify")
	}
}

// ChainEntryJSON gives the entry ChainEntry makes, and its JSON exactly
// as AppendJSON writes it, for times in any zone.
func TestChainEntryJSONIsAppendJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var prev *AuditEntry
	for i := range 5000 {
		c := randomEntry(r).Change
		if _, err := c.At.MarshalJSON(); err != nil || c.At.UTC().Year() > 9999 || c.At.UTC().Year() < 0 {
			continue
		}
		seal := Seal{}
		if i%2 == 0 {
			seal.Record = RecordHash([]byte{byte(i)})
		}
		want := ChainEntry("SEA-2026-0042", prev, c, seal)
		got, b := ChainEntryJSON("SEA-2026-0042", prev, c, seal)
		if got.Hash != want.Hash || got.Seq != want.Seq || got.Prev != want.Prev {
			t.Fatalf("entry %+v, ChainEntry's %+v", got, want)
		}
		if w := want.AppendJSON(nil); !bytes.Equal(b, w) {
			t.Fatalf("JSON\n%s\nAppendJSON's\n%s", b, w)
		}
		prev = &want
	}
}
