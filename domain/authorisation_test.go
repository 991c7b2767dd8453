package domain

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestAuthorisation_MovedStart (issue 15, point 5): moving the planned
// start of an authorised visit re-runs the rules that depend on the time,
// each as it will stand at its start. If the final status check or the
// ONF no longer covers the new start, the authorisation is void with the
// reason and the visit goes back to planning; if they still do, it stands.
// planned's final status check is at 04:00 on 26/11 (2 hours before the
// 06:00 start) and its ONF came back on 22/11 (valid to 22/12).
func TestAuthorisation_MovedStart(t *testing.T) {
	for _, tc := range []struct {
		name string
		to   time.Time
		void string // part of the void reason, or "" if it stands
	}{
		{"an hour later", start.Add(time.Hour), ""},
		{"to 04:00 the next day: the final check exactly 24 hours before", start.Add(22 * time.Hour), ""},
		{"to 04:01 the next day: the final check a minute too early", start.Add(22*time.Hour + time.Minute),
			"the planned start moved from 26/11/2026 06:00 to 27/11/2026 04:01 after authorisation, and no longer covered: CHK-2 blocks: S1 Arben Hoxha: final status check made 26/11/2026 04:00"},
		{"a week later", start.AddDate(0, 0, 7), "CHK-2 blocks"},
		{"past the ONF's calendar month", start.AddDate(0, 1, 0), "ONF-5 blocks: ONF expired: returned 22/11/2026, valid to 22/12/2026, the visit is 26/12/2026"},
		{"earlier, after the final check", inWindow.Add(30 * time.Minute), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := authorised(t, planned(t), hmi)
			b := v.Basics
			b.PlannedStart = tc.to
			c, err := v.EditBasics(b, cio, inWindow.Add(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			if tc.void == "" {
				if v.Plan.Auth == nil || v.State != Authorised || c.Reason != "" {
					t.Fatalf("the authorisation should stand: state %s, reason %q", v.State, c.Reason)
				}
				return
			}
			if v.Plan.Auth != nil || v.State != Planning || len(v.Plan.Voided) != 1 {
				t.Fatalf("not voided: state %s, auth %v", v.State, v.Plan.Auth)
			}
			if got := v.Plan.Voided[0].VoidReason; !strings.Contains(got, tc.void) {
				t.Errorf("void reason %q\nwant it to hold %q", got, tc.void)
			}
			if !strings.HasPrefix(c.Reason, "EPA-2: authorisation void: the planned start moved") || c.Action != "planned start moved; authorisation void" {
				t.Errorf("change %q: %q", c.Action, c.Reason)
			}
			if h := v.History[len(v.History)-1]; h.From != Authorised || h.To != Planning || !strings.Contains(h.Reason, tc.void) {
				t.Errorf("history %+v", h)
			}
			if fs := of(Readiness(v, inWindow.Add(2*time.Minute)), "EPA-2"); len(fs) != 1 || !strings.HasPrefix(fs[0].Message, "awaiting authorisation by a grade that may authorise green") {
				t.Errorf("EPA-2 after the void: %v", fs)
			}
		})
	}
}

// TestAuthorisation_VoidedByPlanningChanges (issue 15, point 5): the PLAN
// assessment, community impact and power of entry were weighed by the
// authoriser: changing one afterwards voids the authorisation, as a new
// rating does. Saving one unchanged voids nothing.
func TestAuthorisation_VoidedByPlanningChanges(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(v *Visit) (Change, error)
		why  string
	}{
		{"PLAN", func(v *Visit) (Change, error) {
			p := v.Plan.PLAN
			p.Necessary = "Corroborated intelligence; a third worker now reported"
			return v.SetPLAN(p, cio, inWindow)
		}, "the PLAN assessment changed after authorisation"},
		{"community impact", func(v *Visit) (Change, error) {
			c := v.Plan.Community
			c.Mitigation = "Visit on Thursday at 06:00; local beat officer told"
			return v.SetCommunity(c, cio, inWindow)
		}, "the community impact changed after authorisation"},
		{"power of entry", func(v *Visit) (Change, error) {
			return v.SetPower(Power{Kind: PowerWarrant, Detail: "W/2026/118"}, cio, inWindow)
		}, "the power of entry changed after authorisation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := authorised(t, planned(t), hmi)
			c, err := tc.edit(v)
			if err != nil {
				t.Fatal(err)
			}
			if v.Plan.Auth != nil || v.State != Planning || len(v.Plan.Voided) != 1 || v.Plan.Voided[0].VoidReason != tc.why {
				t.Fatalf("state %s, auth %v, voided %+v", v.State, v.Plan.Auth, v.Plan.Voided)
			}
			if c.Reason != "EPA-2: authorisation void: "+tc.why {
				t.Errorf("change reason %q", c.Reason)
			}
			// Unchanged: nothing to save, nothing voided.
			w := authorised(t, planned(t), hmi)
			w.Plan.PLAN.Stamp, w.Plan.Community.Stamp, w.Plan.Power.Stamp = Stamp{}, Stamp{}, Stamp{}
			for _, err := range []error{errOf(w.SetPLAN(w.Plan.PLAN, cio, inWindow)), errOf(w.SetCommunity(w.Plan.Community, cio, inWindow)), errOf(w.SetPower(w.Plan.Power, cio, inWindow))} {
				if !errors.Is(err, ErrNoChange) {
					t.Errorf("unchanged save: %v", err)
				}
			}
			if w.Plan.Auth == nil || w.State != Authorised {
				t.Errorf("an unchanged save voided the authorisation")
			}
		})
	}
}

func errOf(_ Change, err error) error { return err }

// TestAuthorise_SignedInAsThemselves (issue 15, point 6): the authorising
// officer records the authorisation signed in as themselves; nobody
// records one for them. An officer whose grade may not authorise the
// rating is refused, told which grade must sign in, and nothing changes;
// the authorisation names whoever was signed in, as the recorder too.
func TestAuthorise_SignedInAsThemselves(t *testing.T) {
	for _, tc := range []struct {
		name    string
		rating  Rating
		as      Officer
		refused string
	}{
		{"green, a CIO", Green, cio, ""},
		{"green, an IO", Green, io, "EPA-2: SLN-2026-0042 is rated green, which needs a CIO or above to authorise, signed in as themselves; you are signed in as Sam Patel (IO0042), an IO"},
		{"amber, a CIO", Amber, cio, "EPA-2: SLN-2026-0042 is rated amber, which needs an HMI or above to authorise, signed in as themselves; you are signed in as Dana Okafor (CIO001), a CIO"},
		{"amber, an HMI", Amber, hmi, ""},
		{"red, an HMI", Red, hmi, "which needs a Grade 7 / AD or above to authorise, signed in as themselves; you are signed in as Jo Marsh (HMI001), an HMI"},
		{"red, a Grade 7", Red, ad, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := planned(t)
			v.Plan.EPA.Rating = tc.rating
			v.Plan.Order = Order{Information: "i", Intention: "i", Method: "m", Administration: "a", Risk: "r", Communications: "c", HumanRights: "h"}
			v.Plan.ECIA = ECIA{Reference: "ECIA-22", CompletedBy: "K. Adeyemi", CompletedOn: Date{2026, 11, 20}, Conclusion: "No adverse impact"}
			before := v.Clone()
			c, err := v.Authorise("", DefaultConfig(), tc.as, inWindow)
			if tc.refused != "" {
				if err == nil || !strings.Contains(err.Error(), tc.refused) {
					t.Fatalf("got %v\nwant %s", err, tc.refused)
				}
				if v.State != before.State || v.Plan.Auth != nil || v.Version != before.Version {
					t.Errorf("a refused authorisation changed the visit")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a := v.Plan.Auth; a == nil || a.By != tc.as.StaffNo || a.Recorded.By != tc.as.StaffNo || c.Actor != tc.as.StaffNo {
				t.Fatalf("authorisation %+v, change by %s", v.Plan.Auth, c.Actor)
			}
		})
	}
}
