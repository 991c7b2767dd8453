package domaintest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"oic/domain"
)

// StoreContract checks what every domain.Store must do alike, so that a
// screen tested on the in-memory Store sees what it would see on the Badger
// store. open returns a new, empty store for each subtest and closes it
// when that subtest ends. The Badger store is the reference: where the two
// could differ, the contract says what Badger does.
func StoreContract(t *testing.T, open func(t *testing.T) domain.Store) {
	run := func(name string, f func(c *contract)) {
		t.Run(name, func(t *testing.T) {
			f(&contract{T: t, s: open(t), ctx: context.Background()})
		})
	}
	run("References", contractRefs)
	run("Versions", contractVersions)
	run("Conflict", contractConflict)
	run("AppendOnly", contractAppendOnly)
	run("Copies", contractCopies)
	run("Cancelled", contractCancelled)
	run("Audit", contractAudit)
	run("Seals", contractSeals)
	run("Arrivals", contractArrivals)
	run("OfficerTrail", contractOfficerTrail)
	run("Summaries", contractSummaries)
	run("SummaryBatches", contractSummaryBatches)
	run("States", contractStates)
	run("Premises", contractPremises)
	run("Parts", contractParts)
	run("Measures", contractMeasures)
	run("Officers", contractOfficers)
	run("SignedIn", contractSignedIn)
	run("PINs", contractPINs)
	run("Drafts", contractDrafts)
	run("Feed", contractFeed)
	run("FeedStop", contractFeedStop)
	run("FeedSlowListener", contractSlowListener)
	run("FeedClose", contractFeedClose)
	run("ConcurrentCreates", contractConcurrentCreates)
	run("ConcurrentSaves", contractConcurrentSaves)
	run("AccessLog", contractAccessLog)
	run("ConcurrentAppends", contractConcurrentAppends)
}

// contract is one subtest's store, with helpers that fail the test on an
// unexpected error. Its methods must not be called from other goroutines.
type contract struct {
	*testing.T
	s   domain.Store
	ctx context.Context
}

// The contract's clock and officers. The domain never reads a clock, and
// neither does the contract.
var (
	contractT0  = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	contractAmy = domain.Officer{StaffNo: "A1001", Name: "Amy Ames", Grade: "HEO", Team: "SLN", ArrestTrained: true}
	contractBen = domain.Officer{StaffNo: "B2002", Name: "Ben Brown", Grade: "SEO", Team: "SLN", ArrestTrained: true}
)

// contractVisit describes a visit for create.
type contractVisit struct {
	team     domain.TeamCode
	address  string
	postcode domain.Postcode
	start    time.Time
	created  time.Time // contractT0 if zero
}

// basics are v's basics, a visit adopted at tasking with Amy as OIC.
func (v contractVisit) basics() domain.Basics {
	if v.team == "" {
		v.team = "SLN"
	}
	if v.address == "" {
		v.address = "1 High Street, London"
	}
	if v.postcode == "" {
		v.postcode = "SW1A 1AA"
	}
	return domain.Basics{
		Team:     v.team,
		Premises: domain.Premises{Name: "Star Takeaway", Address: v.address, Postcode: v.postcode, Sector: "Restaurant / takeaway"},
		Intel: domain.Intelligence{Ref: "INT-0001", Received: domain.Date{Year: 2026, Month: 2, Day: 1}, Priority: 3,
			Summary: "Workers seen arriving before opening"},
		Tasking: domain.Tasking{Decision: domain.Adopted, Forum: "Local tasking meeting",
			DecidedAt: contractT0.Add(-24 * time.Hour), Rationale: "Credible, recent, specific"},
		PlannedStart: v.start, OIC: contractAmy.StaffNo, OICName: contractAmy.Name,
	}
}

// newVisit opens d as Amy, not yet stored.
func (c *contract) newVisit(d contractVisit) (*domain.Visit, domain.Change) {
	c.Helper()
	if d.created.IsZero() {
		d.created = contractT0
	}
	if d.start.IsZero() {
		d.start = d.created.Add(48 * time.Hour)
	}
	v, ch, err := domain.NewVisit(d.basics(), contractAmy, d.created)
	if err != nil {
		c.Fatalf("NewVisit: %v", err)
	}
	return v, ch
}

func (c *contract) create(d contractVisit) *domain.Visit {
	c.Helper()
	v, ch := c.newVisit(d)
	nv, err := c.s.CreateVisit(c.ctx, v, ch)
	if err != nil {
		c.Fatalf("CreateVisit: %v", err)
	}
	return nv
}

// edit changes v's basics with change, as by at now, and saves v.
func (c *contract) edit(v *domain.Visit, by domain.Officer, now time.Time, change func(*domain.Basics)) (*domain.Visit, error) {
	c.Helper()
	b := v.Basics
	change(&b)
	ch, err := v.EditBasics(b, by, now)
	if err != nil {
		c.Fatalf("EditBasics: %v", err)
	}
	return c.s.SaveVisit(c.ctx, v, ch)
}

// rename saves v with its premises renamed, as by at now.
func (c *contract) rename(v *domain.Visit, name string, by domain.Officer, now time.Time) *domain.Visit {
	c.Helper()
	nv, err := c.edit(v, by, now, func(b *domain.Basics) { b.Premises.Name = name })
	if err != nil {
		c.Fatalf("SaveVisit: %v", err)
	}
	return nv
}

func (c *contract) read(ref domain.Ref) *domain.Visit {
	c.Helper()
	v, err := c.s.Visit(c.ctx, ref)
	if err != nil {
		c.Fatalf("Visit %s: %v", ref, err)
	}
	return v
}

func (c *contract) audit(ref domain.Ref) []domain.AuditEntry {
	c.Helper()
	a, err := c.s.Audit(c.ctx, ref)
	if err != nil {
		c.Fatalf("Audit %s: %v", ref, err)
	}
	return a
}

func (c *contract) count() int {
	c.Helper()
	n, err := c.s.CountVisits(c.ctx)
	if err != nil {
		c.Fatalf("CountVisits: %v", err)
	}
	return n
}

// saveOfficer saves o as o themselves, at contractT0.
func (c *contract) saveOfficer(o domain.Officer) {
	c.Helper()
	var old *domain.Officer
	if was, err := c.s.Officer(c.ctx, o.StaffNo); err == nil {
		old = &was
	}
	if err := c.s.SaveOfficer(c.ctx, o, domain.ProfileChange(old, o, o, contractT0)); err != nil {
		c.Fatalf("SaveOfficer %s: %v", o.StaffNo, err)
	}
}

// contractJSON is v as it comes back from JSON, which is how both stores keep it.
func contractJSON[T any](t testing.TB, v T) T {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func contractRefList(vs []*domain.Visit) []domain.Ref {
	out := make([]domain.Ref, len(vs))
	for i, v := range vs {
		out[i] = v.Ref
	}
	return out
}
