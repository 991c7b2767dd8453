package live

import (
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"unicode"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/form"
)

// The live tab's forms: one per kind of entry, and one that corrects or
// voids an entry. Each is a planning form (drafts, Esc asks first, the
// domain's problems beside each field) opened already filled in as far as
// it can be, on the first field the officer has to type. On these forms
// enter records as soon as nothing needed is missing, and otherwise moves
// to the next field, so a note is n, its text and enter.

// liveForm is a planning form whose enter records once the entry is
// complete.
type liveForm struct{ *form.Screen }

// newLiveForm wraps fs, which then addresses its answers (a save's, a
// draft's) to the wrapper the screen stack holds.
func newLiveForm(fs *form.Screen) *liveForm {
	l := &liveForm{fs}
	fs.Host = l
	return l
}

func (l *liveForm) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	// On the last field, enter tries to record even when something is
	// wrong, so the problem is shown beside its field rather than enter
	// seeming to do nothing.
	if km, ok := msg.(tea.KeyMsg); ok && km.Type == tea.KeyEnter && !l.Asking() && !l.Busy() &&
		l.Form.Validate != nil && (l.Form.OnLastField() || l.Form.Validate(l.Form.Values()) == nil) {
		msg = tea.KeyMsg{Type: tea.KeyCtrlS}
	}
	_, cmd := l.Screen.Update(msg)
	return l, cmd
}

func (l *liveForm) ShortHelp() []key.Binding {
	if l.Asking() {
		return l.Screen.ShortHelp()
	}
	keys := []key.Binding{common.LiveFormKeys.Record, common.FormKeys.Next, common.FormKeys.Prev}
	if fl := l.Form.Focused(); fl != nil {
		switch fl.Kind {
		case form.ChoiceField:
			keys = append(keys, common.FormKeys.Choose)
		case form.ToggleField:
			keys = append(keys, common.FormKeys.Toggle)
		}
	}
	return append(keys, common.FormKeys.Leave)
}

func (l *liveForm) FullHelp() []common.HelpGroup {
	g := l.Screen.FullHelp()
	g[0].Keys = append([]key.Binding{common.LiveFormKeys.Record}, g[0].Keys...)
	return g
}

// Form-only fields: who arrived or left (one tick per officer) and
// whether a correction voids the entry.
const (
	fieldLiveOfficer = "live.officer."
	fieldLiveVoid    = "live.void"
)

func officerField(sn domain.StaffNo) string { return fieldLiveOfficer + string(sn) }

// liveTitles name each form.
var liveTitles = map[domain.EntryKind]string{
	domain.EntryArrival: "Arrived", domain.EntryDeparture: "Left the premises", domain.EntryEntry: "Entry made (PWR-2)",
	domain.EntryEncounter: "Person met", domain.EntrySeizure: "Seizure (PWR-3)", domain.EntrySafeguarding: "Safeguarding",
	domain.EntryReferral: "Referral", domain.EntryNote: "Note", domain.EntryIncident: "Critical incident (INC-1)",
	domain.EntryIncidentOver: "Stand the incident down", domain.EntryDecision: "Decision on the employer (OUT-1)",
	domain.EntryCustody: "Booked into custody (CUS-1)", domain.EntryAgency: "Partner agency present (JNT-1)",
}

// liveIntros say in a line or two what each form records.
var liveIntros = map[domain.EntryKind]string{
	domain.EntryArrival:      "Tick who arrived (space, or y / n), then enter. When is now unless you type the time it happened.",
	domain.EntryDeparture:    "Tick who left (space, or y / n), then enter. When is now unless you type the time it happened.",
	domain.EntryEntry:        "The power of entry used, as planned unless you change it, and who consented or the warrant's reference (PWR-2).",
	domain.EntryEncounter:    "Each person met and their outcome. Someone without the right to work: say whether the employer showed a statutory excuse.",
	domain.EntrySeizure:      "Every seizure records the item, its exhibit reference and the sealed bag's number (PWR-3).",
	domain.EntrySafeguarding: "A safeguarding step: vulnerability, an NRM or social services referral, or section 55 for children (ICIBI 6.46-6.52).",
	domain.EntryReferral:     "A referral the visit leads to: a licensing review, a closure notice, or another body. A civil penalty referral or no action notice is a decision on the employer (o).",
	domain.EntryDecision:     "The notice served on the employer: tick every worker it covers. Each person found working illegally is covered by exactly one decision (OUT-1).",
	domain.EntryCustody:      "Where someone arrested was booked in, when, and whether an interpreter was needed (CUS-1). The time is the custody record's, not before the arrest.",
	domain.EntryAgency:       "A partner agency on the visit: police, HMRC, licensing, GLAA, DWP or another by name. Any one makes it a joint operation (JNT-1).",
	domain.EntryNote:         "Anything else, as you would write it in your pocket notebook.",
	domain.EntryIncident:     "Declaring a critical incident puts it on every screen of the visit and alerts the duty CIO; what you write is kept for the post-incident review.",
	domain.EntryIncidentOver: "Say why the incident is over; it stays on the record beside its declaration.",
}

// newEntryForm opens the form for a new entry of kind.
func (tb *Tab) newEntryForm(kind domain.EntryKind) common.Screen {
	fs := tb.liveFormFor(kind, nil)
	switch kind {
	case domain.EntryEntry: // the power is set to the plan's; type what it needs
		switch domain.PowerKind(fs.Form.Values()[domain.FieldEntryPower]) {
		case domain.PowerConsent:
			fs.Form.FocusKey(domain.FieldEntryConsent)
		case domain.PowerWarrant, domain.PowerADLetter:
			fs.Form.FocusKey(domain.FieldEntryWarrant)
		case domain.PowerOther:
			fs.Form.FocusKey(domain.FieldEntryText)
		}
	}
	return newLiveForm(fs)
}

// newCorrectionForm corrects or voids entry e (or, for a correction, the
// entry it corrects), filled in as the entry now reads.
func (tb *Tab) newCorrectionForm(e domain.TimelineEntry) common.Screen {
	orig := e
	if e.Corrects != 0 {
		orig = tb.V.Timeline[e.Corrects-1]
	}
	return newLiveForm(tb.liveFormFor(orig.Kind, &orig))
}

// liveFormFor builds the form for kind, or for a correction of orig.
func (tb *Tab) liveFormFor(kind domain.EntryKind, orig *domain.TimelineEntry) *form.Screen {
	s := tb.S
	v := tb.V
	p := form.Part{
		Title: liveTitles[kind] + " · " + string(v.Ref),
		Intro: liveIntros[kind],
		Draft: "live-" + strings.ReplaceAll(string(kind), " ", "-"),
		Values: func(v *domain.Visit) map[string]string {
			return tb.liveDefaults(v, kind)
		},
		Fields: func(f *form.Form, m map[string]string) { tb.liveFields(f, kind, m) },
		Check: func(v *domain.Visit, m map[string]string) error {
			_, err := tb.liveApply(v.Clone(), kind, orig, m)
			return err
		},
		Save: func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
			return tb.liveApply(ev, kind, orig, m)
		},
		Describe: func(k, val string) string { return tb.liveDescribe(k, val) },
		Adds:     true,
	}
	if orig != nil {
		seq := orig.Seq
		p.Title = fmt.Sprintf("Correct #%d, %s · %s", seq, orig.Kind, v.Ref)
		p.Intro = fmt.Sprintf("A correction is a new entry beside #%d, which stays on the record struck through. Say why, then change what was wrong; "+
			"or tick Void if #%d should not have been made at all.", seq, seq)
		p.Draft = "live-correct-" + strconv.Itoa(seq)
		p.Values = func(v *domain.Visit) map[string]string {
			return tb.entryValues(latestOf(v, seq))
		}
		p.Fields = func(f *form.Form, m map[string]string) {
			f.Text(domain.FieldCorrectReason, "Why", "what was wrong, e.g. seal number digits transposed", m[domain.FieldCorrectReason]).
				Toggle(fieldLiveVoid, "Void", m[fieldLiveVoid] == "yes").
				Section(fmt.Sprintf("#%d as it should read", seq))
			tb.liveFields(f, kind, m)
		}
	}
	return form.NewPart(s, v, p)
}

// latestOf is entry seq as it now reads: its latest correction that is
// not a voiding, else the entry itself.
func latestOf(v *domain.Visit, seq int) domain.TimelineEntry {
	e := v.Timeline[seq-1]
	for _, c := range v.CorrectedBy(seq) {
		if !c.Void {
			e = c
		}
	}
	return e
}

// whenField is the time something happened: now unless typed.
func whenField(f *form.Form, m map[string]string) *form.Form {
	return f.Text(domain.FieldEntryAt, "When", "now, or the time it happened: 06:42, or 25/11/2026 06:42", m[domain.FieldEntryAt])
}

var (
	powerOptions = func() []form.Option {
		out := make([]form.Option, len(domain.Powers))
		for i, p := range domain.Powers {
			out[i] = form.Option{Value: string(p.Kind), Label: string(p.Kind)}
		}
		return out
	}()
	outcomeOptions = func() []form.Option {
		out := make([]form.Option, len(domain.Outcomes))
		for i, o := range domain.Outcomes {
			out[i] = form.Option{Value: string(o), Label: string(o)}
		}
		return out
	}()
	excuseOptions = func() []form.Option {
		out := make([]form.Option, len(domain.Excuses))
		for i, x := range domain.Excuses {
			out[i] = form.Option{Value: string(x), Label: string(x)}
		}
		return out
	}()
	safeguardingOptions = form.Choices(domain.SafeguardingKinds...)
	referralOptions     = form.Choices(domain.ReferralKinds...)
)

// liveFields adds kind's fields, filled from m.
func (tb *Tab) liveFields(f *form.Form, kind domain.EntryKind, m map[string]string) {
	const noteHint = "optional: anything else worth recording"
	if tb.outcomeFields(f, kind, m) {
		return
	}
	switch kind {
	case domain.EntryArrival, domain.EntryDeparture:
		for _, r := range tb.V.Roster {
			f.Toggle(officerField(r.StaffNo), r.Name, m[officerField(r.StaffNo)] == "yes")
		}
	case domain.EntryEntry:
		f.Choice(domain.FieldEntryPower, "Power used", powerOptions, m[domain.FieldEntryPower]).
			Text(domain.FieldEntryConsent, "Consent given by", "for informed consent: their name and who they are, e.g. Mr A Shah, manager", m[domain.FieldEntryConsent]).
			Text(domain.FieldEntryWarrant, "Warrant or letter", "for a warrant or an AD's letter: its reference", m[domain.FieldEntryWarrant]).
			Text(domain.FieldEntryText, "Note", "optional; for another power, say which", m[domain.FieldEntryText])
	case domain.EntryEncounter:
		f.Text(domain.FieldPersonName, "Person", "name (nationality), e.g. Mei Chen (Chinese); um / uf (Albanian) for unknown male / female", m[domain.FieldPersonName]).
			Choice(domain.FieldPersonOutcome, "Outcome", outcomeOptions, m[domain.FieldPersonOutcome]).
			Choice(domain.FieldPersonExcuse, "Employer's excuse", excuseOptions, m[domain.FieldPersonExcuse]).
			Text(domain.FieldPersonNat, "Nationality", "optional here if given in brackets after the name", m[domain.FieldPersonNat]).
			Text(domain.FieldPersonDOB, "Date of birth", "optional, e.g. 14/02/1994", m[domain.FieldPersonDOB]).
			Text(domain.FieldPersonDoc, "Document no", "optional: passport or identity card number", m[domain.FieldPersonDoc]).
			Toggle(domain.FieldPersonInterview, "Interviewed", m[domain.FieldPersonInterview] == "yes").
			Toggle(domain.FieldPersonBiometrics, "Biometrics checked", m[domain.FieldPersonBiometrics] == "yes").
			Text(domain.FieldEntryText, "Note", noteHint, m[domain.FieldEntryText])
	case domain.EntrySeizure:
		f.Text(domain.FieldSeizureItem, "Item seized", "e.g. Albanian passport; mobile phone", m[domain.FieldSeizureItem]).
			Text(domain.FieldSeizureSeal, "Sealed bag no", "the number on the evidence bag's seal", m[domain.FieldSeizureSeal]).
			Text(domain.FieldSeizureExhib, "Exhibit ref", "your initials and the next number, e.g. DO/1", m[domain.FieldSeizureExhib]).
			Text(domain.FieldEntryText, "Note", noteHint, m[domain.FieldEntryText])
	case domain.EntrySafeguarding, domain.EntryReferral:
		opts, label, hint := safeguardingOptions, "Step", "optional: who it concerns, or unknown male / female"
		if kind == domain.EntryReferral {
			opts, label, hint = referralOptions, "Referral to", "optional: the worker or employer it concerns"
		}
		// Who it concerns comes first: enter records as soon as the
		// step is chosen.
		f.Text(domain.FieldPersonName, "For", hint, m[domain.FieldPersonName]).
			Choice(domain.FieldSubtype, label, opts, m[domain.FieldSubtype]).
			Text(domain.FieldEntryText, "Note", noteHint, m[domain.FieldEntryText])
	case domain.EntryIncident:
		f.Text(domain.FieldEntryText, "What happened", "e.g. officer injured on the rear stairs; ambulance called", m[domain.FieldEntryText])
	case domain.EntryIncidentOver:
		f.Text(domain.FieldEntryText, "Why it is over", "e.g. officer taken to hospital; duty CIO informed", m[domain.FieldEntryText])
	default:
		f.Text(domain.FieldEntryText, "Note", "what happened, as you would write it in your notebook", m[domain.FieldEntryText])
	}
	whenField(f, m)
}

// liveDefaults fill a new entry's form: now, the officers expected, the
// power planned, the next exhibit number, an employer's excuse not yet
// known.
func (tb *Tab) liveDefaults(v *domain.Visit, kind domain.EntryKind) map[string]string {
	m := map[string]string{domain.FieldEntryAt: "now"}
	switch kind {
	case domain.EntryArrival, domain.EntryDeparture:
		for _, p := range v.Presence(tb.S.Now()) {
			tick := p.OnSite
			if kind == domain.EntryArrival {
				tick = !p.OnSite && p.Officer.OnSite()
			}
			if tick {
				m[officerField(p.Officer.StaffNo)] = "yes"
			}
		}
	case domain.EntryEntry:
		m[domain.FieldEntryPower] = string(domain.PowerConsent)
		if k := v.Plan.Power.Kind; k != "" {
			m[domain.FieldEntryPower] = string(k)
		}
	case domain.EntryEncounter:
		m[domain.FieldPersonExcuse] = string(domain.ExcuseUnknown)
	case domain.EntrySeizure:
		m[domain.FieldSeizureExhib] = nextExhibit(v, tb.S.Me)
	default:
		tb.outcomeDefaults(v, kind, m)
	}
	return m
}

// nextExhibit is the officer's initials and their next exhibit number:
// "DO/3" after DO/1 and DO/2.
func nextExhibit(v *domain.Visit, o domain.Officer) string {
	var ini strings.Builder
	for _, w := range strings.Fields(o.Name) {
		if r := []rune(w)[0]; unicode.IsLetter(r) {
			ini.WriteRune(unicode.ToUpper(r))
		}
	}
	prefix := ini.String() + "/"
	n := 0
	for _, e := range v.Timeline {
		if e.Seizure == nil {
			continue
		}
		if rest, ok := strings.CutPrefix(strings.ToUpper(e.Seizure.Exhibit), prefix); ok {
			if i, err := strconv.Atoi(rest); err == nil {
				n = max(n, i)
			}
		}
	}
	return prefix + strconv.Itoa(n+1)
}

// entryValues are an entry's values as its form shows them.
func (tb *Tab) entryValues(e domain.TimelineEntry) map[string]string {
	m := map[string]string{
		domain.FieldEntryAt:   e.At.In(tb.S.Loc).Format(domain.DateTimeLayout),
		domain.FieldEntryText: e.Text,
	}
	for _, sn := range e.Officers {
		m[officerField(sn)] = "yes"
	}
	if e.Power != "" {
		m[domain.FieldEntryPower], m[domain.FieldEntryConsent], m[domain.FieldEntryWarrant] = string(e.Power), e.ConsentBy, e.Warrant
	}
	if p := e.Person; p != nil {
		m[domain.FieldPersonName], m[domain.FieldPersonNat], m[domain.FieldPersonDoc] = p.Name, p.Nationality, p.DocNo
		m[domain.FieldPersonOutcome], m[domain.FieldPersonExcuse] = string(p.Outcome), string(p.Excuse)
		if !p.DOB.IsZero() {
			m[domain.FieldPersonDOB] = p.DOB.UK()
		}
	}
	if z := e.Seizure; z != nil {
		m[domain.FieldSeizureItem], m[domain.FieldSeizureExhib], m[domain.FieldSeizureSeal] = z.Item, z.Exhibit, z.Seal
	}
	if e.Subtype != "" {
		m[domain.FieldSubtype] = e.Subtype
	}
	outcomeValues(e, m)
	return m
}

// liveInput turns the form's values into the entry's fields, keyed by
// their domain names (entryInput types them for ParseEntry): the ticked
// officers as staff numbers, um / uf as unknown male / female, and no
// employer's excuse for someone cleared, who needs none.
func (tb *Tab) liveInput(kind domain.EntryKind, m map[string]string) map[string]string {
	in := maps.Clone(m)
	var sns []string
	for _, r := range tb.V.Roster {
		if m[officerField(r.StaffNo)] == "yes" {
			sns = append(sns, string(r.StaffNo))
		}
		delete(in, officerField(r.StaffNo))
	}
	if kind == domain.EntryArrival || kind == domain.EntryDeparture {
		in[domain.FieldEntryOfficers] = strings.Join(sns, ", ")
	}
	in[domain.FieldPersonName], in[domain.FieldPersonNat] = splitPerson(m[domain.FieldPersonName], m[domain.FieldPersonNat])
	if strings.EqualFold(strings.TrimSpace(m[domain.FieldPersonOutcome]), string(domain.OutcomeCleared)) {
		in[domain.FieldPersonExcuse] = ""
	}
	outcomeInput(kind, in)
	delete(in, fieldLiveVoid)
	delete(in, domain.FieldCorrectReason)
	return in
}

// entryInput is what liveInput made of the form, as ParseEntry takes it.
func entryInput(in map[string]string) domain.EntryInput {
	ei := domain.EntryInput{
		At: in[domain.FieldEntryAt], Officers: in[domain.FieldEntryOfficers], Text: in[domain.FieldEntryText],
		Power: in[domain.FieldEntryPower], ConsentBy: in[domain.FieldEntryConsent], Warrant: in[domain.FieldEntryWarrant],
		Person: domain.PersonInput{Name: in[domain.FieldPersonName], Nationality: in[domain.FieldPersonNat], DOB: in[domain.FieldPersonDOB],
			DocNo: in[domain.FieldPersonDoc], Outcome: in[domain.FieldPersonOutcome], Excuse: in[domain.FieldPersonExcuse]},
		Seizure: domain.SeizureInput{Item: in[domain.FieldSeizureItem], Exhibit: in[domain.FieldSeizureExhib], Seal: in[domain.FieldSeizureSeal]},
		Subtype: in[domain.FieldSubtype],
	}
	outcomeEntryInput(in, &ei)
	return ei
}

// splitPerson reads a person as the timeline writes them, "Mei Chen
// (Chinese)", when the nationality is not given on its own, and the
// notebook's um and uf for unknown male and female.
func splitPerson(name, nat string) (string, string) {
	if strings.TrimSpace(nat) == "" {
		if s := strings.TrimSpace(name); strings.HasSuffix(s, ")") {
			if i := strings.LastIndex(s, "("); i > 0 {
				name, nat = s[:i], s[i+1:len(s)-1]
			}
		}
	}
	return expandUnknown(name), strings.TrimSpace(nat)
}

// expandUnknown reads the notebook's um and uf.
func expandUnknown(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "um":
		return "Unknown male"
	case "uf":
		return "Unknown female"
	}
	return s
}

// liveApply parses the form into an entry, or a correction of orig, and
// records it on ev.
func (tb *Tab) liveApply(ev *domain.Visit, kind domain.EntryKind, orig *domain.TimelineEntry, m map[string]string) (domain.Change, error) {
	now := tb.S.Now()
	var e domain.TimelineEntry
	switch {
	case orig != nil && m[fieldLiveVoid] == "yes":
		e = domain.TimelineEntry{Kind: kind, Corrects: orig.Seq, Void: true, Reason: m[domain.FieldCorrectReason]}
	default:
		in := tb.liveInput(kind, m)
		if orig != nil && maps.Equal(filled(in), filled(tb.liveInput(kind, tb.entryValues(latestOf(ev, orig.Seq))))) {
			return domain.Change{}, domain.ValidationError{{Field: fieldLiveVoid,
				Msg: fmt.Sprintf("nothing is changed yet: change what was wrong below, or tick Void to strike #%d out", orig.Seq)}}
		}
		var err error
		if e, err = ev.ParseEntry(kind, entryInput(in), now); err != nil {
			return domain.Change{}, tb.officerErrors(err)
		}
		if orig != nil {
			e.Corrects, e.Reason = orig.Seq, m[domain.FieldCorrectReason]
		}
	}
	c, err := ev.Record(e, tb.S.Me, now)
	return c, tb.officerErrors(err)
}

// filled keeps the values that are not blank.
func filled(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		if strings.TrimSpace(v) != "" {
			out[k] = strings.TrimSpace(v)
		}
	}
	return out
}

// officerErrors puts a problem with who arrived or left beside the
// officer it names, or beside the first officer when it names none; and
// a problem with the workers a notice covers beside the worker it names
// (workerErrorField).
func (tb *Tab) officerErrors(err error) error {
	var ve domain.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	out := make(domain.ValidationError, len(ve))
	for i, fe := range ve {
		if fe.Field == domain.FieldDecisionWorkers {
			fe.Field = tb.workerErrorField(fe.Msg)
		}
		if fe.Field == domain.FieldEntryOfficers && len(tb.V.Roster) > 0 {
			fe.Field = officerField(tb.V.Roster[0].StaffNo)
			for _, r := range tb.V.Roster {
				if strings.Contains(fe.Msg, string(r.StaffNo)) {
					fe.Field = officerField(r.StaffNo)
					break
				}
			}
		}
		out[i] = fe
	}
	return out
}

// liveDescribe is the note under the focused field: who a tick is, what
// a power means, when "now" is.
func (tb *Tab) liveDescribe(k, val string) string {
	switch {
	case strings.HasPrefix(k, fieldLiveOfficer):
		sn := domain.StaffNo(strings.TrimPrefix(k, fieldLiveOfficer))
		r, _ := tb.V.Rostered(sn)
		for _, p := range tb.V.Presence(tb.S.Now()) {
			if p.Officer.StaffNo != sn {
				continue
			}
			where := "not arrived"
			switch {
			case p.OnSite:
				where = "on site since " + tb.clock(p.Arrived)
			case !p.Arrived.IsZero():
				where = "left at " + tb.clock(p.Departed)
			case !r.OnSite():
				where = "off site"
			}
			return fmt.Sprintf("%s · %s · %s", r.Label(), r.Roles(), where)
		}
	case k == domain.FieldEntryPower:
		return domain.PowerHint(domain.PowerKind(val))
	case k == domain.FieldPersonName:
		if name, nat := splitPerson(val, ""); name != val {
			return "→ " + common.Pick(nat == "", name, name+", "+nat)
		}
	case k == domain.FieldEntryAt:
		if at, err := domain.ParseWhen(val, tb.S.Now()); err == nil {
			return "→ " + at.Format("Mon 02 Jan 15:04") + common.Pick(strings.TrimSpace(val) == "" || strings.EqualFold(strings.TrimSpace(val), "now"), " (now)", "") +
				" · or type the time it happened: 06:42"
		}
	}
	return ""
}
