package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// What officers write on the live tab.

// occupierRoles: who gives informed consent, by the kind of premises.
var occupierRoles = map[addressKind][]string{
	shopFront: {"manager", "owner", "duty manager", "owner", "manager"},
	unit:      {"site manager", "director", "shift supervisor", "owner"},
	site:      {"site manager", "principal contractor's site manager", "foreman"},
	farm:      {"farm manager", "owner", "packhouse supervisor"},
}

// sealPrefixes begin sealed evidence bag numbers.
var sealPrefixes = []string{"M", "EV", "HO", "SB"}

// seizedItem is what was seized from a person arrested or detained.
func seizedItem(r *rand.Rand, p *encounter) string {
	nat := p.nat
	if nat == "" || nat == "British" {
		nat = "foreign"
	}
	items := []string{
		nat + " passport",
		"Mobile phone",
		"Payslips and a wage envelope",
		"Counterfeit " + pick(r, []string{"Romanian", "Italian", "Portuguese", "Bulgarian", "Greek"}) + " identity card",
		"Bank card in another person's name",
		"Handwritten rota naming workers and shifts",
		fmt.Sprintf("Cash wages, £%d, in an envelope", 20*between(r, 4, 40)),
		"Biometric residence permit belonging to another person",
	}
	item := pick(r, items)
	if !strings.HasPrefix(p.name, "Unknown") {
		item += ", " + p.name
	}
	return item
}

// entryNotes: what the OIC notes on entering.
var entryNotes = []string{
	"Rear cover in place at the yard gate before entry.",
	"Staff gathered in the dining area; nobody left the premises.",
	"Two staff ran to the rear and were stopped by rear cover.",
	"Manager asked for time to call the owner; allowed while officers waited inside.",
	"Body-worn video running from the front door.",
	"Side door found open on arrival; covered by the arrest team.",
}

// closingNotes: what the OIC notes as the team leaves.
var closingNotes = []string{
	"Employer's right-to-work records inspected; copies taken for the civil penalty team.",
	"Engagement and advice given to the owner on right-to-work checks; leaflet left.",
	"Premises left secure with the manager.",
	"Interpreter used by phone for two of those spoken to.",
	"Employer co-operative throughout.",
	"Accommodation above the premises checked with the occupier's consent; nobody living there.",
}

// quietNotes are the closing notes of a visit where nobody was met.
var quietNotes = []string{closingNotes[1], closingNotes[2], closingNotes[4]}

// nobodyNotes: the premises were open but nobody was working.
var nobodyNotes = []string{
	"Premises open but only the owner present; no staff on shift.",
	"Shutters half down on arrival; owner present, no workers found.",
	"Staff said to have left an hour before; nobody working found.",
}

// outsideNotes: people rear cover met outside when no entry was made.
var outsideNotes = []string{
	"Met at the rear coming down from the flat above; turned back on seeing officers, so spoken to. Student with valid leave.",
	"Spoken to at the back gate; says they live upstairs, not working. Leave confirmed.",
	"Left by the side door as officers arrived; stopped by rear cover and checked: leave to remain.",
}

// otherPowerNotes: why the power used was not the one planned (PWR-2).
var otherPowerNotes = []string{
	"Manager consented on arrival, so the planned power was not used; consent recorded instead.",
	"Owner met officers at the door and gave informed consent; the planned power was not needed.",
}

// stoodDownNotes: what the team did when the visit could not go on.
var stoodDownNotes = []string{
	"Duty CIO informed; team returned to base.",
	"Silver informed by phone; stand-down agreed.",
	"Premises to be re-tasked; recce notes updated.",
}

// incidents: a critical incident as declared, and as stood down.
// postIncident is the post-incident notes of the debrief of a visit where
// one of the incidents was declared.
const postIncident = "Welfare checked with everyone involved on return; the duty CIO was informed at the time and has the notes. Decisions and timings are on the live record; the premises notes carry the hazard for the next team."

var incidents = [][2]string{
	{"Officer injured by a falling shelf during the search; ambulance called, duty CIO informed.", "Officer treated at the scene and released; incident stood down, post-incident review to follow."},
	{"Detained person collapsed in the van; first aid given, ambulance called.", "Paramedics assessed the detained person as fit; taken to custody. Stood down."},
	{"Crowd of about thirty gathered at the front and blocked the vans; police called.", "Police attended and the crowd dispersed; team left safely. Stood down."},
	{"Subject climbed onto the roof of the rear extension; police and fire service called.", "Subject came down unhurt and was arrested; stood down."},
}

// vulnerabilityNotes, nrmNotes and childrenNotes: safeguarding steps.
var vulnerabilityNotes = []string{
	"Said they had not been paid for several weeks and sleeps on site; welfare needs assessed, details passed to the safeguarding hub.",
	"Visibly unwell and without medication; ambulance not needed, GP appointment arranged through custody.",
	"Would not speak in front of the manager; spoken to alone, concerns recorded.",
}

var nrmNotes = []string{
	"Indicators of forced labour: passport held by the employer, debt for travel. Consented to an NRM referral; first responder form completed.",
	"Described being brought to the UK and made to work to repay a debt; NRM referral made with their consent.",
}

var childrenNotes = []string{
	"Owner's two children (8 and 11) upstairs; a family member collected them. Section 55 considered.",
	"A 16-year-old found working in the kitchen; parent contacted and social services informed.",
}

// otherReferrals: referrals beyond the civil penalty.
var otherReferrals = [][2]string{
	{"HMRC", "Cash wages below the minimum wage described by workers; referred to HMRC."},
	{"licensing review", "Licensing authority informed: illegal working at licensed premises."},
	{"GLAA", "Signs of labour exploitation through an agency; referred to the GLAA."},
	{"local authority", "Overcrowded accommodation above the premises; referred to environmental health."},
	{"HSE", "Blocked fire exit and no guards on machinery; referred to the HSE."},
	{"Employment Agency Standards", "Workers supplied by an unlicensed agency; referred to EAS."},
}
