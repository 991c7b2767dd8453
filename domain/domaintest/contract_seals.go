package domaintest

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"oic/domain"
)

// contractSeals: every save's entry seals the record it leaves, a fresh
// seal each time; a record read back is the one sealed; CheckRecords
// finds nothing wrong with records oic wrote, and leaves out refs not
// stored.
func contractSeals(c *contract) {
	v := c.create(contractVisit{})
	w := c.create(contractVisit{address: "2 High Street, London"})
	v = c.rename(v, "Second", contractBen, contractT0.Add(time.Minute))
	trail := c.audit(v.Ref)
	if len(trail) != 2 {
		c.Fatalf("%d entries, want 2", len(trail))
	}
	for _, e := range trail {
		if len(e.Record) != 64 || e.Derived != "" && len(e.Derived) != 64 {
			c.Errorf("entry %d seals %+v, want the SHA-256 of the record", e.Seq, e.Seal())
		}
	}
	if trail[0].Record == trail[1].Record {
		c.Errorf("two versions of %s have the same seal", v.Ref)
	}
	if got, err := c.s.Visit(c.ctx, v.Ref); err != nil || got.Version != 2 {
		c.Errorf("Visit of a sealed record = %v, %v", got, err)
	}
	bad, err := c.s.CheckRecords(c.ctx, []domain.Ref{v.Ref, w.Ref, "SLN-2026-0099"})
	if err != nil || len(bad) != 0 {
		c.Errorf("CheckRecords of records oic wrote = %v, %v; want none failing", bad, err)
	}
}

// contractOfficerTrail: each save of a profile adds an entry to its own
// trail, naming the officer who saved it and sealing the profile saved.
func contractOfficerTrail(c *contract) {
	if _, err := c.s.OfficerAudit(c.ctx, contractAmy.StaffNo); !errors.Is(err, domain.ErrNotFound) {
		c.Errorf("OfficerAudit of an unknown officer: %v, want ErrNotFound", err)
	}
	if err := c.s.SaveOfficer(c.ctx, contractAmy, domain.ProfileChange(nil, contractAmy, contractAmy, contractT0)); err != nil {
		c.Fatal(err)
	}
	promoted := contractAmy
	promoted.Grade = "SEO"
	if err := c.s.SaveOfficer(c.ctx, promoted, domain.ProfileChange(&contractAmy, promoted, contractBen, contractT0.Add(time.Hour))); err != nil {
		c.Fatal(err)
	}
	trail, err := c.s.OfficerAudit(c.ctx, contractAmy.StaffNo)
	if err != nil {
		c.Fatal(err)
	}
	if err := domain.VerifyChain(trail); err != nil {
		c.Errorf("VerifyChain: %v", err)
	}
	if len(trail) != 2 {
		c.Fatalf("%d entries, want 2", len(trail))
	}
	for i, want := range []struct {
		action string
		actor  domain.StaffNo
	}{{"profile created", contractAmy.StaffNo}, {"profile edited", contractBen.StaffNo}} {
		e := trail[i]
		if e.Officer != contractAmy.StaffNo || e.Ref != "" || e.Change.Action != want.action || e.Change.Actor != want.actor || len(e.Record) != 64 {
			c.Errorf("entry %d = %+v, want %q by %s sealing the profile", i+1, e, want.action, want.actor)
		}
	}
	if trail[0].Record == trail[1].Record {
		c.Error("the profile before and after promotion have the same seal")
	}
	if got, err := c.s.Officer(c.ctx, contractAmy.StaffNo); err != nil || got.Grade != "SEO" {
		c.Errorf("Officer = %+v, %v", got, err)
	}
}

// Outside changes a store's records as someone editing its files outside
// oic would: the record changes, its audit trail does not.
type Outside interface {
	ChangeOutside(ref domain.Ref, edit func(doc []byte) []byte) error
	ChangeOfficerOutside(sn domain.StaffNo, edit func(doc []byte) []byte) error
}

// SealContract checks what every store does with a record changed
// outside oic (issue 14, "the chain covers the record"): a subject's
// name and date of birth edited at the same length. The visit is still
// read, with a *domain.RecordError, and shows the change; its trail still
// reads and verifies (the chain is whole, the record is not); nothing is
// saved over it; CheckRecords names it and no other. A profile changed so
// is refused to whoever acts as it, left out of the list, and not saved
// over. open returns a new, empty store and its Outside for each subtest.
func SealContract(t *testing.T, open func(t *testing.T) (domain.Store, Outside)) {
	t.Run("Visit", func(t *testing.T) {
		s, out := open(t)
		c := &contract{T: t, s: s, ctx: context.Background()}
		v := c.create(contractVisit{})
		ch, err := v.AddSubject(domain.Subject{Name: "Arben Hoxha", DOB: domain.Date{Year: 1990, Month: 1, Day: 2}, Offence: domain.Offences[0]}, contractAmy, contractT0)
		if err != nil {
			c.Fatal(err)
		}
		if v, err = s.SaveVisit(c.ctx, v, ch); err != nil {
			c.Fatal(err)
		}
		other := c.create(contractVisit{address: "2 High Street, London"})
		before := c.audit(v.Ref)
		// The same length, so nothing but the bytes gives it away.
		edit := func(doc []byte) []byte {
			doc = bytes.Replace(doc, []byte("Arben Hoxha"), []byte("Arben Haxha"), 1)
			return bytes.Replace(doc, []byte("1990-01-02"), []byte("1991-01-02"), 1)
		}
		if err := out.ChangeOutside(v.Ref, edit); err != nil {
			c.Fatal(err)
		}

		got, err := s.Visit(c.ctx, v.Ref)
		var re *domain.RecordError
		if !errors.As(err, &re) || re.Ref != v.Ref || got == nil {
			c.Fatalf("Visit of a record changed outside oic = %v, %v; want the visit and a RecordError", got, err)
		}
		if !strings.Contains(err.Error(), "record changed outside oic") || !strings.Contains(err.Error(), string(v.Ref)) {
			c.Errorf("the error does not say what happened: %v", err)
		}
		if len(got.Subjects) != 1 || got.Subjects[0].Name != "Arben Haxha" {
			c.Errorf("the visit read is not the one stored: %+v", got.Subjects)
		}
		if trail := c.audit(v.Ref); len(trail) != len(before) || domain.VerifyChain(trail) != nil {
			c.Errorf("the trail changed or broke: %d entries, %v", len(trail), domain.VerifyChain(trail))
		}

		b := got.Basics
		b.Premises.Name = "Saved over"
		change, err := got.EditBasics(b, contractAmy, contractT0.Add(time.Minute))
		if err != nil {
			c.Fatal(err)
		}
		if _, err := s.SaveVisit(c.ctx, got, change); !errors.As(err, &re) || !strings.Contains(err.Error(), "nothing was saved") {
			c.Errorf("SaveVisit over a record changed outside oic: %v, want refused", err)
		}
		if trail := c.audit(v.Ref); len(trail) != len(before) {
			c.Errorf("a refused save added to the trail: %d entries", len(trail))
		}
		if again, _ := s.Visit(c.ctx, v.Ref); again == nil || again.Version != 2 || again.Basics.Premises.Name != "Star Takeaway" {
			c.Errorf("a refused save changed the record: %+v", again)
		}

		bad, err := s.CheckRecords(c.ctx, []domain.Ref{other.Ref, v.Ref})
		if err != nil || len(bad) != 1 || !errors.As(bad[v.Ref], &re) {
			c.Errorf("CheckRecords = %v, %v; want %s alone", bad, err, v.Ref)
		}
	})
	t.Run("Officer", func(t *testing.T) {
		s, out := open(t)
		c := &contract{T: t, s: s, ctx: context.Background()}
		c.saveOfficer(contractAmy)
		c.saveOfficer(contractBen)
		if err := out.ChangeOfficerOutside(contractAmy.StaffNo, func(doc []byte) []byte {
			return bytes.Replace(doc, []byte(`"grade":"HEO"`), []byte(`"grade":"G7A"`), 1)
		}); err != nil {
			c.Fatal(err)
		}
		var re *domain.RecordError
		if _, err := s.Officer(c.ctx, contractAmy.StaffNo); !errors.As(err, &re) || re.Officer != contractAmy.StaffNo {
			c.Errorf("Officer of a profile changed outside oic: %v, want a RecordError", err)
		}
		list, err := s.ListOfficers(c.ctx)
		if !errors.As(err, &re) || len(list) != 1 || list[0].StaffNo != contractBen.StaffNo {
			c.Errorf("ListOfficers = %v, %v; want Ben alone, and Amy named", list, err)
		}
		promoted := contractAmy
		promoted.Grade = "SEO"
		if err := s.SaveOfficer(c.ctx, promoted, domain.ProfileChange(&contractAmy, promoted, contractAmy, contractT0)); !errors.As(err, &re) {
			c.Errorf("SaveOfficer over a profile changed outside oic: %v, want refused", err)
		}
		if trail, _ := s.OfficerAudit(c.ctx, contractAmy.StaffNo); len(trail) != 1 {
			c.Errorf("a refused save added to the trail: %d entries", len(trail))
		}
	})
}

// contractArrivals: a visit made here has no arrivals and carries no
// unverified mark; only an import gives it either.
func contractArrivals(c *contract) {
	v := c.create(contractVisit{})
	arr, err := c.s.Arrivals(c.ctx, v.Ref)
	if err != nil || len(arr) != 0 {
		c.Fatalf("Arrivals of a visit made here = %v, %v; want none", arr, err)
	}
	marks, err := c.s.Unverified(c.ctx, []domain.Ref{v.Ref, "SLN-2026-9999"})
	if err != nil || len(marks) != 0 {
		c.Fatalf("Unverified of a visit made here and one not stored = %v, %v; want none", marks, err)
	}
}
