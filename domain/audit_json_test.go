package domain

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"
)

// The entry's own encoder must write what json.Marshal writes, byte for
// byte, or every hash made by one fails under the other.

var entryStrings = []string{
	"", "A1001", "Ms O'Hara & <Sons>", "line\nbreak\ttab\rreturn\bback\fform",
	"\x00\x01\x1f\x7f", "quote \" and \\ backslash", "é café ✓ 漢字 😀",
	"\u2028 and \u2029", "bad \xff utf-8 \xc3", "\xed\xa0\x80 surrogate", "trailing \xe2\x80",
}

func entryAt(r *rand.Rand) time.Time {
	london, _ := time.LoadLocation("Europe/London")
	zones := []*time.Location{time.UTC, london, time.FixedZone("", 3600), time.FixedZone("", -5*3600-30*60),
		time.FixedZone("", 45), time.FixedZone("", 30*3600), time.FixedZone("", -23*3600)}
	t := time.Date(1990+r.IntN(60), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), 0, time.UTC)
	switch r.IntN(4) {
	case 1:
		t = t.Add(time.Duration(r.IntN(1e9)))
	case 2:
		t = t.Add(time.Duration(r.IntN(1000)) * time.Millisecond)
	case 3:
		t = time.Date(10000+r.IntN(3), 1, 1, 0, 0, 0, 0, time.UTC)
		if r.IntN(2) == 0 {
			t = time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)
		}
	}
	return t.In(zones[r.IntN(len(zones))])
}

func randomEntry(r *rand.Rand) AuditEntry {
	s := func() string {
		if r.IntN(3) == 0 {
			return ""
		}
		return entryStrings[r.IntN(len(entryStrings))] + entryStrings[r.IntN(len(entryStrings))]
	}
	e := AuditEntry{Ref: Ref(s()), Officer: StaffNo(s()), Seq: r.Uint64() >> r.IntN(64),
		Change: Change{Action: s(), Actor: StaffNo(s()), ActorName: s(), At: entryAt(r), Reason: s()},
		Record: s(), Derived: s(), Prev: s(), Hash: s()}
	for range r.IntN(4) {
		e.Change.Fields = append(e.Change.Fields, FieldChange{Field: s(), Old: s(), New: s()})
	}
	if r.IntN(5) == 0 {
		e.Change.Fields = []FieldChange{}
	}
	return e
}

func marshalOrNil(e AuditEntry) []byte {
	b, err := json.Marshal(e)
	if err != nil {
		return nil
	}
	return b
}

func TestEntryJSONIsMarshal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		e := randomEntry(r)
		want := marshalOrNil(e)
		if want == nil { // Marshal refuses the time: so must the encoder
			func() {
				defer func() {
					if recover() == nil {
						t.Fatalf("entry %d: Marshal refused %v, the encoder wrote it", i, e.Change.At)
					}
				}()
				appendEntryJSON(nil, &e)
			}()
			continue
		}
		if got := appendEntryJSON(nil, &e); !bytes.Equal(got, want) {
			t.Fatalf("entry %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

func FuzzEntryJSON(f *testing.F) {
	for _, s := range entryStrings {
		f.Add(s, s, int64(0), int32(0))
	}
	f.Fuzz(func(t *testing.T, a, b string, unix int64, off int32) {
		at := time.Unix(unix%(300*365*86400), unix%1e9).In(time.FixedZone("", int(off%(30*3600))))
		e := AuditEntry{Ref: Ref(a), Seq: uint64(unix), Change: Change{Action: b, ActorName: a, At: at,
			Fields: []FieldChange{{Field: a, Old: b, New: a + b}}, Reason: b}, Prev: a, Hash: b}
		want := marshalOrNil(e)
		if want == nil {
			return
		}
		if got := appendEntryJSON(nil, &e); !bytes.Equal(got, want) {
			t.Fatalf("\n got %s\nwant %s", got, want)
		}
	})
}

func BenchmarkEntryDigest(b *testing.B) {
	e := AuditEntry{Ref: "SLN-2026-0042", Seq: 12, Change: Change{Action: "briefing accepted", Actor: "IO0042", ActorName: "Sam Okafor",
		At: time.Date(2026, 12, 6, 15, 11, 0, 0, time.UTC), Fields: []FieldChange{{Field: "briefing.accepted", Old: "", New: "IO0042 at 06/12/2026 15:11"}}},
		Record: "9f2c3b1e4d5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", Prev: "0f1e2d3c4b5a69788796a5b4c3d2e1f09f2c3b1e4d5a69788796a5b4c3d2e1f0",
		Hash: "aa1e2d3c4b5a69788796a5b4c3d2e1f09f2c3b1e4d5a69788796a5b4c3d2e1f0"}
	b.Run("encoder", func(b *testing.B) {
		for b.Loop() {
			_ = e.digested()
		}
	})
	b.Run("marshal", func(b *testing.B) {
		for b.Loop() {
			_, _ = json.Marshal(e)
		}
	})
}
