package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"oic/domain"
)

// Wording of the planning records: risks and mitigations, PLAN, community
// impact, the IIMARCH order, the ECIA, powers of entry and check results.
// Templates use {name} for the premises and {noun} for what they are, as
// in intel.go.

// risk is a risk and its mitigation as an OIC would write them (EPA-5).
type risk struct{ risk, mitigation string }

// commonRisks fit any premises.
var commonRisks = []risk{
	{"Workers may run from a rear or side exit.", "Two officers on rear cover in place before the front team enters."},
	{"Workers may give false names or documents.", "Biometric check on the mobile device for anyone not cleared; interviewer assigned."},
	{"The employer may be obstructive or hostile.", "OIC speaks to the employer first and explains the power of entry; body-worn video on throughout."},
	{"Customers or members of the public present during the visit.", "Visit timed for a quiet period; one officer on the door to manage the public."},
	{"Possible victims of exploitation among the workers.", "Safeguarding questions asked of every worker; NRM first responder on the team."},
	{"Number of people on the premises not known.", "Recce to confirm numbers; two officers on standby at the van."},
	{"Workers may not speak English.", "Telephone interpreting line booked; key phrases card issued to the team."},
	{"Subject may be hiding in a loft, cellar or staff area.", "Search of staff areas by two officers together; layout from the recce briefed."},
	{"Possible crowd or onlookers gathering.", "Vans parked away from the frontage; OIC to stand down if the crowd grows."},
	{"Only one way in and out; officers could be blocked in.", "Vehicle kept at the entrance with a driver; exit route agreed at the briefing."},
}

// sectorRisks fit one sector, by its name in domain.Sectors.
var sectorRisks = map[string][]risk{
	"Restaurant / takeaway": {
		{"Hot oil, knives and open flames in the kitchen.", "Staff asked to turn off hobs and fryers before any questions; officers keep out of the cooking line."},
		{"Kitchen door opens onto a rear alley.", "Rear cover in the alley before entry; alley end blocked by the second van."},
		{"Staff living in rooms above the restaurant.", "Upstairs entered only with consent or the warrant; two officers on the stairs."},
	},
	"Hand car wash": {
		{"Pressure washers, chemicals and moving vehicles on site.", "Site entrance secured first; equipment switched off before questioning."},
		{"Workers may run across the main road beside the site.", "Officers at each exit; no pursuit onto the carriageway."},
		{"Cabin at the back of the site used as sleeping quarters.", "Two officers check the cabin together; welfare questions asked."},
	},
	"Nail bar / beauty": {
		{"Chemicals, drills and sharp tools in use on customers.", "Treatments stopped safely before staff are questioned; customers allowed to leave."},
		{"Back room may be used for sleeping.", "Back room checked by two officers; welfare and exploitation questions asked."},
	},
	"Barber / hairdresser": {
		{"Razors and scissors in use.", "Staff asked to put tools down before questions; officer positioned by the workstations."},
	},
	"Convenience store / retail": {
		{"Flat above the shop reached through the stockroom.", "Entry to the flat only with consent or under the warrant; layout briefed from the recce."},
		{"Cash on the premises; allegations of missing money possible.", "Till area not searched; body-worn video on; employer asked to stay with the till."},
	},
	"Construction": {
		{"Working at height, heavy plant and open excavations.", "Site manager escorts the team; hard hats, boots and hi-vis; no entry to live areas."},
		{"Large site with several exits and welfare cabins.", "Perimeter cover of four officers; cabins checked in pairs."},
	},
	"Care sector": {
		{"Residents are elderly or vulnerable and must not be left unattended.", "Visit at shift change; manager arranges cover before any worker is questioned."},
		{"Disruption may distress residents.", "Officers in plain clothes inside; questions asked in the staff room away from residents."},
	},
	"Agriculture": {
		{"Large open site; workers may scatter into fields or polytunnels.", "Officers at the yard exits; no pursuit across fields; drone not used."},
		{"Workers housed in caravans on the farm.", "Caravans visited in pairs; welfare and accommodation questions asked."},
		{"Farm machinery and vehicles moving in the yard.", "Farm manager asked to stop machinery on arrival."},
	},
	"Garment manufacture": {
		{"Cutting and sewing machines in use; cluttered fire exits.", "Supervisor stops the machines before officers enter the floor; exits checked first."},
	},
	"Warehouse / logistics": {
		{"Forklifts and loading bays in use.", "Site supervisor halts vehicle movements; officers in hi-vis and kept to walkways."},
		{"Agency workers on several shifts; numbers unknown.", "Shift rota requested from the agency on arrival; extra interviewer on standby."},
	},
	"Food processing": {
		{"Cutting equipment, cold rooms and slippery floors.", "Lines stopped before entry to the floor; protective clothing provided by the site."},
	},
	"Hotel / hospitality": {
		{"Many rooms and exits; guests present.", "Entry through reception with the manager; staff areas checked, guest rooms not entered."},
		{"Housekeeping staff spread across several floors.", "Manager asked to call staff to the staff room; officers at the service lift and stairs."},
	},
	"Cleaning services": {
		{"Cleaners spread across client sites at the start time.", "Visit to the depot at shift start; employer asked for the day's rota."},
	},
	"Security services": {
		{"Door supervisors may be trained in restraint.", "Four officers minimum; OIC explains the visit to the supervisor in charge first."},
	},
	"Other": {
		{"Small premises with a single counter and a back room.", "Two officers inside, two outside; back room checked in pairs."},
	},
}

// harmRisks are for bucket 4 (harm): police coordination and safeguarding.
var harmRisks = []risk{
	{"Police intelligence that the subject may carry a bladed weapon.", "Police attend and make first entry; officers in stab vests; arrest team of four."},
	{"Subject is a foreign national offender with a history of violence.", "Police support requested through the ONF; handcuffs and limb restraints carried; van with cage."},
	{"Workers' passports reportedly held by the employer; possible exploitation.", "Safeguarding lead attends; workers questioned apart from the employer; NRM referrals considered."},
	{"Possible organised crime group involvement.", "Police intelligence unit consulted; CIO on call; visit aborted if the group is present."},
}

// revisitRisks are for premises visited before (REC-5).
var revisitRisks = []risk{
	{"At the last visit staff fled through a fire door at the rear.", "Rear fire door covered by two officers before entry."},
	{"The employer complained about the last visit.", "OIC explains the power of entry on arrival; body-worn video on; complaint history briefed."},
	{"Previous visit found a hidden room behind the stockroom.", "Stockroom searched by two officers; layout from the last visit briefed."},
}

// risks draws 1-3 risks for the EPA: the sector's own first, then harm and
// revisit risks where they apply, then common ones.
func risks(r *rand.Rand, sector string, priority int, revisit bool) []risk {
	n := 1 + newWeighted(45, 40, 15).pick(r)
	var pool []risk
	if s := sectorRisks[sector]; len(s) > 0 && chance(r, 0.8) {
		pool = append(pool, pick(r, s))
	}
	if priority == 4 {
		pool = append(pool, pick(r, harmRisks))
	}
	if revisit && chance(r, 0.5) {
		pool = append(pool, pick(r, revisitRisks))
	}
	for len(pool) < n {
		c := pick(r, commonRisks)
		dup := false
		for _, x := range pool {
			dup = dup || x == c
		}
		if !dup {
			pool = append(pool, c)
		}
	}
	return pool[:min(len(pool), 3)]
}

// PLAN rationales (PLAN-1): proportionate, accountable, necessary; legal
// follows the power of entry.
var proportionates = []string{
	"A short visit during trading hours with the fewest officers the risks allow; the business can reopen as soon as checks are done.",
	"{subjects}; the visit is limited to the staff areas and will take about an hour.",
	"The least intrusive means of establishing the workers' status; customers are not questioned.",
	"{subjects}; an early start keeps disruption to the business and neighbours low.",
}

var accountables = []string{
	"Decisions recorded on this visit record and PRONTO; the OIC is accountable, and the authorising officer reviews the plan.",
	"Body-worn video used throughout; the OIC records decisions as they are made and debriefs the team.",
	"Recorded on this record; the ONF shares the plan with the police; first-line assurance after closure.",
}

var necessaries = []string{
	"Intelligence {intel} is corroborated by the mandatory checks; no lesser step, such as a letter to the employer, would establish the workers' status.",
	"Checks confirm the named subject has no leave; a visit is needed to locate and arrest them.",
	"Repeated reports about the premises; a visit is the only way to test the employer's right-to-work checks.",
	"Intelligence {intel} indicates illegal working now; waiting would let it continue and risk exploitation.",
}

// legalFor is PLAN's legal rationale for a power of entry.
func legalFor(r *rand.Rand, k domain.PowerKind) string {
	arrest := pick(r, []string{"power of arrest under s.28A Immigration Act 1971.", "arrest powers under s.28A and search powers under s.28G Immigration Act 1971."})
	switch k {
	case domain.PowerS179:
		return "Licensed premises: entry under s.179 Licensing Act 2003 to the licensable areas; " + arrest
	case domain.PowerWarrant:
		return "Entry under a warrant issued under para 17(2) sch. 2 Immigration Act 1971; " + arrest
	case domain.PowerADLetter:
		return "Business premises: entry under s.28CA Immigration Act 1971 with an Assistant Director's letter; " + arrest
	case domain.PowerOther:
		return "Entry alongside a partner agency under its own powers (see the power of entry); " + arrest
	}
	return "Entry by informed consent of the occupier, who may refuse; " + arrest
}

func subjectsPhrase(n int) string {
	switch n {
	case 0:
		return "No named subject; the workers on shift are checked"
	case 1:
		return "One named subject and the workers on shift"
	}
	return fmt.Sprintf("%d named subjects and the workers on shift", n)
}

func plural1(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Community impact (COMM-1): the impact, and what is done about it.
var impacts = []risk{
	{"Busy high street; a visit may draw attention from shoppers and neighbouring businesses.", "Unmarked vans parked away from the frontage; the visit kept short; the OIC speaks to onlookers if a crowd gathers."},
	{"Premises near a mosque; midday Friday prayers draw a large congregation.", "Visit timed away from prayer times; police ONF checked for tension markers."},
	{"Residential street; families live above the neighbouring shops.", "Early start kept quiet: no sirens, doors closed gently, vans moved promptly."},
	{"No known community tensions; the ONF return will confirm.", "Police intelligence unit asked about tension markers before deployment."},
	{"A local group has protested at recent enforcement visits in the area.", "Police community liaison informed through the ONF; engagement officer attends; the visit kept low-profile."},
	{"Market day brings crowds to the street in the morning.", "Visit moved clear of market hours."},
	{"The business is one of few open in a deprived area; closure would be felt locally.", "Engagement with the employer on compliance; no closure notice unless warranted."},
	{"Recent media interest in enforcement visits in this town.", "Press lines agreed with the communications team; OIC briefed on media handling."},
	{"Community centre opposite serves the same diaspora as the workers.", "Officers avoid the centre's entrance; information leaflets on support services carried."},
}

// schoolImpact fits only a visit that starts early.
var schoolImpact = risk{"Primary school nearby; pupils arrive between 08:15 and 08:45.", "Visit starts early and vans leave before the school run."}

var quietImpacts = []risk{
	{"Industrial estate with no residents nearby; little impact expected.", "None beyond standard practice: vans on site, not the road."},
	{"Rural site well away from housing; impact limited to the workers.", "Welfare provision for workers found; transport arranged for anyone detained."},
	{"Business park with other tenants arriving for work.", "Visit before the other tenants arrive; vans parked at the rear."},
}

// Order (IIMARCH) sections for amber and red visits (EPA-4).
var orderInformations = []string{
	"{summary} Mandatory checks complete; results attached to this record.",
	"{summary} ONF sent to the local force; recce recorded.",
}

var orderIntentions = []string{
	"To enter {name} safely and lawfully, establish the status of everyone working there, arrest any immigration offenders and safeguard any victims of exploitation.",
	"To locate and arrest the named subject at {name}, check the status of all staff and gather evidence for a civil penalty referral.",
}

var orderMethods = []string{
	"Rear cover in place first; front team of four enters with the OIC, who speaks to the employer; workers gathered in one area and questioned singly; arrest team takes any arrests to the van.",
	"Police make first entry and secure the premises; ICE officers then enter, check every worker's status and search staff areas in pairs.",
}

var orderAdministrations = []string{
	"Briefing at the ICE office at {brief}; vans from the pool; custody suite booked; interpreter line available.",
	"Briefing at {brief} at the local police station; two vans, one with a cage; stab vests and radios issued at the briefing.",
}

var orderRisks = []string{
	"See the EPA risks and mitigations on this record; dynamic risk assessment by the OIC on arrival.",
	"As the EPA, plus: police firearms intelligence checked (none); first aider on the team.",
}

var orderComms = []string{
	"Radio talk group ICE-{team}; OIC reports to the duty CIO on arrival, at entry and on departure.",
	"Mobile phones as backup; OIC calls the duty CIO at each stage; police control informed through the ONF contact.",
}

var orderHumanRights = []string{
	"Article 8: entry limited to what is necessary; Article 3: safe handling of any detainee; section 55 duty to children if any are found.",
	"Equality Act: workers selected by intelligence, not nationality; Article 5: detention only where lawful and necessary.",
}

// ECIA conclusions, for red visits (EPA-3).
var eciaConclusions = []string{
	"Impact on the community is significant but justified by the harm; mitigations agreed with police and the community liaison officer.",
	"Proceed with the mitigations recorded; no adverse equality impact that the plan does not address.",
	"Proceed: the visit targets an employer by intelligence, not a community; engagement plan agreed.",
}

// Powers of entry, by ICIBI figure 6: informed consent 59%, s.179 22.6%,
// warrant 16.9%, AD's letter 0.1%, other 1.4%. Section 179 applies only to
// licensed premises (restaurants and takeaways, shops with an off-licence,
// hotels), so there it is about half the visits.
var (
	licensedPowers = newWeighted(380, 500, 110, 1, 9) // consent, s.179, warrant, AD letter, other
	otherPowers    = newWeighted(760, 0, 220, 2, 18)
	powerKinds     = []domain.PowerKind{domain.PowerConsent, domain.PowerS179, domain.PowerWarrant, domain.PowerADLetter, domain.PowerOther}
)

func licensed(sector string) bool {
	switch sector {
	case "Restaurant / takeaway", "Convenience store / retail", "Hotel / hospitality":
		return true
	}
	return false
}

var otherPowerDetails = []string{
	"Joint visit with the Gangmasters and Labour Abuse Authority, who enter under their own statutory powers; immigration officers accompany.",
	"Police enter under s.17 PACE 1984 to arrest the named subject; immigration officers accompany them.",
	"Joint inspection with the local authority licensing team under its powers of entry; immigration officers accompany.",
}

var licenceKinds = []string{"sale of alcohol", "late night refreshment", "sale of alcohol and late night refreshment"}

// Check results: what each system found when it found something (CHK-1).
var subjectTraces = map[domain.CheckSystem][]string{
	domain.SysCID: {
		"Overstayer: leave as a visitor expired {date}; no application since.",
		"Illegal entrant: encountered on arrival {date}, absconded from reporting.",
		"Student leave curtailed {date}; no further application.",
		"Refused asylum seeker, appeal rights exhausted {date}; reporting conditions breached.",
		"Leave to remain with no right to work; conditions imposed {date}.",
	},
	domain.SysCRS: {
		"Visit visa issued {date}, valid six months.",
		"Student visa application refused {date}.",
		"Work visa (seasonal worker) issued {date}; sponsor not this employer.",
	},
	domain.SysPNC: {
		"Arrested {date} for theft; no further action.",
		"Caution {date} for possession of a controlled drug.",
		"Warning marker: violence ({date}).",
		"Convicted {date} of driving without insurance.",
	},
	domain.SysPRONTO: {
		"Encountered on an illegal working visit to other premises {date}; served papers.",
		"Named in earlier intelligence at another address ({date}); no visit made.",
	},
}

var harmTraces = []string{"Warning marker: weapons ({date}).", "Wanted on warrant for failing to appear ({date})."}

var addressTraces = map[domain.CheckSystem][]string{
	domain.SysCID: {"Postcode linked to 2 immigration offenders ({date}).", "Address given by a visa applicant in {year}."},
	domain.SysPNC: {"Police attended a disturbance at the premises ({date}).", "Premises licence review by police, {year}."},
	domain.SysPRONTO: {"Visited {date}: {arrests} arrested; civil penalty referral notice served.",
		"Visited {date}: no illegal workers found; employer given advice."},
}

var otherCheckDetails = []string{
	"HMRC: the business is not registered for PAYE.",
	"Companies House: director disqualified in {year}.",
	"Local authority: premises licence holder changed {date}.",
	"GLAA: no licence held for supplying workers.",
}

var finalDetails = []string{
	"Status unchanged since the mandatory checks; no new application.",
	"No change in status; no new application or leave.",
	"",
}

// fillDate fills {date}, {year} and {arrests}.
func fillDate(r *rand.Rand, s string, date domain.Date) string {
	if !strings.Contains(s, "{") {
		return s
	}
	switch {
	case strings.Contains(s, "{date}"):
		s = strings.Replace(s, "{date}", date.UK(), 1)
	case strings.Contains(s, "{year}"):
		s = strings.Replace(s, "{year}", strconv.Itoa(date.Year), 1)
	}
	return strings.Replace(s, "{arrests}", strconv.Itoa(between(r, 1, 4)), 1)
}
