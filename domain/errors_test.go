package domain

import (
	"testing"
	"time"
)

func TestErrors_Messages(t *testing.T) {
	ve := ValidationError{
		{Field: FieldPriority, Rule: "TSK-1", Msg: "choose a priority bucket from 1 to 6"},
		{Field: FieldPostcode, Msg: "enter the postcode"},
		{Field: FieldPostcode, Msg: "a second message"},
	}
	for _, tc := range []struct{ got, want string }{
		{ve[0].Error(), "intel.priority: TSK-1: choose a priority bucket from 1 to 6"},
		{ve[1].Error(), "premises.postcode: enter the postcode"},
		{ve.Error(), "intel.priority: TSK-1: choose a priority bucket from 1 to 6; premises.postcode: enter the postcode; premises.postcode: a second message"},
		{ve.For(FieldPriority), "TSK-1: choose a priority bucket from 1 to 6"},
		{ve.For(FieldPostcode), "enter the postcode"},
		{ve.For(FieldOIC), ""},
		{(&TransitionError{Ref: "SLN-2026-0001", From: Closed, To: Cancelled, Reason: "it is closed"}).Error(),
			"cannot cancel SLN-2026-0001: it is closed"},
		{(&TransitionError{Ref: "SLN-2026-0001", From: Closed, To: "archived", Reason: "no step leads there"}).Error(),
			"cannot move to archived SLN-2026-0001: no step leads there"},
		{(&ConflictError{Ref: "SLN-2026-0001", Version: 3, Current: 4, By: "Sam Patel (IO0042)", At: time.Date(2026, 11, 25, 6, 5, 0, 0, london)}).Error(),
			"SLN-2026-0001 was changed by Sam Patel (IO0042) at 25/11/2026 06:05 while you were editing (version 4, you had 3); reopen it to see their change, then make yours again"},
	} {
		if tc.got != tc.want {
			t.Errorf("got  %q\nwant %q", tc.got, tc.want)
		}
	}
	var p problems
	if p.err() != nil {
		t.Error("no problems must be a nil error, not an empty ValidationError")
	}
}
