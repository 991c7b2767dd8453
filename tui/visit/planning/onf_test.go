package planning_test

import (
	"testing"

	"oic/domain"
	"oic/tui/tuitest"
)

// ONF-6: the police's warning markers and community tensions are shown
// beside the EPA's risks, where the rating is decided.
func TestPlanning_ONFMarkersBesideTheEPA(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, Edit: func(v *domain.Visit) {
		v.Plan.ONF = domain.ONF{Force: "Surrey Police", Markers: "S1: PNC marker, violence", Tensions: "Protest planned outside on Saturday"}
	}})
	d, _ := openPlanning(t, s, 120, 40)
	goTo(t, d, "EPA")
	tuitest.Contains(t, d.View(), "Police markers", "S1: PNC marker, violence (from the ONF, ONF-6)", "Tensions", "Protest planned outside on Saturday")
}
