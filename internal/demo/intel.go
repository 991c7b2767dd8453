package demo

import (
	"math/rand/v2"
	"slices"
	"strings"

	"oic/domain"
)

// Intelligence, tasking and outcome wording. Templates use {name} for the
// premises and {noun} for what they are ("car wash"), so one sentence fits
// every sector.

// priorityWeights: bucket 1 (national campaign) is rare, 6 (no named
// subject) common, and most intelligence sits in 2-5 (NAO 2020, figure 9).
var priorityWeights = newWeighted(0, 4, 22, 18, 12, 30, 14)

// namedSummaries describe intelligence naming at least one subject.
var namedSummaries = []string{
	"Allegation via the online reporting form that a named overstayer works long hours in the {noun} at {name} for cash.",
	"Police intelligence that a subject wanted on an immigration matter is working at {name} and living above the premises.",
	"Member of the public reports that staff at the {noun} are paid below the minimum wage and that one has no right to work.",
	"HMRC referral: workers not on the payroll seen at {name} on several weekday mornings, one of them named.",
	"Licensing officer reports staff at {name} who could not produce identity documents during an inspection.",
	"Crimestoppers report that a named person whose visa expired last year is working at the {noun}.",
	"Former employee alleges that the owner of {name} knowingly employs people without permission to work.",
	"Partner agency intelligence that workers at the {noun} are housed by the employer and may be under a third party's control.",
	"Open-source checks show {name} advertising for staff with cash-in-hand pay; a named subject is linked to the premises.",
	"Intelligence that a student working at {name} is exceeding the 20 hours a week allowed in term time.",
	"Subject absconded from reporting and is believed to be working shifts at the {noun}.",
}

// harmSummaries are for bucket 4: harm, which needs police coordination.
var harmSummaries = []string{
	"Police intelligence that a foreign national offender subject to deportation action is working at {name}; police coordination required.",
	"Intelligence that a subject working at the {noun} may carry a bladed weapon; police coordination required.",
	"Reports that workers at {name} have their passports held by the employer, indicating possible exploitation.",
}

// unnamedSummaries are for bucket 6: no named subject.
var unnamedSummaries = []string{
	"Anonymous allegation that several unidentified staff at the {noun} have no right to work.",
	"Member of the public reports unknown workers arriving at {name} before opening time and leaving after midnight.",
	"Licensing intelligence that staff at {name} change frequently and are not on the payroll; no subject named.",
	"Trading standards officers noted staff at the {noun} who left by the back door when they arrived.",
	"Local authority environmental health officer reports people sleeping on the premises at {name}.",
}

// revisitSummaries are for premises visited before (REC-5).
var revisitSummaries = []string{
	"Further allegation about {name}, visited before, that new staff without the right to work have been taken on.",
	"Follow-up intelligence after the previous visit to {name}: the employer is again using workers without permission to work.",
	"Repeat report from a member of the public that the {noun} at {name} is employing illegal workers despite an earlier civil penalty.",
}

func fill(tmpl, name, noun string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tmpl, "{name}", name), "{noun}", noun)
}

// summary writes the one-sentence intelligence summary.
func summary(r *rand.Rand, priority int, revisit bool, p premises) string {
	s := &sectors[p.sector]
	switch {
	case revisit && chance(r, 0.7):
		return fill(pick(r, revisitSummaries), p.name, s.noun)
	case priority == 6:
		return fill(pick(r, unnamedSummaries), p.name, s.noun)
	case priority == 4:
		return fill(pick(r, harmSummaries), p.name, s.noun)
	}
	return fill(pick(r, namedSummaries), p.name, s.noun)
}

// forum: national campaigns go to the National Tasking Board; most local
// work is adopted at a local tasking meeting (ICIBI 5.1).
func forum(r *rand.Rand, priority int) string {
	switch {
	case priority == 1:
		return "National Tasking Board"
	case priority <= 3 && chance(r, 0.65), priority == 4 && chance(r, 0.5):
		return "Regional Tasking Board"
	}
	return "Local tasking meeting"
}

var rationales = []string{
	"Intelligence graded B2 and corroborated by open-source checks; proportionate to act within the month.",
	"Named subject has no outstanding application or leave; an arrest visit is necessary and proportionate.",
	"Fits the current illegal working campaign priorities; resources are available in the period.",
	"Premises in the local campaign area; no community tension markers known.",
	"Low-harm intelligence, but checks confirm the subject is an overstayer; adopted as an NTB priority.",
	"Several independent reports about the same premises; threshold for a visit met.",
	"Employer previously warned; a visit is needed to test compliance and engage the business.",
}

var harmRationales = []string{
	"Harm indicators justify an arrest visit with police support; ONF to flag the weapon marker.",
	"Exploitation indicators: joint visit with partner agencies agreed; safeguarding lead to attend.",
}

var revisitRationales = []string{
	"Repeat allegation about premises visited before; the earlier visit found illegal working.",
	"Previous civil penalty not deterring the employer; revisit adopted to test compliance.",
}

func rationale(r *rand.Rand, priority int, revisit bool) string {
	switch {
	case revisit && chance(r, 0.6):
		return pick(r, revisitRationales)
	case priority == 4:
		return pick(r, harmRationales)
	}
	return pick(r, rationales)
}

// Reasons a visit is called off. Cancelled: before officers are committed;
// stood down: on the day, before or just after arrival.
var cancelReasons = []string{
	"Recce found premises closed down",
	"Subject confirmed in detention",
	"Subject granted leave to remain; intelligence no longer actionable",
	"Premises under new ownership; checks show right-to-work records in order",
	"Duplicate of a visit already planned by another team",
	"Subject left the UK voluntarily",
	"Intelligence found to be malicious on further development",
	"Police advised of community tensions in the area; visit to be re-tasked",
}

var standDownBefore = []string{
	"Police unable to support on the day",
	"Resources redeployed to a critical incident",
	"Warrant not granted in time",
	"Intelligence update on the morning of the visit raised officer safety concerns",
	"Insufficient arrest-trained officers available after sickness",
	"Vehicle breakdown; too few officers to deploy safely",
}

var standDownOnSite = []string{
	"Premises found closed on arrival",
	"Premises empty on arrival; no staff present",
	"Crowd gathered on arrival; OIC stood down for officer safety",
}

// followUpNote is the reason given as the visit moves to follow-up, from
// the sanctions its debrief records.
func followUpNote(r *rand.Rand, v *domain.Visit) string {
	switch s := v.Debrief.Sanctions; {
	case slices.Contains(s, "licensing referral"):
		return "Licensing review requested; feedback report sent to the police force that returned the ONF."
	case slices.Contains(s, "civil penalty referral notice"):
		return pick(r, []string{
			"Referral notice sent to the Civil Penalty Compliance Team; intelligence feedback sent to the police.",
			"Civil penalty referral passed on; intelligence feedback sent to the originator.",
		})
	}
	return "Intelligence feedback sent to the originator and the police."
}

var assuranceNotes = []string{
	"First-line assurance: compliant.",
	"First-line assurance: compliant; debrief detail commended.",
	"First-line assurance: compliant, with one action for the OIC on recording the power of entry.",
	"First-line assurance: prior-visit checks not evidenced; feedback given to the OIC.",
}
