package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Fact is one labelled line of the operational order. Missing marks a
// value the order should have and does not, with what is missing in Value.
type Fact struct {
	Label   string
	Value   string
	Missing bool
}

// MapLink is an OpenStreetMap search for the postcode: the map link the
// digital order carries (ICIBI 6.4).
func MapLink(pc Postcode) string {
	return "https://www.openstreetmap.org/search?query=" + url.QueryEscape(string(pc))
}

// OrderFacts is the operational order as the briefing carries it, put
// together from what the visit already holds (EPA-4; ICIBI 6.4): visit
// details, intelligence, address and map link, power of entry, subjects
// with offence and photograph, the risks and their mitigations, roles and
// the authorisation. For amber and red the seven IIMARCH sections follow.
// Times are shown in the zone the planned start was recorded in, so the
// same visit always reads, and digests, the same.
func (v *Visit) OrderFacts() []Fact {
	b := v.Basics
	team, _ := TeamByCode(b.Team)
	out := make([]Fact, 0, 9+len(OrderSections))
	add := func(label, value string) { out = append(out, Fact{Label: label, Value: value}) }
	miss := func(label, what string) { out = append(out, Fact{Label: label, Value: what, Missing: true}) }

	// Joined, not formatted: the order is rendered at each acceptance,
	// to see whether it moved on (BriefingStale).
	add("Visit", string(v.Ref)+" · "+b.PlannedStart.Format("Mon 02 Jan 2006 15:04")+" · "+team.Name)
	add("Intelligence", b.Intel.Ref+", received "+b.Intel.Received.UK()+", priority "+strconv.Itoa(b.Intel.Priority)+" ("+Priorities[b.Intel.Priority]+"): "+oneLine(b.Intel.Summary))
	add("Address", b.Premises.Name+", "+b.Premises.Address+", "+string(b.Premises.Postcode))
	add("Map", MapLink(b.Premises.Postcode))
	if p := v.Plan.Power; p.Kind != "" {
		s := PowerHint(p.Kind)
		if p.Detail != "" {
			s += "; " + p.Detail
		}
		add("Power of entry", s)
	} else {
		miss("Power of entry", "not recorded (PWR-1)")
	}
	var subjects []string
	missingPhoto := false
	for _, s := range v.Subjects {
		if s.Withdrawn != "" {
			continue
		}
		photo := "photo " + s.PhotoRef
		if s.PhotoRef == "" {
			photo, missingPhoto = "no photograph ref", true
		}
		subjects = append(subjects, s.ID+" "+s.Name+" · "+s.Offence+" · "+photo)
	}
	if len(subjects) == 0 {
		subjects = []string{"none named"}
	}
	out = append(out, Fact{Label: "Subjects", Value: strings.Join(subjects, "\n"), Missing: missingPhoto})
	if e := v.Plan.EPA; e.Rating != "" {
		risks := []string{"rated " + string(e.Rating)}
		for _, r := range e.Risks {
			risks = append(risks, oneLine(r.Risk)+" → "+oneLine(r.Mitigation))
		}
		if o := v.Plan.ONF; o.Markers != "" {
			risks = append(risks, "police markers: "+oneLine(o.Markers))
		}
		add("Risks", strings.Join(risks, "\n"))
	} else {
		miss("Risks", "no EPA rating yet (EPA-1)")
	}
	if len(v.Roster) > 0 {
		roles := make([]string, 0, len(v.Roster))
		for _, r := range v.Roster {
			roles = append(roles, r.Roles()+": "+r.Label())
		}
		add("Roles", strings.Join(roles, "\n"))
	} else {
		miss("Roles", fmt.Sprintf("OIC %s (%s); no team rostered yet", b.OICName, b.OIC))
	}
	if a := v.Plan.Auth; a != nil {
		add("Authorisation", string(a.Rating)+" by "+a.Name+" ("+string(a.By)+"), "+a.At.Format(DateTimeLayout))
	} else {
		miss("Authorisation", "not yet authorised (EPA-2)")
	}
	if r := v.Plan.EPA.Rating; r == Amber || r == Red {
		vals := v.Plan.Order.Values()
		for _, s := range OrderSections {
			if t := vals[s.Field]; t != "" {
				add(s.Title, t)
			} else {
				miss(s.Title, "not written (EPA-4)")
			}
		}
	}
	return out
}

// PowerHint is the power of entry in full ("warrant: para 17(2) ...").
func PowerHint(k PowerKind) string {
	for _, p := range Powers {
		if p.Kind == k {
			return p.Hint
		}
	}
	return string(k)
}

// oneLine puts s on one line, its runs of white space each one space.
// Most text already is: it is then returned as it is, without splitting.
func oneLine(s string) string {
	if isOneLine(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// isOneLine: s is ASCII, neither starts nor ends with a space, and has no
// white space but single spaces. strings.Fields would give it back whole.
func isOneLine(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return s == ""
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf, c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
			return false
		case c == ' ' && s[i+1] == ' ':
			return false
		}
	}
	return true
}

// BriefingText is the order as plain text, one "Label: value" block per
// fact: what officers read and accept, and what the briefing digest covers.
func (v *Visit) BriefingText() string {
	facts := v.OrderFacts()
	n := 0
	for _, f := range facts {
		n += len(f.Label) + len(f.Value) + 16
	}
	var b strings.Builder
	b.Grow(n)
	for _, f := range facts {
		b.WriteString(f.Label)
		b.WriteString(": ")
		// Each line after the first indented by two.
		rest := f.Value
		for {
			line, more, ok := strings.Cut(rest, "\n")
			b.WriteString(line)
			if !ok {
				break
			}
			b.WriteString("\n  ")
			rest = more
		}
		if f.Missing {
			b.WriteString(" [missing]")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Digest is the hex SHA-256 of a briefing's text: what an acceptance is
// bound to (BRF-1, BRF-2).
func Digest(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}
