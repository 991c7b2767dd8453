package domain

import (
	"testing"
	"time"
)

// TestAddCalendarMonth: ONF-5's "one calendar month" is the same day of the
// next month, or its last day when the next month is shorter.
func TestAddCalendarMonth(t *testing.T) {
	for in, want := range map[Date]Date{
		{2026, 1, 31}:  {2026, 2, 28},
		{2028, 1, 31}:  {2028, 2, 29}, // leap year
		{2026, 1, 28}:  {2026, 2, 28},
		{2026, 3, 31}:  {2026, 4, 30},
		{2026, 4, 30}:  {2026, 5, 30},
		{2026, 12, 15}: {2027, 1, 15},
		{2026, 12, 31}: {2027, 1, 31},
	} {
		if got := AddCalendarMonth(in); got != want {
			t.Errorf("AddCalendarMonth(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestONFStatus covers every status and the deadline boundaries of ONF-2,
// ONF-3 and ONF-5.
func TestONFStatus(t *testing.T) {
	visit := time.Date(2026, 12, 3, 6, 0, 0, 0, london) // Thursday 3 December, 06:00
	sent := visit.Add(-5 * 24 * time.Hour)
	signed := func(o ONF) ONF { o.SignedBy, o.SignedRank = "J. Carter", "DS"; return o }
	at := func(d Date, h int) time.Time { return time.Date(d.Year, d.Month, d.Day, h, 0, 0, 0, london) }
	for _, tc := range []struct {
		name  string
		onf   ONF
		start time.Time
		now   time.Time
		want  ONFState
		late  bool
		label string
	}{
		{"Met", ONF{Met: true, MetNote: "MPS CIU notified by email"}, visit, t0, ONFMet, false, "Met arrangement"},
		{"not sent", ONF{Force: "Surrey Police"}, visit, t0, ONFNotSent, false, "not sent"},
		{"sent exactly 3 days before", ONF{SentAt: visit.Add(-ONFLeadTime)}, visit, visit.Add(-ONFLeadTime), ONFAwaiting, false, "awaiting (due back 03/12/2026 06:00)"},
		{"sent 3 days less a minute before", ONF{SentAt: visit.Add(-ONFLeadTime + time.Minute)}, visit, visit.Add(-ONFLeadTime + time.Minute), ONFSentLate, true, "sent late"},
		{"sent the day before", ONF{SentAt: visit.Add(-20 * time.Hour)}, visit, visit.Add(-19 * time.Hour), ONFSentLate, true, "sent late"},
		{"awaiting at exactly 72 hours", ONF{SentAt: sent}, visit, sent.Add(ONFReturnTime), ONFAwaiting, false, ""},
		{"overdue a minute after 72 hours", ONF{SentAt: sent}, visit, sent.Add(ONFReturnTime + time.Minute), ONFOverdue, false, "overdue (phone check needed)"},
		{"phone check recorded", ONF{SentAt: sent, Phone: &PhoneCheck{At: visit.Add(-time.Hour), Contact: "PC Hale, Croydon intelligence unit", Outcome: "no markers"}},
			visit, visit.Add(-time.Hour), ONFPhoneCheck, false, "phone check recorded"},
		{"returned unsigned", ONF{SentAt: sent, ReturnedAt: sent.Add(48 * time.Hour)}, visit, t0, ONFUnsigned, false, "returned unsigned"},
		{"returned incomplete", signed(ONF{SentAt: sent, ReturnedAt: sent.Add(48 * time.Hour), Incomplete: []string{"community tensions"}}), visit, t0, ONFIncomplete, false, "returned incomplete"},
		{"unsigned, then phone check", ONF{SentAt: sent, ReturnedAt: sent.Add(48 * time.Hour), Phone: &PhoneCheck{At: visit.Add(-time.Hour), Contact: "x", Outcome: "y"}}, visit, t0, ONFPhoneCheck, false, ""},
		{"valid", signed(ONF{SentAt: sent, ReturnedAt: sent.Add(48 * time.Hour)}), visit, t0, ONFValid, false, "valid (until 30/12/2026)"},
		// Returned on 31 January: valid to 28 February, 29 in a leap year.
		{"returned 31 Jan, visit 28 Feb", signed(ONF{SentAt: at(Date{2026, 1, 29}, 9), ReturnedAt: at(Date{2026, 1, 31}, 9)}), at(Date{2026, 2, 28}, 6), t0, ONFValid, false, "valid (until 28/02/2026)"},
		{"returned 31 Jan, visit 1 Mar", signed(ONF{SentAt: at(Date{2026, 1, 29}, 9), ReturnedAt: at(Date{2026, 1, 31}, 9)}), at(Date{2026, 3, 1}, 6), t0, ONFExpired, false, "expired (28/02/2026)"},
		{"leap year: returned 31 Jan, visit 29 Feb", signed(ONF{SentAt: at(Date{2028, 1, 29}, 9), ReturnedAt: at(Date{2028, 1, 31}, 9)}), at(Date{2028, 2, 29}, 6), t0, ONFValid, false, "valid (until 29/02/2028)"},
		{"leap year: returned 31 Jan, visit 1 Mar", signed(ONF{SentAt: at(Date{2028, 1, 29}, 9), ReturnedAt: at(Date{2028, 1, 31}, 9)}), at(Date{2028, 3, 1}, 6), t0, ONFExpired, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.onf.Status(tc.start, tc.now, london)
			if s.State != tc.want || s.Late != tc.late {
				t.Fatalf("state %q late %v, want %q late %v", s.State, s.Late, tc.want, tc.late)
			}
			if tc.label != "" && s.Label(london) != tc.label {
				t.Errorf("label %q, want %q", s.Label(london), tc.label)
			}
		})
	}
}

// TestONFReturnedLate: back at exactly 72 hours is in time; a minute later
// is late, though the returned form is still valid.
func TestONFReturnedLate(t *testing.T) {
	visit := time.Date(2026, 12, 3, 6, 0, 0, 0, london)
	sent := visit.Add(-5 * 24 * time.Hour)
	for _, tc := range []struct {
		after time.Duration
		late  bool
	}{{ONFReturnTime, false}, {ONFReturnTime + time.Minute, true}} {
		o := ONF{SentAt: sent, ReturnedAt: sent.Add(tc.after), SignedBy: "J. Carter"}
		s := o.Status(visit, visit.Add(-time.Hour), london)
		if s.State != ONFValid || s.ReturnedLate != tc.late {
			t.Errorf("returned after %v: %s, late %v", tc.after, s.State, s.ReturnedLate)
		}
	}
}
