package tuitest

import (
	"strconv"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
)

// The live tab's tests stand at LiveNow, 06:10, ten minutes into a visit planned for
// 06:00. The team (domaintest.Deploy: the OIC Dana Okafor, Jo Marsh as
// gold and Ravi Shah as silver, both off site, Lee Grant on the arrest
// team and Ana Silva driving) deployed at 05:50.
var (
	LiveNow      = Now.Add(40 * time.Minute)
	LiveDeployed = Now.Add(20 * time.Minute)
)

// DeployedVisit stores a visit deployed at LiveDeployed, with edit (if
// any) applied after deployment, and the team's profiles.
func DeployedVisit(t testing.TB, s domain.Store, edit func(v *domain.Visit)) *domain.Visit {
	t.Helper()
	v := PlannedVisit(t, s, PlanSetup{Rating: domain.Green, Edit: func(v *domain.Visit) {
		if err := domaintest.Deploy(v, CIO, LiveDeployed); err != nil {
			t.Fatal(err)
		}
		if v.State != domain.Deployed {
			t.Fatalf("visit is %s", v.State)
		}
		if edit != nil {
			edit(v)
		}
	}})
	for _, o := range []domain.Officer{domaintest.Authoriser, domaintest.Silver, domaintest.Arrest, domaintest.Driver} {
		SaveOfficer(t, s, o)
	}
	return v
}

// LiveBench is the clock of the long timeline: 08:00, an hour after its
// last entry.
var LiveBench = time.Date(2026, 11, 25, 8, 0, 0, 0, London)

// LongTimeline records n entries a minute apart from 06:00: the team's
// arrival, an entry, then encounters, seizures and notes, with a
// correction every tenth.
func LongTimeline(n int) func(v *domain.Visit) {
	return func(v *domain.Visit) {
		start := time.Date(2026, 11, 25, 6, 0, 0, 0, London)
		rec := func(kind domain.EntryKind, in domain.EntryInput, at time.Time, fix int) {
			e, err := v.ParseEntry(kind, in, LiveBench)
			if err != nil {
				panic(err)
			}
			e.At = at
			if fix != 0 {
				e.Corrects, e.Reason = fix, "detail mistyped at the door"
			}
			if _, err := v.Record(e, CIO, at); err != nil {
				panic(err)
			}
		}
		rec(domain.EntryArrival, domain.EntryInput{Officers: "CIO001 IO0903 IO0904"}, start, 0)
		rec(domain.EntryEntry, domain.EntryInput{Power: "informed consent", ConsentBy: "Mr A Shah, manager"}, start, 0)
		input := func(i int) (domain.EntryKind, domain.EntryInput) {
			switch i % 3 {
			case 0:
				return domain.EntrySeizure, domain.EntryInput{Seizure: domain.SeizureInput{Item: "Mobile phone", Exhibit: "DO/" + strconv.Itoa(i), Seal: "M00" + strconv.Itoa(12000+i)}}
			case 1:
				return domain.EntryEncounter, domain.EntryInput{Person: domain.PersonInput{Name: "Unknown male", Nationality: "Albanian", Outcome: "arrested", Excuse: "not shown"}}
			}
			return domain.EntryNote, domain.EntryInput{Text: "Kitchen checked, two rooms upstairs searched, nobody found"}
		}
		for i := 3; i <= n; i++ {
			at := start.Add(time.Duration(i) * time.Minute)
			if i%10 == 0 { // corrects the entry before it
				kind, in := input(i - 1)
				in.Text = "corrected at the door"
				rec(kind, in, at, i-1)
				continue
			}
			kind, in := input(i)
			rec(kind, in, at, 0)
		}
	}
}
