package domain

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Basics are the facts a visit starts from: who runs it, where, on what
// intelligence and decision, and when.
type Basics struct {
	Team         TeamCode     `json:"team"`
	Premises     Premises     `json:"premises"`
	Intel        Intelligence `json:"intel"`
	Tasking      Tasking      `json:"tasking"`
	PlannedStart time.Time    `json:"planned_start"`
	OIC          StaffNo      `json:"oic"`
	OICName      string       `json:"oic_name" text:"line"`
}

// Premises is the place visited.
type Premises struct {
	Name     string   `json:"name" text:"line"`
	Address  string   `json:"address" text:"line"`
	Postcode Postcode `json:"postcode"`
	Sector   string   `json:"sector" text:"line"`
}

// Intelligence is what prompted the visit (TSK-1; NAO 2020 figure 9).
type Intelligence struct {
	Ref      string `json:"ref" text:"line"`
	Received Date   `json:"received"`
	Priority int    `json:"priority"` // bucket 1-6
	Summary  string `json:"summary" text:"prose"`
}

// Priorities are the six intelligence priority buckets (NAO 2020, figure 9).
var Priorities = [7]string{
	1: "national campaign",
	2: "local campaign",
	3: "upper/mid-tier threat",
	4: "harm (FNO, weapon): police coordination",
	5: "NTB priority, limited harm",
	6: "no named subject",
}

// Decision is the outcome of the tasking decision (TSK-1).
type Decision string

const (
	Pending    Decision = ""
	Adopted    Decision = "adopted"
	NotAdopted Decision = "not adopted"
)

// Label names the decision, "pending" when none is recorded.
func (d Decision) Label() string {
	if d == Pending {
		return "pending"
	}
	return string(d)
}

// Tasking records the tasking decision: adopted or not, by which forum, when
// and why, kept for audit (TSK-1; Home Office response to ICIBI, 2015, 4.4).
type Tasking struct {
	Decision  Decision  `json:"decision"`
	Forum     string    `json:"forum" text:"line"`
	DecidedAt time.Time `json:"decided_at"`
	Rationale string    `json:"rationale" text:"prose"`
}

// Forums are the tasking forums an officer picks from (ICIBI 5.1).
var Forums = []string{"National Tasking Board", "Regional Tasking Board", "Local tasking meeting"}

// Field names of the visit form, shared by validation and the TUI.
const (
	FieldPremName     = "premises.name"
	FieldPremAddress  = "premises.address"
	FieldPostcode     = "premises.postcode"
	FieldSector       = "premises.sector"
	FieldIntelRef     = "intel.ref"
	FieldIntelRecv    = "intel.received"
	FieldPriority     = "intel.priority"
	FieldIntelSummary = "intel.summary"
	FieldDecision     = "tasking.decision"
	FieldForum        = "tasking.forum"
	FieldDecidedAt    = "tasking.decided_at"
	FieldRationale    = "tasking.rationale"
	FieldPlannedStart = "planned_start"
	FieldOIC          = "oic"
)

// BasicsInput is the visit form as typed.
type BasicsInput struct {
	Team                                    string
	PremName, PremAddress, Postcode, Sector string
	IntelRef, IntelReceived, Priority       string
	IntelSummary                            string
	Decision, Forum, DecidedAt, Rationale   string
	PlannedStart                            string
	OIC                                     string
}

// OfficerLookup finds a known officer by staff number.
type OfficerLookup func(StaffNo) (Officer, bool)

// MaxPlanAhead bounds how far ahead a visit can be planned; further is almost
// always a mistyped year.
const MaxPlanAhead = 366 * 24 * time.Hour

// ParseBasics validates the visit form, reporting every problem by field.
// now is the moment of the edit, in the officer's location.
func ParseBasics(in BasicsInput, officers OfficerLookup, now time.Time) (Basics, error) {
	var p problems
	var b Basics
	if p.short(FieldTeam, in.Team) {
		if t, ok := TeamByCode(TeamCode(strings.ToUpper(strings.TrimSpace(in.Team)))); ok {
			b.Team = t.Code
		} else {
			p.add(FieldTeam, "choose one of the 15 ICE teams")
		}
	}
	b.Premises.Name = p.text(FieldPremName, in.PremName, MaxShort, true)
	b.Premises.Address = p.text(FieldPremAddress, in.PremAddress, MaxShort, true)
	if p.short(FieldPostcode, in.Postcode) {
		if pc, err := ParsePostcode(in.Postcode); err != nil {
			p.add(FieldPostcode, err.Error())
		} else {
			b.Premises.Postcode = pc
		}
	}
	if p.short(FieldSector, in.Sector) {
		if s := strings.TrimSpace(in.Sector); ValidSector(s) {
			b.Premises.Sector = s
		} else {
			p.add(FieldSector, "choose a business sector")
		}
	}

	b.Intel.Ref = p.text(FieldIntelRef, in.IntelRef, MaxShort, true)
	if p.short(FieldIntelRecv, in.IntelReceived) {
		if d, err := ParseDate(in.IntelReceived); err != nil {
			p.add(FieldIntelRecv, err.Error())
		} else if d.After(DateOf(now)) {
			p.add(FieldIntelRecv, "cannot be received in the future")
		} else {
			b.Intel.Received = d
		}
	}
	if p.short(FieldPriority, in.Priority) {
		if n, err := strconv.Atoi(strings.TrimSpace(in.Priority)); err != nil || n < 1 || n > 6 {
			p.rule(FieldPriority, "TSK-1", "choose a priority bucket from 1 to 6")
		} else {
			b.Intel.Priority = n
		}
	}
	b.Intel.Summary = p.text(FieldIntelSummary, in.IntelSummary, MaxLong, true)

	if p.short(FieldDecision, in.Decision) {
		// "pending" is accepted as typed, in any case: the message offers it.
		switch d := Decision(strings.ToLower(strings.TrimSpace(in.Decision))); d {
		case Pending, "pending":
		case Adopted, NotAdopted:
			b.Tasking.Decision = d
		default:
			p.rule(FieldDecision, "TSK-1", "pending, adopted or not adopted")
		}
	}
	b.Tasking.Forum = p.text(FieldForum, in.Forum, MaxShort, false)
	b.Tasking.Rationale = p.text(FieldRationale, in.Rationale, MaxLong, false)
	if strings.TrimSpace(in.DecidedAt) != "" && p.short(FieldDecidedAt, in.DecidedAt) {
		if t, err := ParseDateTime(in.DecidedAt, now); err != nil {
			p.add(FieldDecidedAt, err.Error())
		} else if t.After(now) {
			p.add(FieldDecidedAt, "a decision cannot be dated in the future")
		} else {
			b.Tasking.DecidedAt = t
		}
	}
	if b.Tasking.Decision != Pending {
		// A decision without its forum, time and rationale cannot be audited.
		if b.Tasking.Forum == "" && p.ok(FieldForum) {
			p.rule(FieldForum, "TSK-1", "name the forum that decided")
		}
		if strings.TrimSpace(in.DecidedAt) == "" {
			p.rule(FieldDecidedAt, "TSK-1", "say when it was decided")
		}
		if b.Tasking.Rationale == "" && p.ok(FieldRationale) {
			p.rule(FieldRationale, "TSK-1", "record the rationale for the decision")
		}
	}

	if p.short(FieldPlannedStart, in.PlannedStart) {
		if t, err := ParseDateTime(in.PlannedStart, now); err != nil {
			p.add(FieldPlannedStart, err.Error())
		} else if t.Sub(now) > MaxPlanAhead {
			p.add(FieldPlannedStart, fmt.Sprintf("%s is over a year ahead; check the year", t.Format(DateTimeLayout)))
		} else {
			b.PlannedStart = t
			if !b.Intel.Received.IsZero() && DateOf(t).Before(b.Intel.Received) {
				p.add(FieldIntelRecv, "received after the planned visit; check both dates")
			}
		}
	}

	if p.short(FieldOIC, in.OIC) {
		if sn, err := ParseStaffNo(in.OIC); err != nil {
			p.add(FieldOIC, "the OIC's staff number: "+err.Error())
		} else if o, ok := officers(sn); !ok {
			p.add(FieldOIC, fmt.Sprintf("no officer %s is known; add their profile first", sn))
		} else {
			b.OIC, b.OICName = o.StaffNo, o.Name
		}
	}
	return b, p.err()
}

// ok reports whether field has no problem yet, so one field shows one message.
func (p problems) ok(field string) bool {
	for _, e := range p {
		if e.Field == field {
			return false
		}
	}
	return true
}

// Input returns the basics as form input, for editing. Times are shown in
// loc, the officer's zone.
func (b Basics) Input(loc *time.Location) BasicsInput {
	in := BasicsInput{
		Team: string(b.Team), PremName: b.Premises.Name, PremAddress: b.Premises.Address,
		Postcode: string(b.Premises.Postcode), Sector: b.Premises.Sector,
		IntelRef: b.Intel.Ref, IntelReceived: b.Intel.Received.UK(), IntelSummary: b.Intel.Summary,
		Decision: string(b.Tasking.Decision), Forum: b.Tasking.Forum, Rationale: b.Tasking.Rationale,
		OIC: string(b.OIC),
	}
	if b.Intel.Priority != 0 {
		in.Priority = strconv.Itoa(b.Intel.Priority)
	}
	if !b.Tasking.DecidedAt.IsZero() {
		in.DecidedAt = b.Tasking.DecidedAt.In(loc).Format(DateTimeLayout)
	}
	if !b.PlannedStart.IsZero() {
		in.PlannedStart = b.PlannedStart.In(loc).Format(DateTimeLayout)
	}
	return in
}

// fields lists the basics as (field, value) pairs in form order; the audit
// trail's old and new values come from here.
func (b Basics) fields() [][2]string {
	at := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		// In UTC, so one instant is one string whatever zone the value
		// was parsed or loaded in: compared in its own zone, an unchanged
		// planned start read back in another zone showed as edited.
		return t.UTC().Format(time.RFC3339)
	}
	pr := ""
	if b.Intel.Priority != 0 {
		pr = strconv.Itoa(b.Intel.Priority)
	}
	return [][2]string{
		{FieldTeam, string(b.Team)},
		{FieldPremName, b.Premises.Name},
		{FieldPremAddress, b.Premises.Address},
		{FieldPostcode, string(b.Premises.Postcode)},
		{FieldSector, b.Premises.Sector},
		{FieldIntelRef, b.Intel.Ref},
		{FieldIntelRecv, b.Intel.Received.String()},
		{FieldPriority, pr},
		{FieldIntelSummary, b.Intel.Summary},
		{FieldDecision, string(b.Tasking.Decision)},
		{FieldForum, b.Tasking.Forum},
		{FieldDecidedAt, at(b.Tasking.DecidedAt)},
		{FieldRationale, b.Tasking.Rationale},
		{FieldPlannedStart, at(b.PlannedStart)},
		{FieldOIC, string(b.OIC)},
	}
}

func diffFields(old, new Basics) []FieldChange {
	o, n := old.fields(), new.fields()
	var out []FieldChange
	for i := range n {
		if o[i][1] != n[i][1] {
			out = append(out, FieldChange{Field: n[i][0], Old: o[i][1], New: n[i][1]})
		}
	}
	return out
}
