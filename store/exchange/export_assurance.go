package exchange

import (
	"fmt"
	"time"

	"oic/domain"
)

// The first-line assurance in the Markdown and CSV exports (ASR-1,
// ASR-2). The JSON Lines export carries it whole, as part of the visit's
// document.

// assuranceText is the Markdown's line for an assured visit: the rating,
// the assurer with their grade, when, how many items were not met, and
// whether the OIC has acknowledged the feedback; "" until it is assured.
func assuranceText(v *domain.Visit, cfg domain.Config, loc *time.Location) string {
	a := v.Assurance
	if !a.Done() {
		return ""
	}
	grade := a.AssurerGrade
	if g, ok := cfg.Grade(grade); ok {
		grade = g.Label()
	}
	s := fmt.Sprintf("%s; by %s (%s), %s, %s", a.Rating, a.Assured.ByName, a.Assured.By, grade, a.Assured.At.In(loc).Format(domain.DateTimeLayout))
	if n := len(a.NotMet()); n > 0 {
		s += fmt.Sprintf("; %d of %d checklist items not met", n, len(a.Items))
	} else {
		s += "; every checklist item met or not applicable"
	}
	if ack := a.Acknowledged; !ack.At.IsZero() {
		s += fmt.Sprintf("; feedback acknowledged by %s (%s) %s", ack.ByName, ack.By, ack.At.In(loc).Format(domain.DateTimeLayout))
	} else {
		s += "; feedback not yet acknowledged by the OIC"
	}
	return s
}

// assuranceRating is the CSV's assurance_rating: the rating of an assured
// visit, else "".
func assuranceRating(v *domain.Visit) string {
	if !v.Assurance.Done() {
		return ""
	}
	return string(v.Assurance.Rating)
}
