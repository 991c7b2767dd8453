package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"oic/domain"
)

// window is a span of planned start times, on the quarter hour.
type window struct{ from, to int } // minutes after midnight, inclusive

// sector describes how visits to one business sector look: how often they
// happen, what the premises are called, where they are and when officers
// arrive.
type sector struct {
	name   string // one of domain.Sectors
	weight int    // share of visits, per cent
	noun   string // what an intelligence summary calls the premises
	// trades at weekends, so a visit on a Saturday is as likely as any day
	weekend bool
	// industrial premises have a unit or site address, not a shop front
	address addressKind
	hours   []window
	// names: a prefix and a suffix are drawn from one group; "{town}",
	// "{street}" and "{surname}" in a prefix are filled in.
	names []nameGroup
}

type addressKind int

const (
	shopFront addressKind = iota
	unit                  // "Unit 4, Riverside Industrial Estate"
	site                  // "Site at 40-48 Mill Lane"
	farm                  // "Moor Lane, near Wisbech"
)

type nameGroup struct{ prefixes, suffixes []string }

func g(prefixes, suffixes string) nameGroup {
	return nameGroup{strings.Split(prefixes, "|"), strings.Split(suffixes, "|")}
}

// Hours: most visits start between 06:00 and 14:00 (early for sites and
// night-shift workplaces, late morning for shops that open at ten, lunch
// and evening service for restaurants).
var (
	early    = []window{{6 * 60, 8*60 + 45}}
	morning  = []window{{9*60 + 30, 13*60 + 45}, {9*60 + 30, 13*60 + 45}, {9*60 + 30, 13*60 + 45}, {15 * 60, 17 * 60}}
	service  = []window{{11 * 60, 13*60 + 45}, {11 * 60, 13*60 + 45}, {11 * 60, 13*60 + 45}, {17*60 + 30, 20 * 60}, {7 * 60, 9*60 + 45}}
	dayShift = []window{{6 * 60, 9*60 + 45}}
)

// sectors weights follow ICIBI 5.30 ("the high street, takeaways, fast food
// restaurants, nail bars and car washes"), with the rarer sectors the GLAA's
// joint operations cover (ICIBI 6.60). Weights sum to 100.
var sectors = []sector{
	{name: "Restaurant / takeaway", weight: 30, noun: "restaurant", weekend: true, hours: service, names: []nameGroup{
		g("Royal|Taj|Gurkha|Everest|Lahore|Punjab|Bengal|Kashmir|Spice Garden|Shapla", "Tandoori|Balti House|Indian Restaurant|Spice|Curry House"),
		g("Golden Dragon|Jade Garden|Lucky Star|Happy Valley|Oriental Pearl|Bamboo|Red Lantern|Golden Lotus", "Chinese Takeaway|House|Cantonese Restaurant"),
		g("Istanbul|Ankara|Sultan|Marmaris|Bodrum|Antalya|Ephesus|Anatolia", "Kebab & Pizza|Grill|Mangal|Kebab House|Ocakbasi"),
		g("Texas|Chicago|Tennessee|Crispy|Hot Wings|Southern|Peri", "Fried Chicken|Peri Peri|Chicken & Pizza"),
		g("{town}|Harbour|Ocean|Golden|Seaview|Codfather's", "Fish Bar|Chippy|Fish & Chips"),
		g("Siam|Lotus|Bangkok|Saigon|Hanoi|Pho", "Thai Kitchen|Noodle Bar|Street Kitchen"),
	}},
	{name: "Hand car wash", weight: 12, noun: "car wash", weekend: true, hours: morning, names: []nameGroup{
		g("{town}|{street}|Sparkle|Speedy|Diamond|Supreme|Crystal|Star|Elite|Jet|Splash", "Hand Car Wash|Car Wash & Valeting|Hand Wash|Valet Centre"),
	}},
	{name: "Nail bar / beauty", weight: 10, noun: "nail bar", weekend: true, hours: morning, names: []nameGroup{
		g("Luxe|Pearl|Crystal|Diamond|Lotus|Glamour|Perfect|Pink|Angel|Queen|Elegant|VIP|Polished", "Nails|Nails & Beauty|Nail Bar|Nails & Spa|Beauty Lounge"),
	}},
	{name: "Barber / hairdresser", weight: 10, noun: "barbershop", weekend: true, hours: morning, names: []nameGroup{
		g("Kings|Fade|Sharp|Gentlemen's|Istanbul|Ottoman|Prestige|Blade|Classic|Legends|Top Cuts|{street}", "Barbers|Barber Shop|Turkish Barbers|Hair Studio"),
	}},
	{name: "Convenience store / retail", weight: 11, noun: "shop", weekend: true, hours: morning, names: []nameGroup{
		g("{town}|{street}|Best Price|Day & Night|Family|Village|Corner|Euro|Local|Quick Stop", "Food & Wine|Mini Market|Convenience Store|Off Licence|Supermarket|News & Booze"),
	}},
	{name: "Construction", weight: 5, noun: "building site", address: site, hours: early, names: []nameGroup{
		g("{surname}|{town}|Apex|Crown|Summit|Keystone|Broadway|Greenfield", "Construction Ltd|Building Services Ltd|Developments Ltd|Groundworks Ltd|Builders"),
	}},
	{name: "Care sector", weight: 3, noun: "care home", weekend: true, hours: dayShift, names: []nameGroup{
		g("Willow|Oak|Meadow|Rosewood|Beech|Heather|Ashfield|Cedar|Elm|Sunnyside", "Lodge Care Home|House Nursing Home|Court Care Home|Home Care Services Ltd|Care Agency Ltd"),
	}},
	{name: "Agriculture", weight: 2, noun: "farm", address: farm, hours: early, names: []nameGroup{
		g("{surname}|Manor|Hill|Brook|Fenland|Valley|Orchard|Lower", "Farm|Growers Ltd|Fresh Produce Ltd|Nurseries|Fruit Farm"),
	}},
	{name: "Garment manufacture", weight: 2, noun: "garment factory", address: unit, hours: dayShift, names: []nameGroup{
		g("{surname}|{town}|Star|Eastern|Modern|Royal|Silverline", "Textiles Ltd|Garments Ltd|Clothing Manufacturers|Fashions Ltd|Knitwear Ltd"),
	}},
	{name: "Warehouse / logistics", weight: 3, noun: "warehouse", address: unit, hours: early, names: []nameGroup{
		g("{town}|Swift|Northgate|Central|Prime|Unity|Atlas|Redline", "Distribution Ltd|Logistics Ltd|Fulfilment Centre|Couriers Ltd|Storage & Distribution"),
	}},
	{name: "Food processing", weight: 2, noun: "food factory", address: unit, hours: early, names: []nameGroup{
		g("{town}|Fresh|Country|Halal|Harvest|Meadowbank|Coldharbour", "Food Packers Ltd|Meats Ltd|Foods Ltd|Bakery Ltd|Poultry Ltd"),
	}},
	{name: "Hotel / hospitality", weight: 3, noun: "hotel", weekend: true, hours: dayShift, names: []nameGroup{
		g("The {town}|The Royal|The Grand|The Station|The Park|The Riverside|The Kings|The Bridge|The Crown", "Hotel|Inn|Guest House|Lodge"),
	}},
	{name: "Cleaning services", weight: 2, noun: "cleaning company", address: unit, hours: dayShift, names: []nameGroup{
		g("{town}|Sparkle|Spotless|Pristine|Bright|Fresh Start|Clearview", "Cleaning Services Ltd|Cleaning Contractors Ltd|Facilities Ltd|Commercial Cleaners"),
	}},
	{name: "Security services", weight: 1, noun: "security company", address: unit, hours: dayShift, names: []nameGroup{
		g("{town}|Shield|Guardian|Sentinel|Fortress|Citadel|Sentry|Watchpoint", "Security Ltd|Security Services Ltd|Door Supervisors Ltd|Protection Services"),
	}},
	{name: "Other", weight: 4, noun: "business", hours: morning, names: []nameGroup{
		g("{town}|{street}|Smart|Quick|City|Express", "Phone Repairs|Tyres|Tyre & Exhaust Centre|Shisha Lounge|Mobile & Vape"),
	}},
}

var sectorWeights = func() weighted {
	ws := make([]int, len(sectors))
	for i, s := range sectors {
		ws[i] = s.weight
	}
	return newWeighted(ws...)
}()

// premises is a place visited, remembered so a later visit can return to it.
type premises struct {
	sector   int // index into sectors
	name     string
	address  string
	postcode domain.Postcode
}

var estates = []string{"Riverside", "Brookfield", "Station", "Canal", "Parkway", "Enterprise", "Meadow", "Victoria", "Northfield", "Gateway"}
var estateKinds = []string{"Industrial Estate", "Business Park", "Trading Estate"}
var lanes = []string{"Mill Lane", "Church Lane", "Moor Lane", "Fen Road", "Marsh Lane", "Drove Road", "Back Lane", "Common Road"}

// newPremises invents premises of a random sector in the region's towns.
func newPremises(r *rand.Rand, region domain.TeamCode) premises {
	si := sectorWeights.pick(r)
	s := &sectors[si]
	tw := pick(r, regions[region])
	street := pick(r, streetsOf(region))
	grp := pick(r, s.names)
	prefix := pick(r, grp.prefixes)
	town := tw.name
	if i := strings.IndexByte(town, ','); i > 0 {
		town = town[:i] // "Peckham, London" names a shop "Peckham Food & Wine"
	}
	prefix = strings.NewReplacer("{town}", town, "{street}", strings.TrimPrefix(street, "The "), "{surname}", pick(r, officerSurname)).Replace(prefix)
	p := premises{sector: si, name: prefix + " " + pick(r, grp.suffixes), postcode: postcode(r, tw)}
	switch s.address {
	case unit:
		p.address = fmt.Sprintf("Unit %d, %s %s, %s", between(r, 1, 40), pick(r, estates), pick(r, estateKinds), tw.name)
	case site:
		n := between(r, 2, 180)
		p.address = fmt.Sprintf("Site at %d-%d %s, %s", n, n+between(r, 4, 20), street, tw.name)
	case farm:
		p.address = fmt.Sprintf("%s, near %s", pick(r, lanes), tw.name)
	default:
		p.address = fmt.Sprintf("%d %s, %s", between(r, 1, 240), street, tw.name)
	}
	return p
}

// startTime picks a planned start, on the quarter hour, for a visit to s.
func (s *sector) startTime(r *rand.Rand) (hh, mm int) {
	w := pick(r, s.hours)
	q := w.from/15 + r.IntN((w.to-w.from)/15+1)
	return q * 15 / 60, q * 15 % 60
}
