package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

func TestTrailValue(t *testing.T) {
	one := []byte(`{"seq":1}`)
	run := encodeTrailRun([][]byte{[]byte(`{"seq":2}`), []byte(`{"seq":3}`)})
	for _, tc := range []struct {
		name   string
		stored []byte
		want   []string
		err    string
	}{
		{"one entry", one, []string{`{"seq":1}`}, ""},
		{"a run", run, []string{`{"seq":2}`, `{"seq":3}`}, ""},
		{"empty", nil, nil, "it is empty"},
		{"a run cut short", run[:len(run)-3], nil, "its run of entries is damaged"},
		{"a run claiming a gigabyte", append([]byte{trailRunS2}, binary.AppendUvarint(nil, 1<<30)...), nil, "it claims 1073741824 bytes"},
		{"an encoding unknown", []byte{0x7f, 'x'}, nil, "an encoding this oic does not know (0x7f)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			err := trailValue(tc.stored, nil, func(e []byte) error { got = append(got, string(e)); return nil })
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want it to say %q", err, tc.err)
				}
				return
			}
			if err != nil || strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// auditValues are the values under ref's trail, in order.
func auditValues(t *testing.T, s *Store, ref domain.Ref) [][]byte {
	t.Helper()
	var out [][]byte
	err := s.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = auditPrefix(ref)
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A visit arriving with a trail of several entries keeps them as one run
// under the first one's key; it reads back entry by entry, verifies, and
// takes the next save as an entry of its own after them; the export
// reads each entry as stored; and a run changed outside oic fails the
// chain's check, as an entry would.
func TestTrailRun_ImportKeepsEntriesTogether(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	v, cs := synth(0, map[string]uint32{})
	v.Version = 4 // its fourth entry leaves it
	trails := map[domain.Ref][]domain.AuditEntry{}
	arrival(t, v, nil, trails, cs[0])
	for i := 2; i <= 3; i++ {
		arrival(t, v, nil, trails, domain.Change{Action: "step", Actor: alice.StaffNo, ActorName: alice.Name, At: t0.Add(time.Duration(i) * time.Hour)})
	}
	a := arrival(t, v, nil, trails, domain.Change{Action: "last step", Actor: alice.StaffNo, ActorName: alice.Name, At: t0.Add(4 * time.Hour)})
	if err := arrive(t, s, "m", []Arrival{a}, 0); err != nil {
		t.Fatal(err)
	}
	vals := auditValues(t, s, v.Ref)
	if len(vals) != 1 || vals[0][0] != trailRunS2 {
		t.Fatalf("the 4 entries arriving are kept as %d values (the first %q…), want one run", len(vals), vals[0][:1])
	}
	trail, err := s.Audit(ctx, v.Ref)
	if err != nil || len(trail) != 4 || domain.VerifyChain(trail) != nil || trail[3].Hash != a.Trail[3].Hash {
		t.Fatalf("the trail read back: %d entries, %v, chain %v", len(trail), err, domain.VerifyChain(trail))
	}

	got, err := s.Visit(ctx, v.Ref)
	if err != nil {
		t.Fatal(err)
	}
	b := got.Basics
	b.Premises.Name = "Premises renamed here"
	c, err := got.EditBasics(b, bob, t0.Add(5*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	c.Action = "edited here"
	if _, err := s.SaveVisit(ctx, got, c); err != nil {
		t.Fatal(err)
	}
	vals = auditValues(t, s, v.Ref)
	if len(vals) != 2 || vals[1][0] != '{' {
		t.Fatalf("after a save here, the trail is kept as %d values, want the run and one entry", len(vals))
	}
	trail, err = s.Audit(ctx, v.Ref)
	if err != nil || len(trail) != 5 || domain.VerifyChain(trail) != nil || trail[4].Change.Action != "edited here" {
		t.Fatalf("the trail after a save here: %d entries, %v, chain %v", len(trail), err, domain.VerifyChain(trail))
	}
	// Read from any entry held, inside the run or after it, the rest of
	// the trail is the whole trail's rest, and continues its chain.
	for seq := range uint64(len(trail) + 1) {
		more, err := s.AuditAfter(ctx, v.Ref, seq)
		if err != nil || len(more) != len(trail)-int(seq) {
			t.Fatalf("the trail after entry %d: %d entries, %v; want %d", seq, len(more), err, len(trail)-int(seq))
		}
		for i, e := range more {
			if e.Hash != trail[int(seq)+i].Hash {
				t.Errorf("the trail after entry %d: its entry %d is #%d", seq, i, e.Seq)
			}
		}
		head := domain.AuditEntry{}
		if seq > 0 {
			head = trail[seq-1]
		}
		if err := domain.VerifyChainAfter(head, more); err != nil {
			t.Errorf("the trail after entry %d does not continue it: %v", seq, err)
		}
	}

	snap, err := s.Snapshot(1)
	if err != nil {
		t.Fatal(err)
	}
	var exported [][]byte
	err = snap.Readers()[0].Trail(v.Ref, func(e []byte) error { exported = append(exported, bytes.Clone(e)); return nil })
	snap.Close()
	if err != nil || len(exported) != 5 {
		t.Fatalf("the export read %d entries, %v; want 5", len(exported), err)
	}
	for i, b := range exported {
		var e domain.AuditEntry
		if err := json.Unmarshal(b, &e); err != nil || e.Hash != trail[i].Hash {
			t.Errorf("entry %d as the export reads it: %s, %v", i+1, b, err)
		}
	}
	checkStore(t, s)

	// The run's second entry changed outside oic, the run kept readable.
	err = trailValue(vals[0], nil, func(e []byte) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	var lines [][]byte
	_ = trailValue(vals[0], nil, func(e []byte) error { lines = append(lines, bytes.Clone(e)); return nil })
	lines[1] = bytes.Replace(lines[1], []byte(`"step"`), []byte(`"stop"`), 1)
	if err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(auditKey(v.Ref, 1), encodeTrailRun(lines))
	}); err != nil {
		t.Fatal(err)
	}
	trail, err = s.Audit(ctx, v.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := domain.VerifyChain(trail); err == nil || !strings.Contains(err.Error(), "audit entry 2 does not match its hash") {
		t.Errorf("a run changed outside oic: chain check says %v", err)
	}
	if _, problems := verify(t, s); len(problems) == 0 {
		t.Error("oic verify found nothing wrong with a run changed outside oic")
	}
}

// A store of format 3 holds no runs and no compressed derived parts:
// opening one changes none of its keys; it gains the premises index and
// its mark is raised.
func TestTrailRun_Format3StoreReadAsItIs(t *testing.T) {
	s, dir := openStore(t)
	bulkLoad(t, s, 3)
	if err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(keySchema, binary.BigEndian.AppendUint64(nil, 3))
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before := dump(t, dir)
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	checkStore(t, s)
	s.Close()
	after := dump(t, dir)
	if got := binary.BigEndian.Uint64([]byte(after[string(keySchema)])); got != SchemaVersion {
		t.Errorf("format mark %d after opening a format 3 store, want %d", got, SchemaVersion)
	}
	delete(before, string(keySchema))
	for k, v := range before {
		if after[k] != v {
			t.Errorf("opening a format 3 store changed %q", k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok && k != string(keySchema) && !strings.HasPrefix(k, "i/q/") {
			t.Errorf("opening a format 3 store added %q", k)
		}
	}
}

// A bulk load (oic demo) writes each visit's whole trail at once: kept as
// one run, read back entry by entry, and whole.
func TestTrailRun_BulkLoadKeepsOneRun(t *testing.T) {
	s, _ := openStore(t)
	v, cs := synth(0, map[string]uint32{})
	bw, err := s.NewBulkWriter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c2 := domain.Change{Action: "step", Actor: alice.StaffNo, ActorName: alice.Name, At: t0.Add(time.Hour)}
	v.Version = 2
	if err := bw.AddVisit(v, append(cs, c2)); err != nil {
		t.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if vals := auditValues(t, s, v.Ref); len(vals) != 1 || vals[0][0] != trailRunS2 {
		t.Fatalf("a bulk-loaded trail of 2 entries is kept as %d values, want one run", len(vals))
	}
	trail, err := s.Audit(context.Background(), v.Ref)
	if err != nil || len(trail) != 2 || domain.VerifyChain(trail) != nil {
		t.Fatalf("the trail read back: %d entries, %v", len(trail), err)
	}
	checkStore(t, s)
}

// bulkWrite writes v with its changes cs into s as an import does.
func bulkWrite(t *testing.T, s *Store, v *domain.Visit, cs []domain.Change) {
	t.Helper()
	bw, err := s.NewBulkWriter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := bw.AddVisit(v, cs); err != nil {
		t.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
}

// snapshotReader is a Reader of a snapshot of s as it stands.
func snapshotReader(t *testing.T, s *Store) *Reader {
	t.Helper()
	snap, err := s.Snapshot(1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { snap.Close() })
	return snap.Readers()[0]
}

// oneVisitReader writes v with its changes cs into s as an import does,
// and is a Reader of a snapshot of s after it.
func oneVisitReader(t *testing.T, s *Store, v *domain.Visit, cs []domain.Change) *Reader {
	t.Helper()
	bulkWrite(t, s, v, cs)
	return snapshotReader(t, s)
}

// readsIntoItsOwnMemory reads a value of 64 kB or more (read gives its
// size) once, so that the Reader's memory grows to it, then 20 times
// more, which must allocate under a quarter of what they read: what (a
// "trail") is decompressed into memory used again, not fresh memory
// for each (unit: "each run").
func readsIntoItsOwnMemory(t *testing.T, what, unit string, read func() int) {
	t.Helper()
	size := read()
	if size < 64<<10 {
		t.Fatalf("the %s is %d bytes: too small to tell", what, size)
	}
	const rounds = 20
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range rounds {
		read()
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > uint64(rounds*size/4) {
		t.Fatalf("reading a %s of %d bytes %d times allocated %d bytes: %s is decompressed into fresh memory", what, size, rounds, got, unit)
	}
}

// An export reads every visit's trail through one Reader a worker: a
// run is decompressed into the Reader's own memory, used again for the
// next, not into fresh memory each time (a tenth of the export's CPU
// went to allocating, clearing and collecting it).
func TestTrailRun_ReadIntoTheReadersMemory(t *testing.T) {
	s, _ := openStore(t)
	v, cs := synth(0, map[string]uint32{})
	for i := range 400 {
		cs = append(cs, domain.Change{Action: "step", Reason: strings.Repeat(fmt.Sprintf("note %d ", i), 20),
			Actor: alice.StaffNo, ActorName: alice.Name, At: t0.Add(time.Duration(i+1) * time.Minute)})
	}
	v.Version = uint64(len(cs))
	rd := oneVisitReader(t, s, v, cs)
	readsIntoItsOwnMemory(t, "trail", "each run", func() (size int) {
		if err := rd.Trail(v.Ref, func(e []byte) error { size += len(e) + 1; return nil }); err != nil {
			t.Fatal(err)
		}
		return size
	})
}

// So is a derived part's envelope, which an export reads for every
// visit beside its trail.
func TestDerived_ReadIntoTheReadersMemory(t *testing.T) {
	big := Derivation{Version: 9, Part: func(v *domain.Visit, doc []byte) []byte {
		return []byte(strings.Repeat(fmt.Sprintf("%s part of %d bytes; ", v.Ref, len(doc)), 4000))
	}}
	s, err := OpenWith(t.TempDir(), Options{Derive: big})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v, cs := synth(0, map[string]uint32{})
	rd := oneVisitReader(t, s, v, cs)
	head, ok, err := rd.AuditHead(v.Ref)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	doc, err := rd.Document(v.Ref, nil)
	if err != nil {
		t.Fatal(err)
	}
	readsIntoItsOwnMemory(t, "derived part", "each envelope", func() (size int) {
		found, err := rd.Derived(v.Ref, head, big.Version, doc, func(part []byte) error { size = len(part); return nil })
		if err != nil || !found {
			t.Fatal(found, err)
		}
		return size
	})
}

// appendTrailValue appends what trailValue hands on, joined by commas.
func TestAppendTrailValue_AsTrailValue(t *testing.T) {
	run := func(lines ...string) []byte {
		return compressed(trailRunS2, []byte(strings.Join(lines, "\n")))
	}
	for _, stored := range [][]byte{
		[]byte(`{"seq":1}`),
		encodeTrailRun([][]byte{[]byte(`{"seq":2}`), []byte(`{"seq":3}`)}),
		encodeTrailRun([][]byte{[]byte(`{"seq":4}`)}),
		run(),
		run(`{"seq":5}`, ""),
		run(""),
		run(`{"seq":9}`, "", ""),
		run(`{"seq":6}`, "", `{"seq":7}`),
		run("", `{"seq":8}`),
		nil,
		[]byte{0x7f, 'x'},
	} {
		var want []string
		werr := trailValue(stored, nil, func(e []byte) error { want = append(want, string(e)); return nil })
		var ends []int
		got, n, err := appendTrailValue([]byte("before"), stored, &ends)
		if (err == nil) != (werr == nil) {
			t.Fatalf("%q: error %v, trailValue's %v", stored, err, werr)
		}
		if err != nil {
			continue
		}
		if string(got) != "before"+strings.Join(want, ",") || n != uint64(len(want)) {
			t.Fatalf("%q: appended %q (%d entries), trailValue's %q", stored, got, n, want)
		}
		// Each entry ends where it is said to, a comma (or the end) after it.
		if len(ends) != len(want) {
			t.Fatalf("%q: %d ends for %d entries", stored, len(ends), len(want))
		}
		at := len("before")
		for i, end := range ends {
			if string(got[at:end]) != want[i] || (end < len(got) && got[end] != ',') {
				t.Fatalf("%q: entry %d ends at %d: %q, want %q", stored, i+1, end, got[at:end], want[i])
			}
			at = end + 1
		}
	}
}

// AppendTrail is Trail's entries joined by commas, over single entries
// and runs alike.
func TestAppendTrail_AsTrail(t *testing.T) {
	s, _ := openStore(t)
	v, cs := synth(0, map[string]uint32{})
	for i := range 30 {
		cs = append(cs, domain.Change{Action: "step", Reason: fmt.Sprintf("note %d", i), Actor: alice.StaffNo, ActorName: alice.Name, At: t0.Add(time.Duration(i+1) * time.Minute)})
	}
	v.Version = uint64(len(cs))
	bulkWrite(t, s, v, cs)
	for i := range 3 { // single entries after the run
		got, err := s.Visit(context.Background(), v.Ref)
		if err != nil {
			t.Fatal(err)
		}
		got.Basics.Premises.Name = fmt.Sprintf("Premises renamed %d", i)
		if _, err := s.SaveVisit(context.Background(), got, domain.Change{Action: "rename", Actor: alice.StaffNo, ActorName: alice.Name, At: t0.Add(time.Duration(i+1) * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	rd := snapshotReader(t, s)
	var want []string
	if err := rd.Trail(v.Ref, func(e []byte) error { want = append(want, string(e)); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(want) != len(cs)+3 {
		t.Fatalf("the trail holds %d entries, want %d", len(want), len(cs)+3)
	}
	head, ok, err := rd.AuditHead(v.Ref)
	if err != nil || !ok {
		t.Fatalf("head: %v %v", ok, err)
	}
	got, err := rd.AppendTrail(v.Ref, head, []byte("["))
	if err != nil || string(got) != "["+strings.Join(want, ",") {
		t.Fatalf("AppendTrail: %v\n%s\nwant\n[%s", err, got, strings.Join(want, ","))
	}
}
