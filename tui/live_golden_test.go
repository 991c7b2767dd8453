package tui

import (
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
)

// liveGoldenNow is the golden file's clock: 07:12, an hour and ten
// minutes after the team arrived.
var liveGoldenNow = time.Date(2026, 11, 25, 7, 12, 0, 0, london)

// aMorning records the visit of the golden file, each entry by the
// officer who made it, when they made it: the team's arrival, entry by
// consent, two people met (one written up five minutes late), a seizure
// and its correction, and the driver leaving.
func aMorning(t testing.TB) func(v *domain.Visit) {
	return func(v *domain.Visit) {
		at := func(hhmm string) time.Time {
			tm, err := domain.ParseWhen(hhmm, liveGoldenNow)
			if err != nil {
				t.Fatal(err)
			}
			return tm
		}
		rec := func(kind domain.EntryKind, in map[string]string, by domain.Officer, written string, fix int, why string) {
			t.Helper()
			e, err := v.ParseEntry(kind, in, at(written))
			if err != nil {
				t.Fatal(err)
			}
			e.Corrects, e.Reason = fix, why
			if _, err := v.Record(e, by, at(written)); err != nil {
				t.Fatal(err)
			}
		}
		const A, W = domain.FieldEntryAt, domain.FieldEntryOfficers
		rec(domain.EntryArrival, map[string]string{W: "CIO001 IO0903 IO0904"}, testCIO, "06:02", 0, "")
		rec(domain.EntryEntry, map[string]string{domain.FieldEntryPower: "informed consent", domain.FieldEntryConsent: "Mr A Shah, manager"}, testCIO, "06:04", 0, "")
		rec(domain.EntryEncounter, map[string]string{A: "06:15", domain.FieldPersonName: "Unknown male", domain.FieldPersonNat: "Albanian",
			domain.FieldPersonOutcome: "arrested", domain.FieldPersonExcuse: "not shown"}, domaintest.Arrest, "06:20", 0, "")
		rec(domain.EntryEncounter, map[string]string{domain.FieldPersonName: "Mei Chen", domain.FieldPersonNat: "Chinese", domain.FieldPersonOutcome: "cleared"}, testCIO, "06:18", 0, "")
		seizure := map[string]string{A: "06:25", domain.FieldSeizureItem: "Passport (Albanian)", domain.FieldSeizureExhib: "LG/1", domain.FieldSeizureSeal: "M0012345"}
		rec(domain.EntrySeizure, seizure, domaintest.Arrest, "06:25", 0, "")
		seizure[domain.FieldSeizureSeal] = "M0012354"
		rec(domain.EntrySeizure, seizure, domaintest.Arrest, "06:31", 5, "seal number digits transposed")
		rec(domain.EntryDeparture, map[string]string{W: "IO0904", domain.FieldEntryText: "to move the van"}, testCIO, "06:40", 0, "")
	}
}

// TestLiveGolden draws the live tab of that morning at 07:12 in an
// 80-column terminal tall enough for all of it, and at 120x40.
func TestLiveGolden(t *testing.T) {
	for _, sz := range []struct {
		name string
		w, h int
	}{{"live_tab", 80, 40}, {"live_tab_120x40", 120, 40}} {
		t.Run(sz.name, func(t *testing.T) {
			s := openStore(t)
			deployedVisit(t, s, aMorning(t))
			a := liveApp(t, s, "", fixed(liveGoldenNow))
			view := program(t, a, sz.w, sz.h, "Golden Dragon",
				step{keys: []string{"enter"}, wait: "DEPLOYED"},
				step{keys: []string{"8"}, wait: "Timeline"})
			golden(t, sz.name, view)
			checkFits(t, view, sz.w, sz.h)
		})
	}
}
