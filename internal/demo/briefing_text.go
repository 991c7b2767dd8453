package demo

// What officers write on the roster and briefing forms.

// swapReasons: why an officer comes off a team after the order went out.
var swapReasons = []string{
	"Off sick",
	"Called to give evidence at court on the day",
	"Annual leave agreed before the visit was planned",
	"Redeployed to support another team's operation",
	"Carer's emergency; released by the HMI",
	"Still on a rest day after a late finish",
}

// dayRisks: what else a verbal briefing covers on the day.
var dayRisks = []string{
	"dynamic risk assessment on arrival; body-worn video on before entry",
	"heavy rain forecast: take care on the rear yard and any fire escape",
	"school run nearby at the start time; vans parked out of sight of the gates",
	"market day: expect the road to be busy and parking tight",
	"first aider is the driver; nearest A&E confirmed",
	"custody suite confirmed with space for up to four",
}

// briefingQAs: questions asked at verbal briefings and their answers, as
// the form takes them ("question? answer").
var briefingQAs = []string{
	"Dogs on site? None known",
	"Dogs on site? A dog was seen in the rear yard on the recce; the owner will be asked to secure it",
	"Which custody suite? The nearest suite has been booked; the arrest team takes any detained person there",
	"Is an interpreter available? Language Line by phone; the interviewer has the access code",
	"Where is the rendezvous point? The supermarket car park two streets away, fifteen minutes before the start",
	"Is there a rear exit? Yes, through the kitchen to the yard; rear cover posted there before entry",
	"Any children likely on site? None expected; section 55 considered, and the OIC leads if any are found",
	"What if the manager refuses consent? We leave and the OIC considers a warrant; no entry without a power",
	"Who holds the first aid kit? The driver, in the lead van",
	"Police support? The local neighbourhood team are aware and can attend if called",
	"Who is on call if it goes wrong? Silver by phone, then the duty CIO",
	"Parking? Side road, out of sight of the front",
}

// confirmNotes: what an OIC adds to the BRF-4 confirmation.
var confirmNotes = []string{
	"Body-worn video issued and tested.",
	"Radios checked with control; call signs allocated.",
	"Stab vests and PPE issued to all on site.",
	"Custody suite booked; interpreter on call.",
	"Vans checked; first aid kits in both.",
}

// overrideReasons: why the team went without one officer's acceptance.
var overrideReasons = []string{
	"Officer's laptop would not connect at the briefing venue; they read the printed order and were briefed in person.",
	"Officer returned from leave this morning without system access; briefed in person at the verbal briefing.",
	"System outage on the morning of the visit; officer briefed in person and will record acceptance on return.",
	"Officer's account locked after a password reset; read the printed order at the briefing and confirmed they understood it.",
}
