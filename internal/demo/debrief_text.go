package demo

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"oic/domain"
)

// What the OIC writes in the debrief, section by section, from what the
// visit's record holds. Each section draws on the facts (who was met and
// what became of them, the referrals, the recce's notes, the age of the
// intelligence) so that no two debriefs read alike and none contradicts
// the live record: a civil penalty referral for everyone without the right
// to work whose employer showed no statutory excuse, a no action notice
// where one was shown, "none" with the reason when everyone was cleared;
// the intelligence judged by what was found.

// dbfWriter writes the sections of one debrief.
type dbfWriter struct {
	g *generator
	v *domain.Visit
	d *draft
	p *dbfPlan
	f *dbfFacts
}

func (w *dbfWriter) r() *rand.Rand { return w.g.r }

func (w *dbfWriter) sector() *sector { return &sectors[w.d.prem.sector] }

// ppe is the protective equipment worn.
func (w *dbfWriter) ppe() string {
	r := w.r()
	s := w.sector().name
	if s == "Care sector" {
		return "Stab vests under jackets; plain clothes inside the home to keep residents calm."
	}
	out := pick(r, ppeBase)
	if x, ok := ppeSector[s]; ok {
		out += " " + x
	}
	return out
}

var ppeBase = []string{
	"Full PPE.",
	"Full PPE: stab vests, cuffs, batons and body-worn video.",
	"Stab vests and body-worn video; radios on the team channel.",
	"Full PPE; body-worn video running from arrival.",
	"Full PPE, with hi-vis for the rear cover.",
	"Full PPE; stab vests worn throughout.",
}

var ppeSector = map[string]string{
	"Hand car wash":         "Hi-vis on the forecourt.",
	"Construction":          "Hard hats, hi-vis and safety boots for the site.",
	"Agriculture":           "Boots and hi-vis for the fields.",
	"Food processing":       "Hairnets and coats for the production floor.",
	"Warehouse / logistics": "Hi-vis in the racking aisles.",
}

// refusal is how consent was refused on a visit with no entry (ICIBI
// figure 7): the note on the live record and the debrief's reason.
type refusal struct{ note, why string }

var refusals = []refusal{
	{"Staff member at the counter said the manager was at an appointment. Manager called to seek consent: would not give it without the owner, who could not be reached.",
		"Consent sought by phone from the manager, who was at an appointment: would not give it without the owner, who could not be reached. No other power held, so no entry was made."},
	{"Owner came to the door and refused consent; said officers would need a warrant.",
		"Owner refused consent at the door and asked for a warrant. No warrant held; officers withdrew."},
	{"Door locked with staff inside; nobody would open it and the manager did not answer the phone.",
		"Premises locked with staff inside; nobody would open the door and the manager did not answer three calls. No power to force entry."},
	{"Duty manager said only the director could consent. Director called: refused and asked officers to leave.",
		"Duty manager could not consent; the director, called by phone, refused. Officers left as asked."},
	{"Manager refused consent and would not discuss the allegation; staff carried on working.",
		"Manager refused consent outright. Without another power, entry could not be made."},
}

// noEntry says why no entry was made, when none was.
func (w *dbfWriter) noEntry() string {
	if w.f.entered {
		return ""
	}
	if k := w.d.refusal; k > 0 {
		return refusals[k-1].why
	}
	return "No entry made: the team could not gain consent and held no other power."
}

// subjects says what became of each named subject.
func (w *dbfWriter) subjects() map[string]string {
	r := w.r()
	f := w.f
	m := map[string]string{}
	for _, s := range f.subjects {
		if slices.Contains(f.found, s.ID) {
			if chance(r, 0.4) {
				m[domain.FieldDbfSubject(s.ID)] = "encountered"
				m[domain.FieldDbfSubjectNote(s.ID)] = pick(r, foundNotes)
			}
			continue
		}
		var res, note string
		switch u := r.Float64(); {
		case !f.entered:
			res, note = "not identified", pick(r, []string{
				"Staff asked about " + s.Name + ": denied knowing them.",
				"Could not be checked without entry; nobody seen matched the photograph.",
				"Staff at the counter said nobody of that name works there.",
			})
		case u < 0.45:
			res, note = "not present", fmt.Sprintf(pick(r, notPresentNotes), s.Name)
		case u < 0.8 || s.DOB.IsZero() && u < 0.9:
			res, note = "no longer at the address", fmt.Sprintf(pick(r, goneNotes), s.Name)
			f.gone++
		case s.DOB.IsZero() && chance(r, 0.5):
			res, note = "not identified", s.Name+": the name is common and no date of birth was held; none of those met fits the description."
		default:
			res, note = "not identified", fmt.Sprintf(pick(r, notIdentifiedNotes), s.Name)
		}
		m[domain.FieldDbfSubject(s.ID)], m[domain.FieldDbfSubjectNote(s.ID)] = res, note
	}
	return m
}

var foundNotes = []string{
	"Found working in the kitchen, as the intelligence said.",
	"Identified from the photograph on the order; gave their name at once.",
	"Tried to leave by the rear door; stopped by rear cover.",
	"Found in the back room; identity confirmed by fingerprints.",
	"Working at the counter; admitted overstaying.",
}

var notPresentNotes = []string{
	"Manager said %s works evenings only; photograph shown to staff, not recognised.",
	"Not on shift: the rota seen lists %s for weekends.",
	"Staff said %s was on holiday abroad; no sign of them on the premises.",
	"Manager confirmed %s works there but had called in sick.",
	"%s not present; staff said they come in after 18:00.",
}

var goneNotes = []string{
	"Manager said %s left about three months ago; forwarding address not known.",
	"%s worked there until the spring, staff said; moved to another town.",
	"Owner said %s was let go when the business changed hands.",
	"Staff said %s stopped working there after the last visit.",
	"%s no longer at the address: staff say they moved away in the new year.",
}

var notIdentifiedNotes = []string{
	"No trace on Home Office systems under the name given; staff denied knowing %s.",
	"Nobody present matched the photograph; the name %s meant nothing to staff.",
	"Staff gave different accounts of whether %s works there; not identified.",
}

// sectorPeople is who the team sees at work, as officers describe them.
var sectorPeople = map[string]string{
	"Nail bar / beauty": "females", "Hand car wash": "males", "Barber / hairdresser": "males",
	"Construction": "workers", "Agriculture": "pickers", "Care sector": "care staff",
}

// othersSeen says who was seen but not spoken to.
func (w *dbfWriter) othersSeen() string {
	r := w.r()
	f := w.f
	switch {
	case !f.entered:
		t := textFor(w.sector())
		n := between(r, max(2, t.staff[0]), max(3, min(t.staff[1], 12)))
		who := sectorPeople[w.sector().name]
		if who == "" {
			who = "staff"
		}
		var s string
		if w.sector().address == shopFront {
			s = fmt.Sprintf("Approx %d %s seen present, %d of them at the front counter. ", n, who, between(r, 1, min(3, n)))
			s += pick(r, []string{
				"None appeared to have an adverse reaction and were seen continuing to work.",
				"No adverse reaction; work carried on while officers waited.",
				"Two went to the back room when officers arrived and came back a few minutes later.",
			})
		} else {
			s = fmt.Sprintf("Approx %d %s seen from the gate, carrying on working; ", n, who)
			s += pick(r, []string{"no adverse reaction seen.", "two walked away towards the back of the site when the vans arrived."})
		}
		if len(f.met) > 0 {
			s += fmt.Sprintf(" Rear cover spoke to %s outside; see the encounters.", people(len(f.met)))
		}
		return s
	case len(f.met) == 0:
		return pick(r, nobodyOthers[w.sector().address])
	case chance(r, 0.35):
		return pick(r, othersWithMet)
	}
	return ""
}

var nobodyOthers = map[addressKind][]string{
	shopFront: {
		"Only the owner present, behind the counter; a British citizen, spoken to about the allegation and not recorded as an encounter.",
		"Owner and two customers present; no staff on shift. The rota seen shows the evening staff start at 17:00.",
		"Nobody working on arrival: the owner said staff had left an hour before. Their names were given and checked; none of concern.",
		"Premises open with the owner's son serving, a British citizen; no other staff present.",
	},
	unit: {
		"Only the director and an office administrator present, both British; the floor was idle, the shift having been cancelled.",
		"Unit open but no shift working; the manager said the agency staff had been stood down that morning.",
	},
	site: {
		"Site quiet: the site manager only, waiting on a concrete delivery; the gang had been sent to another job.",
		"Only the foreman and a British labourer present; the rest of the gang had not turned up.",
	},
	farm: {
		"No picking that morning because of the rain; the farm manager and his son present, both British.",
		"Packhouse closed for the day; only the owner in the yard.",
	},
}

var othersWithMet = []string{
	"Three customers present, not spoken to.",
	"Two delivery drivers arrived during the visit; not working for the business, not spoken to.",
	"The owner's spouse at the till, a British citizen; not recorded as an encounter.",
	"A plumber working in the back room, self-employed and not working for the business; not spoken to further.",
	"Customers left when officers arrived; nobody else present.",
}

// sanctions follow the encounters: a civil penalty referral notice for
// those without the right to work whose employer showed no statutory
// excuse, a no action notice where one was shown, and now and then a
// licensing referral or a closure notice.
func (w *dbfWriter) sanctions() map[string]string {
	r := w.r()
	f := w.f
	var ks, notes []string
	if f.liable > 0 {
		ks = append(ks, "civil penalty referral notice")
		if f.cprn {
			notes = append(notes, fmt.Sprintf("Referral notice served on the day for %s: no statutory excuse shown.", names(f.liableName)))
		} else {
			why := pick(r, cprnNotServed)
			if len(w.p.fixes) > 0 {
				why = "the statutory excuse was settled only after the visit"
			}
			notes = append(notes, fmt.Sprintf("Referral notice not served on site (%s); to be sent to the employer for %s.", why, names(f.liableName)))
		}
	}
	if f.shown > 0 && f.liable == 0 {
		ks = append(ks, "no action notice")
		notes = append(notes, fmt.Sprintf("Employer showed a statutory excuse for %s: right-to-work checks made before they started, done correctly.", names(f.shownName)))
	}
	if f.licensing || f.liable > 0 && licensed(w.sector().name) && chance(r, 0.12) {
		ks = append(ks, "licensing referral")
		notes = append(notes, "Licensing authority told of illegal working at licensed premises; a review of the licence requested.")
	}
	if f.liable >= 2 && w.d.revisit && chance(r, 0.35) || f.liable >= 3 && chance(r, 0.05) {
		ks = append(ks, "closure notice")
		notes = append(notes, "Illegal working closure notice served on the premises: repeated illegal working; application for a compliance order to follow.")
	}
	if len(ks) == 0 {
		ks = append(ks, domain.SanctionNone)
		switch {
		case !f.entered:
			notes = append(notes, "No entry: nobody's right to work could be checked, so no sanction could follow.")
		case len(f.met) == 0:
			notes = append(notes, pick(r, []string{"Nobody found working, so no employer liability arises.", "No staff present to check; nothing to found a sanction on."}))
		default:
			notes = append(notes, fmt.Sprintf(pick(r, allClearedSanction), capital(allMet(f.cleared))))
		}
	}
	return map[string]string{domain.FieldDbfSanctions: strings.Join(ks, ", "), domain.FieldDbfSanctionNote: strings.Join(notes, " ")}
}

var cprnNotServed = []string{
	"the director was not on the premises",
	"the manager would not sign for it",
	"the employer is a limited company and the director was abroad",
}

var allClearedSanction = []string{
	"%s had the right to work; no sanction.",
	"%s had the right to work, so nothing to refer.",
	"%s had the right to work: no sanction arises.",
}

// people reads "1 person", "3 people".
func people(n int) string {
	if n == 1 {
		return "1 person"
	}
	return strconv.Itoa(n) + " people"
}

// allMet reads "the one person met", "all 3 people met".
func allMet(n int) string {
	if n == 1 {
		return "the one person met"
	}
	return "all " + people(n) + " met"
}

// capital capitalises the first letter.
func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// names lists up to three names, then how many more.
func names(ns []string) string {
	if len(ns) > 3 {
		return strings.Join(ns[:3], ", ") + " and " + plural(len(ns)-3, "other")
	}
	return joinAnd(ns)
}

// safeguarding confirms none was needed, or says what was done.
func (w *dbfWriter) safeguarding() map[string]string {
	r := w.r()
	f := w.f
	m := map[string]string{}
	switch {
	case len(f.safeguard) > 0:
		m[domain.FieldDbfSafeNote] = safeguardNotes[f.safeguard[0].Subtype]
	case len(f.others) > 0 || f.licensing:
		m[domain.FieldDbfSafeNote] = "No safeguarding concern; the referrals made are on the live record."
	default:
		m[domain.FieldDbfNoSafeguard] = "yes"
		switch {
		case !f.entered:
			if chance(r, 0.5) {
				m[domain.FieldDbfSafeNote] = "Nobody inside could be spoken to; nothing seen from the door to suggest exploitation."
			}
		case len(f.met) > 0 && chance(r, 0.35):
			m[domain.FieldDbfSafeNote] = pick(r, noSafeguardNotes)
		}
	}
	return m
}

var safeguardNotes = map[string]string{
	"NRM referral":             "NRM referral made on the day with the person's consent; first responder form submitted. Welfare checked again in custody.",
	"vulnerability identified": "Vulnerability identified on the day and recorded; details passed to the safeguarding hub. No NRM indicators beyond that.",
	"section 55 (children)":    "Section 55 considered for the children found; arrangements on the live record. No further concern.",
	"social services referral": "Referral to social services made on the day; see the live record.",
}

var noSafeguardNotes = []string{
	"Workers spoken to away from the manager; no indicators of exploitation.",
	"No children or vulnerable adults on the premises.",
	"Accommodation upstairs checked with consent: no concerns.",
	"Everyone met asked about pay and hours; nothing of concern said.",
}

// intel judges the intelligence by what was found (ICIBI 7.27).
func (w *dbfWriter) intel() (string, string) {
	r := w.r()
	f := w.f
	ill := f.illegal()
	named := len(f.subjects) > 0
	sum := w.v.Basics.Intel.Summary
	malice := 0.08
	if strings.Contains(sum, "Former employee") || strings.Contains(sum, "Anonymous") || strings.Contains(sum, "Member of the public") {
		malice = 0.3
	}
	missing := func() string {
		for _, s := range f.subjects {
			if !slices.Contains(f.found, s.ID) {
				return s.Name
			}
		}
		return ""
	}
	switch {
	case !f.entered:
		if chance(r, 0.75) {
			return "partly accurate", pick(r, []string{
				"Numbers seen matched the report; whether they have the right to work could not be tested without entry.",
				"The working pattern reported was seen from the door; status untested. A warrant is the way in next time.",
			})
		}
		return "out of date", "The staff seen did not match the description given; the report looks older than its date."
	case ill > 0 && named && len(f.found) > 0:
		if chance(r, 0.85) {
			return "accurate", fmt.Sprintf(pick(r, accurateNamed), w.subjectName(f.found[0]), people(ill))
		}
		return "partly accurate", fmt.Sprintf("%s found as reported, but only %s without the right to work; the report described more.", w.subjectName(f.found[0]), people(ill))
	case ill > 0 && !named:
		if chance(r, 0.7) {
			return "accurate", fmt.Sprintf(pick(r, accurateUnnamed), plural(ill, "worker"))
		}
		return "partly accurate", fmt.Sprintf("Illegal working found (%s), fewer than the report suggested.", plural(ill, "worker"))
	case ill > 0:
		if chance(r, 0.75) {
			return "partly accurate", fmt.Sprintf("Illegal working as reported (%s), but the named subject %s was not there.", plural(ill, "worker"), missing())
		}
		return "accurate", fmt.Sprintf("Premises and working pattern as reported; %s found without the right to work. The named subject has moved on.", plural(ill, "worker"))
	case f.gone > 0:
		if chance(r, 0.75) {
			if f.days >= 30 {
				return "out of date", fmt.Sprintf("%s no longer at the address; intelligence %d days old at the visit.", missing(), f.days)
			}
			return "out of date", fmt.Sprintf("%s had left before the report was made, staff said; the source's information was older than it looked.", missing())
		}
		return "partly accurate", fmt.Sprintf("The premises were as described, but %s has moved on; nobody else of concern.", missing())
	case chance(r, malice):
		return "possibly malicious", pick(r, maliciousComments)
	case len(f.met) == 0:
		if chance(r, 0.5) {
			return "out of date", "Nobody working on the visit; the owner says the staff described left some time ago."
		}
		return "wrong", "No sign of the working reported: only the owner present, and the rota shows family members only."
	case chance(r, 0.2):
		return "partly accurate", fmt.Sprintf("Staff present in the numbers reported, but %s had the right to work.", allMet(f.cleared))
	case chance(r, 0.6):
		return "wrong", fmt.Sprintf(pick(r, wrongComments), allMet(f.cleared))
	}
	if f.days >= 30 {
		return "out of date", fmt.Sprintf("%s had the right to work; the staff have likely changed in the %d days since the report.", capital(allMet(f.cleared)), f.days)
	}
	return "out of date", fmt.Sprintf("%s had the right to work; the owner says the staff named in the report left before it was made.", capital(allMet(f.cleared)))
}

func (w *dbfWriter) subjectName(id string) string {
	for _, s := range w.f.subjects {
		if s.ID == id {
			return s.Name
		}
	}
	return id
}

var accurateNamed = []string{
	"Named subject %s found working as reported; %s without the right to work in all.",
	"As reported: %s at the premises, with %s found working illegally.",
	"Intelligence matched what was found: %s working there; %s without the right to work.",
}

var accurateUnnamed = []string{
	"%s found without the right to work, as the report said.",
	"As reported: %s working illegally, paid in cash.",
	"Numbers and roles matched the report; %s without the right to work.",
}

var wrongComments = []string{
	"Nothing found to support the report: %s had the right to work.",
	"Nothing to support the allegation: %s had the right to work, British or settled.",
	"No illegal working: %s had the right to work, and the workers described appear to be the owner's family.",
}

var maliciousComments = []string{
	"Report came soon after a dispute between the owner and a former employee; nothing found to support it. Source to be re-graded.",
	"Third similar report about businesses on the same street, each from a rival; nothing found. Flagged to the intelligence unit as possibly malicious.",
	"Owner says the report follows a falling-out with a neighbour; everyone met had the right to work. Flagged for the source to be assessed.",
}

// premisesNotes are for the next team (REC-5): the recce's entrances
// checked on the day, and what only a visit shows (keys, hazards, where
// to park), the same facts at every visit to the same premises.
func (w *dbfWriter) premisesNotes() string {
	r := w.r()
	kind := w.sector().address
	pr := premNoteRand(w.d.prem)
	keys := pick(pr, premKeys[kind])
	hazard := pick(pr, premHazards[kind])
	var entrances string
	for i := len(w.v.Plan.Recces) - 1; i >= 0; i-- {
		if rc := w.v.Plan.Recces[i]; rc.Withdrawn == "" && rc.Entrances != "" {
			entrances = rc.Entrances
			break
		}
	}
	var parts []string
	switch {
	case w.d.revisit && chance(r, 0.5):
		parts = append(parts, "As the notes from the last visit; still accurate.")
	case entrances != "" && chance(r, 0.6):
		parts = append(parts, "Entrances as the recce said: "+strings.TrimSuffix(entrances, ".")+".")
	case entrances != "":
		parts = append(parts, pick(r, recceMissed[kind]))
	}
	parts = append(parts, keys)
	if chance(r, 0.7) {
		parts = append(parts, hazard)
	}
	if chance(r, 0.4) {
		parts = append(parts, pick(r, approachNotes[kind]))
	}
	return strings.Join(parts, " ")
}

// premNoteRand is fixed by the premises, so every debrief of the same
// premises tells of the same keys and hazards.
func premNoteRand(p premises) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(p.name + "|" + p.address + "|" + string(p.postcode)))
	return rand.New(rand.NewPCG(h.Sum64(), 0x6465627269656673))
}

var premKeys = map[addressKind][]string{
	shopFront: {
		"Rear yard gate padlocked; the manager holds the key.",
		"The flat above has its own street door; the landlord, not the business, holds the keys.",
		"Back door bolted from inside during service; staff leave that way through the side alley.",
		"Roller shutter at the back works from inside only.",
		"Stockroom kept locked; the key is on the manager's ring, not at the till.",
	},
	unit: {
		"Reception staffed from 07:00; the site manager holds the keys to the mezzanine office.",
		"Loading doors open from inside only: ask reception to raise them.",
		"Fire exit at the rear is alarmed and sounds in the office.",
		"Keypad on the staff door; the code is changed weekly.",
	},
	site: {
		"Gate key held at the security hut; the site manager signs officers in.",
		"Welfare cabins locked during the shift; the foreman holds the keys.",
		"Second gate chained; only the principal contractor has the key.",
	},
	farm: {
		"Caravans locked in the day; the farm manager holds the keys.",
		"Packhouse office key with the supervisor; the yard gate is left open from 06:00.",
		"Field gates padlocked; the owner's son has the keys.",
	},
}

var premHazards = map[addressKind][]string{
	shopFront: {
		"Steep stairs to the first floor with no handrail.",
		"Hot fryers by the back door: come in through the front.",
		"Dog kept in the rear yard.",
		"Narrow corridor past the kitchen: one officer at a time.",
		"Poor mobile signal in the cellar; radios only.",
		"Cellar hatch behind the counter left open in service.",
	},
	unit: {
		"Forklifts working the racking aisles: have the floor stopped first.",
		"Cold store door can be shut from outside: keep it propped.",
		"Guards missing on two machines; stay clear of the lines.",
		"Mezzanine stairs are steep and unlit.",
	},
	site: {
		"Open excavations near the gate.",
		"Scaffold on all sides; nobody goes up it.",
		"Plant moving in the yard without a banksman.",
	},
	farm: {
		"Tractors on the track: park in the yard, not on the lane.",
		"No mobile signal in the polytunnels; radios only.",
		"Dogs loose in the yard.",
	},
}

var recceMissed = map[addressKind][]string{
	shopFront: {
		"The recce missed a side door to the alley: cover it next time.",
		"The back room has a second door to the yard, not on the recce.",
		"The flat above connects to the kitchen by an inside stair the recce could not see.",
	},
	unit: {
		"A side door by the bins is not on the recce; it was used by staff leaving.",
		"Two units are knocked through inside; the neighbouring unit's door is a way out.",
	},
	site: {
		"The hoarding has a gap on the far side the recce could not see.",
		"A footpath runs behind the cabins; workers use it to leave.",
	},
	farm: {
		"A track from the caravans to the B road is not on the recce.",
		"The polytunnels reach further than the imagery showed; allow more officers for the fields.",
	},
}

var approachNotes = map[addressKind][]string{
	shopFront: {
		"Vans fit in the service road, out of sight of the shop.",
		"Park round the corner: the counter looks straight onto the street.",
		"Approach from the back lane; the front is overlooked.",
	},
	unit: {
		"Park by the estate entrance; the unit's CCTV covers its car park.",
		"Arrive before 07:00, when the shift comes in.",
	},
	site: {
		"Meet at the supermarket car park on the main road; the site is two minutes away.",
		"Arrive as the gate opens at 07:30.",
	},
	farm: {
		"Vehicles are seen from the yard a mile off; come by the back track.",
		"Allow 25 minutes from the nearest police station.",
	},
}

// employer says what was seen of the right-to-work checks (ICIBI 7.32).
func (w *dbfWriter) employer() (string, string) {
	r := w.r()
	f := w.f
	switch {
	case !f.entered:
		return "no employer on site", "The manager was away and the owner would not come; records could not be asked for."
	case f.liable > 0:
		if chance(r, 0.55) {
			return "no right-to-work records kept", fmt.Sprintf(pick(r, []string{
				"No copies of documents for any of the %d staff met; owner said the previous manager dealt with it.",
				"No records at all for the %d staff met; wages paid cash from the till.",
				"Owner said an agency checks the staff; no agency agreement or checks held for any of the %d met.",
			}), len(f.met))
		}
		return "checks seen, some missing or wrong", fmt.Sprintf(pick(r, []string{
			"Copies held for most staff, none for %s.",
			"A photocopy of a document for %s, not checked against the original or with the online service.",
			"Share code checks on file for others, but %s started before any check was made.",
		}), names(f.liableName))
	case f.shown > 0:
		return "checks seen and in order", pick(r, []string{
			"Checks made before each started and copies dated and kept; the documents shown were good forgeries a reasonable employer would not spot.",
			"Online share code checks on file for every worker, including those whose leave has since ended.",
		})
	case len(f.met) == 0:
		if chance(r, 0.5) {
			return "not asked for", "Nobody working to check records against."
		}
		return "checks seen and in order", "Owner showed the staff file: copies of documents for the four staff on the rota, each dated."
	}
	switch u := r.Float64(); {
	case u < 0.6:
		return "checks seen and in order", pick(r, []string{
			"Copies of passports and share code checks held for each worker met, dated before they started.",
			"Staff file kept in the office; every check seen was in order.",
			"Checks made through the online service; printouts kept for each worker.",
		})
	case u < 0.85:
		return "not asked for", "Everyone met had the right to work; records not needed on the day."
	}
	return "checks seen, some missing or wrong", "Checks for two British staff not kept; advice given on keeping copies for everyone."
}

// engagement is the 4Es given: engage and encourage (ICIBI 6.44-6.45).
func (w *dbfWriter) engagement() string {
	r := w.r()
	f := w.f
	if !f.entered {
		return pick(r, []string{
			"Right-to-work guidance letter left with the staff for the owner, with the team's number.",
			"Owner later called the OIC back; given the Employer Enquiry Helpline number and the guidance on checks.",
		})
	}
	out := pick(r, engageBase)
	switch {
	case f.liable > 0 && chance(r, 0.7):
		out += " " + pick(r, []string{
			"Civil penalty process and the right to object explained.",
			"Told how to make checks properly before anyone else starts.",
		})
	case f.liable == 0 && chance(r, 0.4):
		out += " " + pick(r, []string{
			"Employer thanked for co-operating.",
			"A worker whose application is waiting was told how to chase it.",
			"Employer asked about taking on seasonal staff; checks for students explained.",
		})
	}
	return out
}

var engageBase = []string{
	"Right-to-work guidance leaflet given to the manager and explained.",
	"Online right-to-work checking service shown to the owner on their phone.",
	"Talked the manager through the checks for British and Irish staff and for those with share codes.",
	"Employer Checking Service explained for staff with applications pending.",
	"Owner given the Employer Enquiry Helpline number and the guidance on checks.",
	"Advice on keeping dated copies of every check; leaflet left.",
}

// problems lists the process problems met (DBF-4), mostly none.
func (w *dbfWriter) problems(rating string) (string, string) {
	r := w.r()
	f := w.f
	v := w.v
	var ks, notes []string
	add := func(k, note string) {
		if !slices.Contains(ks, k) {
			ks = append(ks, k)
			notes = append(notes, note)
		}
	}
	if !f.entered && chance(r, 0.5) {
		add("other", "Consent refused and no warrant held, so entry could not be made; a warrant is recommended for any revisit.")
	}
	if f.gone > 0 && chance(r, 0.3) {
		add("subject no longer at the address", "The named subject had moved on before the visit; checks the week before did not show it.")
	}
	if rating == "out of date" && f.days >= 45 && chance(r, 0.4) {
		add("intelligence stale", fmt.Sprintf("Intelligence was %d days old at the visit; the staff it described had moved on.", f.days))
	}
	if f.power == domain.PowerWarrant && chance(r, 0.12) {
		add("warrant late", "Warrant granted late the afternoon before after the court list overran; briefing moved to the morning.")
	}
	if v.Plan.ONF.Assistance && chance(r, 0.1) {
		add("police unavailable", "Police support asked for on the ONF was withdrawn on the morning (officers called to an emergency); the team went ahead after a dynamic risk assessment with the duty CIO.")
	}
	if f.illegal() > 0 && chance(r, 0.03) {
		add("interpreter unavailable", "No interpreter free on the phone line for 40 minutes; a worker's account waited.")
	}
	if len(f.met) > 0 && chance(r, 0.03) {
		add("equipment failed", "Mobile biometric device would not connect; checks made by phone to the command and control unit, adding half an hour.")
	}
	if chance(r, 0.02) {
		add("other", pick(r, []string{
			"One van would not start; the team deployed 25 minutes late in one vehicle.",
			"Radio channel shared with another operation; switched to phones.",
		}))
	}
	if len(ks) == 0 {
		return domain.ProblemNone, ""
	}
	if len(ks) > 2 {
		ks, notes = ks[:2], notes[:2] // the two that mattered most
	}
	return strings.Join(ks, ", "), strings.Join(notes, " ")
}

// summary is the OIC's narrative, in the figure 7 manner: what was done,
// who was met and what followed.
func (w *dbfWriter) summary() string {
	r := w.r()
	f := w.f
	v := w.v
	ill := f.illegal()
	var b strings.Builder
	fmt.Fprintf(&b, "Visit to %s", v.Basics.Premises.Name)
	if !f.entered {
		b.WriteString(": consent refused, no entry made.")
		switch n := len(f.met); {
		case n == 1:
			b.WriteString(" Rear cover met one person outside, who was cleared.")
		case n > 1:
			fmt.Fprintf(&b, " Rear cover met %s outside, all cleared.", people(n))
		}
		return b.String()
	}
	if f.power != "" {
		fmt.Fprintf(&b, ", entry by %s", f.power)
	}
	switch {
	case len(f.met) == 0:
		b.WriteString(": nobody found working")
		if len(f.subjects) > 0 {
			b.WriteString("; named subject not there")
		}
		b.WriteString(".")
	case ill == 0:
		fmt.Fprintf(&b, ": %s encountered, all with the right to work.", people(len(f.met)))
	default:
		fmt.Fprintf(&b, ": %s encountered, %d arrested", people(len(f.met)), f.arrests)
		if f.served > 0 {
			fmt.Fprintf(&b, ", %d served papers", f.served)
		}
		if f.referred > 0 {
			fmt.Fprintf(&b, ", %d referred", f.referred)
		}
		if len(f.subjects) > 0 {
			fmt.Fprintf(&b, " (named subjects found: %d of %d)", len(f.found), len(f.subjects))
		}
		b.WriteString(".")
		if f.seized > 0 {
			fmt.Fprintf(&b, " %s seized.", plural(f.seized, "item"))
		}
	}
	if s := v.Debrief.Sanctions; len(s) > 0 && s[0] != domain.SanctionNone {
		fmt.Fprintf(&b, " Sanctions: %s.", strings.Join(s, ", "))
	} else if f.liable > 0 {
		b.WriteString(" Civil penalty referral to follow.")
	}
	if f.custody && chance(r, 0.6) {
		b.WriteString(" Arrest team to custody first; the rest stood down at the premises.")
	}
	return b.String()
}

// team is each officer's feedback (ICIBI 7.1): what went well and what
// could improve, no two officers alike; a few gave none, and why.
func (w *dbfWriter) team() map[domain.StaffNo]map[string]string {
	r := w.r()
	f := w.f
	out := map[domain.StaffNo]map[string]string{}
	pool := slices.Clip(wentWell)
	if w.v.Plan.ONF.Assistance {
		pool = append(pool, "Police and ICE worked well together at the door.")
	}
	if slices.ContainsFunc(f.met, func(e domain.TimelineEntry) bool { return e.Person.Nationality != "British" }) {
		pool = append(pool, "Good use of the interpreter line.")
	}
	mentee := slices.ContainsFunc(w.v.Roster, func(e domain.RosterEntry) bool { return e.Role == "mentee" })
	if mentee {
		pool = append(pool, "Mentee led an interview well, with support.")
	}
	well := r.Perm(len(pool))
	imp := r.Perm(len(couldImprove))
	k := 0
	for _, p := range w.v.Presence(timeZero) {
		if p.Arrived.IsZero() {
			continue
		}
		e := p.Officer
		m := map[string]string{}
		out[e.StaffNo] = m
		if !e.Holds(domain.CommandOIC) && chance(r, noFeedbackShare) {
			why := pick(r, noFeedbackWhy)
			if f.custody && (e.Role == domain.RoleArrest || e.Role == "driver") {
				why = "Went straight to custody with the detained person and missed the debrief; no return by email."
			}
			m[domain.FieldDbfNone] = why
			continue
		}
		ww := pool[well[k%len(well)]]
		if x, ok := roleWell[e.Role]; ok && chance(r, 0.5) {
			ww = pick(r, x)
		}
		if f.arrests > 0 && e.Role == domain.RoleArrest && chance(r, 0.5) {
			ww = "Arrests made safely; detained people compliant."
		}
		if f.seized > 0 && e.Role == "exhibits officer" {
			ww = fmt.Sprintf("%s bagged, sealed and logged on site.", plural(f.seized, "exhibit"))
		}
		m[domain.FieldDbfWentWell] = ww
		m[domain.FieldDbfImprove] = couldImprove[imp[k%len(imp)]]
		if !f.entered && e.Holds(domain.CommandOIC) {
			m[domain.FieldDbfImprove] = "Apply for a warrant where the manager is known to be away; consent was never likely."
		}
		k++
	}
	return out
}

var wentWell = []string{
	"Clear briefing; everyone knew their role.",
	"Entry quick and calm; staff gathered in one place.",
	"Good radio discipline throughout.",
	"Rear cover in place before the front door was knocked.",
	"Checks came back quickly from the command and control unit.",
	"Staff treated with respect; nobody complained.",
	"Timings kept to the plan.",
	"The recce notes were right: no surprises inside.",
	"Calm handling of an upset manager.",
	"Everyone accounted for at the rendezvous before leaving.",
}

var roleWell = map[string][]string{
	"rear cover":  {"Rear exit covered throughout; nobody left that way.", "Rear gate found quickly from the recce notes."},
	"driver":      {"Vans kept out of sight until the go.", "Vans ready at the door for the departure."},
	"interviewer": {"Interviews short and to the point; nobody kept longer than needed."},
	"search":      {"Search of the back rooms thorough and quick."},
	"mentee":      {"Shadowed the OIC throughout; learnt a lot about consent.", "First visit: the briefing made every step clear."},
}

var couldImprove = []string{
	"Nothing: a straightforward visit.",
	"Nothing to add.",
	"Radio signal poor in the back rooms; bring a spare handset.",
	"Staff saw the van arrive: park further away next time.",
	"More evidence bags in the kit.",
	"A second van would have saved the wait for transport.",
	"Start before the lunch service next time.",
	"Brief the rear cover on the alley layout; it took a while to find the gate.",
	"A mobile biometric kit would have saved calls to the command centre.",
	"A female officer on the team for searches.",
	"Police came late to the briefing point; agree the time with them the day before.",
	"Printed photographs of the subjects as well as the copies on phones.",
	"Nothing, except to keep the briefing this short.",
}

var noFeedbackWhy = []string{
	"On annual leave since the visit; no written return.",
	"Off sick since the visit.",
	"Moved to another team the next day; asked for a return, none came.",
}

// atTheVans is where a debrief is held straight after the visit.
var atTheVans = []string{"At the vans after the visit", "In the van park round the corner", "At the rendezvous point after the visit"}

var heldExtras = []string{", police sergeant present", ", the duty CIO joined by phone"}

// timeZero asks Presence for the whole record.
var timeZero time.Time

// teamBase is where a team's debrief is held back at the office.
func teamBase(t domain.TeamCode) string {
	if b, ok := teamBases[t]; ok {
		return b
	}
	return string(t) + " team office"
}

var teamBases = map[domain.TeamCode]string{
	"SCO": "Glasgow office", "NIR": "Belfast office", "NWE": "Manchester office", "WWE": "Cardiff office",
	"EMD": "Nottingham office", "NEY": "Sheffield office", "WMD": "Birmingham office", "SCE": "Reading office",
	"EOE": "Cambridge office", "SLN": "Lunar House", "SEA": "Brighton office", "WLN": "Hounslow office",
	"CLN": "Central London office", "NEL": "Stratford office", "RRT": "Manchester office (RRT)",
}

// The excuse corrections of DBF-1: what the employer's records showed.
var excuseNotShownFixes = []string{
	"Statutory excuse settled: the employer sent no copies of checks by the deadline given.",
	"Employer's records checked after the visit: no right-to-work check was made for this worker.",
	"Employer produced only a photocopy made after the worker started: no statutory excuse.",
}

var excuseShownFixes = []string{
	"Statutory excuse settled: the employer emailed a dated copy of a correct check the same afternoon.",
	"Employer's file checked at the office: a proper check was made before the worker started.",
}

// Follow-ups once the visit is closed.
var cprnPassedOn = []string{
	"Referral notice passed to the Civil Penalty Compliance Team; case reference %s.",
	"Civil penalty case opened by the Civil Penalty Compliance Team, reference %s; evidence pack sent.",
}

var cprnPosted = []string{
	"Referral notice sent to the employer by recorded delivery; Civil Penalty Compliance Team reference %s.",
	"Referral notice served on the director at the registered office; case reference %s.",
}

var licensingFollowUps = []string{
	"Representations sent to %s licensing authority for a review of the premises licence; reference %s.",
	"Licensing review requested from %s council; hearing to be listed, reference %s.",
}

var closureFollowUps = []string{
	"Application for an illegal working compliance order lodged at the magistrates' court; hearing listed within 48 hours of the notice.",
	"Compliance order granted by the magistrates for six months; the employer to let officers check records on request.",
}

var nrmFollowUps = []string{
	"NRM referral acknowledged by the Single Competent Authority; reasonable grounds decision awaited.",
	"Reasonable grounds decision made on the NRM referral; support offered through the victim care contract.",
}

var adultSafeguardingFollowUps = []string{
	"Adult safeguarding referral made to %s council for the worker found vulnerable; reference ASG-%06d.",
	"Safeguarding hub confirmed the referral to %s adult services; reference ASG-%06d.",
}

// referralFollowUps acknowledge a referral made on the day.
var referralFollowUps = map[string]string{
	"HMRC":                        "HMRC National Minimum Wage team acknowledged the referral; reference NMW-%07d.",
	"GLAA":                        "GLAA accepted the referral for a labour provider investigation; reference GLAA-%07d.",
	"local authority":             "Environmental health confirmed an inspection of the accommodation; reference EH-%07d.",
	"HSE":                         "HSE acknowledged the referral about blocked fire exits and unguarded machinery; reference HSE-%07d.",
	"Employment Agency Standards": "EAS opened an inquiry into the unlicensed agency; reference EAS-%07d.",
}

// laterReferrals are made after the visit, from what was learnt there.
var laterReferrals = [][2]string{
	{"HMRC", "Referral to HMRC: workers described wages well below the minimum, paid in cash."},
	{"GLAA", "Referral to the GLAA: workers supplied through a labour provider that takes a cut of their pay."},
	{"local authority", "Referral to {town} council: people appear to be living in the storeroom."},
	{"DWP", "Referral to DWP: a worker appears to be claiming benefits while working for cash."},
}
