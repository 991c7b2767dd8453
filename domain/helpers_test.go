package domain

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/London without relying on the machine's zoneinfo
)

// london is where officers work; tests stand in it so that dates, "today"
// and daylight saving behave as they will on an officer's laptop.
var london = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return l
}()

// t0 is the fixed moment most tests stand on: Wednesday 25 November 2026,
// 05:30 in London (GMT), half an hour before a typical dawn visit.
var t0 = time.Date(2026, 11, 25, 5, 30, 0, 0, london)

var (
	cio = Officer{StaffNo: "CIO001", Name: "Dana Okafor", Grade: "HEO", Team: "SLN", ArrestTrained: true, RefresherOn: Date{2026, time.March, 1}}
	io  = Officer{StaffNo: "IO0042", Name: "Sam Patel", Grade: "EO", Team: "SLN"}
)

func lookup(sn StaffNo) (Officer, bool) {
	for _, o := range []Officer{cio, io} {
		if o.StaffNo == sn {
			return o, true
		}
	}
	return Officer{}, false
}

// goodInput is a complete, valid visit form, adopted at tasking, for a visit
// tomorrow at 06:00.
func goodInput() BasicsInput {
	return BasicsInput{
		Team:          "SLN",
		PremName:      "Golden Dragon Takeaway",
		PremAddress:   "12 High Street, Croydon",
		Postcode:      "cr0 1nd",
		Sector:        "Restaurant / takeaway",
		IntelRef:      "INT-2026-5512",
		IntelReceived: "02/11/2026",
		Priority:      "3",
		IntelSummary:  "Two workers believed to be overstayers.\nSeen in the kitchen after 22:00.",
		Decision:      "adopted",
		Forum:         "Local tasking meeting",
		DecidedAt:     "10/11/2026 14:00",
		Rationale:     "Credible, recent, corroborated by a second source.",
		PlannedStart:  "26/11/2026 06:00",
		OIC:           "cio001",
	}
}

func mustBasics(t testing.TB, in BasicsInput, now time.Time) Basics {
	t.Helper()
	b, err := ParseBasics(in, lookup, now)
	if err != nil {
		t.Fatalf("ParseBasics: %v", err)
	}
	return b
}

// newVisit opens a visit from in at t0 and gives it a reference, as the
// store would.
func newVisit(t testing.TB, in BasicsInput) *Visit {
	t.Helper()
	v, _, err := NewVisit(mustBasics(t, in, t0), cio, t0)
	if err != nil {
		t.Fatalf("NewVisit: %v", err)
	}
	v.Ref = "SLN-2026-0042"
	return v
}

// validation returns err as a ValidationError, failing the test otherwise.
func validation(t *testing.T, err error) ValidationError {
	t.Helper()
	var ve ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v (%T) is not a ValidationError", err, err)
	}
	return ve
}

// fields lists the fields a ValidationError names, in order.
func fields(ve ValidationError) []string {
	out := make([]string, len(ve))
	for i, e := range ve {
		out[i] = e.Field
	}
	return out
}

func wantContains(t *testing.T, what, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("%s = %q, want it to contain %q", what, got, want)
	}
}
