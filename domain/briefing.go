package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Briefing is the visit's briefing record: every issued version of the
// order, each officer's acceptance of a version, the verbal briefing on the
// day with its questions, the OIC's pre-deployment confirmation, and any
// override of missing acceptances. Versions and acceptances are only ever
// added (AppendOnly).
type Briefing struct {
	Versions    []BriefingVersion `json:"versions,omitempty"`
	Acceptances []Acceptance      `json:"acceptances,omitempty"`
	Verbal      *VerbalBriefing   `json:"verbal,omitempty"`
	Confirm     *Confirmation     `json:"confirmation,omitempty"`
	Overrides   []Override        `json:"overrides,omitempty"`
}

// BriefingVersion is one issue of the order to the team. Its digest is
// what each acceptance is bound to.
type BriefingVersion struct {
	N      int    `json:"n"`
	Text   string `json:"text" text:"composed"`
	Digest string `json:"digest" text:"line"`
	Note   string `json:"note,omitempty" text:"prose"` // what changed, for a re-issue
	Issued Stamp  `json:"issued"`
}

// Acceptance is one officer's own record that they read, understood and
// accepted a version of the briefing (BRF-1).
type Acceptance struct {
	StaffNo StaffNo   `json:"staff_no"`
	Name    string    `json:"name" text:"line"`
	Version int       `json:"version"`
	Digest  string    `json:"digest" text:"line"`
	At      time.Time `json:"at"`
}

// VerbalBriefing is the briefing given on the day (BRF-3), with the
// salient risks discussed and the questions asked and answered (BRF-5).
type VerbalBriefing struct {
	At          time.Time `json:"at"`
	Risks       string    `json:"risks" text:"prose"`
	NoQuestions bool      `json:"no_questions,omitempty"`
	Questions   []QA      `json:"questions,omitempty"`
	Stamp       Stamp     `json:"recorded"`
}

// QA is a question asked at the briefing and its answer.
type QA struct {
	Question string `json:"q" text:"prose"`
	Answer   string `json:"a" text:"prose"`
}

// ConfirmItems are what the OIC confirms before deployment (BRF-4; ICIBI
// 6.2), in the guidance's order.
var ConfirmItems = []string{
	"authorisations still valid",
	"information current",
	"police notified",
	"equipment available and working",
	"gold, silver and bronze in place",
	"order circulated",
	"roles allocated",
}

// Confirmation is the OIC's pre-deployment confirmation (BRF-4): every item
// of ConfirmItems, for one briefing version.
type Confirmation struct {
	Version int    `json:"version"`
	Note    string `json:"note,omitempty" text:"prose"`
	Stamp   Stamp  `json:"recorded"`
}

// Override lets a visit deploy with acceptances missing (BRF-1): the OIC
// names who had not accepted and why the team goes anyway. It is bound to
// one version and shown from then on.
type Override struct {
	Version     int       `json:"version"`
	Outstanding []StaffNo `json:"outstanding"`
	Names       []string  `json:"names" text:"line"`
	Reason      string    `json:"reason" text:"prose"`
	Stamp       Stamp     `json:"recorded"`
}

// Field names of the briefing forms.
const (
	FieldIssueNote      = "briefing.note"
	FieldVerbalAt       = "verbal.at"
	FieldVerbalRisks    = "verbal.risks"
	FieldVerbalQuestion = "verbal.questions"
	FieldConfirmNote    = "confirm.note"
	FieldOverride       = "override.reason"
)

// FieldConfirm is the field of confirmation item i.
func FieldConfirm(i int) string { return fmt.Sprintf("confirm.%d", i) }

// Current returns the latest issued version, if any.
func (b Briefing) Current() (BriefingVersion, bool) {
	if len(b.Versions) == 0 {
		return BriefingVersion{}, false
	}
	return b.Versions[len(b.Versions)-1], true
}

// Accepted returns the officer's acceptance of version n, if they gave one.
func (b Briefing) Accepted(sn StaffNo, n int) (Acceptance, bool) {
	for _, a := range b.Acceptances {
		if a.StaffNo == sn && a.Version == n {
			return a, true
		}
	}
	return Acceptance{}, false
}

// Outstanding lists the rostered officers who have not accepted the
// current version, in roster order. With no version issued, everyone is.
func (v *Visit) Outstanding() []RosterEntry {
	cur, _ := v.Briefing.Current()
	var out []RosterEntry
	for _, r := range v.Roster {
		if _, ok := v.Briefing.Accepted(r.StaffNo, cur.N); !ok || cur.N == 0 {
			out = append(out, r)
		}
	}
	return out
}

// OverrideFor returns the override of version n, if the OIC recorded one.
func (b Briefing) OverrideFor(n int) (Override, bool) {
	for i := len(b.Overrides) - 1; i >= 0; i-- {
		if b.Overrides[i].Version == n {
			return b.Overrides[i], true
		}
	}
	return Override{}, false
}

// BriefingStale reports whether the visit's order has changed since the
// current version was issued: the text officers accepted is no longer
// what the visit says (BRF-2).
func (v *Visit) BriefingStale() bool {
	cur, ok := v.Briefing.Current()
	return ok && cur.Digest != Digest(v.BriefingText())
}

// briefingEditable: the briefing is the OIC's to issue and record, from
// authorisation until deployment.
func (v *Visit) briefingEditable(actor Officer, what string) error {
	switch v.State {
	case Authorised, Briefed:
	case Tasked, Planning:
		return fmt.Errorf("%s is in %s: the briefing is issued once the visit is authorised (EPA-2)", v.Ref, v.State)
	default:
		return fmt.Errorf("%s is %s: the briefing can no longer change", v.Ref, v.State)
	}
	if oic, ok := v.Commander(CommandOIC); !ok {
		return fmt.Errorf("CMD-1: name the OIC on the roster tab first; the OIC %s", what)
	} else if oic.StaffNo != actor.StaffNo {
		return fmt.Errorf("only the OIC, %s, %s; you are signed in as %s", oic.Label(), what, actor.Label())
	}
	return nil
}

// IssueBriefing issues the order as it stands as the next version. The
// first issue moves an authorised visit to briefed. A re-issue voids every
// acceptance of earlier versions (BRF-2), and the change names whose.
func (v *Visit) IssueBriefing(note string, actor Officer, now time.Time) (Change, error) {
	if err := v.briefingEditable(actor, "issues the briefing"); err != nil {
		return Change{}, err
	}
	if len(v.Roster) == 0 {
		return Change{}, fmt.Errorf("roster the team first: a briefing is issued to the officers on it")
	}
	n, err := cleanText(note, MaxLong, true)
	if err != nil {
		return Change{}, ValidationError{{Field: FieldIssueNote, Msg: err.Error()}}
	}
	text := v.BriefingText()
	ver := BriefingVersion{N: len(v.Briefing.Versions) + 1, Text: text, Digest: Digest(text), Note: n, Issued: stamp(actor, now)}
	prev, had := v.Briefing.Current()
	if had && prev.Digest == ver.Digest {
		return Change{}, fmt.Errorf("version %d already says this; nothing in the order has changed since it was issued", prev.N)
	}
	if had && n == "" {
		return Change{}, ValidationError{{Field: FieldIssueNote, Rule: "BRF-2", Msg: "say what changed since version " + fmt.Sprint(prev.N) + ": the officers who accepted it must read this"}}
	}
	var voided []string
	if had {
		for _, r := range v.Roster {
			if _, ok := v.Briefing.Accepted(r.StaffNo, prev.N); ok {
				voided = append(voided, r.Label())
			}
		}
	}
	v.Briefing.Versions = append(v.Briefing.Versions, ver)
	oldN := ""
	if had {
		oldN = fmt.Sprint(prev.N)
	}
	c := Change{Action: fmt.Sprintf("briefing version %d issued", ver.N), Actor: actor.StaffNo, ActorName: actor.Name, At: now, Reason: n,
		Fields: []FieldChange{{Field: "briefing.version", Old: oldN, New: fmt.Sprint(ver.N)}, {Field: "briefing.digest", Old: prev.Digest, New: ver.Digest}}}
	if len(voided) > 0 {
		c.Fields = append(c.Fields, FieldChange{Field: "briefing.acceptances voided (BRF-2)", Old: strings.Join(voided, "; ")})
	}
	if v.State == Authorised {
		v.State = Briefed
		v.History = append(v.History, StateChange{From: Authorised, To: Briefed, At: now, By: actor.StaffNo, ByName: actor.Name, Reason: "briefing version 1 issued"})
		c.Fields = append(c.Fields, FieldChange{Field: "state", Old: string(Authorised), New: string(Briefed)})
	}
	v.touch(actor, now)
	return c, nil
}

// AcceptBriefing records that actor, themselves, read, understood and
// accepted version n. It is refused for an officer not on the team, for a
// version that is not the current one, and for a briefing the order has
// moved on from (BRF-2): nobody accepts on another's behalf, because the
// actor is whoever is signed in.
func (v *Visit) AcceptBriefing(n int, actor Officer, now time.Time) (Change, error) {
	switch v.State {
	case Briefed, Deployed:
	default:
		return Change{}, fmt.Errorf("%s is %s: there is no briefing to accept", v.Ref, v.State)
	}
	if _, on := v.Rostered(actor.StaffNo); !on {
		return Change{}, fmt.Errorf("BRF-1: %s is not on the team for %s; only a rostered officer accepts its briefing", actor.Label(), v.Ref)
	}
	cur, ok := v.Briefing.Current()
	if !ok {
		return Change{}, fmt.Errorf("BRF-1: no briefing has been issued for %s yet", v.Ref)
	}
	if n != cur.N {
		return Change{}, fmt.Errorf("BRF-2: version %d has been replaced by version %d; read and accept version %d", n, cur.N, cur.N)
	}
	if v.BriefingStale() {
		return Change{}, fmt.Errorf("BRF-2: the order has changed since version %d was issued; the OIC must issue a new version before it is accepted", cur.N)
	}
	if a, done := v.Briefing.Accepted(actor.StaffNo, n); done {
		return Change{}, fmt.Errorf("you accepted version %d at %s", n, a.At.Format(DateTimeLayout))
	}
	v.Briefing.Acceptances = append(v.Briefing.Acceptances, Acceptance{StaffNo: actor.StaffNo, Name: actor.Name, Version: n, Digest: cur.Digest, At: now})
	v.touch(actor, now)
	return Change{Action: fmt.Sprintf("briefing version %d accepted by %s", n, actor.Label()), Actor: actor.StaffNo, ActorName: actor.Name, At: now,
		Fields: []FieldChange{{Field: "briefing.accepted." + string(actor.StaffNo), New: fmt.Sprintf("version %d (%s)", n, cur.Digest[:12])}}}, nil
}

// VerbalInput is the verbal briefing form.
type VerbalInput struct {
	At          string
	Risks       string
	Questions   string // "Q? A" one a line, or "none"
	NoQuestions bool
}

// ParseVerbal reads the verbal briefing. It is given on the day of the
// visit, the same date on cfg's calendar (BRF-3): the evening before is
// not the day, however few hours before it is. Each line of Questions is
// a question and its answer, split at the first "?" ("Dogs on site? None
// known"); a question with no answer is refused, since BRF-5 wants both.
func (v *Visit) ParseVerbal(in VerbalInput, cfg Config, now time.Time) (VerbalBriefing, error) {
	var p problems
	vb := VerbalBriefing{NoQuestions: in.NoQuestions}
	if t, err := ParseDateTime(in.At, now); err != nil {
		p.add(FieldVerbalAt, err.Error())
	} else if t.After(now.Add(time.Minute)) {
		p.add(FieldVerbalAt, "cannot be in the future: record the briefing once it is given")
	} else if msg := v.verbalOffDay(t, cfg); msg != "" {
		p.rule(FieldVerbalAt, "BRF-3", msg+"; record the briefing given to the team that day")
	} else {
		vb.At = t
	}
	vb.Risks = p.text(FieldVerbalRisks, in.Risks, MaxLong, false)
	if vb.Risks == "" && !p.has(FieldVerbalRisks) {
		p.rule(FieldVerbalRisks, "BRF-3", "say which salient risks were discussed")
	}
	qs := p.text(FieldVerbalQuestion, in.Questions, MaxLong, false)
	if strings.EqualFold(qs, "none") {
		qs, vb.NoQuestions = "", true
	}
	for _, line := range strings.Split(qs, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		q, a, ok := strings.Cut(line, "?")
		if !ok || strings.TrimSpace(a) == "" {
			p.rule(FieldVerbalQuestion, "BRF-5", fmt.Sprintf("%q has no answer: write the question, a ?, then the answer", line))
			break
		}
		vb.Questions = append(vb.Questions, QA{Question: strings.TrimSpace(q) + "?", Answer: strings.TrimSpace(a)})
	}
	if len(vb.Questions) > 0 && vb.NoQuestions {
		p.rule(FieldVerbalQuestion, "BRF-5", "questions are listed and \"no questions\" is ticked; choose one")
	}
	if len(vb.Questions) == 0 && !vb.NoQuestions && !p.has(FieldVerbalQuestion) {
		p.rule(FieldVerbalQuestion, "BRF-5", "list each question and its answer, or write none if nobody asked")
	}
	return vb, p.err()
}

// verbalOffDay says why a verbal briefing at t is not on the day of the
// visit (BRF-3), or "" if it is or the visit has no planned start.
func (v *Visit) verbalOffDay(t time.Time, cfg Config) string {
	s := v.Basics.PlannedStart
	if s.IsZero() {
		return ""
	}
	day, on := cfg.LocalDate(s), cfg.LocalDate(t)
	if on == day {
		return ""
	}
	return fmt.Sprintf("the verbal briefing is given on the day of the visit, %s; %s is %s", day.UK(), t.In(cfg.Location()).Format(DateTimeLayout), dayWord(on, day))
}

// dayWord reads "the day before", "2 days before" or "the day after".
func dayWord(on, day Date) string {
	n := int(day.In(time.UTC).Sub(on.In(time.UTC)).Hours() / 24)
	switch {
	case n == 1:
		return "the day before"
	case n > 1:
		return plural(n, "day") + " before"
	case n == -1:
		return "the day after"
	}
	return plural(-n, "day") + " after"
}

// RecordVerbal records the verbal briefing given on the day (BRF-3, BRF-5).
func (v *Visit) RecordVerbal(vb VerbalBriefing, actor Officer, now time.Time) (Change, error) {
	if err := v.briefingEditable(actor, "records the verbal briefing"); err != nil {
		return Change{}, err
	}
	if len(v.Briefing.Versions) == 0 {
		return Change{}, fmt.Errorf("issue the briefing first (b): the verbal briefing goes over it")
	}
	old := v.Briefing.Verbal
	vb.Stamp = stamp(actor, now)
	v.Briefing.Verbal = &vb
	v.touch(actor, now)
	f := []FieldChange{{Field: "verbal.at", New: vb.At.Format(DateTimeLayout)}, {Field: "verbal.risks", New: vb.Risks}, {Field: "verbal.questions", New: fmt.Sprint(len(vb.Questions))}}
	if old != nil {
		f[0].Old, f[1].Old, f[2].Old = old.At.Format(DateTimeLayout), old.Risks, fmt.Sprint(len(old.Questions))
	}
	return Change{Action: "verbal briefing recorded", Actor: actor.StaffNo, ActorName: actor.Name, At: now, Fields: f}, nil
}

// Confirm records the OIC's pre-deployment confirmation of every BRF-4
// item for the current version. ticked[i] is item i of ConfirmItems. An
// item the record contradicts is refused with the rule that says so: the
// OIC cannot confirm gold, silver and bronze in place while CMD-1 blocks,
// police notified while an ONF rule blocks, or the order circulated while
// it is stale.
func (v *Visit) Confirm(ticked []bool, note string, cfg Config, actor Officer, now time.Time) (Change, error) {
	if err := v.briefingEditable(actor, "confirms deployment"); err != nil {
		return Change{}, err
	}
	cur, ok := v.Briefing.Current()
	if !ok {
		return Change{}, fmt.Errorf("issue the briefing first (b): the confirmation covers an issued order")
	}
	var p problems
	for i, item := range ConfirmItems {
		if i >= len(ticked) || !ticked[i] {
			p.rule(FieldConfirm(i), "BRF-4", "confirm "+item)
		}
	}
	fs := cfg.Readiness(v, now)
	contra := func(i int, rules ...string) {
		for _, f := range Blocking(fs) {
			if slices.Contains(rules, f.Rule) && !p.has(FieldConfirm(i)) {
				p.rule(FieldConfirm(i), f.Rule, "cannot be confirmed: "+f.Message)
			}
		}
	}
	contra(0, "EPA-1", "EPA-2", "EPA-3")
	contra(1, "CHK-1", "CHK-2", "TSK-2")
	contra(2, "ONF-1", "ONF-2", "ONF-3", "ONF-4", "ONF-5")
	contra(4, "CMD-1")
	contra(5, "BRF-2")
	contra(6, "CMD-1")
	n, err := cleanText(note, MaxLong, true)
	if err != nil {
		p.add(FieldConfirmNote, err.Error())
	}
	if len(p) > 0 {
		return Change{}, p.err()
	}
	v.Briefing.Confirm = &Confirmation{Version: cur.N, Note: n, Stamp: stamp(actor, now)}
	v.touch(actor, now)
	return Change{Action: "deployment confirmed (BRF-4)", Actor: actor.StaffNo, ActorName: actor.Name, At: now, Reason: n,
		Fields: []FieldChange{{Field: "confirmation.version", New: fmt.Sprint(cur.N)}}}, nil
}

// OverrideAcceptances records the OIC's decision to deploy although the
// officers named have not accepted the current version (BRF-1). It needs a
// reason, and from then on BRF-1 reports the override instead of blocking.
func (v *Visit) OverrideAcceptances(reason string, actor Officer, now time.Time) (Change, error) {
	if err := v.briefingEditable(actor, "overrides missing acceptances"); err != nil {
		return Change{}, err
	}
	cur, ok := v.Briefing.Current()
	if !ok {
		return Change{}, fmt.Errorf("issue the briefing first (b): there is nothing to accept yet")
	}
	out := v.Outstanding()
	if len(out) == 0 {
		return Change{}, fmt.Errorf("every officer has accepted version %d; there is nothing to override", cur.N)
	}
	r, err := cleanText(reason, MaxLong, true)
	if err != nil {
		return Change{}, ValidationError{{Field: FieldOverride, Msg: err.Error()}}
	}
	if len(r) < 10 {
		return Change{}, ValidationError{{Field: FieldOverride, Rule: "BRF-1", Msg: "say why the team deploys without these acceptances; it is shown on the visit from now on"}}
	}
	o := Override{Version: cur.N, Reason: r, Stamp: stamp(actor, now)}
	for _, e := range out {
		o.Outstanding = append(o.Outstanding, e.StaffNo)
		o.Names = append(o.Names, e.Label())
	}
	v.Briefing.Overrides = append(v.Briefing.Overrides, o)
	v.touch(actor, now)
	return Change{Action: fmt.Sprintf("missing acceptances of version %d overridden (BRF-1)", cur.N), Actor: actor.StaffNo, ActorName: actor.Name, At: now, Reason: r,
		Fields: []FieldChange{{Field: "override.outstanding", New: strings.Join(o.Names, "; ")}}}, nil
}

// Deploy moves a briefed visit to deployed. It is refused, listing every
// blocking finding, while any stands: missing acceptances (unless
// overridden), a stale briefing, no verbal briefing or confirmation, and
// every planning rule that still blocks (CHK-2's final check, an overdue
// ONF without a phone check).
func (v *Visit) Deploy(cfg Config, actor Officer, now time.Time) (Change, error) {
	if err := v.CanTransition(Deployed); err != nil {
		return Change{}, err
	}
	if b := Blocking(cfg.Readiness(v, now)); len(b) > 0 {
		return Change{}, &BlockedError{Ref: v.Ref, To: Deployed, Findings: b}
	}
	if oic, ok := v.Commander(CommandOIC); ok && oic.StaffNo != actor.StaffNo {
		return Change{}, fmt.Errorf("only the OIC, %s, deploys the team; you are signed in as %s", oic.Label(), actor.Label())
	}
	reason := "deployed"
	cur, _ := v.Briefing.Current()
	if o, ok := v.Briefing.OverrideFor(cur.N); ok {
		reason = fmt.Sprintf("deployed with acceptances overridden (%s): %s", strings.Join(o.Names, "; "), o.Reason)
	}
	from := v.State
	v.State = Deployed
	v.History = append(v.History, StateChange{From: from, To: Deployed, At: now, By: actor.StaffNo, ByName: actor.Name, Reason: reason})
	v.touch(actor, now)
	return Change{Action: "state: " + string(from) + " → " + string(Deployed), Actor: actor.StaffNo, ActorName: actor.Name, At: now, Reason: reason,
		Fields: []FieldChange{{Field: "state", Old: string(from), New: string(Deployed)}}}, nil
}
