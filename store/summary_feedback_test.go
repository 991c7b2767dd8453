package store

import (
	"context"
	"testing"
	"time"

	"oic/domain"
)

// TestSummary_FeedbackMark: an ended visit's list entry says, after its
// end, whether its assurance feedback waits; an entry without the mark
// (an earlier oic's, with or without the end) reads as not saying, and so
// does a mark this oic does not know, which a later oic may write.
func TestSummary_FeedbackMark(t *testing.T) {
	base := domain.Summary{Ref: "SLN-2026-0001", PlannedStart: t0, Premises: "Star Takeaway", Postcode: "SW1A 1AA",
		Team: "SLN", State: domain.Assured, OIC: "Alice Ames", Ended: t0.Add(time.Hour)}
	for _, f := range []domain.FeedbackMark{domain.FeedbackNone, domain.FeedbackWaits} {
		in := base
		in.Feedback = f
		got, err := decodeSummary(encodeSummary(in))
		if err != nil || got.Feedback != f || !got.Ended.Equal(in.Ended) || got.Ref != in.Ref {
			t.Errorf("mark %d read back as %+v, %v", f, got, err)
		}
	}
	for name, b := range map[string][]byte{
		"the end, no mark":       encodeSummary(base),
		"no end (earlier oic's)": earlierEntry(base),
		"a mark not known":       append(encodeSummary(base), 9),
	} {
		got, err := decodeSummary(b)
		if err != nil || got.Feedback != domain.FeedbackUnknown || got.Ref != base.Ref {
			t.Errorf("%s: read as %+v, %v; want the feedback unknown", name, got, err)
		}
	}
	open := base
	open.State, open.Ended, open.Feedback = domain.Planning, time.Time{}, domain.FeedbackWaits
	if got, err := decodeSummary(encodeSummary(open)); err != nil || got.Feedback != domain.FeedbackUnknown {
		t.Errorf("a visit not ended read back as %+v, %v; its entry holds no mark", got, err)
	}
}

// TestSummary_FeedbackMarkAsTheRecordSays: in the demo, the list entry of
// every ended visit says what its record says of its feedback, and some
// say it waits.
func TestSummary_FeedbackMarkAsTheRecordSays(t *testing.T) {
	s, _ := openStore(t)
	loadDemo(t, s, 600, nil)
	checkFeedbackMarks(t, s)
}

// TestFillEntries_FeedbackMarks: the entries of ended visits an earlier
// oic wrote, with no end or with the end but no mark, get the mark their
// records say, once.
func TestFillEntries_FeedbackMarks(t *testing.T) {
	s, _ := openStore(t)
	loadDemo(t, s, 600, nil)
	unmarked := 0
	for _, sum := range summaries(t, s) {
		if !sum.State.Ended() {
			continue
		}
		old := sum
		old.Feedback = domain.FeedbackUnknown
		entry := encodeSummary(old) // the end, no mark
		if unmarked%2 == 1 {
			entry = earlierEntry(old) // neither
		}
		putRaw(t, s, indexKeys(sum)[0], entry)
		unmarked++
	}
	if got := summaries(t, s); len(got) == 0 {
		t.Fatal("no entries")
	}
	n, err := s.FillEntries(context.Background(), nil)
	if err != nil || n != unmarked {
		t.Fatalf("FillEntries mended %d, %v; want %d", n, err, unmarked)
	}
	checkFeedbackMarks(t, s)
	if n, err := s.FillEntries(context.Background(), nil); err != nil || n != 0 {
		t.Errorf("a second FillEntries mended %d, %v", n, err)
	}
}

// checkFeedbackMarks checks each list entry's feedback mark against its
// record, and that some say feedback waits.
func checkFeedbackMarks(t *testing.T, s *Store) {
	t.Helper()
	waits := 0
	for ref, sum := range summaries(t, s) {
		v, err := s.Visit(context.Background(), ref)
		if err != nil {
			t.Fatal(err)
		}
		want := domain.FeedbackUnknown
		if v.State.Ended() {
			want = domain.FeedbackNone
			if v.Assurance.FeedbackPending() {
				want, waits = domain.FeedbackWaits, waits+1
			}
		}
		if sum.Feedback != want {
			t.Errorf("%s (%s): its entry's mark %d, its record says %d", ref, v.State, sum.Feedback, want)
		}
	}
	if waits == 0 {
		t.Error("no visit of the demo has feedback waiting: this tests nothing")
	}
}
