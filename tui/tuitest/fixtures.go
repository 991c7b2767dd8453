// Package tuitest is what the screens' tests share: a fixed morning in
// London, two officers and a few premises, visits seeded through the
// domain into an in-memory store, a session drawn without colour, a
// driver that runs a model as Bubble Tea would, key messages from names,
// and golden files. It imports no screen, so any screen's own tests (and
// the root's) can use it; and no storage but domaintest's in-memory store,
// so no screen test stands on Badger.
package tuitest

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"
	_ "time/tzdata" // Europe/London on machines without a zoneinfo database

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui/common"
)

// London is the officers' zone.
var London = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return l
}()

// Now is 05:30 on Wednesday 25 November 2026, before a 06:00 visit.
var Now = time.Date(2026, 11, 25, 5, 30, 0, 0, London)

// Clock is a clock stopped at Now.
func Clock() time.Time { return Now }

// CIO is a chief immigration officer, arrest-trained; IO an immigration
// officer, arrest-trained.
var (
	CIO = domain.Officer{StaffNo: "CIO001", Name: "Dana Okafor", Grade: "HEO", Team: "SLN", ArrestTrained: true,
		RefresherOn: domain.Date{Year: 2026, Month: 3, Day: 14}}
	IO = domain.Officer{StaffNo: "IO0042", Name: "Sam Whitfield", Grade: "EO", Team: "SLN", ArrestTrained: true,
		RefresherOn: domain.Date{Year: 2026, Month: 6, Day: 2}}
)

// Premises are the places Seed's visits go to, in turn.
var Premises = []struct{ Name, Addr, Postcode, Sector string }{
	{"Golden Dragon Takeaway", "12 High Street, Croydon", "CR0 1AB", "Restaurant / takeaway"},
	{"Sparkle Hand Car Wash", "Unit 3, Purley Way, Croydon", "CR0 4XJ", "Hand car wash"},
	{"Nails by Lina", "48 London Road, Norbury", "SW16 4EH", "Nail bar / beauty"},
	{"Express Mini Market", "201 Brixton Hill, London", "SW2 1HW", "Convenience store / retail"},
	{"Kings Cuts Barbers", "7 Station Parade, Sutton", "SM1 1DH", "Barber / hairdresser"},
}

// Store is an empty in-memory store, closed when the test ends.
func Store(t testing.TB) *domaintest.Store {
	t.Helper()
	s := domaintest.NewStore()
	t.Cleanup(func() { s.Close() })
	return s
}

// Seed stores CIO and IO, signs CIO in, and stores n visits, planned from
// the day before Now onwards, created a week earlier by CIO.
func Seed(t testing.TB, s domain.Store, n int) []*domain.Visit {
	t.Helper()
	ctx := context.Background()
	for _, o := range []domain.Officer{CIO, IO} {
		SaveOfficer(t, s, o)
	}
	if err := s.SetSignedIn(ctx, CIO.StaffNo); err != nil {
		t.Fatal(err)
	}
	created := Now.AddDate(0, 0, -7)
	var out []*domain.Visit
	for i := range n {
		p := Premises[i%len(Premises)]
		oic := CIO
		if i%2 == 1 {
			oic = IO
		}
		b := domain.Basics{
			Team:         "SLN",
			Premises:     domain.Premises{Name: p.Name, Address: p.Addr, Postcode: domain.Postcode(p.Postcode), Sector: p.Sector},
			Intel:        domain.Intelligence{Ref: fmt.Sprintf("INT-2026-%06d", 4800+i), Received: domain.Date{Year: 2026, Month: 11, Day: 2}, Priority: 2 + i%4, Summary: "Information that three males are working in the kitchen without permission."},
			Tasking:      domain.Tasking{Decision: domain.Adopted, Forum: "Regional Tasking Board", DecidedAt: created.Add(-time.Hour), Rationale: "Credible, recent, local priority."},
			PlannedStart: Now.Add(time.Duration(i-2)*24*time.Hour + 30*time.Minute),
			OIC:          oic.StaffNo, OICName: oic.Name,
		}
		v, c, err := domain.NewVisit(b, CIO, created)
		if err != nil {
			t.Fatal(err)
		}
		v, err = s.CreateVisit(ctx, v, c)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// Renderer draws without colour, as the golden files are kept.
func Renderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return r
}

// Theme is the theme of a session drawn without colour.
func Theme() *common.Theme { return common.NewTheme(Renderer()) }

// Session is CIO's session on s at Now, drawn without colour.
func Session(s domain.Store) *common.Session {
	return &common.Session{Store: s, Config: domain.DefaultConfig(), Clock: Clock, Loc: London, Me: CIO, Theme: Theme()}
}

// SaveOfficer stores o's profile as o themselves would, at Now.
func SaveOfficer(t testing.TB, s domain.Store, o domain.Officer) {
	t.Helper()
	ctx := context.Background()
	var was *domain.Officer
	if old, err := s.Officer(ctx, o.StaffNo); err == nil {
		was = &old
	}
	if err := s.SaveOfficer(ctx, o, domain.ProfileChange(was, o, o, Now)); err != nil {
		t.Fatal(err)
	}
}
