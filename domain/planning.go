package domain

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// PlanningRecord holds what the OIC prepares before a visit may be authorised
// (DOMAIN.md "Planning"; ICIBI 5.1-5.14). Each part records who and when.
type PlanningRecord struct {
	Checks    []Check         `json:"checks,omitempty"` // CHK-1, CHK-2, TSK-2
	EPA       EPA             `json:"epa,omitzero"`     // EPA-1, EPA-5
	Auth      *Authorisation  `json:"authorisation,omitempty"`
	Voided    []Authorisation `json:"voided_authorisations,omitempty"` // kept, never deleted
	PLAN      PLAN            `json:"plan,omitzero"`                   // PLAN-1
	Community Community       `json:"community,omitzero"`              // COMM-1
	ECIA      ECIA            `json:"ecia,omitzero"`                   // EPA-3
	Order     Order           `json:"order,omitzero"`                  // EPA-4 (amber and red)
	Power     Power           `json:"power,omitzero"`                  // PWR-1
	ONF       ONF             `json:"onf,omitzero"`                    // ONF-1 to ONF-7
	Recces    []Recce         `json:"recces,omitempty"`                // REC-1 to REC-4
}

// Stamp says who recorded something and when.
type Stamp struct {
	By     StaffNo   `json:"by,omitempty"`
	ByName string    `json:"by_name,omitempty" text:"line"`
	At     time.Time `json:"at,omitzero"`
}

func stamp(o Officer, now time.Time) Stamp { return Stamp{By: o.StaffNo, ByName: o.Name, At: now} }

// Label is "Name (staff no) at 25/11/2026 05:30", or "" if nothing is recorded.
func (s Stamp) Label(loc *time.Location) string {
	if s.At.IsZero() {
		return ""
	}
	who := string(s.By)
	if s.ByName != "" {
		who = fmt.Sprintf("%s (%s)", s.ByName, s.By)
	}
	return who + " at " + s.At.In(loc).Format(DateTimeLayout)
}

// Risk is one risk found in the EPA and what will be done about it (EPA-5).
type Risk struct {
	Risk       string `json:"risk" text:"prose"`
	Mitigation string `json:"mitigation" text:"prose"`
}

// EPA is the Enforcement Planning Assessment: the risk rating, the risks and
// their mitigations, and who assessed (EPA-1, EPA-2, EPA-5).
type EPA struct {
	Rating         Rating    `json:"rating,omitempty"`
	Risks          []Risk    `json:"risks,omitempty"`
	AssessedBy     StaffNo   `json:"assessed_by,omitempty"`
	AssessedByName string    `json:"assessed_by_name,omitempty" text:"line"`
	AssessedAt     time.Time `json:"assessed_at,omitzero"`
	Stamp          Stamp     `json:"recorded,omitzero"`
}

// Recorded reports whether an EPA has been made.
func (e EPA) Recorded() bool { return e.Rating != "" }

// Authorisation records who authorised the visit, at what grade and rating,
// when, and who recorded it (EPA-2; ICIBI 5.7).
type Authorisation struct {
	By         StaffNo   `json:"by"`
	Name       string    `json:"name" text:"line"`
	Grade      string    `json:"grade" text:"line"` // the authoriser's grade code when they authorised
	Rating     Rating    `json:"rating"`
	At         time.Time `json:"at"`
	Note       string    `json:"note,omitempty" text:"prose"`
	Recorded   Stamp     `json:"recorded,omitzero"`
	VoidedAt   time.Time `json:"voided_at,omitzero"`
	VoidReason string    `json:"void_reason,omitempty" text:"line"`
}

// Label is "J. Smith (HMI001), SEO, amber, at 25/11/2026 05:30".
func (a Authorisation) Label(loc *time.Location) string {
	return fmt.Sprintf("%s (%s), %s, %s, at %s", a.Name, a.By, a.Grade, a.Rating, a.At.In(loc).Format(DateTimeLayout))
}

// PLAN is the assessment that the visit is proportionate, legal, accountable
// and necessary, each with its rationale (PLAN-1; ICIBI 5.9).
type PLAN struct {
	Proportionate string `json:"proportionate,omitempty" text:"prose"`
	Legal         string `json:"legal,omitempty" text:"prose"`
	Accountable   string `json:"accountable,omitempty" text:"prose"`
	Necessary     string `json:"necessary,omitempty" text:"prose"`
	Stamp         Stamp  `json:"recorded,omitzero"`
}

// Community is the community impact consideration (COMM-1).
type Community struct {
	Impact     string `json:"impact,omitempty" text:"prose"`
	Mitigation string `json:"mitigation,omitempty" text:"prose"`
	Stamp      Stamp  `json:"recorded,omitzero"`
}

// ECIA is the Equality and Community Impact Assessment that red visits need
// (EPA-3).
type ECIA struct {
	Reference   string `json:"reference,omitempty" text:"line"`
	CompletedBy string `json:"completed_by,omitempty" text:"line"`
	CompletedOn Date   `json:"completed_on,omitzero"`
	Conclusion  string `json:"conclusion,omitempty" text:"prose"`
	Stamp       Stamp  `json:"recorded,omitzero"`
}

// Complete reports whether every part of the ECIA is recorded.
func (e ECIA) Complete() bool {
	return e.Reference != "" && e.CompletedBy != "" && !e.CompletedOn.IsZero() && e.Conclusion != ""
}

// Order is the IIMARCH operational order for amber and red visits (EPA-4).
type Order struct {
	Information    string `json:"information,omitempty" text:"prose"`
	Intention      string `json:"intention,omitempty" text:"prose"`
	Method         string `json:"method,omitempty" text:"prose"`
	Administration string `json:"administration,omitempty" text:"prose"`
	Risk           string `json:"risk_assessment,omitempty" text:"prose"`
	Communications string `json:"communications,omitempty" text:"prose"`
	HumanRights    string `json:"human_rights,omitempty" text:"prose"`
	Stamp          Stamp  `json:"recorded,omitzero"`
}

// PowerKind is a power of entry (PWR-1; ICIBI 6.39-6.40, figure 6).
type PowerKind string

const (
	PowerConsent  PowerKind = "informed consent"
	PowerS179     PowerKind = "s.179 Licensing Act 2003"
	PowerWarrant  PowerKind = "warrant"
	PowerADLetter PowerKind = "Assistant Director's letter"
	PowerOther    PowerKind = "other"
)

// Powers lists the powers of entry an officer picks from, with what each is.
var Powers = []struct {
	Kind PowerKind
	Hint string
}{
	{PowerConsent, "informed consent of the occupier"},
	{PowerS179, "licensed premises: section 179 Licensing Act 2003"},
	{PowerWarrant, "warrant: para 17(2) schedule 2 Immigration Act 1971"},
	{PowerADLetter, "Assistant Director's letter: s.28CA Immigration Act 1971"},
	{PowerOther, "another power: give it and the reason"},
}

// Arrests reports whether the power exists to arrest someone inside: a
// warrant under para 17(2) sch. 2 and an Assistant Director's letter under
// s.28CA Immigration Act 1971 both authorise entry to search for and arrest
// a person. A visit planned with one is an arrest visit (REC-1).
func (k PowerKind) Arrests() bool { return k == PowerWarrant || k == PowerADLetter }

// Power is the intended power of entry (PWR-1).
type Power struct {
	Kind   PowerKind `json:"kind,omitempty"`
	Detail string    `json:"detail,omitempty" text:"prose"` // warrant or letter reference; the power and reason for other
	Stamp  Stamp     `json:"recorded,omitzero"`
}

// Field names of the planning forms, shared by validation and the TUI.
const (
	FieldRating         = "epa.rating"
	FieldAssessor       = "epa.assessor"
	FieldProportionate  = "plan.proportionate"
	FieldLegal          = "plan.legal"
	FieldAccountable    = "plan.accountable"
	FieldNecessary      = "plan.necessary"
	FieldImpact         = "community.impact"
	FieldCommMitigation = "community.mitigation"
	FieldECIARef        = "ecia.reference"
	FieldECIABy         = "ecia.completed_by"
	FieldECIAOn         = "ecia.completed_on"
	FieldECIAConclusion = "ecia.conclusion"
	FieldInformation    = "order.information"
	FieldIntention      = "order.intention"
	FieldMethod         = "order.method"
	FieldAdministration = "order.administration"
	FieldRiskAssessment = "order.risk_assessment"
	FieldCommunications = "order.communications"
	FieldHumanRights    = "order.human_rights"
	FieldPower          = "power.kind"
	FieldPowerDetail    = "power.detail"
	FieldAuthoriser     = "authorisation.by"
	FieldAuthNote       = "authorisation.note"
)

// MaxRisks is how many risk and mitigation pairs the EPA form offers.
const MaxRisks = 6

// FieldRisk and FieldMitigation name the i-th (1-based) risk pair.
func FieldRisk(i int) string       { return "epa.risk." + strconv.Itoa(i) }
func FieldMitigation(i int) string { return "epa.mitigation." + strconv.Itoa(i) }

// ParseEPA validates the EPA form. The assessor is a known officer; the
// rating cannot be left out (EPA-1), and every risk has its mitigation
// (EPA-5).
func ParseEPA(in map[string]string, officers OfficerLookup) (EPA, error) {
	var p problems
	var e EPA
	if p.short(FieldRating, in[FieldRating]) {
		switch r := Rating(strings.ToLower(strings.TrimSpace(in[FieldRating]))); r {
		case Green, Amber, Red:
			e.Rating = r
		case "":
			p.rule(FieldRating, "EPA-1", "choose a rating: green, amber or red; a visit cannot go unrated")
		default:
			p.rule(FieldRating, "EPA-1", "green, amber or red")
		}
	}
	if o, ok := p.officer(FieldAssessor, in[FieldAssessor], officers, "who made the assessment"); ok {
		e.AssessedBy, e.AssessedByName = o.StaffNo, o.Name
	}
	for i := 1; i <= MaxRisks; i++ {
		r := p.text(FieldRisk(i), in[FieldRisk(i)], MaxLong, false)
		m := p.text(FieldMitigation(i), in[FieldMitigation(i)], MaxLong, false)
		switch {
		case r == "" && m == "":
			continue
		case r == "":
			p.rule(FieldRisk(i), "EPA-5", "say what risk this mitigates")
		case m == "":
			p.rule(FieldMitigation(i), "EPA-5", "say how this risk is mitigated")
		}
		e.Risks = append(e.Risks, Risk{Risk: r, Mitigation: m})
	}
	return e, p.err()
}

// officer parses a staff number field and finds the officer.
func (p *problems) officer(field, s string, officers OfficerLookup, what string) (Officer, bool) {
	if !p.short(field, s) {
		return Officer{}, false
	}
	if strings.TrimSpace(s) == "" {
		p.add(field, "enter the staff number of "+what)
		return Officer{}, false
	}
	sn, err := ParseStaffNo(s)
	if err != nil {
		p.add(field, err.Error())
		return Officer{}, false
	}
	o, ok := officers(sn)
	if !ok {
		p.add(field, fmt.Sprintf("no officer %s is known; add their profile first", sn))
		return Officer{}, false
	}
	return o, true
}

// Values returns the EPA as form values, for editing.
func (e EPA) Values() map[string]string {
	m := map[string]string{FieldRating: string(e.Rating), FieldAssessor: string(e.AssessedBy)}
	for i, r := range e.Risks {
		if i < MaxRisks {
			m[FieldRisk(i+1)], m[FieldMitigation(i+1)] = r.Risk, r.Mitigation
		}
	}
	return m
}

func (e EPA) fields() [][2]string {
	out := [][2]string{{FieldRating, string(e.Rating)}, {FieldAssessor, string(e.AssessedBy)}}
	for i := 0; i < max(MaxRisks, len(e.Risks)); i++ {
		var r Risk
		if i < len(e.Risks) {
			r = e.Risks[i]
		}
		out = append(out, [2]string{FieldRisk(i + 1), r.Risk}, [2]string{FieldMitigation(i + 1), r.Mitigation})
	}
	return out
}

// ParsePLAN validates the PLAN form. Blank elements are allowed to be saved
// (a PLAN is written over days) and show as PLAN-1 findings until filled.
func ParsePLAN(in map[string]string) (PLAN, error) {
	var p problems
	pl := PLAN{
		Proportionate: p.text(FieldProportionate, in[FieldProportionate], MaxLong, false),
		Legal:         p.text(FieldLegal, in[FieldLegal], MaxLong, false),
		Accountable:   p.text(FieldAccountable, in[FieldAccountable], MaxLong, false),
		Necessary:     p.text(FieldNecessary, in[FieldNecessary], MaxLong, false),
	}
	return pl, p.err()
}

func (pl PLAN) fields() [][2]string {
	return [][2]string{{FieldProportionate, pl.Proportionate}, {FieldLegal, pl.Legal}, {FieldAccountable, pl.Accountable}, {FieldNecessary, pl.Necessary}}
}

// Values returns the PLAN as form values.
func (pl PLAN) Values() map[string]string { return pairsMap(pl.fields()) }

// ParseCommunity validates the community impact form (COMM-1).
func ParseCommunity(in map[string]string) (Community, error) {
	var p problems
	c := Community{
		Impact:     p.text(FieldImpact, in[FieldImpact], MaxLong, false),
		Mitigation: p.text(FieldCommMitigation, in[FieldCommMitigation], MaxLong, false),
	}
	return c, p.err()
}

func (c Community) fields() [][2]string {
	return [][2]string{{FieldImpact, c.Impact}, {FieldCommMitigation, c.Mitigation}}
}

// Values returns the consideration as form values.
func (c Community) Values() map[string]string { return pairsMap(c.fields()) }

// ParseECIA validates the ECIA form. Its completion date cannot be in the
// future.
func ParseECIA(in map[string]string, now time.Time) (ECIA, error) {
	var p problems
	e := ECIA{
		Reference:   p.text(FieldECIARef, in[FieldECIARef], MaxShort, false),
		CompletedBy: p.text(FieldECIABy, in[FieldECIABy], MaxShort, false),
		Conclusion:  p.text(FieldECIAConclusion, in[FieldECIAConclusion], MaxLong, false),
	}
	if s := strings.TrimSpace(in[FieldECIAOn]); s != "" && p.short(FieldECIAOn, s) {
		d, err := ParseDate(s)
		switch {
		case err != nil:
			p.add(FieldECIAOn, err.Error())
		case d.After(DateOf(now)):
			p.add(FieldECIAOn, "cannot be completed in the future")
		default:
			e.CompletedOn = d
		}
	}
	return e, p.err()
}

func (e ECIA) fields() [][2]string {
	return [][2]string{{FieldECIARef, e.Reference}, {FieldECIABy, e.CompletedBy}, {FieldECIAOn, e.CompletedOn.UK()}, {FieldECIAConclusion, e.Conclusion}}
}

// Values returns the ECIA as form values.
func (e ECIA) Values() map[string]string { return pairsMap(e.fields()) }

// OrderSections names the seven IIMARCH sections in order, with their form
// fields.
var OrderSections = []struct{ Field, Title string }{
	{FieldInformation, "Information"},
	{FieldIntention, "Intention"},
	{FieldMethod, "Method"},
	{FieldAdministration, "Administration"},
	{FieldRiskAssessment, "Risk assessment"},
	{FieldCommunications, "Communications"},
	{FieldHumanRights, "Human rights and other legal issues"},
}

// ParseOrder validates the IIMARCH form.
func ParseOrder(in map[string]string) (Order, error) {
	var p problems
	o := Order{
		Information:    p.text(FieldInformation, in[FieldInformation], MaxLong, false),
		Intention:      p.text(FieldIntention, in[FieldIntention], MaxLong, false),
		Method:         p.text(FieldMethod, in[FieldMethod], MaxLong, false),
		Administration: p.text(FieldAdministration, in[FieldAdministration], MaxLong, false),
		Risk:           p.text(FieldRiskAssessment, in[FieldRiskAssessment], MaxLong, false),
		Communications: p.text(FieldCommunications, in[FieldCommunications], MaxLong, false),
		HumanRights:    p.text(FieldHumanRights, in[FieldHumanRights], MaxLong, false),
	}
	return o, p.err()
}

func (o Order) fields() [][2]string {
	return [][2]string{
		{FieldInformation, o.Information}, {FieldIntention, o.Intention}, {FieldMethod, o.Method},
		{FieldAdministration, o.Administration}, {FieldRiskAssessment, o.Risk},
		{FieldCommunications, o.Communications}, {FieldHumanRights, o.HumanRights},
	}
}

// Values returns the order as form values.
func (o Order) Values() map[string]string { return pairsMap(o.fields()) }

// Blank lists the titles of the IIMARCH sections not yet written.
func (o Order) Blank() []string {
	var out []string
	for i, f := range o.fields() {
		if f[1] == "" {
			out = append(out, OrderSections[i].Title)
		}
	}
	return out
}

// ParsePower validates the power of entry form (PWR-1). "Other" needs the
// power and the reason for it.
func ParsePower(in map[string]string) (Power, error) {
	var p problems
	var pw Power
	if p.short(FieldPower, in[FieldPower]) {
		k := PowerKind(strings.TrimSpace(in[FieldPower]))
		known := false
		for _, x := range Powers {
			known = known || x.Kind == k
		}
		switch {
		case k == "":
			p.rule(FieldPower, "PWR-1", "choose the power of entry you intend to use")
		case !known:
			p.rule(FieldPower, "PWR-1", "choose one of the listed powers, or other")
		default:
			pw.Kind = k
		}
	}
	pw.Detail = p.text(FieldPowerDetail, in[FieldPowerDetail], MaxLong, false)
	if pw.Kind == PowerOther && pw.Detail == "" && p.ok(FieldPowerDetail) {
		p.rule(FieldPowerDetail, "PWR-1", "name the power and say why it applies")
	}
	return pw, p.err()
}

func (pw Power) fields() [][2]string {
	return [][2]string{{FieldPower, string(pw.Kind)}, {FieldPowerDetail, pw.Detail}}
}

// Values returns the power as form values.
func (pw Power) Values() map[string]string { return pairsMap(pw.fields()) }

func pairsMap(pairs [][2]string) map[string]string {
	m := make(map[string]string, len(pairs))
	for _, f := range pairs {
		m[f[0]] = f[1]
	}
	return m
}

// addedFields lists the non-empty pairs of a new record as audit fields,
// their names prefixed ("check.C3.system").
func addedFields(prefix string, pairs [][2]string) []FieldChange {
	var out []FieldChange
	for _, f := range pairs {
		if f[1] != "" {
			out = append(out, FieldChange{Field: prefix + f[0], New: f[1]})
		}
	}
	return out
}

// diffPairs lists the pairs whose values differ; old and new list the same
// fields in the same order, except that either may be longer.
func diffPairs(old, new [][2]string) []FieldChange {
	var out []FieldChange
	for i := 0; i < max(len(old), len(new)); i++ {
		var o, n [2]string
		if i < len(old) {
			o = old[i]
		}
		if i < len(new) {
			n = new[i]
		}
		if o[1] != n[1] {
			f := n[0]
			if f == "" {
				f = o[0]
			}
			out = append(out, FieldChange{Field: f, Old: o[1], New: n[1]})
		}
	}
	return out
}
