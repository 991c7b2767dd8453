package domaintest

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"oic/domain"
)

// VisitAndClose takes a visit deployed by Deploy through the visit itself
// and its closure, through the domain's own steps: the on-site team arrives
// at the planned start, enters by consent, meets one worker without the
// right to work (arrested, no statutory excuse) and one who is cleared,
// seizes a passport and leaves an hour later, serving a civil penalty
// referral notice and booking the worker into custody; the OIC writes every section
// of the debrief, with each officer's feedback, and closes it at closeAt.
// oic is the officer Deploy named.
func VisitAndClose(v *domain.Visit, oic domain.Officer, closeAt time.Time) error {
	if err := RecordVisit(v, oic); err != nil {
		return err
	}
	return DebriefAndClose(v, oic, closeAt)
}

// DebriefAndClose is the second half of VisitAndClose: the debrief, each
// on-site officer's feedback, and the closure at closeAt.
func DebriefAndClose(v *domain.Visit, oic domain.Officer, closeAt time.Time) error {
	at := v.Basics.PlannedStart.Add(2 * time.Hour)
	for id, in := range Debrief(v) {
		if _, err := v.SetDebriefSection(id, in, oic, at); err != nil && !errors.Is(err, domain.ErrNoChange) {
			return fmt.Errorf("debrief %s: %w", id, err)
		}
	}
	for _, r := range v.Roster {
		if !r.OnSite() {
			continue
		}
		in := map[string]string{domain.FieldDbfWentWell: "rear cover in place before entry", domain.FieldDbfImprove: "a second van for the arrest"}
		if _, err := v.SetTeamFeedback(r.StaffNo, in, oic, at); err != nil {
			return fmt.Errorf("feedback of %s: %w", r.StaffNo, err)
		}
	}
	_, err := v.Close(domain.DefaultConfig(), oic, closeAt)
	return err
}

// RecordVisit records the live visit of VisitAndClose, as oic, ending an
// hour after the planned start with everyone departed.
func RecordVisit(v *domain.Visit, oic domain.Officer) error {
	start := v.Basics.PlannedStart
	var team []string
	for _, r := range v.Roster {
		if r.OnSite() {
			team = append(team, string(r.StaffNo))
		}
	}
	// The worker arrested is the third entry recorded here.
	worker := strconv.Itoa(len(v.Timeline) + 3)
	entries := []struct {
		kind domain.EntryKind
		at   time.Time
		in   domain.EntryInput
	}{
		{domain.EntryArrival, start, domain.EntryInput{Officers: strings.Join(team, " ")}},
		{domain.EntryEntry, start.Add(time.Minute), domain.EntryInput{Power: "informed consent", ConsentBy: "Mr A Shah, the manager"}},
		{domain.EntryEncounter, start.Add(10 * time.Minute), domain.EntryInput{Person: domain.PersonInput{Name: "Arben Hoxha", Nationality: "Albanian",
			DOB: "03/04/1994", DocNo: "AL1234567", Outcome: "arrested", Excuse: "not shown"}}},
		{domain.EntryEncounter, start.Add(15 * time.Minute), domain.EntryInput{Person: domain.PersonInput{Name: "Mei Chen", Nationality: "Chinese", Outcome: "cleared"}}},
		{domain.EntrySeizure, start.Add(20 * time.Minute), domain.EntryInput{Seizure: domain.SeizureInput{Item: "Passport (Albanian)", Exhibit: "AS/1", Seal: "M0012345"}}},
		{domain.EntryDeparture, start.Add(time.Hour), domain.EntryInput{Officers: strings.Join(team, " ")}},
		// The notice on the employer for the worker arrested (OUT-1), and
		// his booking into custody (CUS-1).
		{domain.EntryDecision, start.Add(time.Hour + time.Minute), domain.EntryInput{Decision: domain.DecisionInput{Notice: "civil penalty referral notice",
			EmployerName: "Golden Dragon Ltd", EmployerAddress: v.Basics.Premises.Address, Workers: worker, ExcuseShown: "not shown"}}},
		{domain.EntryCustody, start.Add(90 * time.Minute), domain.EntryInput{Custody: domain.CustodyInput{Person: worker, Suite: "Croydon police station", Interpreter: "yes"}}},
	}
	for _, e := range entries {
		te, err := v.ParseEntry(e.kind, e.in, e.at)
		if err != nil {
			return fmt.Errorf("%s: %w", e.kind, err)
		}
		if _, err := v.Record(te, oic, e.at); err != nil {
			return fmt.Errorf("%s: %w", e.kind, err)
		}
	}
	return nil
}

// Debrief is a complete debrief of the visit VisitAndClose records, section
// by section (team feedback aside).
func Debrief(v *domain.Visit) map[domain.SectionID]map[string]string {
	subjects := map[string]string{}
	for _, s := range v.Subjects {
		if s.Withdrawn == "" && s.Name != "Arben Hoxha" {
			subjects[domain.FieldDbfSubject(s.ID)] = "not present"
			subjects[domain.FieldDbfSubjectNote(s.ID)] = "the manager says they left in October"
		}
	}
	out := map[domain.SectionID]map[string]string{
		domain.SecResources:    {domain.FieldDbfPPE: "full PPE, stab vests"},
		domain.SecSubjects:     subjects,
		domain.SecSanctions:    {domain.FieldDbfSanctions: "civil penalty referral notice", domain.FieldDbfSanctionNote: "no statutory excuse for Arben Hoxha"},
		domain.SecSafeguarding: {domain.FieldDbfNoSafeguard: "yes"},
		domain.SecIntel:        {domain.FieldDbfIntelRating: "partly accurate", domain.FieldDbfIntelComment: "one worker found without the right to work; two were reported"},
		domain.SecPremises:     {domain.FieldDbfPremises: "Rear gate to the alley is padlocked; the manager holds the keys."},
		domain.SecEmployer:     {domain.FieldDbfRecords: "no right-to-work records kept", domain.FieldDbfEmpComment: "no copies of documents for any kitchen staff"},
		domain.SecEngagement:   {domain.FieldDbfEngagement: "Right-to-work guidance leaflet given to the manager and explained"},
		domain.SecProblems:     {domain.FieldDbfProblems: "none"},
		domain.SecStandDown:    {domain.FieldDbfHeld: "Croydon office, in person, after the visit"},
	}
	if slices.Contains(v.SectionIDs(), domain.SecIncident) {
		out[domain.SecIncident] = map[string]string{domain.FieldDbfPostIncident: "Reviewed with the duty CIO the next morning; no complaint made"}
	}
	return out
}
