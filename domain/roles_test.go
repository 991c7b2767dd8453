package domain

import (
	"encoding/json"
	"strings"
	"testing"
)

// administered is the default grade table in a folder with an
// administrator: roles and confirmed grades apply.
func administered() Config {
	c := DefaultConfig()
	c.Administered = true
	return c
}

// confirmed is o with its grade confirmed by the administrator boss.
func confirmed(o Officer) Officer {
	o.GradeConfirmedBy = GradeConfirmation{Grade: o.Grade, Stamp: Stamp{By: "AD0001", ByName: "Ada Boss", At: inWindow}}
	return o
}

// TestIDN1_RolesMay: export, import and measures are the records clerk's,
// administering officers and reading the access log the administrator's;
// an administrator may do all of it, and in a folder with no
// administrator everybody may. A refusal names the role and how to get it.
func TestIDN1_RolesMay(t *testing.T) {
	clerk := io
	clerk.Roles = RolesOf(RoleClerk)
	admin := io
	admin.Roles = RolesOf(RoleAdmin)
	duty := cio
	duty.Roles = RolesOf(RoleDutyCIO)
	for _, tc := range []struct {
		name    string
		cfg     Config
		o       Officer
		a       Action
		refused string
	}{
		{"no administrator: an IO exports", DefaultConfig(), io, ActExport, ""},
		{"no administrator: an IO reads the access log", DefaultConfig(), io, ActAccessLog, ""},
		{"an IO exports", administered(), io, ActExport,
			"IDN-1: exporting visits is for a records clerk; Sam Patel (IO0042) is not one. Ask an administrator to give you the role: oic officer role IO0042 --add clerk --as THEIR-STAFFNO"},
		{"an IO imports", administered(), io, ActImport, "importing visits is for a records clerk"},
		{"a duty CIO counts measures", administered(), duty, ActMeasures, "counting the measures of effect is for a records clerk"},
		{"a clerk exports", administered(), clerk, ActExport, ""},
		{"a clerk imports", administered(), clerk, ActImport, ""},
		{"a clerk counts measures", administered(), clerk, ActMeasures, ""},
		{"a clerk administers", administered(), clerk, ActAdminister,
			"IDN-1: changing officers' roles, grades and keys is for an administrator; Sam Patel (IO0042) is not one"},
		{"a clerk reads the access log", administered(), clerk, ActAccessLog, "reading the access log is for an administrator"},
		{"an administrator exports", administered(), admin, ActExport, ""},
		{"an administrator administers", administered(), admin, ActAdminister, ""},
		{"an administrator reads the access log", administered(), admin, ActAccessLog, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantRefused(t, tc.cfg.May(tc.o, tc.a), tc.refused)
		})
	}
}

// TestEPA2_ConfirmedGrade: where the folder has an administrator, only a
// grade an administrator confirmed authorises, and the refusal says why
// and what to run; a grade changed since it was confirmed counts no more.
// With no administrator, the grade alone counts, as before roles.
func TestEPA2_ConfirmedGrade(t *testing.T) {
	raised := confirmed(cio) // confirmed as HEO, then edited to SEO
	raised.Grade = "SEO"
	for _, tc := range []struct {
		name    string
		cfg     Config
		rating  Rating
		as      Officer
		refused string
	}{
		{"no administrator: a CIO's grade counts", DefaultConfig(), Green, cio, ""},
		{"a CIO not confirmed", administered(), Green, cio,
			"EPA-2: SLN-2026-0042 is rated green; you may not authorise it yet: your grade HEO is not yet confirmed by an administrator: ask one to run oic officer confirm-grade CIO001"},
		{"a CIO confirmed", administered(), Green, confirmed(cio), ""},
		{"an HMI confirmed, amber", administered(), Amber, confirmed(hmi), ""},
		{"an IO confirmed still may not", administered(), Green, confirmed(io), "needs a CIO or above to authorise"},
		{"a grade edited after it was confirmed", administered(), Amber, raised, "your grade SEO is not yet confirmed by an administrator"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := planned(t)
			v.Plan.EPA.Rating = tc.rating
			v.Plan.Order = Order{Information: "i", Intention: "i", Method: "m", Administration: "a", Risk: "r", Communications: "c", HumanRights: "h"}
			err := tc.cfg.MayAuthoriseVisit(v, tc.as)
			if tc.refused == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if _, err := v.Authorise("", tc.cfg, tc.as, inWindow); err != nil {
					t.Fatalf("Authorise: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.refused) {
				t.Fatalf("got %v\nwant %s", err, tc.refused)
			}
			if _, err := v.Authorise("", tc.cfg, tc.as, inWindow); err == nil || v.Plan.Auth != nil {
				t.Fatal("Authorise took what MayAuthoriseVisit refuses")
			}
		})
	}
}

// TestASR1_DutyCIORole: where the folder has an administrator, assuring
// is the duty CIO's role, on a confirmed grade; the role is given only to
// a CIO or above (ASR-2).
func TestASR1_DutyCIORole(t *testing.T) {
	v := closedVisit(t)
	duty := confirmed(outsider)
	duty.Roles = RolesOf(RoleDutyCIO)
	unconfirmed := outsider
	unconfirmed.Roles = RolesOf(RoleDutyCIO)
	for _, tc := range []struct {
		name    string
		cfg     Config
		o       Officer
		refused string
	}{
		{"no administrator: a CIO assures", DefaultConfig(), outsider, ""},
		{"a CIO without the role", administered(), confirmed(outsider), "ASR-1: first-line assurance is for a duty CIO; Chris Doyle (CIO009) does not have the role"},
		{"a duty CIO not confirmed", administered(), unconfirmed, "ASR-2: your grade HEO is not yet confirmed"},
		{"a duty CIO", administered(), duty, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantRefused(t, tc.cfg.MayAssure(v, tc.o), tc.refused)
		})
	}
	o := outIO
	if _, err := administered().ChangeRoles(&o, []Role{RoleDutyCIO}, nil, confirmed(outG7), inWindow); err == nil || !strings.Contains(err.Error(), "ASR-2: the duty CIO role is for a CIO (HEO) or above; Bea Hart (IO0077) is grade EO") || o.Roles != 0 {
		t.Errorf("duty CIO given to an IO: %v, roles %v", err, o.Roles.List())
	}
}

// TestIDN1_ChangeRolesAudited: roles given and taken away, and a grade
// confirmed, are named on the profile's audit entry; an administrator may
// not take away their own role.
func TestIDN1_ChangeRolesAudited(t *testing.T) {
	admin := confirmed(outG7)
	admin.Roles = RolesOf(RoleAdmin)
	o := outsider
	c, err := DefaultConfig().ChangeRoles(&o, []Role{RoleClerk, RoleDutyCIO}, nil, admin, inWindow)
	if err != nil {
		t.Fatal(err)
	}
	if c.Action != "roles changed" || c.Actor != admin.StaffNo || len(c.Fields) != 1 || c.Fields[0] != (FieldChange{Field: FieldRoles, Old: "", New: "duty-cio, clerk"}) {
		t.Errorf("change %+v", c)
	}
	if c, err = DefaultConfig().ChangeRoles(&o, nil, []Role{RoleClerk}, admin, inWindow); err != nil || c.Fields[0] != (FieldChange{Field: FieldRoles, Old: "duty-cio, clerk", New: "duty-cio"}) {
		t.Errorf("removed: %+v, %v", c, err)
	}
	if _, err := DefaultConfig().ChangeRoles(&o, []Role{RoleDutyCIO}, nil, admin, inWindow); err == nil || !strings.Contains(err.Error(), "nothing changed") {
		t.Errorf("a change of nothing: %v", err)
	}
	if c, err = ConfirmGrade(&o, admin, inWindow); err != nil || c.Action != "grade confirmed" || c.Fields[0] != (FieldChange{Field: FieldGradeConfirmed, New: "HEO by AD0003"}) || !o.GradeConfirmed() {
		t.Errorf("confirmed: %+v, %v", c, err)
	}
	if _, err := ConfirmGrade(&o, admin, inWindow); err == nil || !strings.Contains(err.Error(), "already confirmed") {
		t.Errorf("confirmed twice: %v", err)
	}
	self := admin
	if _, err := DefaultConfig().ChangeRoles(&self, nil, []Role{RoleAdmin}, admin, inWindow); err == nil || !self.Has(RoleAdmin) {
		t.Errorf("an administrator took away their own role: %v", err)
	}
	// The form knows nothing of roles: an edit keeps them.
	edited, err := NewOfficer(o.Input(), DefaultConfig(), inWindow)
	if err != nil {
		t.Fatal(err)
	}
	edited.KeepAccess(o)
	if edited.Roles != o.Roles || !edited.GradeConfirmed() {
		t.Errorf("an edit lost the roles: %+v", edited)
	}
}

// TestIDN1_RolesStored: a profile from before roles reads with none; roles
// are stored as a list of their codes, and one this oic does not know is
// refused, never dropped.
func TestIDN1_RolesStored(t *testing.T) {
	var old Officer
	if err := json.Unmarshal([]byte(`{"staff_no":"IO0042","name":"Sam Patel","grade":"EO","team":"SLN"}`), &old); err != nil || old.Roles != 0 || old.GradeConfirmed() {
		t.Fatalf("old profile: %+v, %v", old, err)
	}
	b, err := json.Marshal(old)
	if err != nil || strings.Contains(string(b), "roles") || strings.Contains(string(b), "grade_confirmed") {
		t.Errorf("a profile with no roles is stored with them: %s", b)
	}
	o := confirmed(io)
	o.Roles = RolesOf(RoleAdmin, RoleClerk)
	b, _ = json.Marshal(o)
	if !strings.Contains(string(b), `"roles":["clerk","admin"]`) {
		t.Errorf("stored as %s", b)
	}
	var back Officer
	if err := json.Unmarshal(b, &back); err != nil || back.Roles != o.Roles || !back.GradeConfirmed() {
		t.Errorf("round trip %+v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"staff_no":"IO0042","roles":["superuser"]}`), &back); err == nil {
		t.Error("an unknown role was read")
	}
}

// TestIDN1_WhoSeesWhat (issue 17): an officer sees their team's visits
// and those they take part in; a duty CIO and a records clerk their
// region's (SLN and WLN are South, NWE North); an administrator all; a
// folder with no administrator shows everything.
func TestIDN1_WhoSeesWhat(t *testing.T) {
	v := planned(t) // SLN, OIC CIO001, HMI001 on its roster as gold
	wln := Officer{StaffNo: "IO0500", Name: "Wyn Lee", Grade: "EO", Team: "WLN"}
	wlnDuty := Officer{StaffNo: "CIO500", Name: "Wren Duty", Grade: "HEO", Team: "WLN", Roles: RolesOf(RoleDutyCIO)}
	wlnClerk := Officer{StaffNo: "AO0500", Name: "Wes Clerk", Grade: "AO", Team: "WLN", Roles: RolesOf(RoleClerk)}
	nweDuty := Officer{StaffNo: "CIO900", Name: "Nel Duty", Grade: "HEO", Team: "NWE", Roles: RolesOf(RoleDutyCIO)}
	nweAdmin := Officer{StaffNo: "AD0900", Name: "Nia Admin", Grade: "G7", Team: "NWE", Roles: RolesOf(RoleAdmin)}
	rostered := wln
	rostered.StaffNo = "IO0501"
	v.Roster = append(v.Roster, RosterEntry{StaffNo: rostered.StaffNo, Name: rostered.Name, Role: "driver"})
	for _, tc := range []struct {
		name string
		cfg  Config
		o    Officer
		sees bool
	}{
		{"no administrator: another team's IO", DefaultConfig(), wln, true},
		{"the team's IO", administered(), io, true},
		{"another team's IO", administered(), wln, false},
		{"another team's IO on its roster", administered(), rostered, true},
		{"the region's duty CIO", administered(), wlnDuty, true},
		{"the region's records clerk", administered(), wlnClerk, true},
		{"another region's duty CIO", administered(), nweDuty, false},
		{"an administrator of another region", administered(), nweAdmin, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.MaySee(tc.o, v)
			if (err == nil) != tc.sees {
				t.Fatalf("MaySee = %v, want seen %v", err, tc.sees)
			}
			if !tc.sees && !strings.Contains(err.Error(), string(v.Ref)+" is a visit of South London ICE: it is seen by that team, by the officers on it, and by the duty CIOs and records clerks of the South region; "+tc.o.Label()+" is none of them") {
				t.Errorf("message %v", err)
			}
			// A list, which knows only the reference, shows the team's
			// and the region's; a part in a visit shows only on opening it.
			if got, want := tc.cfg.RefsSeen(tc.o)(v.Ref), tc.sees && tc.o.StaffNo != rostered.StaffNo; got != want {
				t.Errorf("RefsSeen = %v, want %v", got, want)
			}
		})
	}
}

// BenchmarkRefsSeen is the register's row filter for one row, where the
// folder has an administrator: a duty CIO of another team of the region.
func BenchmarkRefsSeen(b *testing.B) {
	c := administered()
	sees := c.RefsSeen(Officer{StaffNo: "CIO500", Team: "WLN", Roles: RolesOf(RoleDutyCIO)})
	for b.Loop() {
		if !sees("SLN-2026-0042") {
			b.Fatal("not seen")
		}
	}
}

// wantRefused fails unless err is nil where refused is "", and holds
// refused where it is not.
func wantRefused(t *testing.T, err error, refused string) {
	t.Helper()
	switch {
	case refused == "" && err != nil:
		t.Fatalf("refused: %v", err)
	case refused != "" && (err == nil || !strings.Contains(err.Error(), refused)):
		t.Fatalf("got %v\nwant %s", err, refused)
	}
}
