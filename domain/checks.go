package domain

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CheckSystem is a system searched before a visit (CHK-1; ICIBI 5.13).
type CheckSystem string

const (
	SysCID         CheckSystem = "CID/Atlas"
	SysCRS         CheckSystem = "CRS"
	SysPNC         CheckSystem = "PNC"
	SysPRONTO      CheckSystem = "PRONTO"
	SysOther       CheckSystem = "other security check"
	SysFinalStatus CheckSystem = "final status"
)

// CheckSystems lists the systems an officer picks from, with what each is.
var CheckSystems = []struct {
	System CheckSystem
	Hint   string
}{
	{SysCID, "Case Information Database / Atlas: people and postcodes"},
	{SysCRS, "Central Reference System: visa applications"},
	{SysPNC, "Police National Computer: people, addresses, convictions"},
	{SysPRONTO, "PRONTO: earlier visits and notebook records"},
	{SysOther, "any other security check"},
	{SysFinalStatus, "final status check, within 24 hours of the visit (CHK-2)"},
}

func (s CheckSystem) known() bool {
	for _, x := range CheckSystems {
		if x.System == s {
			return true
		}
	}
	return false
}

// Mandatory checks (CHK-1). A subject is searched on all four systems. An
// address is searched where addresses are held: CID/Atlas takes postcodes,
// PNC holds addresses, PRONTO holds earlier visits. CRS holds visa
// applications, searched by person, so it is not asked of an address.
var (
	SubjectChecks = []CheckSystem{SysCID, SysCRS, SysPNC, SysPRONTO}
	AddressChecks = []CheckSystem{SysCID, SysPNC, SysPRONTO}
)

// TargetAddress is the Target of a check on the premises' address.
const TargetAddress = "address"

// CheckResult is what a check found.
type CheckResult string

const (
	NoTrace    CheckResult = "no trace"
	TraceFound CheckResult = "trace found"
)

// Check is one search of one system for one subject or the address, with
// who did it and when (CHK-1). A check recorded in error is withdrawn with a
// reason, never deleted.
type Check struct {
	ID         string      `json:"id" text:"line"` // C1, C2... stable within the visit
	System     CheckSystem `json:"system"`
	Target     string      `json:"target" text:"line"` // a subject ID, or "address"
	Result     CheckResult `json:"result"`
	Detail     string      `json:"detail,omitempty" text:"prose"`
	DoneBy     StaffNo     `json:"done_by"`
	DoneByName string      `json:"done_by_name" text:"line"`
	DoneAt     time.Time   `json:"done_at"`
	Recorded   Stamp       `json:"recorded"`
	Withdrawn  string      `json:"withdrawn,omitempty" text:"prose"`
}

// Check form field names.
const (
	FieldCheckSystem = "check.system"
	FieldCheckTarget = "check.target"
	FieldCheckResult = "check.result"
	FieldCheckDetail = "check.detail"
	FieldCheckBy     = "check.by"
	FieldCheckAt     = "check.at"
)

// ParseCheck validates the check form. A check cannot be dated in the
// future, nor after the visit's planned start (CHK-1): a check made after
// the visit did not inform it. A trace found needs its detail.
func (v *Visit) ParseCheck(in map[string]string, officers OfficerLookup, now time.Time) (Check, error) {
	var p problems
	var c Check
	if p.short(FieldCheckSystem, in[FieldCheckSystem]) {
		s := CheckSystem(strings.TrimSpace(in[FieldCheckSystem]))
		if s.known() {
			c.System = s
		} else {
			p.rule(FieldCheckSystem, "CHK-1", "choose the system searched")
		}
	}
	if p.short(FieldCheckTarget, in[FieldCheckTarget]) {
		t := strings.TrimSpace(in[FieldCheckTarget])
		switch {
		case t == TargetAddress:
			c.Target = t
		case t == "":
			p.rule(FieldCheckTarget, "CHK-1", "choose the subject or the address checked")
		default:
			s, err := v.subject(strings.ToUpper(t))
			switch {
			case err != nil:
				p.add(FieldCheckTarget, err.Error())
			case s.Withdrawn != "":
				p.add(FieldCheckTarget, fmt.Sprintf("subject %s was withdrawn (%s)", s.ID, s.Withdrawn))
			default:
				c.Target = s.ID
			}
		}
	}
	switch r := CheckResult(strings.TrimSpace(in[FieldCheckResult])); r {
	case NoTrace, TraceFound:
		c.Result = r
	default:
		p.rule(FieldCheckResult, "CHK-1", "no trace, or trace found")
	}
	c.Detail = p.text(FieldCheckDetail, in[FieldCheckDetail], MaxLong, false)
	if c.Result == TraceFound && c.Detail == "" && p.ok(FieldCheckDetail) {
		p.rule(FieldCheckDetail, "CHK-1", "say what the trace found")
	}
	if o, ok := p.officer(FieldCheckBy, in[FieldCheckBy], officers, "the officer who made the check"); ok {
		c.DoneBy, c.DoneByName = o.StaffNo, o.Name
	}
	if p.short(FieldCheckAt, in[FieldCheckAt]) {
		t, err := ParseDateTime(in[FieldCheckAt], now)
		switch {
		case strings.TrimSpace(in[FieldCheckAt]) == "":
			p.rule(FieldCheckAt, "CHK-1", "say when the check was made")
		case err != nil:
			p.add(FieldCheckAt, err.Error())
		case t.After(now):
			p.add(FieldCheckAt, "a check cannot be dated in the future")
		case !v.Basics.PlannedStart.IsZero() && t.After(v.Basics.PlannedStart):
			p.rule(FieldCheckAt, "CHK-1", fmt.Sprintf("dated after the visit's planned start (%s); a check made afterwards did not inform the visit",
				v.Basics.PlannedStart.In(now.Location()).Format(DateTimeLayout)))
		default:
			c.DoneAt = t
		}
	}
	return c, p.err()
}

// TargetLabel names a check's target: "S1 Ravi Kumar" or "the address".
func (v *Visit) TargetLabel(target string) string {
	if target == TargetAddress {
		return "the address"
	}
	if s, err := v.subject(target); err == nil {
		return s.ID + " " + s.Name
	}
	return target
}

func (c Check) fields() [][2]string {
	return [][2]string{
		{c.ID + ".system", string(c.System)}, {c.ID + ".target", c.Target}, {c.ID + ".result", string(c.Result)},
		{c.ID + ".detail", c.Detail}, {c.ID + ".done_by", string(c.DoneBy)}, {c.ID + ".done_at", c.DoneAt.UTC().Format(time.RFC3339)},
	}
}

// AddCheck records a check, giving it the next ID.
func (v *Visit) AddCheck(c Check, actor Officer, now time.Time) (Change, error) {
	if err := v.PlanningEditable(); err != nil {
		return Change{}, err
	}
	c.ID = "C" + strconv.Itoa(len(v.Plan.Checks)+1)
	c.Recorded, c.Withdrawn = stamp(actor, now), ""
	v.Plan.Checks = append(v.Plan.Checks, c)
	v.touch(actor, now)
	fields := addedFields("check.", c.fields())
	return Change{Action: fmt.Sprintf("check added: %s %s of %s", c.ID, c.System, v.TargetLabel(c.Target)),
		Actor: actor.StaffNo, ActorName: actor.Name, At: now, Fields: fields}, nil
}

// WithdrawCheck strikes out a check recorded in error; it stays on the
// record with the reason.
func (v *Visit) WithdrawCheck(id, reason string, actor Officer, now time.Time) (Change, error) {
	if err := v.PlanningEditable(); err != nil {
		return Change{}, err
	}
	i := slices.IndexFunc(v.Plan.Checks, func(c Check) bool { return c.ID == id })
	if i < 0 {
		return Change{}, fmt.Errorf("%s has no check %s", v.Ref, id)
	}
	c := &v.Plan.Checks[i]
	if c.Withdrawn != "" {
		return Change{}, fmt.Errorf("check %s is already withdrawn", id)
	}
	r, err := requireReason(reason, "say why the check is withdrawn")
	if err != nil {
		return Change{}, err
	}
	c.Withdrawn = r
	v.touch(actor, now)
	return Change{Action: "check withdrawn: " + id, Actor: actor.StaffNo, ActorName: actor.Name, At: now,
		Fields: []FieldChange{{Field: "check." + id + ".withdrawn", New: r}}, Reason: r}, nil
}

// LatestCheck returns the most recent standing check of system on target.
func (p PlanningRecord) LatestCheck(target string, sys CheckSystem) (Check, bool) {
	var best Check
	found := false
	for _, c := range p.Checks {
		if c.Withdrawn == "" && c.Target == target && c.System == sys && (!found || c.DoneAt.After(best.DoneAt)) {
			best, found = c, true
		}
	}
	return best, found
}

// CheckTargets lists what must be checked: each standing subject, then the
// address.
func (v *Visit) CheckTargets() []string {
	var out []string
	for _, s := range v.Subjects {
		if s.Withdrawn == "" {
			out = append(out, s.ID)
		}
	}
	return append(out, TargetAddress)
}
