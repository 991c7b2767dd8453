package domain

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// roundTrip is v as the store gives it back: its times carry the offset
// they were written with, not Europe/London, so a rule that took a
// visit's own zone for its calendar would count in the wrong one.
func roundTrip(t testing.TB, v *Visit) *Visit {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out Visit
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

// TestLocalCalendar_ONF5 (issue 15, point 2): an ONF is valid for one
// calendar month from the UK date it came back. Returned at 00:30 BST on
// 1 October (23:30 UTC on 30 September), it covers a winter visit on 31
// October and 1 November, and not one on 2 November.
func TestLocalCalendar_ONF5(t *testing.T) {
	returned := time.Date(2026, 10, 1, 0, 30, 0, 0, london)
	for _, tc := range []struct {
		name  string
		visit time.Time
		want  string // the ONF-5 finding, or "" for none
	}{
		{"31 October, GMT", time.Date(2026, 10, 31, 6, 0, 0, 0, london), ""},
		{"1 November, the last day", time.Date(2026, 11, 1, 6, 0, 0, 0, london), ""},
		{"1 November, 23:30", time.Date(2026, 11, 1, 23, 30, 0, 0, london), ""},
		{"2 November, 00:15", time.Date(2026, 11, 2, 0, 15, 0, 0, london), "ONF-5 blocks: ONF expired: returned 01/10/2026, valid to 01/11/2026, the visit is 02/11/2026"},
	} {
		for _, zone := range []*time.Location{london, time.UTC, time.FixedZone("", 3600)} {
			t.Run(tc.name+"/stored "+zone.String(), func(t *testing.T) {
				v := withONF(t, ONF{Force: "Surrey Police", SentAt: returned.Add(-48 * time.Hour), ReturnedAt: returned.In(zone), SignedBy: "J. Carter", SignedRank: "DS"})
				v.Basics.PlannedStart = tc.visit.In(zone)
				v = roundTrip(t, v)
				var got []string
				for _, f := range onfFindings(v, tc.visit.Add(-time.Hour)) {
					if strings.HasPrefix(f.Rule, "ONF-") {
						got = append(got, f.String())
					}
				}
				switch {
				case tc.want == "" && len(got) > 0:
					t.Fatalf("want no ONF finding; got %q", got)
				case tc.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], tc.want)):
					t.Fatalf("got %q\nwant %s…", got, tc.want)
				}
			})
		}
	}
}

// TestConfig_Location: the rules' zone is Europe/London unless the config
// names another, and a name that is not a zone is refused.
func TestConfig_Location(t *testing.T) {
	if got := (Config{}).Location().String(); got != "Europe/London" {
		t.Errorf("default zone %s", got)
	}
	c := DefaultConfig()
	c.TimeZone = "Europe/Belfast"
	if err := c.Validate(); err != nil || c.Location().String() != "Europe/Belfast" {
		t.Errorf("Europe/Belfast: %v, %s", err, c.Location())
	}
	c.TimeZone = "London"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), `time_zone "London" is not a zone name`) {
		t.Errorf("bad zone: %v", err)
	}
	if got := (Config{}).LocalDate(time.Date(2026, 9, 30, 23, 30, 0, 0, time.UTC)); got != (Date{2026, 10, 1}) {
		t.Errorf("23:30 UTC on 30 September is %s in London", got)
	}
}
