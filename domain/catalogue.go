package domain

import (
	"slices"
	"strings"
	"unicode"
)

// Rule is one rule of DOMAIN.md in plain words: what it says, where it comes
// from and what to do. The offline guide is built from this catalogue and
// every Finding names one of its IDs, so the guide and the findings cannot
// disagree (ICIBI recommendation 2: guidance on the go).
type Rule struct {
	ID       string `json:"id"`
	Area     string `json:"area"`
	Title    string `json:"title"`
	Says     string `json:"says"`   // the rule, in plain words
	Why      string `json:"why"`    // what went wrong without it
	Do       string `json:"do"`     // what to do to meet it
	Source   string `json:"source"` // ICIBI paragraph or other source
	Practice bool   `json:"practice,omitempty"`
}

// Areas, in the order of a visit's life.
const (
	AreaTasking  = "Tasking"
	AreaPlanning = "Planning"
	AreaChecks   = "Mandatory checks"
	AreaONF      = "Police notification (ONF)"
	AreaRecce    = "Reconnaissance"
	AreaBriefing = "Briefing"
	AreaLive     = "The live visit"
	AreaDebrief  = "Debrief and closure"
	AreaAssure   = "Assurance and measures"
)

// Catalogue is every rule of DOMAIN.md, in the order of a visit's life.
var Catalogue = []Rule{
	{ID: "TSK-1", Area: AreaTasking, Title: "Tasking decision recorded",
		Says:   "The tasking decision is recorded: adopted or not, by which forum, when, and why. Intelligence carries its reference, the date received and its priority bucket 1-6.",
		Why:    "Decisions to visit (or not) must be auditable; without the rationale nobody can later say why a premises was chosen.",
		Do:     "Edit the visit (e) and record the decision, forum, time and rationale. A visit whose decision was reversed is cancelled with that reason, not edited.",
		Source: "Home Office response to ICIBI, 2015, 4.4; NAO 2020, figure 9"},
	{ID: "TSK-2", Area: AreaTasking, Title: "Stale intelligence and checks", Practice: true,
		Says:   "Intelligence and checks go stale. Checks older than the configured age (28 days by default) on the day of the visit are flagged to be re-run, and so is intelligence older than 90 days.",
		Why:    "ICE teams may act months after intelligence arrives; a check from weeks ago may no longer be true.",
		Do:     "Re-run the stale check and record the new result; re-confirm old intelligence before deploying.",
		Source: "NAO 2020, figure 13"},
	{ID: "EPA-1", Area: AreaPlanning, Title: "Every visit has a risk rating",
		Says:   "Every visit has an Enforcement Planning Assessment (EPA) with a risk rating: green, amber or red. No rating is impossible.",
		Why:    "449 of 3,796 illegal-working operations in 2022-23 had no clear EPA rating on PRONTO.",
		Do:     "Open the EPA on the planning tab and choose the rating, with the risks found and how each is mitigated.",
		Source: "ICIBI 5.3, 5.27"},
	{ID: "EPA-2", Area: AreaPlanning, Title: "Authorised at the right grade",
		Says:   "The authorising officer's grade must match the rating: green needs a CIO or above, amber an HMI or above, red an Assistant Director / Grade 7 or above. The authorising officer records it, signed in as themselves; nobody records it on their behalf. Who assessed, who authorised and when are recorded. The assessor should not authorise their own assessment.",
		Why:    "The authoriser must be satisfied the assessment was done to the right level before the visit goes ahead.",
		Do:     "The authorising officer signs in as themselves (u on the planning tab, or oic --as STAFFNO) and presses A. If the rating, risks, PLAN, community impact or power of entry change later, or the start moves beyond what the checks and the police notification cover, the authorisation is void and must be given again.",
		Source: "ICIBI 5.4-5.8"},
	{ID: "EPA-3", Area: AreaPlanning, Title: "Red needs an ECIA",
		Says:   "A red-rated visit needs a completed Equality and Community Impact Assessment (ECIA) before it is authorised.",
		Why:    "Red visits carry significant risk to communities as well as officers.",
		Do:     "Record the ECIA's reference, who completed it, when, and its conclusion on the planning tab.",
		Source: "ICIBI 5.6, 5.23-5.24"},
	{ID: "EPA-4", Area: AreaPlanning, Title: "The operational order",
		Says:   "Amber and red visits need a full IIMARCH operational order: Information, Intention, Method, Administration, Risk assessment, Communications, Human rights and other legal issues. Green visits get the short digital order: visit details, intelligence overview, address, power of entry with a map link, subjects with offence and photograph reference, roles and the authorisation.",
		Why:    "The order is what every officer is briefed from; a gap in it is a gap in the briefing.",
		Do:     "For amber and red, complete each IIMARCH section on the planning tab. For green, the digital order is assembled from the visit: fill in what it shows as missing.",
		Source: "ICIBI 5.10, 6.3-6.4"},
	{ID: "EPA-5", Area: AreaPlanning, Title: "Risks and mitigations recorded", Practice: true,
		Says:   "The risks identified and the mitigation for each are recorded for every rating, green included.",
		Why:    "Green visits need record only the rating and authoriser, which left inspectors questioning how rigorous the assessment was.",
		Do:     "List each risk found in the EPA with what will be done about it. If none beyond the usual, say so and name the standard protocols relied on.",
		Source: "ICIBI 5.8"},
	{ID: "PLAN-1", Area: AreaPlanning, Title: "PLAN assessment",
		Says:   "A PLAN assessment is recorded: is the visit proportionate, legal, accountable and necessary? Each element has its rationale.",
		Why:    "PLAN is part of the EPA and is authorised with it.",
		Do:     "Write one or two sentences for each of the four elements on the planning tab.",
		Source: "ICIBI 5.9, 5.11"},
	{ID: "COMM-1", Area: AreaPlanning, Title: "Community impact considered",
		Says:   "Community impact is considered and recorded for every visit, not only red ones.",
		Why:    "Inspectors found no recognised way of understanding community tension, and impact considered only for red visits (recommendation 1).",
		Do:     "Record the likely impact on the community (tensions, nearby schools or places of worship, timing) and how it will be reduced.",
		Source: "ICIBI 1.4, 5.23-5.26, recommendation 1"},
	{ID: "CHK-1", Area: AreaChecks, Title: "Mandatory checks",
		Says:   "Mandatory checks are done and recorded for each named subject (CID/Atlas, CRS, PNC, PRONTO) and for the address (CID/Atlas, PNC, PRONTO), plus any other security checks. Each check records the system, the subject or address, the result, who and when. A check cannot be dated after the visit.",
		Why:    "Inspectors found mandatory checks not completed and not recorded in line with guidance.",
		Do:     "On the planning tab, add each check as it is done, with its result.",
		Source: "ICIBI 5.12-5.14"},
	{ID: "CHK-2", Area: AreaChecks, Title: "Final status check within 24 hours",
		Says:   "A final status check is made within the 24 hours before the visit, for each named subject (or the address when nobody is named).",
		Why:    "Status changes: a subject may have been granted leave, removed or detained since the first checks.",
		Do:     "Within 24 hours of the planned start, run the status check and record it as a final status check.",
		Source: "ICIBI 5.14"},
	{ID: "PWR-1", Area: AreaPlanning, Title: "Intended power of entry",
		Says:   "The intended power of entry is recorded at planning: informed consent, section 179 Licensing Act 2003 (licensed premises), a warrant (para 17(2) schedule 2 Immigration Act 1971), an Assistant Director's letter (s.28CA Immigration Act 1971), or another power with the reason.",
		Why:    "Second-line assurance found the wrong powers used, or powers not used properly.",
		Do:     "Choose the intended power on the planning tab; for a warrant or letter give its reference when known.",
		Source: "ICIBI 6.39-6.40, figure 6"},
	{ID: "ONF-1", Area: AreaONF, Title: "An ONF for every visit",
		Says:   "An Operational Notification Form goes to the local police force for every visit. The Metropolitan Police has alternative arrangements, which are recorded instead.",
		Why:    "The ONF tells the police of the visit, asks for help where needed, and gathers police intelligence on subjects and addresses.",
		Do:     "Record the ONF: force, when sent, and whether police assistance is requested.",
		Source: "ICIBI 5.15"},
	{ID: "ONF-2", Area: AreaONF, Title: "Sent at least 3 days before",
		Says:   "The ONF is sent no fewer than 3 days before the visit.",
		Why:    "The police need time to check their systems.",
		Do:     "Send the ONF as soon as the visit is planned; if it went late, make the phone check before deploying.",
		Source: "ICIBI 5.15"},
	{ID: "ONF-3", Area: AreaONF, Title: "72 hours to return, or a phone check",
		Says:   "The police have 72 hours to return the ONF. If it is not back in time, the visit may go ahead only after a telephone check with the police intelligence unit about warning markers, adverse information and community tensions, recorded with the time, the contact and the outcome.",
		Why:    "Some regions relied on \"implied consent\" when the police did not answer.",
		Do:     "Phone the police intelligence unit and record the time, who you spoke to and what they said.",
		Source: "ICIBI 5.15-5.17"},
	{ID: "ONF-4", Area: AreaONF, Title: "Returned signed and complete",
		Says:   "A returned ONF must be signed by the police and have every section complete. Accepting an unsigned or incomplete form is a finding.",
		Why:    "Inspectors found teams accepting incomplete and unsigned ONFs, which matters if an incident occurs.",
		Do:     "Send an incomplete or unsigned ONF back to the police, or make the phone check.",
		Source: "ICIBI 1.2, 5.18"},
	{ID: "ONF-5", Area: AreaONF, Title: "Valid for one calendar month",
		Says:   "A returned ONF is valid for one calendar month.",
		Why:    "Police intelligence and community tensions change.",
		Do:     "If the visit slips past the month, send a new ONF.",
		Source: "ICIBI 5.15"},
	{ID: "ONF-6", Area: AreaONF, Title: "Police information feeds the risk rating",
		Says:   "Warning markers and community tension information from the ONF feed the risk assessment, visibly.",
		Why:    "Inspectors could not see how ONF information was used in EPA ratings.",
		Do:     "Review the EPA rating and risks after the ONF returns, and record the markers as risks with mitigations.",
		Source: "ICIBI 5.25"},
	{ID: "ONF-7", Area: AreaONF, Title: "Feedback to the police", Practice: true,
		Says:   "After the visit, the outcome is fed back to the police force that returned the ONF (intelligence feedback report).",
		Why:    "Police intelligence improves when they learn what was found.",
		Do:     "Record the feedback report as a follow-up entry after closing the visit.",
		Source: "Published parliamentary answers on the ONF"},
	{ID: "REC-1", Area: AreaRecce, Title: "A recce for every arrest visit",
		Says:   "A reconnaissance is recorded for every arrest visit, one that names subjects or is planned with a power to arrest (a warrant, an Assistant Director's letter): its type (virtual, walk-by, drive-past), who and when.",
		Why:    "Inspectors found a largely arbitrary approach to reconnaissance.",
		Do:     "Record the recce on the recce tab.",
		Source: "ICIBI 5.20-5.22"},
	{ID: "REC-2", Area: AreaRecce, Title: "Imagery has a date", Practice: true,
		Says:   "A virtual recce records each source and the date of its imagery; imagery older than the configured age (12 months by default) is flagged.",
		Why:    "The report cites entrances that had moved and premises extended since the street imagery was taken.",
		Do:     "Note the imagery date shown by the mapping service; if it is old, do a physical recce.",
		Source: "ICIBI 5.21-5.22"},
	{ID: "REC-3", Area: AreaRecce, Title: "What the recce found",
		Says:   "Record the number of occupants, entry and exit points, the layout and wider geographic factors (for example a cul-de-sac).",
		Why:    "These decide where rear cover goes and how many officers are needed.",
		Do:     "Fill in each part of the recce record.",
		Source: "ICIBI 5.20, 6.24"},
	{ID: "REC-4", Area: AreaRecce, Title: "RIPA for a physical recce",
		Says:   "A physical recce records the RIPA 2000 consideration: is it covert, is it likely to obtain private information, and the authorisation reference or why none is needed. A covert recce, or one likely to obtain private information, needs the authorisation's reference: no reason stands in for it.",
		Why:    "Covert surveillance without authorisation is unlawful.",
		Do:     "Answer the RIPA questions on the recce record.",
		Source: "ICIBI 5.21"},
	{ID: "REC-5", Area: AreaRecce, Title: "What earlier visits learned",
		Says:   "Knowledge of a premises from earlier visits (entrances, layout, hazards, previous outcomes) is shown when planning a new visit to it.",
		Why:    "Such knowledge lived in officers' heads and left with them.",
		Do:     "Read the premises history before planning, and leave premises notes in every debrief.",
		Source: "ICIBI 5.25, 7.3"},
	{ID: "CMD-1", Area: AreaBriefing, Title: "Command structure",
		Says:   "Every visit has exactly one OIC and named gold (strategic), silver (tactical) and bronze (operational) commanders. The bronze commander is usually the OIC; both must be arrest-trained and at least IO grade. Every officer on the team has a role.",
		Why:    "A clear command structure is what manages a critical incident; the guidance requires it for every operational visit.",
		Do:     "On the roster tab, give the command roles to officers on the team (OIC and bronze: arrest-trained, IO or above).",
		Source: "ICIBI 6.1-6.2 (DOMAIN.md, People, grades and roles)"},
	{ID: "CMD-2", Area: AreaBriefing, Title: "Arrest refresher in date",
		Says:   "An arrest officer does a yearly technical refresher. Giving an arrest role to an officer whose refresher is over a year old is a warning.",
		Why:    "Arrest skills fade; the Home Office committed to a yearly refresher.",
		Do:     "Give the arrest role to an officer whose refresher is in date, or record a newer refresher on their profile.",
		Source: "Home Office response to ICIBI, 2015, 5.4"},
	{ID: "BRF-1", Area: AreaBriefing, Title: "Every officer accepts the briefing",
		Says:   "Every rostered officer records that they have read, understood and accepted the briefing. Deployment is blocked until all have, or the OIC records an override with a reason.",
		Why:    "Inspectors found acceptances missing.",
		Do:     "Each officer signs in as themselves and accepts the current briefing version.",
		Source: "ICIBI 1.6, 6.5, 6.7"},
	{ID: "BRF-2", Area: AreaBriefing, Title: "A changed briefing is accepted again", Practice: true,
		Says:   "A change to the briefing after an officer accepted it voids that acceptance.",
		Why:    "An officer must have accepted what they will act on.",
		Do:     "Ask the officers named to accept the new version.",
		Source: "practice"},
	{ID: "BRF-3", Area: AreaBriefing, Title: "Verbal briefing on the day",
		Says:   "A verbal briefing on the day is recorded, with any salient risks discussed: the same UK calendar day as the visit, not the evening before.",
		Why:    "Best practice is a briefing immediately before the operation.",
		Do:     "Record the verbal briefing's time and the risks discussed.",
		Source: "ICIBI 6.3, 6.5"},
	{ID: "BRF-4", Area: AreaBriefing, Title: "Pre-deployment confirmation",
		Says:   "Before deployment the OIC confirms: authorisations still valid, information current, police notified, equipment available, gold, silver and bronze in place, order circulated, roles allocated.",
		Why:    "These are the OIC's responsibilities under the guidance.",
		Do:     "Work through the confirmation on the briefing tab before deploying.",
		Source: "ICIBI 6.2"},
	{ID: "BRF-5", Area: AreaBriefing, Title: "Questions and answers recorded", Practice: true,
		Says:   "Questions asked at the briefing, and their answers, are recorded.",
		Why:    "What was asked and answered is part of what officers were told.",
		Do:     "Add each question and its answer to the briefing record.",
		Source: "practice, from incident-management briefing forms"},
	{ID: "PWR-2", Area: AreaLive, Title: "Power of entry used",
		Says:   "The power of entry actually used is recorded; informed consent records who consented; a warrant records its reference.",
		Why:    "Second-line assurance found discrepancies in the powers used and how they were recorded.",
		Do:     "Record the entry on the live timeline with the power, and who consented or the warrant reference.",
		Source: "ICIBI 6.41-6.42"},
	{ID: "PWR-3", Area: AreaLive, Title: "Seizures sealed and recorded",
		Says:   "Every seizure records the item, the exhibit reference and a sealed bag number.",
		Why:    "Unsealed, unrecorded property invites allegations of theft.",
		Do:     "Record each seizure on the live timeline with its exhibit and seal numbers.",
		Source: "ICIBI 1.11"},
	{ID: "INC-1", Area: AreaLive, Title: "Critical incident",
		Says:   "A critical incident can be declared by the OIC at any time. It is time-stamped, alerts the duty CIO, stands out on every screen of the visit until it is stood down, and its notes are kept for post-incident review.",
		Why:    "Critical incidents need the gold, silver and bronze structure to act at once, and a record for the review after.",
		Do:     "Declare it on the live tab (!) with what happened; stand it down (!) with why it is over.",
		Source: "ICIBI 6.23, 6.28, footnote 3 (DOMAIN.md, The live visit)"},
	{ID: "OUT-1", Area: AreaLive, Title: "A decision on the employer for every illegal worker",
		Says:   "For every person found working illegally, the decision on the employer is recorded: a civil penalty referral notice or a no action notice, the employer's name and address, the workers it covers and whether a statutory excuse was shown. Each worker is covered by exactly one decision, so a notice covering three workers is one notice.",
		Why:    "Central records count notices and the workers they cover; a notice recorded twice, or not at all, makes the count wrong.",
		Do:     "Press o on the live tab: the notice, the employer, and tick each worker it covers.",
		Source: "ICIBI 7.26, 7.29, figure 8"},
	{ID: "JNT-1", Area: AreaLive, Title: "Partner agencies recorded",
		Says:   "Partner agencies present (police, HMRC, local authority licensing, GLAA, DWP, others by name) are recorded, so joint operations can be counted.",
		Why:    "About 15% of visits nationally are joint operations; without a record they cannot be counted.",
		Do:     "Press p on the live tab for each agency present.",
		Source: "ICIBI 5.39, 6.57-6.62"},
	{ID: "CUS-1", Area: AreaLive, Title: "Custody recorded for each arrest",
		Says:   "Each arrest records the custody suite, the time booked in (not before the arrest) and whether an interpreter was needed.",
		Why:    "Custody is where the arrest's record continues; the suite and the time are asked for afterwards.",
		Do:     "Press c on the live tab once they are booked in; if they were not taken to custody, say why in a note.",
		Source: "MPS/UKBA 2010, 22"},
	{ID: "DBF-1", Area: AreaDebrief, Title: "A structured debrief",
		Says:   "Every visit gets a structured debrief: resources, entry and power, subjects and outcomes, people encountered, sanctions, safeguarding and referrals, feedback on the intelligence, premises notes, employer compliance, engagement, team feedback and stand-down time. \"No offenders encountered\" alone does not pass.",
		Why:    "Debriefs had no standard structure and some were one line.",
		Do:     "Complete each section of the debrief tab; most are filled from the visit record.",
		Source: "ICIBI 7.1-7.7, figure 7, recommendation 5"},
	{ID: "DBF-2", Area: AreaDebrief, Title: "Everyone departed, every form complete",
		Says:   "Before closing, every officer is marked departed and every form is complete.",
		Why:    "The OIC must account for every officer.",
		Do:     "Record each officer's departure and finish the forms the debrief lists.",
		Source: "ICIBI 6.33"},
	{ID: "DBF-3", Area: AreaDebrief, Title: "Closed within 48 hours",
		Says:   "The visit is closed no later than 48 hours after it took place; an overdue closure is an alert for the duty CIO.",
		Why:    "Memories fade and follow-up actions wait on the debrief.",
		Do:     "Debrief and close the visit promptly.",
		Source: "ICIBI 6.33"},
	{ID: "DBF-4", Area: AreaDebrief, Title: "Process problems recorded",
		Says:   "The debrief records process problems met (warrant late, intelligence stale, subject no longer at the address, police unavailable) so they can be counted and fed back.",
		Why:    "Problems not counted are not fixed.",
		Do:     "Tick each problem met in the debrief.",
		Source: "NAO 2020, 3.19-3.21"},
	{ID: "ASR-1", Area: AreaAssure, Title: "First-line assurance",
		Says:   "A CIO or HMI reviews a closed visit against a checklist covering planning (checks, ONF, recce) and the second-line areas (notices served, interviews, power of entry, examinations, post-visit actions). Each item is applicable or not, compliant or not, with a comment; the OIC sees the feedback.",
		Why:    "Formal first-line assurance had been suspended.",
		Do:     "Ask the duty CIO or an HMI to review the closed visit.",
		Source: "ICIBI 7.36-7.55"},
	{ID: "MOE-1", Area: AreaAssure, Title: "Measures of effect",
		Says:   "Measure effect, not only effort: outcomes, arrests, detentions, referral notices, safeguarding and NRM referrals, joint operations, powers used, risk ratings, debrief completeness, briefing acceptance, ONF timeliness, check completion, time to closure, by team and period.",
		Why:    "Inspectors found activity counted but not its effect.",
		Do:     "Keep each record complete: the measures are drawn from it.",
		Source: "ICIBI 7.8-7.34"},
}

var ruleIndex = func() map[string]int {
	m := make(map[string]int, len(Catalogue))
	for i, r := range Catalogue {
		m[r.ID] = i
	}
	return m
}()

// RuleByID returns the catalogue entry for id (case-insensitive).
func RuleByID(id string) (Rule, bool) {
	i, ok := ruleIndex[strings.ToUpper(strings.TrimSpace(id))]
	if !ok {
		return Rule{}, false
	}
	return Catalogue[i], true
}

// ruleOrder is a rule's place in the catalogue, for sorting findings.
func ruleOrder(id string) int {
	if i, ok := ruleIndex[id]; ok {
		return i
	}
	return len(Catalogue)
}

// SearchRules returns the rules in which every word of query begins a
// word of the rule's ID, area, title or text (case-insensitive), in
// catalogue order; all rules for an empty query. Words match from their
// start, so "ONF" finds the ONF rules and not "confirm". An ID typed
// exactly comes first.
func SearchRules(query string) []Rule {
	words := strings.Fields(strings.ToLower(query))
	var out []Rule
	for i, r := range Catalogue {
		if !slices.ContainsFunc(words, func(w string) bool { return !hasPrefixWord(ruleWords[i], w) }) {
			out = append(out, r)
		}
	}
	if len(words) == 1 {
		if i := slices.IndexFunc(out, func(r Rule) bool { return strings.EqualFold(r.ID, words[0]) }); i > 0 {
			r := out[i]
			out = append(out[:i], out[i+1:]...)
			out = append([]Rule{r}, out...)
		}
	}
	return out
}

// ruleWords holds each catalogue rule's words, lower case, split on
// anything but letters, digits and hyphens (so "ONF-3" stays one word and
// also matches "onf").
var ruleWords = func() [][]string {
	out := make([][]string, len(Catalogue))
	for i, r := range Catalogue {
		out[i] = strings.FieldsFunc(strings.ToLower(r.ID+" "+r.Area+" "+r.Title+" "+r.Says+" "+r.Why+" "+r.Do+" "+r.Source), func(c rune) bool {
			return !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '-' && c != '.'
		})
	}
	return out
}()

func hasPrefixWord(words []string, w string) bool {
	w = strings.Trim(w, ".,;:()\"'")
	for _, x := range words {
		if strings.HasPrefix(x, w) {
			return true
		}
	}
	return false
}
