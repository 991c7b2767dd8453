package demo

import (
	"strings"

	"oic/domain"
)

// Wording of the police notification and reconnaissance records: which
// force a town's ONF goes to, what the police write back, what the phone
// check hears, and what a recce sees at each sector's premises.

// metForce is the Metropolitan Police Service, which has its own
// arrangement in place of the ONF (ONF-1).
const metForce = "Metropolitan Police Service"

// forces names the territorial police force for each town of regions.
// Every London town is the Met's except the City, which has its own
// force and takes an ONF like any other.
var forces = map[string]string{
	"Glasgow": "Police Scotland", "Edinburgh": "Police Scotland", "Aberdeen": "Police Scotland", "Dundee": "Police Scotland",
	"Paisley": "Police Scotland", "Falkirk": "Police Scotland", "Inverness": "Police Scotland", "Kirkcaldy": "Police Scotland",

	"Belfast": "Police Service of Northern Ireland", "Derry/Londonderry": "Police Service of Northern Ireland",
	"Newry": "Police Service of Northern Ireland", "Lisburn": "Police Service of Northern Ireland",
	"Ballymena": "Police Service of Northern Ireland", "Portadown": "Police Service of Northern Ireland",
	"Armagh": "Police Service of Northern Ireland", "Omagh": "Police Service of Northern Ireland",

	"Manchester": "Greater Manchester Police", "Bolton": "Greater Manchester Police", "Oldham": "Greater Manchester Police",
	"Stockport": "Greater Manchester Police", "Wigan": "Greater Manchester Police", "Liverpool": "Merseyside Police",
	"Preston": "Lancashire Constabulary", "Blackburn": "Lancashire Constabulary", "Warrington": "Cheshire Constabulary",

	"Cardiff": "South Wales Police", "Swansea": "South Wales Police", "Newport": "Gwent Police",
	"Bristol": "Avon and Somerset Constabulary", "Gloucester": "Gloucestershire Constabulary",
	"Cheltenham": "Gloucestershire Constabulary", "Plymouth": "Devon and Cornwall Police",
	"Exeter": "Devon and Cornwall Police", "Swindon": "Wiltshire Police",

	"Nottingham": "Nottinghamshire Police", "Mansfield": "Nottinghamshire Police", "Leicester": "Leicestershire Police",
	"Loughborough": "Leicestershire Police", "Derby": "Derbyshire Constabulary", "Northampton": "Northamptonshire Police",
	"Lincoln": "Lincolnshire Police", "Boston": "Lincolnshire Police",

	"Leeds": "West Yorkshire Police", "Bradford": "West Yorkshire Police", "Huddersfield": "West Yorkshire Police",
	"Sheffield": "South Yorkshire Police", "Doncaster": "South Yorkshire Police", "Newcastle upon Tyne": "Northumbria Police",
	"Sunderland": "Northumbria Police", "Hull": "Humberside Police", "Middlesbrough": "Cleveland Police",
	"York": "North Yorkshire Police",

	"Birmingham": "West Midlands Police", "Coventry": "West Midlands Police", "Wolverhampton": "West Midlands Police",
	"Walsall": "West Midlands Police", "Dudley": "West Midlands Police", "Smethwick": "West Midlands Police",
	"Stoke-on-Trent": "Staffordshire Police", "Worcester": "West Mercia Police", "Telford": "West Mercia Police",

	"Oxford": "Thames Valley Police", "Reading": "Thames Valley Police", "Milton Keynes": "Thames Valley Police",
	"Slough": "Thames Valley Police", "High Wycombe": "Thames Valley Police",
	"Southampton": "Hampshire and Isle of Wight Constabulary", "Portsmouth": "Hampshire and Isle of Wight Constabulary",
	"Bournemouth": "Dorset Police",

	"Cambridge": "Cambridgeshire Constabulary", "Peterborough": "Cambridgeshire Constabulary", "Wisbech": "Cambridgeshire Constabulary",
	"Norwich": "Norfolk Constabulary", "Ipswich": "Suffolk Constabulary", "Colchester": "Essex Police",
	"Chelmsford": "Essex Police", "Southend-on-Sea": "Essex Police", "Luton": "Bedfordshire Police", "Bedford": "Bedfordshire Police",

	"Brighton": "Sussex Police", "Eastbourne": "Sussex Police", "Hastings": "Sussex Police", "Guildford": "Surrey Police",
	"Woking": "Surrey Police", "Maidstone": "Kent Police", "Chatham": "Kent Police", "Gillingham": "Kent Police",
	"Tunbridge Wells": "Kent Police", "Canterbury": "Kent Police", "Margate": "Kent Police", "Dover": "Kent Police",
	"Ashford": "Kent Police",

	"City of London": "City of London Police",
}

// district is where a postcode district is: its town, as an officer would
// name a station or intelligence unit there, and its police force.
type district struct{ town, force string }

// districts maps each outward code the demo uses to its town and force;
// a London town missing from forces is the Met's.
var districts = func() map[string]district {
	m := map[string]district{}
	for team, towns := range regions {
		for _, tw := range towns {
			f, ok := forces[tw.name]
			if !ok {
				switch team {
				case "SLN", "WLN", "CLN", "NEL":
					f = metForce
				default:
					panic("demo: no police force for " + tw.name)
				}
			}
			short := strings.TrimSuffix(tw.name, ", London")
			for _, o := range tw.outwards {
				if d, ok := m[o]; ok && d.force != f {
					panic("demo: " + o + " is policed by " + d.force + " and " + f)
				}
				m[o] = district{short, f}
			}
		}
	}
	return m
}()

// districtOf finds a premises' town and police force from its postcode.
func districtOf(pc domain.Postcode) district {
	out, _, _ := strings.Cut(string(pc), " ")
	return districts[out]
}

// Ranks of the police officers who sign ONFs and answer phone checks.
var (
	signRanks  = []string{"DS", "DS", "DI", "PS", "Insp", "DC"}
	phoneRanks = []string{"PC", "PC", "DC", "DC", "PS", "DS"}
	initials   = "ABCDEFGHJKLMNPRSTW"
	units      = []string{"PIU", "PIU", "intelligence unit", "local intelligence desk", "BCU intelligence unit"}
)

// metNotes record the Met's alternative arrangement (ONF-1).
var metNotes = []string{
	"Met alternative arrangement: visit notified to the {town} BCU intelligence unit by email on the agreed template; acknowledged, no ONF required.",
	"Met alternative arrangement: details logged with MetCC and the {town} BCU; nothing adverse known to the BCU.",
	"Met alternative arrangement: OIC called the {town} BCU intelligence desk and emailed the visit details; reference logged on this record.",
	"Met alternative arrangement: the weekly ICE/MPS notification list includes this visit; {town} BCU confirmed receipt.",
}

// onfMarkers are warning markers the police return (ONF-6).
var onfMarkers = []string{
	"Address: warning marker for violence against police ({year}).",
	"Occupier known to carry a bladed weapon (PNC marker, {year}).",
	"Large dog kept at the rear of the premises (reported {year}).",
	"Premises linked to suspected drug supply; the neighbourhood team is aware.",
	"Named subject has a warning marker for escape risk ({year}).",
	"Premises owner arrested for assault in {year}; no charge.",
	"Address linked to a missing person enquiry ({year}); closed.",
}

// onfTensions are community tensions the police report (ONF-6).
var onfTensions = []string{
	"Protest at an enforcement visit in the area last month; the neighbourhood team asks for a call on the morning.",
	"Local tension after a recent serious incident on the same street; visit to be kept low-profile.",
	"Community event at the nearby place of worship this week; avoid the hours of prayer.",
	"Ongoing dispute between two families on the parade; officers to be aware.",
	"No tensions reported, but a councillor has raised enforcement visits at a recent ward meeting.",
}

// incompleteSections are the ONF's sections the police sometimes leave
// blank (ONF-4).
var incompleteSections = []string{"warning markers", "community tensions", "police assistance", "intelligence checks", "force contact"}

// phoneOutcomes are what the police intelligence unit says (ONF-3).
var phoneOutcomes = []string{
	"No warning markers on the address or the subjects; no adverse information; no community tensions known.",
	"Nothing adverse on police systems for the address; no tensions; ONF return chased and promised.",
	"No markers for the subjects; one old marker for the address (dog, {year}); no community tensions.",
	"No adverse information; the neighbourhood team reports no current tensions; happy for the visit to proceed.",
	"Address known for a noise complaint in {year}, nothing more; no markers; no tensions.",
}

// phoneWhy is why the call was made, said at its start.
var phoneWhy = map[string][]string{
	"missing":  {"ONF not returned; ", "ONF still outstanding; ", ""},
	"unusable": {"ONF returned without a signature or with sections blank; ", "Returned ONF could not be relied on; "},
	"expired":  {"ONF returned over a month ago; ", ""},
	"late":     {"ONF sent late; ", ""},
}

// Imagery sources for virtual recces (REC-2).
var imagerySources = []string{"Google Street View", "Google Street View", "Google Street View", "Google Earth satellite", "Bing Maps aerial",
	"Apple Maps Look Around", "Local authority planning portal photographs"}

// RIPA consideration of physical recces (REC-4): nearly always overt and
// from a public place, so no authorisation is needed.
var ripaNoAuth = []string{
	"No authorisation needed: overt observation from a public place.",
	"No authorisation needed: overt observation from a public place.",
	"No authorisation needed: overt observation from a public place.",
	"No authorisation needed: a single pass from the public highway; not directed surveillance.",
	"No authorisation needed: officers walked past once in the course of the street's ordinary use; no private information sought.",
}

// premisesText is what a recce records about premises of one kind: the
// entrances and exits, the layout, the wider geography, and risks seen.
// {street} is the premises' street.
type premisesText struct {
	entrances, layouts, geography, risks []string
	staff                                [2]int // workers usually seen, fewest to most
	seen                                 []string
}

var shopRisks = []string{
	"Rear door propped open: staff may leave that way; rear cover needed before entry.",
	"Flat above with its own street door; occupants may not be workers; do not enter without cause.",
	"CCTV camera over the door; staff may see officers arrive.",
	"Narrow pavement and a bus stop outside: vans to park round the corner.",
	"None beyond the usual.",
}

// recceTexts are by sector; a sector missing here uses its address kind's.
var recceTexts = map[string]premisesText{
	"Restaurant / takeaway": {
		entrances: []string{
			"Front door on {street}; kitchen door at the rear to a yard with a gate onto the service alley.",
			"Front door and a side door to the flat above; kitchen fire door to the back lane.",
			"Single customer door on {street}; rear kitchen door to a shared yard behind the parade.",
		},
		layouts: []string{
			"Counter at the front, kitchen behind through a swing door, store room and toilet at the back; flat upstairs.",
			"Dining room for about 30 covers, kitchen at the rear, cellar hatch in the kitchen floor, staff room upstairs.",
			"Takeaway counter with a small waiting area; kitchen and prep room behind; stairs to a first floor used as staff accommodation.",
		},
		geography: []string{"Parade of shops on a busy main road; bus stop outside.", "Corner plot; the side road leads into a residential estate.",
			"Pedestrianised street; vans must wait on the next road.", "Cul-de-sac behind the parade: one way in and out for vehicles."},
		risks: append([]string{"Hot oil and knives in the kitchen: staff to turn off fryers before being questioned."}, shopRisks...),
		staff: [2]int{3, 9}, seen: []string{"staff seen through the window at the lunch service", "staff seen, two more arriving by the back lane", "staff counted in the kitchen and at the counter"},
	},
	"Hand car wash": {
		entrances: []string{"Open forecourt with vehicle entrance and exit on {street}; portakabin office at the rear.",
			"Former petrol station forecourt; two vehicle accesses; fence at the back onto railway land."},
		layouts: []string{"Wash bays under a canopy, a jet-wash area and a valeting shed; office in a cabin; workers' rest area in a container.",
			"Open yard with two wash lines; a cabin used as office and kitchen; a second container at the back may be slept in."},
		geography: []string{"On a main road junction; heavy traffic; workers can reach waste ground behind the site.",
			"Edge of a retail park; open land to the rear.", "Next to a railway line; the back fence is low."},
		risks: []string{"Workers may scatter over the back fence onto waste ground: two officers on the rear.", "Pressure washers and chemicals in use: supervisor asked to stop the lines.",
			"Vehicles moving on the forecourt: officers in hi-vis.", "Container at the rear may be used as accommodation: check for welfare concerns."},
		staff: [2]int{4, 12}, seen: []string{"workers in uniform on the wash lines", "workers seen, several without uniform", "workers at the bays and in the cabin"},
	},
	"Nail bar / beauty": {
		entrances: []string{"Shop door on {street}; rear door to a yard and the back lane.", "Single shop door; fire exit through the back room to a service alley."},
		layouts:   []string{"Salon with six nail stations, a pedicure area and a back room used as kitchen and store.", "Narrow salon with stations each side; stairs to a room upstairs with beds used for treatments."},
		geography: []string{"Parade of shops on a busy main road.", "Shopping street with heavy footfall at the weekend.", "Small parade on a residential street."},
		risks:     append([]string{"Workers may be young and vulnerable: safeguarding questions and a female officer on the team."}, shopRisks...),
		staff:     [2]int{3, 8}, seen: []string{"technicians seen at the stations", "staff seen, one customer waiting"},
	},
	"Barber / hairdresser": {
		entrances: []string{"Shop door on {street}; back door to a yard.", "Single shop door; the back room has a door to the alley behind."},
		layouts:   []string{"Four chairs in a row, a waiting bench and a back room with a kitchen.", "Two rooms: barbers at the front, a back room used for breaks and storage."},
		geography: []string{"Parade of shops on a busy main road.", "Side street near the station.", "Corner of a residential street and the high street."},
		risks:     append([]string{"Razors and scissors at each station: barbers asked to put tools down before questions."}, shopRisks...),
		staff:     [2]int{2, 6}, seen: []string{"barbers seen working", "barbers seen, two waiting customers"},
	},
	"Convenience store / retail": {
		entrances: []string{"Shop door on {street}; rear stockroom door to a yard with a roller shutter.", "Front door; side door to the flat above; delivery door at the rear."},
		layouts:   []string{"Shop floor with a counter by the door; stockroom and cold store at the rear; office upstairs.", "Small shop floor; a cellar reached through a hatch behind the counter; stockroom at the back."},
		geography: []string{"Parade of shops on a main road.", "Corner shop on a residential street.", "Cul-de-sac of shops and flats: one way in for vehicles."},
		risks:     shopRisks,
		staff:     [2]int{1, 4}, seen: []string{"staff seen at the till and stacking shelves", "staff seen; one came from the flat above"},
	},
	"Construction": {
		entrances: []string{"Main site gate with a security hut on {street}; second vehicle gate at the rear.", "Single gate in the hoarding; a pedestrian gap by the welfare cabins."},
		layouts:   []string{"Frame of a three-storey block; welfare cabins and a site office by the gate; scaffolding round the building.", "Groundworks and foundations; plant yard; cabins by the gate."},
		geography: []string{"Hoarding along a residential street; houses overlook the site.", "Site backs onto a park; workers could leave across it.", "Town centre site between two occupied buildings."},
		risks:     []string{"Working at height and moving plant: site manager asked to stop work and gather workers at the cabins.", "Workers may run across the open ground at the rear: two officers there.", "Hard hats and boots needed on site: PPE taken."},
		staff:     [2]int{8, 30}, seen: []string{"workers seen on the scaffold and in the yard", "workers arriving by minibus at 07:00"},
	},
	"Care sector": {
		entrances: []string{"Main entrance with a keypad; staff entrance by the car park; fire exits on each wing."},
		layouts:   []string{"Two-storey home; lounge and dining room on the ground floor; staff room and office by the entrance.", "Converted house with an extension; residents' rooms upstairs; staff room at the back."},
		geography: []string{"Quiet residential road; parking limited.", "Edge of town; own car park."},
		risks:     []string{"Vulnerable residents: minimise disruption; officers in plain clothes inside.", "Staff on shift cannot leave residents alone: questions taken in turns."},
		staff:     [2]int{6, 15}, seen: []string{"care staff seen arriving for the shift", "staff seen in the car park at handover"},
	},
	"Agriculture": {
		entrances: []string{"Farm track from the lane to the yard; a second field gate onto the B road.", "Main yard entrance; tracks into the fields on three sides."},
		layouts:   []string{"Yard with a packhouse and cold store; polytunnels beyond; caravans behind the packhouse.", "Glasshouses along the track; a barn used as a canteen; workers' caravans in a paddock."},
		geography: []string{"Rural; nearest police station 25 minutes away; poor mobile signal.", "Open fenland; long sight lines, so vehicles are seen arriving."},
		risks:     []string{"Large open site: workers may scatter into fields; no pursuit across crops.", "Workers housed in caravans: welfare and accommodation questions.", "Tractors and forklifts moving in the yard."},
		staff:     [2]int{10, 40}, seen: []string{"pickers seen in the polytunnels", "workers seen arriving by minibus"},
	},
	"Hotel / hospitality": {
		entrances: []string{"Main entrance and reception; staff entrance and kitchen door at the rear car park; fire escape stairs at each end."},
		layouts:   []string{"Reception, bar and restaurant on the ground floor; kitchen behind; 40 rooms on three floors; staff room in the basement.", "Guest house of 12 rooms; kitchen and laundry at the back; owner's flat on the top floor."},
		geography: []string{"Town centre street near the station.", "Seafront road; busy in the summer.", "Off the ring road with its own car park."},
		risks:     []string{"Many rooms and exits: staff areas only; guest rooms not entered.", "Housekeeping staff spread over several floors: manager asked to call them to the staff room."},
		staff:     [2]int{5, 20}, seen: []string{"kitchen and housekeeping staff seen at the rear", "staff seen taking a break by the kitchen door"},
	},
	"Other": {
		entrances: []string{"Shop door on {street}; roller shutter to a workshop at the side.", "Front door; back door to a yard."},
		layouts:   []string{"Front counter; workshop behind; small office upstairs.", "Lounge area at the front; kitchen and store at the back."},
		geography: []string{"Parade of shops on a main road.", "Side street off the high street."},
		risks:     shopRisks,
		staff:     [2]int{2, 6}, seen: []string{"staff seen at the counter and in the workshop"},
	},
}

// unitText is for premises on an industrial estate (warehouses, factories,
// cleaning and security firms).
var unitText = premisesText{
	entrances: []string{"Roller shutter and a pedestrian door at the front of the unit; fire exit at the rear onto the estate's service road.",
		"Pedestrian door to a reception; two loading doors at the side; fire exit at the back.",
		"Front office door; goods-in door at the rear; a mezzanine fire escape down the side."},
	layouts: []string{"Open floor with racking; office and canteen on a mezzanine.", "Production floor with lines of machines; cold store; changing rooms by the entrance.",
		"Office at the front; store room and a small workshop behind."},
	geography: []string{"Industrial estate with one road in; other units busy from 07:00.", "Business park off the ring road; shared car park.",
		"End unit next to a canal towpath workers could leave along."},
	risks: []string{"Forklifts and machinery: supervisor halts work first.", "Agency workers on shifts; numbers unknown: request the rota on arrival.",
		"Several exits: officers on the rear and side before entry.", "None beyond the usual."},
	staff: [2]int{6, 35}, seen: []string{"workers seen arriving for the early shift", "workers seen on a break outside", "vans loading at the doors"},
}

// textFor finds the recce text for a sector.
func textFor(s *sector) *premisesText {
	if t, ok := recceTexts[s.name]; ok {
		return &t
	}
	return &unitText
}

// Extra sentences a revisit's recce records: what the last visit taught
// (REC-5).
var revisitNotes = []string{
	"As at the last visit.",
	"Unchanged since the last visit.",
	"As the last visit's notes; the rear exit is still used.",
	"Checked against the last visit's notes: no change seen.",
}
