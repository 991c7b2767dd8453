package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"testing"
	"time"

	"oic/domain"
)

// cancelled creates a visit and cancels it at at: a record that has
// ended (RET-1), as a closed one has.
func cancelled(t *testing.T, s *Store, at time.Time) *domain.Visit {
	t.Helper()
	v := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(72*time.Hour), alice), alice, t0)
	c, err := v.Transition(domain.Cancelled, "intelligence withdrawn", alice, at)
	if err != nil {
		t.Fatal(err)
	}
	if v, err = s.SaveVisit(context.Background(), v, c); err != nil {
		t.Fatal(err)
	}
	return v
}

// summaries reads the list entries by reference.
func summaries(t *testing.T, s *Store) map[domain.Ref]domain.Summary {
	t.Helper()
	out := map[domain.Ref]domain.Summary{}
	if err := s.ScanSummaries(context.Background(), 10, func(b []domain.Summary) error {
		for _, sum := range b {
			out[sum.Ref] = sum
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// earlierEntry is the list entry an oic before RET-1 wrote: the six
// fields and nothing after.
func earlierEntry(sum domain.Summary) []byte {
	b := []byte{summaryFormat}
	b = binary.AppendVarint(b, sum.PlannedStart.Unix())
	for _, f := range [...]string{string(sum.Ref), sum.Premises, string(sum.Postcode), string(sum.Team), string(sum.State), sum.OIC} {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return b
}

// TestSummary_EndedRoundTrip: a save files when the visit's record ended
// in its list entry, and an entry read by an earlier oic's decoder (six
// fields, the rest left) is the same as before.
func TestSummary_EndedRoundTrip(t *testing.T) {
	s, _ := openStore(t)
	at := t0.Add(2 * time.Hour)
	v := cancelled(t, s, at)
	open := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(96*time.Hour), alice), alice, t0)
	got := summaries(t, s)
	if e := got[v.Ref].Ended; !e.Equal(at) {
		t.Errorf("the cancelled visit's entry says it ended %v, want %v", e, at)
	}
	if e := got[open.Ref].Ended; !e.IsZero() {
		t.Errorf("an open visit's entry says it ended %v", e)
	}
	// An earlier oic reads the six fields: the new entry starts with
	// exactly the bytes it wrote.
	entry := encodeSummary(v.Summary())
	if old := earlierEntry(v.Summary()); !bytes.HasPrefix(entry, old) || len(entry) == len(old) {
		t.Errorf("the entry does not extend an earlier oic's: % x", entry)
	}
	if !bytes.Equal(encodeSummary(open.Summary()), earlierEntry(open.Summary())) {
		t.Error("an open visit's entry is not the one an earlier oic wrote")
	}
	// An earlier oic's entry decodes, with no end.
	sum, hasEnd, err := decodeSummaryEnd(earlierEntry(v.Summary()))
	if err != nil || hasEnd || !sum.Ended.IsZero() || sum.Ref != v.Ref {
		t.Errorf("an earlier oic's entry: %+v, has end %v, %v", sum, hasEnd, err)
	}
}

// TestFillEntries: entries an earlier oic wrote get the end their
// documents say, once; the rest are left as they are.
func TestFillEntries(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	at := t0.Add(2 * time.Hour)
	v := cancelled(t, s, at)
	w := cancelled(t, s, at.Add(time.Hour))
	open := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(96*time.Hour), alice), alice, t0)
	for _, x := range []*domain.Visit{v, open} {
		putRaw(t, s, indexKeys(x.Summary())[0], earlierEntry(x.Summary()))
	}
	if e := summaries(t, s)[v.Ref].Ended; !e.IsZero() {
		t.Fatalf("the entry made as an earlier oic's still has an end: %v", e)
	}
	var told []int
	n, err := s.FillEntries(ctx, func(done, total int) { told = append(told, done, total) })
	if err != nil || n != 1 {
		t.Fatalf("FillEntries mended %d, %v; want 1", n, err)
	}
	if len(told) != 2 || told[0] != 1 || told[1] != 1 {
		t.Errorf("progress told %v", told)
	}
	got := summaries(t, s)
	if e := got[v.Ref].Ended; !e.Equal(at) {
		t.Errorf("mended entry ends %v, want %v", e, at)
	}
	if e := got[w.Ref].Ended; !e.Equal(at.Add(time.Hour)) {
		t.Errorf("an entry that had its end: %v", e)
	}
	if raw := getRaw(t, s, indexKeys(open.Summary())[0]); !bytes.Equal(raw, earlierEntry(open.Summary())) {
		t.Error("an open visit's entry was rewritten")
	}
	if n, err := s.FillEntries(ctx, nil); err != nil || n != 0 {
		t.Errorf("a second FillEntries mended %d, %v", n, err)
	}
	checkStore(t, s)
}

// TestFillEntries_LeavesAnEntryNotItsDocuments: an entry that does not
// say what its document says is not made to; oic verify reports it.
func TestFillEntries_LeavesAnEntryNotItsDocuments(t *testing.T) {
	s, _ := openStore(t)
	v := cancelled(t, s, t0.Add(2*time.Hour))
	other := v.Summary()
	other.State = domain.StoodDown
	stale := earlierEntry(other)
	putRaw(t, s, indexKeys(v.Summary())[0], stale)
	if n, err := s.FillEntries(context.Background(), nil); err != nil || n != 0 {
		t.Errorf("FillEntries mended %d, %v; want none", n, err)
	}
	if raw := getRaw(t, s, indexKeys(v.Summary())[0]); !bytes.Equal(raw, stale) {
		t.Error("an entry that is not its document's was rewritten")
	}
}
