package domain

import (
	"fmt"
	"strings"
)

// ASR-2: the assurer is a CIO or above by the grade table (the grade
// config names as the lowest that assures, by default the CIO's), and
// took no part in the visit: neither its OIC nor on its roster (ICIBI
// 7.36-7.42). IDN-1: o is the officer signed in, who records the
// assurance as themselves; nobody records it in another's name, so the
// domain takes the assurer from the actor and never from a typed field.
// The message says which rule refuses and what would satisfy it.
func (c Config) MayAssure(v *Visit, o Officer) error {
	min, ok := c.Grade(c.AssurerGradeCode())
	if !ok {
		return fmt.Errorf("ASR-2: the grade table has no grade %s to assure at; set assurer_grade in config.json to one of %s",
			c.AssurerGradeCode(), strings.Join(c.GradeCodes(), ", "))
	}
	g, known := c.Grade(o.Grade)
	switch {
	case !known:
		return fmt.Errorf("ASR-2: first-line assurance needs a %s or above; %s has grade %q, which is not in the grade table", min.Label(), o.Label(), o.Grade)
	case g.Rank < min.Rank:
		return fmt.Errorf("ASR-2: first-line assurance needs a %s or above; %s is %s. A %s or above who was not on the visit signs in (u) to assure it",
			min.Label(), o.Label(), aGrade(g), min.Label())
	case o.StaffNo == v.OICStaffNo() || o.StaffNo == v.Basics.OIC:
		return fmt.Errorf("ASR-2: %s was the OIC of %s and may not assure it; a %s or above who was not on the visit signs in (u) to assure it",
			o.Label(), v.Ref, min.Label())
	}
	if _, on := v.Rostered(o.StaffNo); on || v.acceptedBriefing(o.StaffNo) {
		return fmt.Errorf("ASR-2: %s was on the team of %s and may not assure it; a %s or above who was not on the visit signs in (u) to assure it",
			o.Label(), v.Ref, min.Label())
	}
	// IDN-1: where the folder has an administrator, assuring is the duty
	// CIO's role, on a grade an administrator confirmed.
	if c.Administered && !o.Has(RoleDutyCIO) {
		return fmt.Errorf("ASR-1: first-line assurance is for a duty CIO; %s does not have the role. Ask an administrator to give it: oic officer role %s --add duty-cio --as THEIR-STAFFNO", o.Label(), o.StaffNo)
	}
	if err := c.GradeCounts(o); err != nil {
		return fmt.Errorf("ASR-2: %w", err)
	}
	return nil
}

// acceptedBriefing reports whether sn accepted any version of the
// briefing: an officer taken off the roster after accepting it was on the
// team once, and is no independent assurer.
func (v *Visit) acceptedBriefing(sn StaffNo) bool {
	for _, a := range v.Briefing.Acceptances {
		if a.StaffNo == sn {
			return true
		}
	}
	return false
}

// aGrade is "an IO (EO)" or "a CIO (HEO)".
func aGrade(g Grade) string {
	l := g.Label()
	if l != "" && strings.ContainsRune("AEIOU", rune(l[0])) {
		return "an " + l
	}
	return "a " + l
}

// complete is ASR-1 at the moment of marking assured: every checklist
// item answered, each not met with its note, an overall rating, and
// feedback for the OIC.
func (a Assurance) complete() error {
	var missing []string
	if un := a.Unanswered(); len(un) > 0 {
		ids := make([]string, len(un))
		for i, c := range un {
			ids[i] = c.Question
		}
		missing = append(missing, fmt.Sprintf("%d of %d checklist items unanswered (%s)", len(un), len(AssuranceChecklist), strings.Join(ids, "; ")))
	}
	for _, it := range a.NotMet() {
		if !longEnough(it.Note, minNote) {
			c, _ := ChecklistItemByID(it.ID)
			missing = append(missing, fmt.Sprintf("no note on the item not met (%s)", c.Question))
		}
	}
	if a.Rating == "" {
		missing = append(missing, "no overall rating (red, amber or green)")
	}
	if !longEnough(a.Feedback, minNote) {
		missing = append(missing, "no feedback to the OIC")
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("ASR-1: %s; complete the checklist on the assurance tab (enter)", strings.Join(missing, "; "))
}
