package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The structured debrief (DBF-1, DBF-4; ICIBI 7.1-7.7 and figure 7). Most
// of it is the visit's own record, read back (DebriefSections): the team,
// the entry and the power used, who was encountered and what happened to
// them, seizures, safeguarding and referrals, the times. The Debrief holds
// only what people know and the record cannot: the PPE worn, why entry was
// not made, what became of each named subject, feedback on the
// intelligence, notes on the premises for next time, the employer's
// compliance, the engagement given, the process problems met, and each
// officer's view of what went well and what could improve.

// Debrief is what the OIC adds to the visit's record after it.
type Debrief struct {
	PPE              string             `json:"ppe,omitempty" text:"line"`
	NoEntry          string             `json:"no_entry,omitempty" text:"prose"` // why no entry was made, when none was
	Subjects         []SubjectResult    `json:"subjects,omitempty"`
	OthersSeen       string             `json:"others_seen,omitempty" text:"prose"` // people seen but not spoken to, and why
	Sanctions        []string           `json:"sanctions,omitempty" text:"line"`    // SanctionKinds, or SanctionNone
	SanctionsNote    string             `json:"sanctions_note,omitempty" text:"prose"`
	NoSafeguarding   bool               `json:"no_safeguarding,omitempty"` // none needed, said in so many words
	SafeguardingNote string             `json:"safeguarding_note,omitempty" text:"prose"`
	Intel            IntelFeedback      `json:"intelligence,omitzero"`
	PremisesNotes    string             `json:"premises_notes,omitempty" text:"prose"`
	Employer         EmployerCompliance `json:"employer,omitzero"`
	Engagement       string             `json:"engagement,omitempty" text:"prose"`
	Problems         []string           `json:"problems,omitempty" text:"line"` // ProblemKinds, or ProblemNone
	ProblemsNote     string             `json:"problems_note,omitempty" text:"prose"`
	Team             []TeamFeedback     `json:"team,omitempty"`
	StandDown        time.Time          `json:"stand_down,omitzero"`            // when the team stood down
	Held             string             `json:"held,omitempty" text:"line"`     // where and when the team debrief was held
	Summary          string             `json:"summary,omitempty" text:"prose"` // the OIC's narrative, in their words
	// PostIncident is the OIC's post-incident notes when a critical
	// incident was declared (INC-1): what happened, what was decided and
	// why, who was told, what to learn.
	PostIncident string `json:"post_incident,omitempty" text:"prose"`
	Updated      Stamp  `json:"updated,omitzero"`
}

// SubjectResult is what became of a named subject of the visit.
type SubjectResult struct {
	ID     string `json:"id" text:"line"` // the subject's ID, S1...
	Result string `json:"result" text:"line"`
	Note   string `json:"note,omitempty" text:"prose"`
}

// IntelFeedback is the OIC's judgement of the intelligence (ICIBI 7.27).
type IntelFeedback struct {
	Rating  string `json:"rating,omitempty" text:"line"`
	Comment string `json:"comment,omitempty" text:"prose"`
}

// EmployerCompliance is what the team saw of the employer's right-to-work
// checks (ICIBI 7.32).
type EmployerCompliance struct {
	Records string `json:"records,omitempty" text:"line"`
	Comment string `json:"comment,omitempty" text:"prose"`
}

// TeamFeedback is one officer's view of the visit (ICIBI 7.1): what went
// well and what could improve, or why they gave none.
type TeamFeedback struct {
	StaffNo  StaffNo `json:"staff_no"`
	Name     string  `json:"name" text:"line"`
	WentWell string  `json:"went_well,omitempty" text:"prose"`
	Improve  string  `json:"improve,omitempty" text:"prose"`
	None     string  `json:"none,omitempty" text:"prose"` // why no feedback was given
	Stamp    Stamp   `json:"recorded"`
}

// The choices the debrief offers.
var (
	SubjectResults = []string{"encountered", "not present", "no longer at the address", "not identified"}
	IntelRatings   = []string{"accurate", "partly accurate", "out of date", "wrong", "possibly malicious"}
	RecordsSeen    = []string{"checks seen and in order", "checks seen, some missing or wrong", "no right-to-work records kept", "not asked for", "no employer on site"}
	SanctionKinds  = []string{"civil penalty referral notice", "no action notice", "licensing referral", "closure notice"}
	ProblemKinds   = []string{"warrant late", "intelligence stale", "subject no longer at the address", "police unavailable", "interpreter unavailable", "equipment failed", "other"}
)

// SanctionNone and ProblemNone say, in so many words, that there were none.
const (
	SanctionNone = "none"
	ProblemNone  = "none"
)

// SectionID names a section of the debrief.
type SectionID string

// The sections of DBF-1 and DBF-4, in the order of ICIBI figure 7.
const (
	SecResources    SectionID = "resources"
	SecEntry        SectionID = "entry"
	SecSubjects     SectionID = "subjects"
	SecEncounters   SectionID = "encounters"
	SecSanctions    SectionID = "sanctions"
	SecSafeguarding SectionID = "safeguarding"
	SecIntel        SectionID = "intelligence"
	SecPremises     SectionID = "premises"
	SecEmployer     SectionID = "employer"
	SecEngagement   SectionID = "engagement"
	SecProblems     SectionID = "problems"
	SecTeam         SectionID = "team"
	SecStandDown    SectionID = "stand down"
	// SecIncident is the post-incident section, only in the debrief of a
	// visit where a critical incident was declared (INC-1).
	SecIncident SectionID = "incident"
)

// SectionIDs lists every section every debrief has, in order; a visit
// where a critical incident was declared has SecIncident after them
// (Visit.SectionIDs).
var SectionIDs = []SectionID{SecResources, SecEntry, SecSubjects, SecEncounters, SecSanctions, SecSafeguarding, SecIntel,
	SecPremises, SecEmployer, SecEngagement, SecProblems, SecTeam, SecStandDown}

// sectionTitles are the headings officers read.
var sectionTitles = map[SectionID]string{
	SecResources: "Resources deployed", SecEntry: "Entry and power used", SecSubjects: "Named subjects",
	SecEncounters: "People encountered", SecSanctions: "Sanctions", SecSafeguarding: "Safeguarding and referrals",
	SecIntel: "Feedback on the intelligence", SecPremises: "Premises notes for next time", SecEmployer: "Employer compliance",
	SecEngagement: "Engagement and encouragement", SecProblems: "Process problems", SecTeam: "Team feedback",
	SecStandDown: "Stand down and debrief", SecIncident: "Critical incident: post-incident review",
}

// SectionIDs are the sections of this visit's debrief, in order: every
// debrief's, then the post-incident review if a critical incident was
// declared, so its notes are kept for review (INC-1; ICIBI 6.28).
func (v *Visit) SectionIDs() []SectionID { return sectionIDs(v.Effective()) }

func sectionIDs(eff []TimelineEntry) []SectionID {
	if !slices.ContainsFunc(eff, func(e TimelineEntry) bool { return e.Kind == EntryIncident }) {
		return SectionIDs
	}
	return append(slices.Clip(SectionIDs), SecIncident)
}

// Title is the section's heading.
func (s SectionID) Title() string { return sectionTitles[s] }

// Field names of the debrief forms.
const (
	FieldDbfPPE          = "debrief.ppe"
	FieldDbfNoEntry      = "debrief.no_entry"
	FieldDbfOthers       = "debrief.others_seen"
	FieldDbfSanctions    = "debrief.sanctions"
	FieldDbfSanctionNote = "debrief.sanctions_note"
	FieldDbfNoSafeguard  = "debrief.no_safeguarding"
	FieldDbfSafeNote     = "debrief.safeguarding_note"
	FieldDbfIntelRating  = "debrief.intel.rating"
	FieldDbfIntelComment = "debrief.intel.comment"
	FieldDbfPremises     = "debrief.premises_notes"
	FieldDbfRecords      = "debrief.employer.records"
	FieldDbfEmpComment   = "debrief.employer.comment"
	FieldDbfEngagement   = "debrief.engagement"
	FieldDbfProblems     = "debrief.problems"
	FieldDbfProblemsNote = "debrief.problems_note"
	FieldDbfStandDown    = "debrief.stand_down"
	FieldDbfHeld         = "debrief.held"
	FieldDbfSummary      = "debrief.summary"
	FieldDbfPostIncident = "debrief.post_incident"
	FieldDbfWentWell     = "debrief.team.went_well"
	FieldDbfImprove      = "debrief.team.improve"
	FieldDbfNone         = "debrief.team.none"
)

// FieldDbfSubject is the result field of subject id; FieldDbfSubjectNote
// its note.
func FieldDbfSubject(id string) string     { return "debrief.subject." + id }
func FieldDbfSubjectNote(id string) string { return "debrief.subject." + id + ".note" }

// DebriefEditable says whether the debrief may be written now, and by
// whom: the visit has been deployed and is not yet closed, and the writer
// is its OIC (who collates the team's feedback, ICIBI 7.1). An officer on
// the team may record their own feedback (TeamFeedbackEditable).
func (v *Visit) DebriefEditable(actor Officer) error {
	if err := v.debriefOpen(); err != nil {
		return err
	}
	if oic, ok := v.Commander(CommandOIC); !ok || oic.StaffNo != actor.StaffNo {
		return fmt.Errorf("only the OIC%s writes the debrief; %s is signed in", oicName(v), actor.Label())
	}
	return nil
}

func (v *Visit) debriefOpen() error {
	switch v.State {
	case Deployed:
		return nil
	case Closed, FollowUp, Assured:
		return fmt.Errorf("%s is %s: its debrief is final", v.Ref, v.State)
	}
	return fmt.Errorf("%s is %s: the debrief follows the visit", v.Ref, v.State)
}

func oicName(v *Visit) string {
	if oic, ok := v.Commander(CommandOIC); ok {
		return " (" + oic.Label() + ")"
	}
	return ""
}

// DebriefValues are the section's current values, for its form.
func (v *Visit) DebriefValues(s SectionID) map[string]string {
	d := v.Debrief
	m := map[string]string{}
	switch s {
	case SecResources:
		m[FieldDbfPPE] = d.PPE
	case SecEntry:
		m[FieldDbfNoEntry] = d.NoEntry
	case SecSubjects:
		for _, r := range d.Subjects {
			m[FieldDbfSubject(r.ID)], m[FieldDbfSubjectNote(r.ID)] = r.Result, r.Note
		}
	case SecEncounters:
		m[FieldDbfOthers] = d.OthersSeen
	case SecSanctions:
		m[FieldDbfSanctions], m[FieldDbfSanctionNote] = strings.Join(d.Sanctions, ", "), d.SanctionsNote
	case SecSafeguarding:
		m[FieldDbfNoSafeguard], m[FieldDbfSafeNote] = tick(d.NoSafeguarding), d.SafeguardingNote
	case SecIntel:
		m[FieldDbfIntelRating], m[FieldDbfIntelComment] = d.Intel.Rating, d.Intel.Comment
	case SecPremises:
		m[FieldDbfPremises] = d.PremisesNotes
	case SecEmployer:
		m[FieldDbfRecords], m[FieldDbfEmpComment] = d.Employer.Records, d.Employer.Comment
	case SecEngagement:
		m[FieldDbfEngagement] = d.Engagement
	case SecProblems:
		m[FieldDbfProblems], m[FieldDbfProblemsNote] = strings.Join(d.Problems, ", "), d.ProblemsNote
	case SecStandDown:
		if !d.StandDown.IsZero() {
			m[FieldDbfStandDown] = d.StandDown.Format(DateTimeLayout)
		}
		m[FieldDbfHeld], m[FieldDbfSummary] = d.Held, d.Summary
	case SecIncident:
		m[FieldDbfPostIncident] = d.PostIncident
	}
	return m
}

func tick(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

// SetDebriefSection records what the OIC wrote in one section. Each value
// is checked as a field; whether the section is then complete is for
// DebriefSections to say, so a section may be saved half done and
// finished later.
func (v *Visit) SetDebriefSection(s SectionID, in map[string]string, actor Officer, now time.Time) (Change, error) {
	if err := v.DebriefEditable(actor); err != nil {
		return Change{}, err
	}
	old := v.DebriefValues(s)
	d := v.Debrief
	var p problems
	switch s {
	case SecResources:
		d.PPE = p.text(FieldDbfPPE, in[FieldDbfPPE], MaxShort, false)
	case SecEntry:
		d.NoEntry = p.text(FieldDbfNoEntry, in[FieldDbfNoEntry], MaxLong, false)
	case SecSubjects:
		d.Subjects = nil
		for _, sub := range v.Subjects {
			if sub.Withdrawn != "" {
				continue
			}
			res := pickOptional(&p, FieldDbfSubject(sub.ID), in[FieldDbfSubject(sub.ID)], SubjectResults)
			note := p.text(FieldDbfSubjectNote(sub.ID), in[FieldDbfSubjectNote(sub.ID)], MaxLong, false)
			if res != "" || note != "" {
				d.Subjects = append(d.Subjects, SubjectResult{ID: sub.ID, Result: res, Note: note})
			}
		}
	case SecEncounters:
		d.OthersSeen = p.text(FieldDbfOthers, in[FieldDbfOthers], MaxLong, false)
	case SecSanctions:
		d.Sanctions = pickMany(&p, FieldDbfSanctions, in[FieldDbfSanctions], append(slices.Clip(SanctionKinds), SanctionNone))
		d.SanctionsNote = p.text(FieldDbfSanctionNote, in[FieldDbfSanctionNote], MaxLong, false)
	case SecSafeguarding:
		d.NoSafeguarding = in[FieldDbfNoSafeguard] == "yes"
		d.SafeguardingNote = p.text(FieldDbfSafeNote, in[FieldDbfSafeNote], MaxLong, false)
	case SecIntel:
		d.Intel.Rating = pickOptional(&p, FieldDbfIntelRating, in[FieldDbfIntelRating], IntelRatings)
		d.Intel.Comment = p.text(FieldDbfIntelComment, in[FieldDbfIntelComment], MaxLong, false)
	case SecPremises:
		d.PremisesNotes = p.text(FieldDbfPremises, in[FieldDbfPremises], MaxLong, false)
	case SecEmployer:
		d.Employer.Records = pickOptional(&p, FieldDbfRecords, in[FieldDbfRecords], RecordsSeen)
		d.Employer.Comment = p.text(FieldDbfEmpComment, in[FieldDbfEmpComment], MaxLong, false)
	case SecEngagement:
		d.Engagement = p.text(FieldDbfEngagement, in[FieldDbfEngagement], MaxLong, false)
	case SecProblems:
		d.Problems = pickMany(&p, FieldDbfProblems, in[FieldDbfProblems], append(slices.Clip(ProblemKinds), ProblemNone))
		d.ProblemsNote = p.text(FieldDbfProblemsNote, in[FieldDbfProblemsNote], MaxLong, false)
		if slices.Contains(d.Problems, ProblemNone) && len(d.Problems) > 1 {
			p.rule(FieldDbfProblems, "DBF-4", "problems are listed and \"none\" too; choose one")
		}
	case SecStandDown:
		d.StandDown = time.Time{}
		if s := strings.TrimSpace(in[FieldDbfStandDown]); s != "" && p.short(FieldDbfStandDown, s) {
			if t, err := ParseWhen(s, now); err != nil {
				p.add(FieldDbfStandDown, err.Error())
			} else {
				v.checkStandDown(&p, t)
				d.StandDown = t
			}
		}
		d.Held = p.text(FieldDbfHeld, in[FieldDbfHeld], MaxShort, false)
		d.Summary = p.text(FieldDbfSummary, in[FieldDbfSummary], MaxLong, false)
	case SecIncident:
		if !slices.Contains(v.SectionIDs(), SecIncident) {
			return Change{}, fmt.Errorf("no critical incident was declared on %s: there is no post-incident review to write", v.Ref)
		}
		d.PostIncident = p.text(FieldDbfPostIncident, in[FieldDbfPostIncident], MaxLong, false)
	case SecTeam:
		return Change{}, fmt.Errorf("team feedback is recorded officer by officer")
	default:
		return Change{}, fmt.Errorf("no debrief section %q", s)
	}
	if s == SecSanctions && slices.Contains(d.Sanctions, SanctionNone) && len(d.Sanctions) > 1 {
		p.rule(FieldDbfSanctions, "DBF-1", "sanctions are listed and \"none\" too; choose one")
	}
	if len(p) > 0 {
		return Change{}, p.err()
	}
	was := v.Debrief
	v.Debrief = d
	fields := changedFields(old, v.DebriefValues(s), "")
	if len(fields) == 0 {
		v.Debrief = was
		return Change{}, ErrNoChange
	}
	v.Debrief.Updated = stamp(actor, now)
	v.touch(actor, now)
	return Change{Action: "debrief: " + s.Title(), Actor: actor.StaffNo, ActorName: actor.Name, At: now, Fields: fields}, nil
}

// changedFields are the fields whose values differ between old and nw,
// in order of name, each named with suffix added.
func changedFields(old, nw map[string]string, suffix string) []FieldChange {
	var ks []string
	for k := range nw {
		ks = append(ks, k)
	}
	for k := range old {
		if _, ok := nw[k]; !ok {
			ks = append(ks, k)
		}
	}
	slices.Sort(ks)
	var out []FieldChange
	for _, k := range ks {
		if old[k] != nw[k] {
			out = append(out, FieldChange{Field: k + suffix, Old: old[k], New: nw[k]})
		}
	}
	return out
}

// pickOptional is pickOne for a choice that may be left for later.
func pickOptional(p *problems, field, s string, choices []string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return pickOne(p, field, s, choices)
}

// pickMany reads a comma-separated list of choices, each matched as
// pickOne does.
func pickMany(p *problems, field, s string, choices []string) []string {
	var out []string
	for part := range strings.SplitSeq(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		before := len(*p)
		c := pickOne(p, field, part, choices)
		if len(*p) > before {
			return out
		}
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// TeamFeedbackEditable says whether actor may record officer sn's
// feedback: the OIC for anyone on the team, an officer for themselves.
func (v *Visit) TeamFeedbackEditable(sn StaffNo, actor Officer) error {
	if err := v.debriefOpen(); err != nil {
		return err
	}
	if _, on := v.Rostered(sn); !on {
		return fmt.Errorf("%s is not on the team for %s", sn, v.Ref)
	}
	if sn == actor.StaffNo {
		return nil
	}
	if oic, ok := v.Commander(CommandOIC); ok && oic.StaffNo == actor.StaffNo {
		return nil
	}
	return fmt.Errorf("%s records their own feedback, or the OIC%s collates it; %s is signed in", sn, oicName(v), actor.Label())
}

// TeamFeedbackValues are officer sn's feedback as recorded, for the form.
func (v *Visit) TeamFeedbackValues(sn StaffNo) map[string]string {
	if i := v.teamFeedback(sn); i >= 0 {
		return v.Debrief.Team[i].values()
	}
	return map[string]string{}
}

func (t TeamFeedback) values() map[string]string {
	return map[string]string{FieldDbfWentWell: t.WentWell, FieldDbfImprove: t.Improve, FieldDbfNone: t.None}
}

func (v *Visit) teamFeedback(sn StaffNo) int {
	return slices.IndexFunc(v.Debrief.Team, func(t TeamFeedback) bool { return t.StaffNo == sn })
}

// SetTeamFeedback records what went well and what could improve for
// officer sn, or why they gave no feedback. Both views are wanted: a
// debrief that only praises, or only complains, teaches half as much.
func (v *Visit) SetTeamFeedback(sn StaffNo, in map[string]string, actor Officer, now time.Time) (Change, error) {
	if err := v.TeamFeedbackEditable(sn, actor); err != nil {
		return Change{}, err
	}
	e, _ := v.Rostered(sn)
	var p problems
	t := TeamFeedback{StaffNo: sn, Name: e.Name, Stamp: stamp(actor, now)}
	t.WentWell = p.text(FieldDbfWentWell, in[FieldDbfWentWell], MaxLong, false)
	t.Improve = p.text(FieldDbfImprove, in[FieldDbfImprove], MaxLong, false)
	t.None = p.text(FieldDbfNone, in[FieldDbfNone], MaxLong, false)
	switch {
	case len(p) > 0:
	case t.None != "" && (t.WentWell != "" || t.Improve != ""):
		p.rule(FieldDbfNone, "DBF-1", "feedback is written and \"none given\" too; clear one")
	case t.None == "" && t.WentWell == "" && t.Improve == "":
		p.rule(FieldDbfWentWell, "DBF-1", "write what went well and what could improve, or why no feedback was given")
	case t.None == "" && t.WentWell == "":
		p.rule(FieldDbfWentWell, "DBF-1", "what went well? Both halves are wanted")
	case t.None == "" && t.Improve == "":
		p.rule(FieldDbfImprove, "DBF-1", "what could improve? Both halves are wanted; \"nothing\" is an answer")
	}
	if len(p) > 0 {
		return Change{}, p.err()
	}
	fields := changedFields(v.TeamFeedbackValues(sn), t.values(), "."+string(sn))
	if len(fields) == 0 {
		return Change{}, ErrNoChange
	}
	if i := v.teamFeedback(sn); i >= 0 {
		v.Debrief.Team[i] = t
	} else {
		v.Debrief.Team = append(v.Debrief.Team, t)
	}
	v.Debrief.Updated = stamp(actor, now)
	v.touch(actor, now)
	return Change{Action: "debrief: feedback of " + e.Label(), Actor: actor.StaffNo, ActorName: actor.Name, At: now, Fields: fields}, nil
}
