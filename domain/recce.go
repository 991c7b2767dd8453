package domain

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// RecceKind is how a reconnaissance was made (REC-1).
type RecceKind string

const (
	RecceVirtual   RecceKind = "virtual"
	RecceWalkBy    RecceKind = "walk-by"
	RecceDrivePast RecceKind = "drive-past"
)

// RecceKinds lists the kinds an officer picks from.
var RecceKinds = []RecceKind{RecceVirtual, RecceWalkBy, RecceDrivePast}

// Physical reports whether officers went to the premises, which raises the
// RIPA 2000 question (REC-4).
func (k RecceKind) Physical() bool { return k == RecceWalkBy || k == RecceDrivePast }

// ImagerySource is one source a recce used and the date of its imagery
// (REC-2): street imagery can be years old.
type ImagerySource struct {
	Source string `json:"source" text:"line"`
	Date   Date   `json:"date"`
}

// RIPA is the consideration of the Regulation of Investigatory Powers Act
// 2000 for a physical recce (REC-4; ICIBI 5.21).
type RIPA struct {
	Covert      string `json:"covert,omitempty" text:"line"`       // "yes" or "no"
	PrivateInfo string `json:"private_info,omitempty" text:"line"` // likely to obtain private information: "yes" or "no"
	AuthRef     string `json:"auth_ref,omitempty" text:"line"`     // the authorisation reference
	NoAuthWhy   string `json:"no_auth_why,omitempty" text:"prose"` // or why none is needed
}

// NeedsAuthorisation reports whether the recce needed a RIPA
// authorisation: it was covert, or likely to obtain private information
// (REC-4; ICIBI 5.21).
func (r RIPA) NeedsAuthorisation() bool { return r.Covert == "yes" || r.PrivateInfo == "yes" }

// why says what made the authorisation needed, for REC-4's messages.
func (r RIPA) why() string {
	switch {
	case r.Covert == "yes" && r.PrivateInfo == "yes":
		return "covert and likely to obtain private information"
	case r.Covert == "yes":
		return "covert"
	}
	return "likely to obtain private information"
}

// Recce is one reconnaissance of the premises (REC-1 to REC-4). ID is stable
// within the visit (R1, R2).
type Recce struct {
	ID        string          `json:"id" text:"line"`
	Kind      RecceKind       `json:"kind"`
	By        StaffNo         `json:"by"`
	ByName    string          `json:"by_name" text:"line"`
	At        time.Time       `json:"at"`
	Sources   []ImagerySource `json:"sources,omitempty"`
	Occupants string          `json:"occupants,omitempty" text:"prose"`
	Entrances string          `json:"entrances,omitempty" text:"prose"` // entry and exit points
	Layout    string          `json:"layout,omitempty" text:"prose"`
	Geography string          `json:"geography,omitempty" text:"prose"` // wider geographic factors, e.g. a cul-de-sac
	RIPA      RIPA            `json:"ripa,omitzero"`
	Risks     string          `json:"risks,omitempty" text:"prose"` // risks found and their mitigations
	Recorded  Stamp           `json:"recorded,omitzero"`
	Withdrawn string          `json:"withdrawn,omitempty" text:"prose"`
}

// Recce form field names.
const (
	FieldRecceKind      = "recce.kind"
	FieldRecceBy        = "recce.by"
	FieldRecceAt        = "recce.at"
	FieldRecceOccupants = "recce.occupants"
	FieldRecceEntrances = "recce.entrances"
	FieldRecceLayout    = "recce.layout"
	FieldRecceGeography = "recce.geography"
	FieldRIPACovert     = "recce.ripa.covert"
	FieldRIPAPrivate    = "recce.ripa.private"
	FieldRIPAAuthRef    = "recce.ripa.auth_ref"
	FieldRIPANoAuthWhy  = "recce.ripa.no_auth_why"
	FieldRecceRisks     = "recce.risks"
)

// MaxSources is how many imagery sources the recce form offers.
const MaxSources = 3

// FieldSource and FieldSourceDate name the i-th (1-based) imagery source.
func FieldSource(i int) string     { return "recce.source." + strconv.Itoa(i) }
func FieldSourceDate(i int) string { return "recce.source_date." + strconv.Itoa(i) }

// ParseRecce validates the recce form for a visit starting at start. A
// recce is dated, not in the future nor after the visit; imagery has a
// date that is not in the future (REC-2); a virtual recce names a source; a
// physical one answers the RIPA questions (REC-4).
func ParseRecce(in map[string]string, officers OfficerLookup, start, now time.Time) (Recce, error) {
	var p problems
	var r Recce
	switch k := RecceKind(strings.TrimSpace(in[FieldRecceKind])); k {
	case RecceVirtual, RecceWalkBy, RecceDrivePast:
		r.Kind = k
	default:
		p.rule(FieldRecceKind, "REC-1", "virtual, walk-by or drive-past")
	}
	if o, ok := p.officer(FieldRecceBy, in[FieldRecceBy], officers, "the officer who made the recce"); ok {
		r.By, r.ByName = o.StaffNo, o.Name
	}
	r.At = p.when(FieldRecceAt, in[FieldRecceAt], now)
	switch {
	case r.At.IsZero() && p.ok(FieldRecceAt):
		p.rule(FieldRecceAt, "REC-1", "say when the recce was made")
	case !r.At.IsZero() && !start.IsZero() && r.At.After(start):
		p.rule(FieldRecceAt, "REC-1", "dated after the visit's planned start; a recce is made before")
	}
	for i := 1; i <= MaxSources; i++ {
		src := p.text(FieldSource(i), in[FieldSource(i)], MaxShort, false)
		ds := strings.TrimSpace(in[FieldSourceDate(i)])
		if src == "" && ds == "" {
			continue
		}
		s := ImagerySource{Source: src}
		if src == "" {
			p.rule(FieldSource(i), "REC-2", "name the source of this imagery")
		}
		switch d, err := ParseDate(ds); {
		case ds == "":
			p.rule(FieldSourceDate(i), "REC-2", "give the date of the imagery (the map service shows it)")
		case !p.short(FieldSourceDate(i), ds):
		case err != nil:
			p.add(FieldSourceDate(i), err.Error())
		case d.After(DateOf(now)):
			p.rule(FieldSourceDate(i), "REC-2", "imagery cannot be dated in the future")
		default:
			s.Date = d
		}
		r.Sources = append(r.Sources, s)
	}
	if r.Kind == RecceVirtual && len(r.Sources) == 0 && p.ok(FieldSource(1)) {
		p.rule(FieldSource(1), "REC-2", "a virtual recce names each source and the date of its imagery")
	}
	r.Occupants = p.text(FieldRecceOccupants, in[FieldRecceOccupants], MaxLong, false)
	r.Entrances = p.text(FieldRecceEntrances, in[FieldRecceEntrances], MaxLong, false)
	r.Layout = p.text(FieldRecceLayout, in[FieldRecceLayout], MaxLong, false)
	r.Geography = p.text(FieldRecceGeography, in[FieldRecceGeography], MaxLong, false)
	r.Risks = p.text(FieldRecceRisks, in[FieldRecceRisks], MaxLong, false)
	r.RIPA = RIPA{
		Covert:      yesNo(&p, FieldRIPACovert, in[FieldRIPACovert]),
		PrivateInfo: yesNo(&p, FieldRIPAPrivate, in[FieldRIPAPrivate]),
		AuthRef:     p.text(FieldRIPAAuthRef, in[FieldRIPAAuthRef], MaxShort, false),
		NoAuthWhy:   p.text(FieldRIPANoAuthWhy, in[FieldRIPANoAuthWhy], MaxLong, false),
	}
	if r.Kind.Physical() {
		if r.RIPA.Covert == "" && p.ok(FieldRIPACovert) {
			p.rule(FieldRIPACovert, "REC-4", "a physical recce says whether it was covert")
		}
		if r.RIPA.PrivateInfo == "" && p.ok(FieldRIPAPrivate) {
			p.rule(FieldRIPAPrivate, "REC-4", "say whether it was likely to obtain private information")
		}
		switch {
		case r.RIPA.AuthRef != "" || !p.ok(FieldRIPAAuthRef):
		case r.RIPA.NeedsAuthorisation():
			p.rule(FieldRIPAAuthRef, "REC-4", "a recce that was "+r.RIPA.why()+" needs a RIPA authorisation: give its reference")
		case r.RIPA.NoAuthWhy == "" && p.ok(FieldRIPANoAuthWhy):
			p.rule(FieldRIPANoAuthWhy, "REC-4", "give the RIPA authorisation reference, or why none is needed")
		}
	}
	return r, p.err()
}

func yesNo(p *problems, field, s string) string {
	switch v := strings.ToLower(strings.TrimSpace(s)); v {
	case "", "yes", "no":
		return v
	default:
		p.add(field, "yes or no")
		return ""
	}
}

func (r Recce) fields() [][2]string {
	out := [][2]string{
		{r.ID + ".kind", string(r.Kind)}, {r.ID + ".by", string(r.By)}, {r.ID + ".at", r.At.UTC().Format(time.RFC3339)},
		{r.ID + ".occupants", r.Occupants}, {r.ID + ".entrances", r.Entrances}, {r.ID + ".layout", r.Layout},
		{r.ID + ".geography", r.Geography}, {r.ID + ".ripa.covert", r.RIPA.Covert}, {r.ID + ".ripa.private", r.RIPA.PrivateInfo},
		{r.ID + ".ripa.auth_ref", r.RIPA.AuthRef}, {r.ID + ".ripa.no_auth_why", r.RIPA.NoAuthWhy}, {r.ID + ".risks", r.Risks},
	}
	for i, s := range r.Sources {
		out = append(out, [2]string{fmt.Sprintf("%s.source.%d", r.ID, i+1), s.Source + " (" + s.Date.String() + ")"})
	}
	return out
}

// AddRecce records a reconnaissance, giving it the next ID.
func (v *Visit) AddRecce(r Recce, actor Officer, now time.Time) (Change, error) {
	if err := v.PlanningEditable(); err != nil {
		return Change{}, err
	}
	r.ID = "R" + strconv.Itoa(len(v.Plan.Recces)+1)
	r.Recorded, r.Withdrawn = stamp(actor, now), ""
	v.Plan.Recces = append(v.Plan.Recces, r)
	v.touch(actor, now)
	fields := addedFields("recce.", r.fields())
	return Change{Action: fmt.Sprintf("recce added: %s %s", r.ID, r.Kind), Actor: actor.StaffNo, ActorName: actor.Name, At: now, Fields: fields}, nil
}

// WithdrawRecce strikes out a recce recorded in error; it stays on the
// record with the reason.
func (v *Visit) WithdrawRecce(id, reason string, actor Officer, now time.Time) (Change, error) {
	if err := v.PlanningEditable(); err != nil {
		return Change{}, err
	}
	i := -1
	for j := range v.Plan.Recces {
		if v.Plan.Recces[j].ID == id {
			i = j
		}
	}
	if i < 0 {
		return Change{}, fmt.Errorf("%s has no recce %s", v.Ref, id)
	}
	if v.Plan.Recces[i].Withdrawn != "" {
		return Change{}, fmt.Errorf("recce %s is already withdrawn", id)
	}
	r, err := requireReason(reason, "say why the recce is withdrawn")
	if err != nil {
		return Change{}, err
	}
	v.Plan.Recces[i].Withdrawn = r
	v.touch(actor, now)
	return Change{Action: "recce withdrawn: " + id, Actor: actor.StaffNo, ActorName: actor.Name, At: now,
		Fields: []FieldChange{{Field: "recce." + id + ".withdrawn", New: r}}, Reason: r}, nil
}

// OldestImagery returns the oldest dated imagery source of the standing
// recces, for REC-2's age check.
func (p PlanningRecord) OldestImagery() (ImagerySource, bool) {
	var best ImagerySource
	found := false
	for _, r := range p.Recces {
		if r.Withdrawn != "" {
			continue
		}
		for _, s := range r.Sources {
			if !s.Date.IsZero() && (!found || s.Date.Before(best.Date)) {
				best, found = s, true
			}
		}
	}
	return best, found
}
