package domain

import (
	"fmt"
	"strings"
	"time"
)

// EPA-1: a risk rating is recorded.
func epa1(f *findings, v *Visit, _ Config, _ time.Time) {
	if !v.Plan.EPA.Recorded() {
		f.blocks("EPA-1", "no risk rating: every visit is rated green, amber or red", "")
	}
}

// EPA-2: authorised by an officer of the right grade, who is not the
// assessor.
func epa2(f *findings, v *Visit, cfg Config, _ time.Time) {
	e := v.Plan.EPA
	if !e.Recorded() {
		return // EPA-1 says it
	}
	need := "an officer of the right grade"
	if g, ok := cfg.MinGradeFor(e.Rating); ok {
		need = article(g.Title) + " or above"
	}
	a := v.Plan.Auth
	if a == nil {
		f.blocks("EPA-2", cfg.AwaitingAuthorisation(e.Rating),
			fmt.Sprintf("The authorising officer (%s) signs in as themselves and authorises it on the planning tab; nobody authorises on their behalf.", need))
		return
	}
	if a.Rating != e.Rating {
		f.blocks("EPA-2", fmt.Sprintf("authorised at %s but rated %s", a.Rating, e.Rating), "Have the visit authorised again at its rating.")
	}
	if !cfg.MayAuthorise(a.Grade, e.Rating) {
		title := a.Grade
		if g, ok := cfg.Grade(a.Grade); ok {
			title = g.Title
		} else {
			title = a.Grade + ", a grade not in the grade table"
		}
		f.blocks("EPA-2", fmt.Sprintf("%s needs %s to authorise; %s is %s", e.Rating, need, a.Name, article(title)),
			"Ask an officer of the right grade to authorise the visit.")
	}
	if e.AssessedBy != "" && e.AssessedBy == a.By {
		f.warns("EPA-2", fmt.Sprintf("%s both assessed and authorised the EPA", a.Name),
			"An authoriser independent of the assessment is expected; note why if none was available.")
	}
}

// EPA-3: red needs a completed ECIA.
func epa3(f *findings, v *Visit, _ Config, _ time.Time) {
	if v.Plan.EPA.Rating != Red || v.Plan.ECIA.Complete() {
		return
	}
	e := v.Plan.ECIA
	var missing []string
	for _, m := range []struct {
		ok   bool
		name string
	}{{e.Reference != "", "reference"}, {e.CompletedBy != "", "who completed it"}, {!e.CompletedOn.IsZero(), "date"}, {e.Conclusion != "", "conclusion"}} {
		if !m.ok {
			missing = append(missing, m.name)
		}
	}
	f.blocks("EPA-3", "red needs a completed ECIA; missing: "+strings.Join(missing, ", "), "")
}

// EPA-4: amber and red need every IIMARCH section; green's digital order
// needs each subject's photograph reference.
func epa4(f *findings, v *Visit, _ Config, _ time.Time) {
	switch v.Plan.EPA.Rating {
	case Amber, Red:
		if b := v.Plan.Order.Blank(); len(b) > 0 {
			f.blocks("EPA-4", fmt.Sprintf("%s needs a full IIMARCH order; not written: %s", v.Plan.EPA.Rating, strings.Join(b, ", ")), "")
		}
	case Green:
		for _, s := range v.Subjects {
			if s.Withdrawn == "" && s.PhotoRef == "" {
				f.warns("EPA-4", fmt.Sprintf("the digital order has no photograph reference for %s %s", s.ID, s.Name),
					"Add the photograph reference to the subject, or note that none is held.")
			}
		}
	}
}

// EPA-5: risks and mitigations recorded, green included.
func epa5(f *findings, v *Visit, _ Config, _ time.Time) {
	if v.Plan.EPA.Recorded() && len(v.Plan.EPA.Risks) == 0 {
		f.blocks("EPA-5", fmt.Sprintf("no risks or mitigations recorded; %s visits need them too", v.Plan.EPA.Rating), "")
	}
}
