package live_test

import (
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

// liveGoldenNow is the golden file's clock: 07:12, an hour and ten
// minutes after the team arrived.
var liveGoldenNow = time.Date(2026, 11, 25, 7, 12, 0, 0, tuitest.London)

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
		rec := func(kind domain.EntryKind, in domain.EntryInput, by domain.Officer, written string, fix int, why string) {
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
		rec(domain.EntryArrival, domain.EntryInput{Officers: "CIO001 IO0903 IO0904"}, tuitest.CIO, "06:02", 0, "")
		rec(domain.EntryEntry, domain.EntryInput{Power: "informed consent", ConsentBy: "Mr A Shah, manager"}, tuitest.CIO, "06:04", 0, "")
		rec(domain.EntryEncounter, domain.EntryInput{At: "06:15", Person: domain.PersonInput{Name: "Unknown male", Nationality: "Albanian",
			Outcome: "arrested", Excuse: "not shown"}}, domaintest.Arrest, "06:20", 0, "")
		rec(domain.EntryEncounter, domain.EntryInput{Person: domain.PersonInput{Name: "Mei Chen", Nationality: "Chinese", Outcome: "cleared"}}, tuitest.CIO, "06:18", 0, "")
		seizure := domain.EntryInput{At: "06:25", Seizure: domain.SeizureInput{Item: "Passport (Albanian)", Exhibit: "LG/1", Seal: "M0012345"}}
		rec(domain.EntrySeizure, seizure, domaintest.Arrest, "06:25", 0, "")
		seizure.Seizure.Seal = "M0012354"
		rec(domain.EntrySeizure, seizure, domaintest.Arrest, "06:31", 5, "seal number digits transposed")
		rec(domain.EntryDeparture, domain.EntryInput{Officers: "IO0904", Text: "to move the van"}, tuitest.CIO, "06:40", 0, "")
	}
}

// TestLiveGolden draws the live tab of that morning at 07:12 in an
// 80-column terminal tall enough for all of it, and at 120x40.
func TestLiveGolden(t *testing.T) {
	for _, sz := range []struct {
		name string
		W, H int
	}{{"live_tab", 80, 40}, {"live_tab_120x40", 120, 40}} {
		t.Run(sz.name, func(t *testing.T) {
			s := tuitest.Store(t)
			tuitest.DeployedVisit(t, s, aMorning(t))
			a := apptest.App(t, s, apptest.As(""), apptest.At(tuitest.Fixed(liveGoldenNow)))
			view := apptest.Program(t, a, sz.W, sz.H, "Golden Dragon",
				apptest.Step{Keys: []string{"enter"}, Wait: "DEPLOYED"},
				apptest.Step{Keys: []string{"8"}, Wait: "Timeline"})
			tuitest.Golden(t, sz.name, view)
			tuitest.CheckFits(t, view, sz.W, sz.H)
		})
	}
}
