package demo

import (
	"math/rand/v2"
	"strings"

	"oic/domain"
)

// A town in a team's region and the real postcode districts (outward codes)
// that cover it. Only the districts are real; the inward half of each
// postcode is drawn at random, so an address is plausible but not a
// particular building.
type town struct {
	name     string
	outwards []string
}

func place(name, outwards string) town { return town{name, strings.Fields(outwards)} }

// regions holds each team's towns (ICIBI figure 1 names the teams, not their
// boundaries; these follow the usual regional split). The Rapid Response
// Team has no region of its own: see regionOf.
var regions = map[domain.TeamCode][]town{
	"SCO": {
		place("Glasgow", "G1 G2 G3 G4 G5 G11 G12 G13 G14 G20 G21 G22 G31 G32 G33 G40 G41 G42 G51 G52"),
		place("Edinburgh", "EH1 EH2 EH3 EH4 EH5 EH6 EH7 EH8 EH9 EH10 EH11 EH12 EH16 EH17"),
		place("Aberdeen", "AB10 AB11 AB12 AB15 AB16 AB24 AB25"),
		place("Dundee", "DD1 DD2 DD3 DD4"),
		place("Paisley", "PA1 PA2 PA3"),
		place("Falkirk", "FK1 FK2"),
		place("Inverness", "IV1 IV2 IV3"),
		place("Kirkcaldy", "KY1 KY2"),
	},
	"NIR": {
		place("Belfast", "BT1 BT2 BT3 BT4 BT5 BT6 BT7 BT9 BT11 BT12 BT13 BT14 BT15"),
		place("Derry/Londonderry", "BT47 BT48"),
		place("Newry", "BT34 BT35"),
		place("Lisburn", "BT27 BT28"),
		place("Ballymena", "BT42 BT43"),
		place("Portadown", "BT62 BT63"),
		place("Armagh", "BT60 BT61"),
		place("Omagh", "BT78 BT79"),
	},
	"NWE": {
		place("Manchester", "M1 M2 M3 M4 M8 M9 M11 M12 M13 M14 M15 M16 M19 M20 M21 M22 M40"),
		place("Liverpool", "L1 L2 L3 L4 L5 L6 L7 L8 L11 L13 L15 L17 L18"),
		place("Preston", "PR1 PR2 PR5"),
		place("Bolton", "BL1 BL2 BL3"),
		place("Oldham", "OL1 OL4 OL8 OL9"),
		place("Blackburn", "BB1 BB2"),
		place("Stockport", "SK1 SK2 SK3 SK4"),
		place("Warrington", "WA1 WA2 WA4 WA5"),
		place("Wigan", "WN1 WN2 WN3"),
	},
	"WWE": {
		place("Cardiff", "CF5 CF10 CF11 CF14 CF23 CF24"),
		place("Swansea", "SA1 SA2 SA5 SA6"),
		place("Newport", "NP10 NP19 NP20"),
		place("Bristol", "BS1 BS2 BS3 BS4 BS5 BS6 BS7 BS13 BS16"),
		place("Gloucester", "GL1 GL2 GL4"),
		place("Cheltenham", "GL50 GL51 GL52 GL53"),
		place("Plymouth", "PL1 PL2 PL4 PL5 PL6"),
		place("Exeter", "EX1 EX2 EX4"),
		place("Swindon", "SN1 SN2 SN3 SN5 SN25"),
	},
	"EMD": {
		place("Nottingham", "NG1 NG2 NG3 NG5 NG6 NG7 NG8 NG9 NG10 NG11"),
		place("Leicester", "LE1 LE2 LE3 LE4 LE5"),
		place("Derby", "DE1 DE21 DE22 DE23 DE24"),
		place("Northampton", "NN1 NN2 NN3 NN4 NN5"),
		place("Lincoln", "LN1 LN2 LN5 LN6"),
		place("Mansfield", "NG18 NG19"),
		place("Loughborough", "LE11"),
		place("Boston", "PE21"),
	},
	"NEY": {
		place("Leeds", "LS1 LS2 LS4 LS6 LS7 LS8 LS9 LS10 LS11 LS12 LS28"),
		place("Bradford", "BD1 BD3 BD4 BD5 BD7 BD8 BD9"),
		place("Sheffield", "S1 S2 S3 S4 S7 S8 S9 S10 S11"),
		place("Newcastle upon Tyne", "NE1 NE2 NE4 NE5 NE6 NE15"),
		place("Sunderland", "SR1 SR2 SR4 SR5"),
		place("Hull", "HU1 HU2 HU3 HU5 HU8 HU9"),
		place("Middlesbrough", "TS1 TS3 TS4 TS5"),
		place("York", "YO1 YO10 YO24 YO31"),
		place("Doncaster", "DN1 DN2 DN4 DN5"),
		place("Huddersfield", "HD1 HD2 HD3"),
	},
	"WMD": {
		place("Birmingham", "B1 B2 B3 B4 B5 B6 B7 B8 B9 B10 B11 B12 B13 B18 B19 B20 B21 B23 B29 B44"),
		place("Coventry", "CV1 CV2 CV3 CV4 CV5 CV6"),
		place("Wolverhampton", "WV1 WV2 WV3 WV4 WV10 WV11"),
		place("Walsall", "WS1 WS2 WS3 WS5"),
		place("Dudley", "DY1 DY2"),
		place("Stoke-on-Trent", "ST1 ST3 ST4 ST6"),
		place("Worcester", "WR1 WR2 WR4 WR5"),
		place("Telford", "TF1 TF2 TF3"),
		place("Smethwick", "B66 B67"),
	},
	"SCE": {
		place("Oxford", "OX1 OX2 OX3 OX4"),
		place("Reading", "RG1 RG2 RG4 RG6 RG30 RG31"),
		place("Southampton", "SO14 SO15 SO16 SO17 SO18 SO19"),
		place("Portsmouth", "PO1 PO2 PO3 PO4 PO5 PO6"),
		place("Milton Keynes", "MK1 MK2 MK3 MK6 MK9 MK10"),
		place("Slough", "SL1 SL2 SL3"),
		place("High Wycombe", "HP11 HP12 HP13"),
		place("Bournemouth", "BH1 BH2 BH7 BH8 BH9"),
	},
	"EOE": {
		place("Cambridge", "CB1 CB2 CB3 CB4 CB5"),
		place("Norwich", "NR1 NR2 NR3 NR4 NR5 NR6 NR7"),
		place("Ipswich", "IP1 IP2 IP3 IP4"),
		place("Colchester", "CO1 CO2 CO3 CO4"),
		place("Luton", "LU1 LU2 LU3 LU4"),
		place("Peterborough", "PE1 PE2 PE3 PE4 PE7"),
		place("Chelmsford", "CM1 CM2"),
		place("Southend-on-Sea", "SS0 SS1 SS2"),
		place("Wisbech", "PE13"),
		place("Bedford", "MK40 MK41 MK42"),
	},
	"SLN": {
		place("Peckham, London", "SE15"),
		place("Lewisham, London", "SE13"),
		place("Woolwich, London", "SE18"),
		place("Deptford, London", "SE8"),
		place("Camberwell, London", "SE5"),
		place("Walworth, London", "SE17"),
		place("Catford, London", "SE6"),
		place("Croydon", "CR0 CR2"),
		place("Thornton Heath", "CR7"),
		place("Mitcham", "CR4"),
		place("Brixton, London", "SW2 SW9"),
		place("Tooting, London", "SW17"),
		place("Streatham, London", "SW16"),
		place("Battersea, London", "SW11"),
		place("Bromley", "BR1 BR2"),
		place("Orpington", "BR5 BR6"),
	},
	"SEA": {
		place("Brighton", "BN1 BN2 BN3"),
		place("Eastbourne", "BN21 BN22"),
		place("Hastings", "TN34 TN35"),
		place("Maidstone", "ME14 ME15 ME16"),
		place("Chatham", "ME4 ME5"),
		place("Gillingham", "ME7 ME8"),
		place("Tunbridge Wells", "TN1 TN2 TN4"),
		place("Canterbury", "CT1 CT2"),
		place("Margate", "CT9"),
		place("Dover", "CT16 CT17"),
		place("Guildford", "GU1 GU2"),
		place("Woking", "GU21 GU22"),
		place("Ashford", "TN23 TN24"),
	},
	"WLN": {
		place("Ealing, London", "W5 W13"),
		place("Acton, London", "W3"),
		place("Shepherd's Bush, London", "W12"),
		place("Hammersmith, London", "W6"),
		place("Paddington, London", "W2"),
		place("Southall", "UB1 UB2"),
		place("Hayes", "UB3 UB4"),
		place("Uxbridge", "UB8 UB10"),
		place("Greenford", "UB6"),
		place("Harrow", "HA1 HA2 HA3"),
		place("Wembley", "HA0 HA9"),
		place("Edgware", "HA8"),
		place("Hounslow", "TW3 TW4 TW5"),
		place("Feltham", "TW13 TW14"),
	},
	"CLN": {
		place("Soho, London", "W1D W1F"),
		place("Fitzrovia, London", "W1T W1W"),
		place("Marylebone, London", "W1G W1H W1U"),
		place("Mayfair, London", "W1J W1K W1S"),
		place("Bloomsbury, London", "WC1A WC1B WC1E WC1H WC1N"),
		place("Holborn, London", "WC1V WC1R WC2A"),
		place("Covent Garden, London", "WC2E WC2H WC2N"),
		place("King's Cross, London", "WC1X N1C"),
		place("City of London", "EC2M EC2V EC3N EC3V EC4M EC4V"),
		place("Clerkenwell, London", "EC1M EC1R EC1V"),
		place("Shoreditch, London", "EC2A"),
		place("Islington, London", "N1"),
		place("Camden Town, London", "NW1"),
	},
	"NEL": {
		place("Whitechapel, London", "E1"),
		place("Bethnal Green, London", "E2"),
		place("Bow, London", "E3"),
		place("Poplar, London", "E14"),
		place("Stratford, London", "E15"),
		place("Canning Town, London", "E16"),
		place("Leyton, London", "E10"),
		place("Walthamstow, London", "E17"),
		place("East Ham, London", "E6"),
		place("Forest Gate, London", "E7"),
		place("Hackney, London", "E5 E8 E9"),
		place("Ilford", "IG1 IG2 IG3"),
		place("Barking", "IG11"),
		place("Romford", "RM1 RM3 RM7"),
		place("Dagenham", "RM8 RM9 RM10"),
		place("Hornchurch", "RM11 RM12"),
	},
}

// regionOf is the team whose region a visit falls in: the team's own, or
// for the Rapid Response Team, which supports every region (ICIBI figure 1,
// note 14), any other team's.
func regionOf(r *rand.Rand, team domain.TeamCode) domain.TeamCode {
	if _, ok := regions[team]; ok {
		return team
	}
	for {
		if c := pick(r, domain.Teams).Code; c != team {
			return c
		}
	}
}

// Streets: most towns share the names every British town has; London's
// teams get the shopping streets their visits cluster on.
var streets = []string{
	"High Street", "Station Road", "Church Street", "Victoria Road", "London Road",
	"Park Road", "King Street", "Queen Street", "Market Street", "Albert Road",
	"Green Lane", "Mill Lane", "New Road", "North Road", "South Street",
	"Bridge Street", "Castle Street", "George Street", "Alexandra Road", "Broadway",
	"The Parade", "Commercial Road", "Chapel Street", "Railway Street", "Union Street",
	"Stanley Road", "Granby Street", "Cross Street", "Dale Street", "Wellington Road",
	"Grange Road", "Princes Street", "Hill Street", "Clarence Street", "York Road",
	"Oxford Road", "Balmoral Road", "Moor Lane", "Westgate", "Duke Street",
}

var londonStreets = map[domain.TeamCode][]string{
	"SLN": {"Rye Lane", "Lewisham High Street", "Powis Street", "Deptford High Street", "Walworth Road",
		"Brixton Road", "Coldharbour Lane", "Mitcham Road", "Streatham High Road", "London Road",
		"Lavender Hill", "Rushey Green", "Camberwell Church Street", "North End", "High Street"},
	"WLN": {"Uxbridge Road", "The Broadway", "South Road", "King Street", "Goldhawk Road",
		"Ealing Road", "Station Road", "Staines Road", "Bath Road", "Edgware Road",
		"Praed Street", "High Street", "Northolt Road", "Station Road", "Pinner Road"},
	"CLN": {"Dean Street", "Greek Street", "Frith Street", "Wardour Street", "Old Compton Street",
		"Charlotte Street", "Goodge Street", "Marylebone Lane", "Leather Lane", "Exmouth Market",
		"Upper Street", "Chapel Market", "Caledonian Road", "Camden High Street", "Drummond Street",
		"Gerrard Street", "Whitecross Street", "Brick Lane", "Great Titchfield Street", "Lamb's Conduit Street"},
	"NEL": {"Whitechapel Road", "Mile End Road", "Roman Road", "Green Street", "Romford Road",
		"High Street North", "Ilford Lane", "Cranbrook Road", "Hoe Street", "High Road Leyton",
		"Mare Street", "Kingsland Road", "Barking Road", "East India Dock Road", "South Street"},
}

func streetsOf(team domain.TeamCode) []string {
	if s := londonStreets[team]; len(s) > 0 {
		return s
	}
	return streets
}

// inwardLetters are the letters a postcode's inward code may use (never C,
// I, K, M, O or V).
const inwardLetters = "ABDEFGHJLNPQRSTUWXYZ"

// postcode builds a postcode in one of the town's districts.
func postcode(r *rand.Rand, tw town) domain.Postcode {
	b := []byte(pick(r, tw.outwards) + " 0AA")
	n := len(b)
	b[n-3] = byte('0' + r.IntN(10))
	b[n-2] = inwardLetters[r.IntN(len(inwardLetters))]
	b[n-1] = inwardLetters[r.IntN(len(inwardLetters))]
	return domain.Postcode(b)
}
