package store

import (
	"context"
	"slices"
	"testing"

	"oic/domain"
)

// The feedback look reads only the part of each record that says whether
// feedback waits, and finds what reading each visit whole finds: for
// every OIC of the demo's assured visits, the visits whose feedback waits
// for them, whether named by the roster or by the basics; refs not
// stored are left out.
func TestFeedbackWaitingFindsWhatTheWholeRecordSays(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	var refs []domain.Ref
	oics := map[domain.StaffNo]bool{}
	loadDemo(t, s, 600, func(v *domain.Visit) {
		if v.State == domain.Assured {
			refs = append(refs, v.Ref)
			oics[v.OICStaffNo()], oics[v.Basics.OIC] = true, true
		}
	})
	waitsFor := map[domain.Ref]domain.StaffNo{} // as the whole record says
	for _, ref := range refs {
		v, err := s.Visit(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		if v.Assurance.FeedbackPending() {
			waitsFor[ref] = v.OICStaffNo()
		}
	}
	asked := append(slices.Clone(refs), "NOT-2026-0001")
	waiting, none := 0, 0
	for sn := range oics {
		var want []domain.Ref
		for _, ref := range refs {
			if by, ok := waitsFor[ref]; ok && by == sn {
				want = append(want, ref)
			}
		}
		got, err := s.FeedbackWaiting(ctx, sn, asked)
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("feedback waiting for %s: %v, %v; reading each whole finds %v", sn, got, err, want)
		}
		if len(want) > 0 {
			waiting++
		} else {
			none++
		}
	}
	if waiting == 0 || none == 0 {
		t.Fatalf("of %d OICs of %d assured visits, %d have feedback waiting and %d none: the demo tests nothing", len(oics), len(refs), waiting, none)
	}
}
