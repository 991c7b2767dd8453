package demo

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"time"

	"oic/domain"
)

// First-line assurance in the demo (ASR-1, ASR-2): a CIO or HMI of the
// team who was not on the visit reviews its record as it stands, answers
// each checklist item from what the record shows (a blocking finding of
// the rule an item rests on is an item not met), rates it and gives the
// OIC feedback; most OICs acknowledge it within days. Its draws come from
// a stream of the visit's own, so assuring a visit never changes the
// visits generated after it.

// evAcknowledge is the OIC acknowledging the assurance feedback (ASR-2),
// a pending event like those in briefing.go. Its value stands apart from
// that list's, so a kind added there never takes it.
const evAcknowledge evKind = 64

// asrNotMet are notes an assurer writes on an item not met, by item.
var asrNotMet = map[string]string{
	"epa":          "The EPA's risks are thin for the rating given; record each risk with its mitigation before authorising.",
	"checks":       "Not every mandatory check is on the record for the address and each subject; record CID, PNC and CRS before the visit.",
	"onf":          "The ONF was not back in time and no phone check to the police intelligence unit is recorded (ONF-3).",
	"recce":        "The recce relies on imagery over a year old; a walk-by or current imagery was needed.",
	"briefing":     "Not every officer accepted the briefing before deployment; the override reason does not say who briefed them.",
	"power":        "The power of entry used does not say who gave consent and in what capacity.",
	"seizures":     "A seizure is recorded without its sealed bag number.",
	"safeguarding": "No record that vulnerability was considered for the workers encountered.",
	"notices":      "The referral notice decision is not recorded for each worker found.",
	"interviews":   "An interview is mentioned in the debrief but its record is not on file.",
	"examinations": "Examinations of the people encountered are not recorded in line with guidance.",
	"debrief":      "The debrief is brief on the intelligence and the employer's records.",
	"postvisit":    "The outcome has not been fed back to the police force that returned the ONF (ONF-7).",
}

// asrItemRules are the rule prefixes whose blocking finding on the closed
// record makes an item not met.
var asrItemRules = map[string][]string{
	"epa": {"EPA-", "PLAN-", "COMM-"}, "checks": {"CHK-", "TSK-2"}, "onf": {"ONF-1", "ONF-2", "ONF-3", "ONF-4", "ONF-5", "ONF-6"},
	"recce": {"REC-"}, "briefing": {"BRF-"}, "power": {"PWR-1", "PWR-2"}, "seizures": {"PWR-3"},
	"debrief": {"DBF-"}, "postvisit": {"ONF-7"},
}

// visitRand is the visit's own stream of draws.
func visitRand(v *domain.Visit, stream uint64) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(v.Ref))
	h.Write([]byte(v.CreatedAt.UTC().Format(time.RFC3339)))
	return rand.New(rand.NewPCG(h.Sum64(), 0x6f6963646d6f0000|stream))
}

// assurer is st.by if they may assure the visit, else another manager of
// the team who may, else a Grade 7 who may; nil if none may.
func (g *generator) assurer(r *rand.Rand, v *domain.Visit, p *pool, by *domain.Officer) *domain.Officer {
	if by != nil && g.cfg.MayAssure(v, *by) == nil {
		return by
	}
	start := r.IntN(len(p.managers) + 1)
	for i := range p.managers {
		o := &p.officers[p.managers[(start+i)%len(p.managers)]]
		if g.cfg.MayAssure(v, *o) == nil {
			return o
		}
	}
	for _, o := range g.g7s {
		if g.cfg.MayAssure(v, *o) == nil {
			return o
		}
	}
	return nil
}

// assure records the checklist and marks the visit assured, as one
// sitting of the assurer; the OIC's acknowledgement is set going for
// later.
func (g *generator) assure(v *domain.Visit, b *brief, p *pool, st *step) (domain.Change, error) {
	r := visitRand(v, 3)
	by := g.assurer(r, v, p, st.by)
	if by == nil {
		return domain.Change{}, fmt.Errorf("%s: no officer who may assure it (ASR-2)", v.Ref)
	}
	m := g.checklist(r, v, st.at)
	c1, err := v.SetAssurance(g.cfg, m, *by, st.at)
	if err != nil {
		return c1, err
	}
	c2, err := v.Assure(g.cfg, *by, st.at)
	if err != nil {
		return c2, err
	}
	c2.Action = c1.Action + "; " + c2.Action
	c2.Fields = append(c1.Fields, c2.Fields...)
	// Three in four OICs acknowledge the feedback within ten days, the
	// rest within two months: only those assured lately have it waiting
	// at their sign-in, as in a team that reads its feedback (a notice of
	// feedback from years ago at every start was the demo's, not an
	// officer's).
	if oic, ok := g.byNo[v.OICStaffNo()]; ok {
		from, until := st.at.Add(time.Hour), st.at.Add(10*24*time.Hour)
		if !chance(r, 0.75) {
			from, until = until, st.at.Add(60*24*time.Hour)
		}
		b.push(ev{at: workInstant(r, from, until), kind: evAcknowledge, by: oic})
	}
	return c2, nil
}

// acknowledge records the OIC's acknowledgement of the feedback.
func (g *generator) acknowledge(v *domain.Visit, e *ev) (domain.Change, bool, error) {
	if !v.Assurance.FeedbackPending() {
		return domain.Change{}, false, nil
	}
	c, err := v.AcknowledgeFeedback(*e.by, e.at)
	return c, err == nil, err
}

// checklist answers the checklist from the record as it stands at the
// assurance, with the rating and the feedback it leads to: green with
// nothing not met (ICIBI figure 9: most), amber with one or two, red with
// more, or with the power of entry not met (a possible legal breach).
func (g *generator) checklist(r *rand.Rand, v *domain.Visit, at time.Time) map[string]string {
	blocked := map[string]bool{}
	for _, f := range domain.Blocking(g.cfg.Readiness(v, at)) {
		for id, prefixes := range asrItemRules {
			for _, pre := range prefixes {
				if strings.HasPrefix(f.Rule, pre) {
					blocked[id] = true
				}
			}
		}
	}
	var seized, encountered, safeguarded bool
	for _, e := range v.Effective() {
		switch e.Kind {
		case domain.EntrySeizure:
			seized = true
		case domain.EntryEncounter:
			encountered = true
		case domain.EntrySafeguarding:
			safeguarded = true
		}
	}
	na := map[string]bool{"seizures": !seized, "notices": !encountered, "interviews": !encountered, "examinations": !encountered,
		"safeguarding": !encountered && !safeguarded}
	m := map[string]string{}
	var notMet []string
	for _, c := range domain.AssuranceChecklist {
		ans := domain.AnswerMet
		switch {
		case na[c.ID]:
			ans = domain.AnswerNotApplicable
		case blocked[c.ID] || chance(r, 0.04):
			// The record the rules see, and what only the assurer's
			// reading finds (an interview not written up).
			ans = domain.AnswerNotMet
			m[domain.FieldAsrNote(c.ID)] = asrNotMet[c.ID]
			notMet = append(notMet, c.ID)
		}
		m[domain.FieldAsrAnswer(c.ID)] = string(ans)
	}
	rating, feedback := domain.Green, pick(r, asrGreen)
	switch {
	case len(notMet) >= 3 || (len(notMet) > 0 && notMet[0] == "power"):
		rating, feedback = domain.Red, pick(r, asrRed)
	case len(notMet) > 0:
		rating, feedback = domain.Amber, pick(r, asrAmber)
	}
	m[domain.FieldAsrRating], m[domain.FieldAsrFeedback] = string(rating), feedback
	return m
}

var (
	asrGreen = []string{
		"A well-recorded visit: checks, ONF and recce all on file before authorisation. Keep it up.",
		"Compliant throughout. The debrief's premises notes will help the next team.",
		"Good record. The briefing acceptances were complete before deployment.",
	}
	asrAmber = []string{
		"Mostly compliant; see the items not met and put them right on your next visit. Talk to me if the guidance is unclear.",
		"Sound operation, but the record falls short where marked. Please read the notes and acknowledge.",
	}
	asrRed = []string{
		"Several items not met, one of them a possible legal issue. Book a review with me this week before your next deployment as OIC.",
		"The record does not show the visit was run in line with guidance. We will go through the items not met together.",
	}
)
