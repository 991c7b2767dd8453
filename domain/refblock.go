package domain

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Laptops that create visits offline (issue 17, section 5) must never
// make the same reference as each other or as the server. References
// keep their form (SLN-2026-0042: every screen, export and parser knows
// it); instead a server, while the laptop is online, reserves it a block
// of sequence numbers for a team and year, and moves its own counter
// past them. A folder holding blocks ("linked") takes its numbers only
// from them.

// RefBlock is a run of reference sequence numbers, First to Last, of one
// team and year, reserved by a server for one device (a data folder,
// named by its principal: oic key), at an officer's request.
type RefBlock struct {
	Team    TeamCode  `json:"team"`
	Year    int       `json:"year"`
	First   uint32    `json:"first"`
	Last    uint32    `json:"last"`
	Device  string    `json:"device"`
	Officer StaffNo   `json:"officer"`
	At      time.Time `json:"at"`
	// Server is where a laptop reserved the block (ssh://host:port), so
	// that it can say where to reserve more; empty on the server's side.
	Server string `json:"server,omitempty"`
	// Used is the last number of the block a laptop has used (0: none
	// yet); numbers are taken in order, so the rest are free.
	Used uint32 `json:"used,omitempty"`
}

// Reference blocks: how many numbers one reservation may ask for, and
// how many it gets if it does not say.
const (
	RefBlockDefault = 50
	RefBlockMax     = 1000
)

// Size is how many numbers the block holds.
func (b RefBlock) Size() int { return int(b.Last) - int(b.First) + 1 }

// Left is how many of the block's numbers are not used yet.
func (b RefBlock) Left() int { return int(b.Last) - int(max(b.Used, b.First-1)) }

// Holds says seq of team and year is in the block.
func (b RefBlock) Holds(team TeamCode, year int, seq uint32) bool {
	return b.Team == team && b.Year == year && seq >= b.First && seq <= b.Last
}

// Overlaps says b and o share a number.
func (b RefBlock) Overlaps(o RefBlock) bool {
	return b.Team == o.Team && b.Year == o.Year && b.First <= o.Last && o.First <= b.Last
}

// String names the block as officers read it: "SLN 2026 0101-0150".
func (b RefBlock) String() string {
	return fmt.Sprintf("%s %04d %04d-%04d", b.Team, b.Year, b.First, b.Last)
}

// Validate says what is wrong with a block as it arrives or is read:
// a known team, a year a reference can carry, numbers in order, not
// more than RefBlockMax of them, a device and an officer.
func (b RefBlock) Validate() error {
	if p := b.problems(true); len(p) > 0 {
		return fmt.Errorf("reference block %s: %s", b, strings.Join(p, "; "))
	}
	return nil
}

// CheckReservation says what is wrong with a request for a block, before
// any number is chosen: the team, year, device and officer Validate
// checks.
func CheckReservation(team TeamCode, year int, device string, officer StaffNo) error {
	b := RefBlock{Team: team, Year: year, Device: device, Officer: officer}
	if p := b.problems(false); len(p) > 0 {
		return fmt.Errorf("cannot reserve reference numbers of %s %d: %s. Nothing was reserved", team, year, strings.Join(p, "; "))
	}
	return nil
}

// problems are what is wrong with b, its numbers too if numbers.
func (b RefBlock) problems(numbers bool) []string {
	var p []string
	if _, ok := TeamByCode(b.Team); !ok {
		p = append(p, fmt.Sprintf("%q is not an ICE team code", b.Team))
	}
	if b.Year < 2000 || b.Year > 9999 {
		p = append(p, fmt.Sprintf("year %d is not one a reference can carry", b.Year))
	}
	switch {
	case !numbers:
	case b.First == 0 || b.Last < b.First:
		p = append(p, fmt.Sprintf("numbers %d to %d are not a block", b.First, b.Last))
	case b.Size() > RefBlockMax:
		p = append(p, fmt.Sprintf("%d numbers is more than a block holds (%d)", b.Size(), RefBlockMax))
	case b.Used != 0 && (b.Used < b.First || b.Used > b.Last):
		p = append(p, fmt.Sprintf("its last used number %d is outside it", b.Used))
	}
	if !validDevice(b.Device) {
		p = append(p, fmt.Sprintf("device %q is not a folder's principal (oic-, then 16 hex digits)", b.Device))
	}
	if _, err := ParseStaffNo(string(b.Officer)); err != nil {
		p = append(p, err.Error())
	}
	return p
}

// validDevice says d is a folder's principal as oic key prints it.
func validDevice(d string) bool {
	hex, ok := strings.CutPrefix(d, "oic-")
	if !ok || len(hex) != 16 {
		return false
	}
	for _, c := range hex {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}

// MayUseRef is the rule of a linked folder: a reference's number is its
// to use only if one of the blocks it holds, reserved for device, has
// it. A folder holding no block at all is not linked, and uses its own
// counter as before.
func MayUseRef(held []RefBlock, device string, team TeamCode, year int, seq uint32) bool {
	for _, b := range held {
		if b.Device == device && b.Holds(team, year, seq) {
			return true
		}
	}
	return false
}

// NextFromBlocks is the number a linked folder uses next for team and
// year: the first after the last used in the earliest block that has
// one left. i is that block's index in held; ok is false if none has.
func NextFromBlocks(held []RefBlock, team TeamCode, year int) (i int, seq uint32, ok bool) {
	best := -1
	for j, b := range held {
		if b.Team != team || b.Year != year || b.Left() <= 0 {
			continue
		}
		if best < 0 || b.First < held[best].First {
			best = j
		}
	}
	if best < 0 {
		return 0, 0, false
	}
	b := held[best]
	return best, max(b.Used+1, b.First), true
}

// PastReserved is the first number from seq on that no block in issued
// holds for team and year: a server's own counter steps over what it
// has reserved for laptops.
func PastReserved(issued []RefBlock, team TeamCode, year int, seq uint32) uint32 {
	var mine []RefBlock
	for _, b := range issued {
		if b.Team == team && b.Year == year {
			mine = append(mine, b)
		}
	}
	sort.Slice(mine, func(i, j int) bool { return mine[i].First < mine[j].First })
	for _, b := range mine {
		if seq >= b.First && seq <= b.Last {
			seq = b.Last + 1
		}
	}
	return seq
}

// ReservationYears are the years a reservation is for unless it names
// one: this year, and in December the next as well, so that a laptop
// offline over the new year still has numbers.
func ReservationYears(now time.Time) []int {
	if now.Month() == time.December {
		return []int{now.Year(), now.Year() + 1}
	}
	return []int{now.Year()}
}

// MayReserve says whether o may reserve reference numbers for team: for
// their own team only, as the visits a laptop creates are its officer's
// team's; an officer working with another team reserves under a profile
// of that team.
func MayReserve(o Officer, team TeamCode) error {
	if o.Team == "" {
		return fmt.Errorf("%s has no team on their profile, so has no team's numbers to reserve: fill in the team on the profile, then reserve again", o.Label())
	}
	if team != o.Team {
		return fmt.Errorf("%s is on %s, not %s: reference numbers are reserved for your own team only. Nothing was reserved", o.Label(), o.Team, team)
	}
	return nil
}

// RefsUsedUpError refuses a new visit on a linked folder that has no
// reserved number left for its team and year. Nothing is saved.
type RefsUsedUpError struct {
	Team   TeamCode
	Year   int
	Server string // where the folder reserved its last block ("": none known)
	Had    int    // numbers it held for that team and year, all used
}

func (e *RefsUsedUpError) Error() string {
	what := fmt.Sprintf("This folder holds no reference numbers for %s %d", e.Team, e.Year)
	switch {
	case e.Had == 1:
		what = fmt.Sprintf("The 1 reference number this folder reserved for %s %d is used", e.Team, e.Year)
	case e.Had > 1:
		what = fmt.Sprintf("The %d reference numbers this folder reserved for %s %d are all used", e.Had, e.Team, e.Year)
	}
	server := e.Server
	if server == "" {
		server = "ssh://HOST:2323"
	}
	return fmt.Sprintf("%s: a folder holding reserved numbers takes its visits' references from them alone, so that no two laptops make the same one. While online, run oic refs reserve %s --team %s --year %d, then save again. Nothing was saved", what, server, e.Team, e.Year)
}

// MayArrive is a team server's rule for a visit new to it that a laptop
// pushes (issue 17, section 5): a number in a block the server reserved
// for another laptop is that laptop's to use, so a visit carrying it
// from any other folder is refused before it can take the number from
// the one it was reserved for. devices are the names the server's
// allowed_signers gives the folder that signed the push (its oic key
// principal). A number in one of the sender's own blocks, or in none,
// may come: the server's count and every later block step over a
// number once a visit has it.
func MayArrive(issued []RefBlock, devices []string, ref Ref) error {
	team, year, seq, ok := ref.Parts()
	if !ok {
		return nil // the import refuses a reference it cannot read
	}
	for _, b := range issued {
		if !b.Holds(team, year, seq) || slices.Contains(devices, b.Device) {
			continue
		}
		from := "an unnamed folder"
		if len(devices) > 0 {
			from = strings.Join(devices, ", ")
		}
		return fmt.Errorf("%s: its number is in the block %s this server reserved for another laptop's folder (%s, by %s on %s), and only visits made there may carry it; this push came from %s, which never held that block. "+
			"Push the other visits by name (oic push URL REF...); reserve numbers for this laptop if it has none (oic refs reserve URL), and make this visit again on it, where it then takes one of them",
			ref, b, b.Device, b.Officer, b.At.UTC().Format(DateTimeLayout)+" UTC", from)
	}
	return nil
}
