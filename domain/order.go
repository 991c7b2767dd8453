package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
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
	var out []Fact
	add := func(label, value string) { out = append(out, Fact{Label: label, Value: value}) }
	miss := func(label, what string) { out = append(out, Fact{Label: label, Value: what, Missing: true}) }

	add("Visit", fmt.Sprintf("%s · %s · %s", v.Ref, b.PlannedStart.Format("Mon 02 Jan 2006 15:04"), team.Name))
	add("Intelligence", fmt.Sprintf("%s, received %s, priority %d (%s): %s", b.Intel.Ref, b.Intel.Received.UK(), b.Intel.Priority, Priorities[b.Intel.Priority], oneLine(b.Intel.Summary)))
	add("Address", fmt.Sprintf("%s, %s, %s", b.Premises.Name, b.Premises.Address, b.Premises.Postcode))
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
		subjects = append(subjects, fmt.Sprintf("%s %s · %s · %s", s.ID, s.Name, s.Offence, photo))
	}
	if len(subjects) == 0 {
		subjects = []string{"none named"}
	}
	out = append(out, Fact{Label: "Subjects", Value: strings.Join(subjects, "\n"), Missing: missingPhoto})
	if e := v.Plan.EPA; e.Rating != "" {
		risks := []string{"rated " + string(e.Rating)}
		for _, r := range e.Risks {
			risks = append(risks, fmt.Sprintf("%s → %s", oneLine(r.Risk), oneLine(r.Mitigation)))
		}
		if o := v.Plan.ONF; o.Markers != "" {
			risks = append(risks, "police markers: "+oneLine(o.Markers))
		}
		add("Risks", strings.Join(risks, "\n"))
	} else {
		miss("Risks", "no EPA rating yet (EPA-1)")
	}
	if len(v.Roster) > 0 {
		var roles []string
		for _, r := range v.Roster {
			roles = append(roles, fmt.Sprintf("%s: %s", r.Roles(), r.Label()))
		}
		add("Roles", strings.Join(roles, "\n"))
	} else {
		miss("Roles", fmt.Sprintf("OIC %s (%s); no team rostered yet", b.OICName, b.OIC))
	}
	if a := v.Plan.Auth; a != nil {
		add("Authorisation", fmt.Sprintf("%s by %s (%s), %s", a.Rating, a.Name, a.By, a.At.Format(DateTimeLayout)))
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

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// BriefingText is the order as plain text, one "Label: value" block per
// fact: what officers read and accept, and what the briefing digest covers.
func (v *Visit) BriefingText() string {
	var b strings.Builder
	for _, f := range v.OrderFacts() {
		b.WriteString(f.Label)
		b.WriteString(":")
		for i, line := range strings.Split(f.Value, "\n") {
			if i == 0 {
				b.WriteString(" ")
			} else {
				b.WriteString("\n  ")
			}
			b.WriteString(line)
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
