package live

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"oic/domain"
	"oic/tui/form"
)

// The forms of the outcomes central records count: the decision on the
// employer (OUT-1), a booking into custody (CUS-1) and a partner agency
// present (JNT-1). The officer picks: the notice, the agency, whether an
// interpreter was needed from lists; the workers a notice covers by
// ticking them among the people found working illegally; the person
// booked in among those arrested.

// fieldLiveWorker is a worker's tick on the decision form.
const fieldLiveWorker = "live.worker."

func workerField(seq int) string { return fieldLiveWorker + strconv.Itoa(seq) }

var (
	noticeOptions = func() []form.Option {
		out := make([]form.Option, len(domain.Notices))
		for i, n := range domain.Notices {
			out[i] = form.Option{Value: string(n), Label: string(n)}
		}
		return out
	}()
	shownOptions  = form.Choices("not shown", "shown")
	yesNoOptions  = form.Choices("no", "yes")
	agencyOptions = func() []form.Option {
		out := make([]form.Option, len(domain.Agencies))
		for i, a := range domain.Agencies {
			out[i] = form.Option{Value: string(a), Label: string(a)}
		}
		return out
	}()
)

// personOf is "#3 Arben Hoxha, arrested 06:15".
func (tb *Tab) personOf(e domain.TimelineEntry) string {
	return fmt.Sprintf("#%d %s, %s %s", e.Seq, e.Person.Name, e.Person.Outcome, tb.clock(e.At))
}

// outcomeFields adds the fields of an outcome entry's form; ok is false
// for another kind.
func (tb *Tab) outcomeFields(f *form.Form, kind domain.EntryKind, m map[string]string) bool {
	const noteHint = "optional: anything else worth recording"
	switch kind {
	case domain.EntryDecision:
		f.Choice(domain.FieldDecisionNotice, "Notice", noticeOptions, m[domain.FieldDecisionNotice]).
			Text(domain.FieldDecisionEmployer, "Employer", "the business or person the notice is served on", m[domain.FieldDecisionEmployer]).
			Text(domain.FieldDecisionAddress, "Address", "where it is served", m[domain.FieldDecisionAddress]).
			Section("Workers it covers (one notice per worker)")
		for _, e := range tb.V.IllegalWorkers() {
			f.Toggle(workerField(e.Seq), fmt.Sprintf("#%d %s", e.Seq, e.Person.Name), m[workerField(e.Seq)] == "yes")
		}
		f.Choice(domain.FieldDecisionExcuse, "Statutory excuse", shownOptions, m[domain.FieldDecisionExcuse]).
			Text(domain.FieldEntryText, "Note", noteHint, m[domain.FieldEntryText])
	case domain.EntryCustody:
		var opts []form.Option
		for _, e := range tb.V.Arrests() {
			opts = append(opts, form.Option{Value: strconv.Itoa(e.Seq), Label: tb.personOf(e)})
		}
		f.Choice(domain.FieldCustodyPerson, "Booked in", opts, m[domain.FieldCustodyPerson]).
			Text(domain.FieldCustodySuite, "Custody suite", "e.g. Croydon police station", m[domain.FieldCustodySuite]).
			Choice(domain.FieldCustodyInterprete, "Interpreter needed", yesNoOptions, m[domain.FieldCustodyInterprete]).
			Text(domain.FieldEntryText, "Note", noteHint, m[domain.FieldEntryText])
		f.Text(domain.FieldEntryAt, "Booked in at", "the time on the custody record: 08:10, or 25/11/2026 08:10", m[domain.FieldEntryAt])
		return true
	case domain.EntryAgency:
		f.Choice(domain.FieldAgency, "Agency", agencyOptions, m[domain.FieldAgency]).
			Text(domain.FieldAgencyName, "Name", "for another agency, its name; optional for the others", m[domain.FieldAgencyName]).
			Text(domain.FieldEntryText, "Note", noteHint, m[domain.FieldEntryText])
	default:
		return false
	}
	whenField(f, m)
	return true
}

// outcomeDefaults fill a new outcome entry's form: the notice served on
// the premises' business for every worker not yet covered, with the
// excuse their encounters record; the first arrest not yet booked in;
// the police.
func (tb *Tab) outcomeDefaults(v *domain.Visit, kind domain.EntryKind, m map[string]string) {
	switch kind {
	case domain.EntryDecision:
		covered := map[int]bool{}
		for _, d := range v.Decisions() {
			for _, w := range d.Decision.Workers {
				covered[w] = true
			}
		}
		shown, any := true, false
		for _, e := range v.IllegalWorkers() {
			if covered[e.Seq] {
				continue
			}
			m[workerField(e.Seq)] = "yes"
			any = true
			shown = shown && e.Person.Excuse == domain.ExcuseShown
		}
		m[domain.FieldDecisionNotice], m[domain.FieldDecisionExcuse] = string(domain.NoticeCPRN), "not shown"
		if any && shown {
			m[domain.FieldDecisionNotice], m[domain.FieldDecisionExcuse] = string(domain.NoticeNoAction), "shown"
		}
		m[domain.FieldDecisionEmployer], m[domain.FieldDecisionAddress] = v.Basics.Premises.Name, v.Basics.Premises.Address
	case domain.EntryCustody:
		booked := map[int]bool{}
		for _, e := range v.Effective() {
			if e.Custody != nil {
				booked[e.Custody.Person] = true
			}
		}
		for _, e := range v.Arrests() {
			if !booked[e.Seq] {
				m[domain.FieldCustodyPerson] = strconv.Itoa(e.Seq)
				break
			}
		}
		m[domain.FieldCustodyInterprete] = "no"
	case domain.EntryAgency:
		m[domain.FieldAgency] = string(domain.AgencyPolice)
	}
}

// outcomeValues add an outcome entry's values as its form shows them.
func outcomeValues(e domain.TimelineEntry, m map[string]string) {
	if d := e.Decision; d != nil {
		m[domain.FieldDecisionNotice] = string(d.Notice)
		m[domain.FieldDecisionEmployer], m[domain.FieldDecisionAddress] = d.Employer.Name, d.Employer.Address
		for _, w := range d.Workers {
			m[workerField(w)] = "yes"
		}
		m[domain.FieldDecisionExcuse] = map[bool]string{true: "shown", false: "not shown"}[d.ExcuseShown]
	}
	if c := e.Custody; c != nil {
		m[domain.FieldCustodyPerson], m[domain.FieldCustodySuite] = strconv.Itoa(c.Person), c.Suite
		m[domain.FieldCustodyInterprete] = map[bool]string{true: "yes", false: "no"}[c.Interpreter]
	}
	if a := e.Agency; a != nil {
		m[domain.FieldAgency], m[domain.FieldAgencyName] = string(a.Agency), a.Name
	}
	if p := e.Person; p != nil {
		m[domain.FieldPersonInterview] = map[bool]string{true: "yes"}[p.Interviewed]
		m[domain.FieldPersonBiometrics] = map[bool]string{true: "yes"}[p.Biometrics]
	}
}

// outcomeInput turns the workers ticked into the decision's entry
// numbers and takes the ticks out.
func outcomeInput(kind domain.EntryKind, in map[string]string) {
	var ws []int
	for k, val := range in {
		if rest, ok := strings.CutPrefix(k, fieldLiveWorker); ok {
			if n, err := strconv.Atoi(rest); err == nil && val == "yes" {
				ws = append(ws, n)
			}
			delete(in, k)
		}
	}
	if kind != domain.EntryDecision {
		return
	}
	slices.Sort(ws)
	parts := make([]string, len(ws))
	for i, n := range ws {
		parts[i] = strconv.Itoa(n)
	}
	in[domain.FieldDecisionWorkers] = strings.Join(parts, " ")
}

// outcomeEntryInput adds the outcome fields to what ParseEntry takes.
func outcomeEntryInput(in map[string]string, ei *domain.EntryInput) {
	ei.Person.Interviewed, ei.Person.Biometrics = in[domain.FieldPersonInterview], in[domain.FieldPersonBiometrics]
	ei.Decision = domain.DecisionInput{Notice: in[domain.FieldDecisionNotice], EmployerName: in[domain.FieldDecisionEmployer],
		EmployerAddress: in[domain.FieldDecisionAddress], Workers: in[domain.FieldDecisionWorkers], ExcuseShown: in[domain.FieldDecisionExcuse]}
	ei.Custody = domain.CustodyInput{Person: in[domain.FieldCustodyPerson], Suite: in[domain.FieldCustodySuite], Interpreter: in[domain.FieldCustodyInterprete]}
	ei.Agency = domain.AgencyInput{Agency: in[domain.FieldAgency], Name: in[domain.FieldAgencyName]}
}

// workerErrorField is where a problem with a notice's workers is shown:
// beside the worker it names first ("#3 ..."), else the first worker
// offered, else the notice itself.
func (tb *Tab) workerErrorField(msg string) string {
	ws := tb.V.IllegalWorkers()
	for _, e := range ws {
		if strings.HasPrefix(msg, fmt.Sprintf("#%d ", e.Seq)) {
			return workerField(e.Seq)
		}
	}
	if len(ws) > 0 {
		return workerField(ws[0].Seq)
	}
	return domain.FieldDecisionNotice
}
