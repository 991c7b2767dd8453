package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// First-line assurance (ASR-1, ASR-2; ICIBI 7.36-7.55): once a visit is
// closed, a CIO or above who took no part in it reviews its record against
// a checklist, rates it and gives the OIC feedback, which the OIC
// acknowledges. The rules that gate it are in rules_asr.go.

// AssuranceAnswer is the assurer's answer to one checklist item.
type AssuranceAnswer string

const (
	AnswerMet           AssuranceAnswer = "met"
	AnswerNotMet        AssuranceAnswer = "not met"
	AnswerNotApplicable AssuranceAnswer = "not applicable"
)

// AssuranceAnswers are the answers in the order a form offers them.
var AssuranceAnswers = []string{string(AnswerMet), string(AnswerNotMet), string(AnswerNotApplicable)}

// ChecklistItem is one question of the first-line checklist: the stage of
// the visit it looks at, its short name (a form's label), what the
// assurer checks, and the rules it rests on.
type ChecklistItem struct {
	ID, Area, Label, Question, Rules string
}

// Checklist areas, in the order of a visit's life.
const (
	CheckAreaPlanning    = "Planning"
	CheckAreaBriefing    = "Briefing"
	CheckAreaPowers      = "Powers and seizures"
	CheckAreaSafeguard   = "Safeguarding and referrals"
	CheckAreaInterviews  = "Interviews and examinations"
	CheckAreaPostVisit   = "Debrief and post-visit actions"
	assuranceFieldPrefix = "assurance."
)

// AssuranceChecklist is the first-line checklist. It covers the planning
// stages that second-line assurance left out (ICIBI 7.54: mandatory
// checks, the ONF, the recce) and the five areas the Operational Assurance
// Team marks (ICIBI 7.49): notices served, interviews, the power of entry,
// examinations and post-visit actions. An item's ID is kept in the record;
// a new item gets a new ID, so old records still read.
var AssuranceChecklist = []ChecklistItem{
	{ID: "epa", Label: "EPA and authorisation", Area: CheckAreaPlanning, Rules: "EPA-1, EPA-2, EPA-3, EPA-5",
		Question: "EPA rated, risks mitigated, and authorised at the grade the rating needs"},
	{ID: "checks", Label: "Mandatory checks", Area: CheckAreaPlanning, Rules: "CHK-1, CHK-2, TSK-2",
		Question: "Mandatory checks recorded for every subject and the address, and the final status check made"},
	{ID: "onf", Label: "ONF", Area: CheckAreaPlanning, Rules: "ONF-1 to ONF-6",
		Question: "ONF sent in time and returned signed and complete, or the phone check recorded"},
	{ID: "recce", Label: "Recce", Area: CheckAreaPlanning, Rules: "REC-1 to REC-4",
		Question: "Recce recorded, imagery current, RIPA considered for a physical recce"},
	{ID: "briefing", Label: "Briefing", Area: CheckAreaBriefing, Rules: "BRF-1 to BRF-4",
		Question: "Briefing issued, accepted by every officer, verbal briefing and readiness confirmed"},
	{ID: "power", Label: "Power of entry", Area: CheckAreaPowers, Rules: "PWR-1, PWR-2",
		Question: "Power of entry planned and used in line with guidance, with who consented or the warrant"},
	{ID: "seizures", Label: "Seizures", Area: CheckAreaPowers, Rules: "PWR-3",
		Question: "Every seizure recorded with its exhibit reference and sealed bag number"},
	{ID: "safeguarding", Label: "Safeguarding", Area: CheckAreaSafeguard, Rules: "DBF-1",
		Question: "Vulnerability considered; NRM, social services and s.55 referrals made where needed"},
	{ID: "notices", Label: "Notices served", Area: CheckAreaSafeguard, Rules: "DBF-1",
		Question: "Referral notice or no action notice served per guidance for each illegal worker"},
	{ID: "interviews", Label: "Interviews", Area: CheckAreaInterviews, Rules: "ICIBI 7.49",
		Question: "All completed interviews recorded in line with guidance"},
	{ID: "examinations", Label: "Examinations", Area: CheckAreaInterviews, Rules: "ICIBI 7.49",
		Question: "All examinations recorded in line with guidance"},
	{ID: "debrief", Label: "Debrief", Area: CheckAreaPostVisit, Rules: "DBF-1 to DBF-4",
		Question: "Structured debrief complete, team feedback taken, closed within 48 hours"},
	{ID: "postvisit", Label: "Post-visit actions", Area: CheckAreaPostVisit, Rules: "ONF-7",
		Question: "Post-visit actions done: follow-ups recorded and the outcome fed back to the police"},
}

// ChecklistItemByID returns the checklist item id.
func ChecklistItemByID(id string) (ChecklistItem, bool) {
	i := slices.IndexFunc(AssuranceChecklist, func(c ChecklistItem) bool { return c.ID == id })
	if i < 0 {
		return ChecklistItem{}, false
	}
	return AssuranceChecklist[i], true
}

// AssuranceItem is the answer to one checklist item, with the assurer's
// note (required when the item is not met, so the OIC knows what to put
// right).
type AssuranceItem struct {
	ID     string          `json:"id" text:"line"`
	Answer AssuranceAnswer `json:"answer"`
	Note   string          `json:"note,omitempty" text:"prose"`
}

// Assurance is the first-line assurance of a closed visit (ASR-1): the
// checklist as answered, the overall rating and the feedback to the OIC.
// Recorded is who last saved it; Assured who marked the visit assured,
// with their grade then; Acknowledged the OIC's acknowledgement of the
// feedback. It may be saved half done, as the debrief may; marking the
// visit assured needs every item answered.
type Assurance struct {
	Items        []AssuranceItem `json:"items,omitempty"`
	Rating       Rating          `json:"rating,omitempty"`
	Feedback     string          `json:"feedback,omitempty" text:"prose"`
	Recorded     Stamp           `json:"recorded,omitzero"`
	Assured      Stamp           `json:"assured,omitzero"`
	AssurerGrade string          `json:"assurer_grade,omitempty" text:"line"`
	Acknowledged Stamp           `json:"acknowledged,omitzero"`
}

// Item returns the answer to checklist item id, if one is recorded.
func (a Assurance) Item(id string) (AssuranceItem, bool) {
	i := slices.IndexFunc(a.Items, func(it AssuranceItem) bool { return it.ID == id })
	if i < 0 {
		return AssuranceItem{}, false
	}
	return a.Items[i], true
}

// NotMet are the items answered "not met", in checklist order.
func (a Assurance) NotMet() []AssuranceItem {
	var out []AssuranceItem
	for _, c := range AssuranceChecklist {
		if it, ok := a.Item(c.ID); ok && it.Answer == AnswerNotMet {
			out = append(out, it)
		}
	}
	return out
}

// Unanswered are the checklist items with no answer yet.
func (a Assurance) Unanswered() []ChecklistItem {
	var out []ChecklistItem
	for _, c := range AssuranceChecklist {
		if it, ok := a.Item(c.ID); !ok || it.Answer == "" {
			out = append(out, c)
		}
	}
	return out
}

// Done reports whether the visit has been marked assured.
func (a Assurance) Done() bool { return !a.Assured.At.IsZero() }

// FeedbackPending reports whether the assurer's feedback is waiting for
// the OIC to acknowledge it.
func (a Assurance) FeedbackPending() bool { return a.Done() && a.Acknowledged.At.IsZero() }

// Field names of the assurance form: an item's answer and note, the
// rating and the feedback.
const (
	FieldAsrRating   = assuranceFieldPrefix + "rating"
	FieldAsrFeedback = assuranceFieldPrefix + "feedback"
)

// FieldAsrAnswer is the field of item id's answer.
func FieldAsrAnswer(id string) string { return assuranceFieldPrefix + id }

// FieldAsrNote is the field of item id's note.
func FieldAsrNote(id string) string { return assuranceFieldPrefix + id + ".note" }

// AssuranceValues are the assurance's current values, for its form.
func (v *Visit) AssuranceValues() map[string]string {
	a := v.Assurance
	m := map[string]string{FieldAsrRating: string(a.Rating), FieldAsrFeedback: a.Feedback}
	for _, c := range AssuranceChecklist {
		it, _ := a.Item(c.ID)
		m[FieldAsrAnswer(c.ID)], m[FieldAsrNote(c.ID)] = string(it.Answer), it.Note
	}
	return m
}

// AssuranceEditable says whether actor may record the assurance now: the
// visit is closed or in follow-up, not yet assured, and actor may assure
// it (ASR-2).
func (v *Visit) AssuranceEditable(cfg Config, actor Officer) error {
	switch v.State {
	case Closed, FollowUp:
	case Assured:
		return fmt.Errorf("%s is assured: its assurance is final", v.Ref)
	default:
		return fmt.Errorf("ASR-1: %s is %s: first-line assurance reviews a visit once it is closed", v.Ref, v.State)
	}
	return cfg.MayAssure(v, actor)
}

// SetAssurance records the checklist, rating and feedback from the form's
// values m. Items may be left unanswered until the visit is marked
// assured, but an answer must be one of the three, and an item not met
// says why (ASR-1). Nothing is saved if nothing changed.
func (v *Visit) SetAssurance(cfg Config, m map[string]string, actor Officer, now time.Time) (Change, error) {
	if err := v.AssuranceEditable(cfg, actor); err != nil {
		return Change{}, err
	}
	var p problems
	next := Assurance{Recorded: v.Assurance.Recorded}
	for _, c := range AssuranceChecklist {
		raw := strings.TrimSpace(m[FieldAsrAnswer(c.ID)])
		var ans AssuranceAnswer
		if raw != "" {
			ans = AssuranceAnswer(pickOne(&p, FieldAsrAnswer(c.ID), raw, AssuranceAnswers))
		}
		note := p.text(FieldAsrNote(c.ID), m[FieldAsrNote(c.ID)], MaxLong, false)
		if ans == AnswerNotMet && !longEnough(note, minNote) {
			p.rule(FieldAsrNote(c.ID), "ASR-1", "say what was not met and what the OIC should do about it")
		}
		if ans != "" || note != "" {
			next.Items = append(next.Items, AssuranceItem{ID: c.ID, Answer: ans, Note: note})
		}
	}
	if raw := strings.TrimSpace(m[FieldAsrRating]); raw != "" {
		next.Rating = Rating(pickOne(&p, FieldAsrRating, raw, []string{string(Green), string(Amber), string(Red)}))
	}
	next.Feedback = p.text(FieldAsrFeedback, m[FieldAsrFeedback], MaxLong, false)
	if len(p) > 0 {
		return Change{}, p.err()
	}
	fields := diffPairs(v.Assurance.fields(), next.fields())
	if len(fields) == 0 {
		return Change{}, ErrNoChange
	}
	next.Recorded = stamp(actor, now)
	v.Assurance = next
	v.touch(actor, now)
	return Change{Action: "assurance recorded", Actor: actor.StaffNo, ActorName: actor.Name, At: now, Fields: fields}, nil
}

// fields lists the assurance's fields as (name, value) pairs in
// checklist order, for its audit entry (diffPairs).
func (a Assurance) fields() [][2]string {
	var out [][2]string
	for _, c := range AssuranceChecklist {
		it, _ := a.Item(c.ID)
		out = append(out, [2]string{FieldAsrAnswer(c.ID), string(it.Answer)}, [2]string{FieldAsrNote(c.ID), it.Note})
	}
	return append(out, [2]string{FieldAsrRating, string(a.Rating)}, [2]string{FieldAsrFeedback, a.Feedback})
}

// Assure marks the visit assured: actor, signed in as themselves, is the
// assurer (ASR-2, IDN-1), and the checklist is complete: every item
// answered, each not met with its note, a rating and feedback to the OIC
// (ASR-1). A closed visit with nothing followed up goes straight to
// assured; the history says from which state.
func (v *Visit) Assure(cfg Config, actor Officer, now time.Time) (Change, error) {
	if err := v.CanTransition(Assured); err != nil {
		return Change{}, err
	}
	if err := cfg.MayAssure(v, actor); err != nil {
		return Change{}, err
	}
	if err := v.Assurance.complete(); err != nil {
		return Change{}, &TransitionError{Ref: v.Ref, From: v.State, To: Assured, Reason: err.Error()}
	}
	a := &v.Assurance
	a.Assured, a.AssurerGrade = stamp(actor, now), actor.Grade
	from := v.State
	v.State = Assured
	reason := fmt.Sprintf("first-line assurance: %s by %s", a.Rating, actor.Label())
	if n := len(a.NotMet()); n > 0 {
		reason += fmt.Sprintf("; %d of %d items not met", n, len(AssuranceChecklist))
	}
	v.History = append(v.History, StateChange{From: from, To: Assured, At: now, By: actor.StaffNo, ByName: actor.Name, Reason: reason})
	v.touch(actor, now)
	return Change{
		Action: "state: " + string(from) + " → " + string(Assured), Actor: actor.StaffNo, ActorName: actor.Name, At: now, Reason: reason,
		Fields: []FieldChange{
			{Field: "assurance.by", New: string(actor.StaffNo)},
			{Field: "assurance.grade", New: actor.Grade},
			{Field: FieldAsrRating, New: string(a.Rating)},
			{Field: "state", Old: string(from), New: string(Assured)},
		},
	}, nil
}

// AcknowledgeFeedback records that the OIC has read the assurer's
// feedback. Only the OIC acknowledges, signed in as themselves (ASR-2,
// IDN-1); once.
func (v *Visit) AcknowledgeFeedback(actor Officer, now time.Time) (Change, error) {
	a := &v.Assurance
	switch {
	case !a.Done():
		return Change{}, fmt.Errorf("ASR-2: %s has no assurance feedback to acknowledge yet", v.Ref)
	case !a.Acknowledged.At.IsZero():
		return Change{}, fmt.Errorf("ASR-2: %s acknowledged the feedback on %s already", a.Acknowledged.ByName, a.Acknowledged.At.Format(DateTimeLayout))
	}
	if oic := v.OICStaffNo(); oic != actor.StaffNo {
		return Change{}, fmt.Errorf("IDN-1: only the OIC%s acknowledges the feedback on %s, signed in as themselves; %s is signed in", oicName(v), v.Ref, actor.Label())
	}
	a.Acknowledged = stamp(actor, now)
	v.touch(actor, now)
	return Change{Action: "assurance feedback acknowledged", Actor: actor.StaffNo, ActorName: actor.Name, At: now,
		Fields: []FieldChange{{Field: "assurance.acknowledged", New: string(actor.StaffNo)}}}, nil
}

// FeedbackPart is the part of a visit's record that says whether its
// assurance feedback waits for its OIC: decoded alone from the record's
// JSON, it leaves out the timeline, the planning and the debrief, most of
// a closed visit's bytes. The look for feedback at each sign-in reads an
// officer's assured visits this way, and the whole record only of those
// where feedback waits (Visits.FeedbackWaiting).
type FeedbackPart struct {
	Basics    Basics        `json:"basics"`
	Roster    []RosterEntry `json:"roster,omitempty"`
	Assurance Assurance     `json:"assurance,omitzero"`
}

// WaitsFor reports whether the visit's feedback waits for sn, its OIC,
// to acknowledge it: what FeedbackPending and OICStaffNo say of the
// whole visit.
func (p *FeedbackPart) WaitsFor(sn StaffNo) bool {
	v := Visit{Basics: p.Basics, Roster: p.Roster, Assurance: p.Assurance}
	return v.Assurance.FeedbackPending() && v.OICStaffNo() == sn
}

// OICStaffNo is the visit's OIC: the officer holding the OIC command role
// on its roster, or the OIC its basics name.
func (v *Visit) OICStaffNo() StaffNo {
	if oic, ok := v.Commander(CommandOIC); ok {
		return oic.StaffNo
	}
	return v.Basics.OIC
}
