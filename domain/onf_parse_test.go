package domain

import (
	"testing"
	"time"
)

// TestParseONF_BadInput: each impossible ONF is refused beside its field,
// with its rule.
func TestParseONF_BadInput(t *testing.T) {
	now := start.Add(-2 * time.Hour)
	good := map[string]string{FieldONFForce: "Surrey Police", FieldONFSentAt: "20/11/2026 09:00", FieldONFReturnedAt: "22/11/2026 11:00",
		FieldONFSignedBy: "J. Carter", FieldONFSignedRank: "DS", FieldONFIncomplete: "community tensions, ", FieldONFAssistance: "yes"}
	o, err := ParseONF(good, start, now)
	if err != nil || o.Force != "Surrey Police" || !o.Assistance || len(o.Incomplete) != 1 || o.Incomplete[0] != "community tensions" {
		t.Fatalf("good ONF: %+v, %v", o, err)
	}
	if back, err := ParseONF(o.Values(london), start, now); err != nil || !back.SentAt.Equal(o.SentAt) || back.SignedBy != o.SignedBy {
		t.Errorf("Values round trip: %+v, %v", back, err)
	}
	for _, tc := range []struct {
		name, field, msg string
		edit             func(m map[string]string)
	}{
		{"returned before sent", FieldONFReturnedAt, "ONF-3: returned before it was sent", func(m map[string]string) { m[FieldONFReturnedAt] = "19/11/2026 09:00" }},
		{"returned, never sent", FieldONFSentAt, "ONF-3: a returned ONF was sent first", func(m map[string]string) { m[FieldONFSentAt] = "" }},
		{"sent after the visit", FieldONFSentAt, "ONF-2: sent after the visit's planned start", func(m map[string]string) {
			m[FieldONFSentAt], m[FieldONFReturnedAt] = "26/11/2026 07:00", ""
		}},
		{"sent in the future", FieldONFSentAt, "cannot be in the future", func(m map[string]string) { m[FieldONFSentAt] = "26/11/2026 05:00" }},
		{"no force", FieldONFForce, "ONF-1: name the police force", func(m map[string]string) { m[FieldONFForce] = "" }},
		{"Met without the arrangement", FieldONFMetNote, "ONF-1: record the alternative arrangement", func(m map[string]string) { m[FieldONFMet] = "yes" }},
		{"signed but not returned", FieldONFReturnedAt, "ONF-4: a signature comes with the returned form", func(m map[string]string) { m[FieldONFReturnedAt] = "" }},
		{"signed without rank", FieldONFSignedRank, "ONF-4: give the signing officer's rank", func(m map[string]string) { m[FieldONFSignedRank] = "" }},
	} {
		m := map[string]string{}
		for k, v := range good {
			m[k] = v
		}
		tc.edit(m)
		at := now
		if tc.name == "sent after the visit" {
			at = start.Add(3 * time.Hour) // recorded afterwards
		}
		_, err := ParseONF(m, start, at)
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		wantContains(t, tc.name, validation(t, err).For(tc.field), tc.msg)
	}
}

// TestPhoneCheck: a phone check names its contact and outcome (ONF-3), and
// needs an ONF sent; the ONF's own form does not undo it.
func TestPhoneCheck(t *testing.T) {
	now := start.Add(-2 * time.Hour)
	_, err := ParsePhoneCheck(map[string]string{FieldPhoneAt: "26/11/2026 03:30", FieldPhoneOutcome: "no markers"}, now)
	wantContains(t, "no contact", validation(t, err).For(FieldPhoneContact), "ONF-3: name who you spoke to")
	pc, err := ParsePhoneCheck(map[string]string{FieldPhoneAt: "26/11/2026 03:30", FieldPhoneContact: "PC Hale, Croydon PIU", FieldPhoneOutcome: "No markers; no tensions"}, now)
	if err != nil {
		t.Fatal(err)
	}
	v := planned(t)
	v.Plan.ONF = ONF{}
	if _, err := v.RecordPhoneCheck(pc, cio, now); err == nil {
		t.Error("phone check accepted with no ONF sent")
	}
	must(t)(v.SetONF(ONF{Force: "Surrey Police", SentAt: start.Add(-20 * time.Hour)}, cio, now))
	if s := v.Plan.ONF.Status(start, now, london); s.State != ONFSentLate {
		t.Fatalf("sent the day before: %s", s.State)
	}
	must(t)(v.RecordPhoneCheck(pc, cio, now))
	if s := v.Plan.ONF.Status(start, now, london); s.State != ONFPhoneCheck {
		t.Fatalf("after the phone check: %s", s.State)
	}
	must(t)(v.SetONF(ONF{Force: "Surrey Police", SentAt: start.Add(-20 * time.Hour), Assistance: true}, cio, now))
	if v.Plan.ONF.Phone == nil {
		t.Error("saving the ONF form lost the phone check")
	}
	c := v.Clone()
	c.Plan.ONF.Phone.Contact = "changed"
	if v.Plan.ONF.Phone.Contact == "changed" {
		t.Error("a clone shares the phone check")
	}
}

// TestParseRecce_BadInput: REC-1 to REC-4 refuse an undated recce, imagery
// without a date or dated in the future, a virtual recce without a source,
// and a physical recce without the RIPA consideration.
func TestParseRecce_BadInput(t *testing.T) {
	now := start.Add(-2 * time.Hour)
	good := map[string]string{FieldRecceKind: "walk-by", FieldRecceBy: "io0042", FieldRecceAt: "24/11/2026 14:00",
		FieldRecceEntrances: "Front door; rear yard gate to the alley", FieldRIPACovert: "No", FieldRIPAPrivate: "no",
		FieldRIPANoAuthWhy: "Overt walk past a shop front open to the public"}
	r, err := ParseRecce(good, lookup, start, now)
	if err != nil || r.Kind != RecceWalkBy || r.RIPA.Covert != "no" || r.By != io.StaffNo {
		t.Fatalf("good recce: %+v, %v", r, err)
	}
	virtual := map[string]string{FieldRecceKind: "virtual", FieldRecceBy: "io0042", FieldRecceAt: "24/11/2026 14:00",
		FieldSource(1): "Street-level imagery", FieldSourceDate(1): "03/2019"}
	for _, tc := range []struct {
		name, field, msg string
		base             map[string]string
		edit             func(m map[string]string)
	}{
		{"physical without RIPA", FieldRIPACovert, "REC-4: a physical recce says whether it was covert", good, func(m map[string]string) {
			m[FieldRIPACovert], m[FieldRIPAPrivate], m[FieldRIPANoAuthWhy] = "", "", ""
		}},
		{"no authorisation or reason", FieldRIPANoAuthWhy, "REC-4: give the RIPA authorisation reference, or why", good, func(m map[string]string) { m[FieldRIPANoAuthWhy] = "" }},
		{"covert, a reason but no reference", FieldRIPAAuthRef, "REC-4: a recce that was covert needs a RIPA authorisation: give its reference", good, func(m map[string]string) { m[FieldRIPACovert] = "yes" }},
		{"private information likely, no reference", FieldRIPAAuthRef, "REC-4: a recce that was likely to obtain private information needs a RIPA authorisation", good, func(m map[string]string) { m[FieldRIPAPrivate] = "Yes" }},
		{"undated", FieldRecceAt, "REC-1: say when the recce was made", good, func(m map[string]string) { m[FieldRecceAt] = "" }},
		{"after the visit", FieldRecceAt, "REC-1: dated after the visit's planned start", good, func(m map[string]string) { m[FieldRecceAt] = "26/11/2026 06:30" }},
		{"no kind", FieldRecceKind, "REC-1: virtual, walk-by or drive-past", good, func(m map[string]string) { m[FieldRecceKind] = "" }},
		{"imagery in the future", FieldSourceDate(1), "REC-2: imagery cannot be dated in the future", virtual, func(m map[string]string) { m[FieldSourceDate(1)] = "01/01/2027" }},
		{"imagery undated", FieldSourceDate(1), "REC-2: give the date of the imagery", virtual, func(m map[string]string) { m[FieldSourceDate(1)] = "" }},
		{"virtual without source", FieldSource(1), "REC-2: a virtual recce names each source", virtual, func(m map[string]string) { m[FieldSource(1)], m[FieldSourceDate(1)] = "", "" }},
	} {
		m := map[string]string{}
		for k, v := range tc.base {
			m[k] = v
		}
		tc.edit(m)
		at := now
		if tc.name == "after the visit" {
			at = start.Add(3 * time.Hour) // recorded afterwards
		}
		_, err := ParseRecce(m, lookup, start, at)
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		wantContains(t, tc.name, validation(t, err).For(tc.field), tc.msg)
	}
}

func TestAddAndWithdrawRecce(t *testing.T) {
	v := planned(t)
	v.Plan.Recces = nil
	now := start.Add(-2 * time.Hour)
	r := Recce{Kind: RecceVirtual, By: io.StaffNo, At: t0, Sources: []ImagerySource{{Source: "Street imagery", Date: Date{2019, 3, 1}}, {Source: "Aerial", Date: Date{2025, 6, 1}}}}
	c, err := v.AddRecce(r, cio, now)
	if err != nil || v.Plan.Recces[0].ID != "R1" || c.Action != "recce added: R1 virtual" {
		t.Fatalf("%+v %v", c, err)
	}
	if s, ok := v.Plan.OldestImagery(); !ok || s.Date != (Date{2019, 3, 1}) {
		t.Errorf("oldest imagery: %+v %v", s, ok)
	}
	if _, err := v.WithdrawRecce("R1", "", cio, now); err == nil {
		t.Error("withdrawn without a reason")
	}
	must(t)(v.WithdrawRecce("R1", "wrong premises looked at", cio, now))
	if _, ok := v.Plan.OldestImagery(); ok || len(v.Plan.Recces) != 1 {
		t.Error("a withdrawn recce still counts, or left the record")
	}
}

// ONF-7: the feedback report follows the visit; without it a closed visit
// warns.
func TestONFFeedback(t *testing.T) {
	v := planned(t)
	if _, err := v.RecordONFFeedback("two arrests", cio, t0); err == nil {
		t.Error("feedback recorded before the visit")
	}
	v.State = Closed
	if f := of(Readiness(v, start.Add(48*time.Hour)), "ONF-7"); len(f) != 1 || f[0].Severity != Warns {
		t.Fatalf("closed without feedback: %v", f)
	}
	if _, err := v.RecordONFFeedback(" ", cio, start.Add(24*time.Hour)); err == nil {
		t.Error("empty feedback accepted")
	}
	must(t)(v.RecordONFFeedback("Two arrests; S1 detained; no police assistance needed", cio, start.Add(24*time.Hour)))
	if f := of(Readiness(v, start.Add(48*time.Hour)), "ONF-7"); len(f) != 0 {
		t.Errorf("after feedback: %v", f)
	}
}

// A phone check covers the ONF it was made about: sending again needs a
// new one; and it never covers an expired ONF (ONF-5).
func TestPhoneCheckCoversItsONF(t *testing.T) {
	v := planned(t)
	v.Plan.ONF = ONF{Force: "Surrey Police", SentAt: start.Add(-20 * time.Hour)}
	must(t)(v.RecordPhoneCheck(PhoneCheck{At: start.Add(-3 * time.Hour), Contact: "PC Hale", Outcome: "no markers"}, cio, start.Add(-2*time.Hour)))
	must(t)(v.SetONF(ONF{Force: "Surrey Police", SentAt: start.Add(-2 * time.Hour)}, cio, start.Add(-time.Hour)))
	if v.Plan.ONF.Phone != nil {
		t.Error("a phone check carried over to an ONF sent again")
	}
	o := ONF{Force: "Surrey Police", SentAt: start.AddDate(0, -2, 0), ReturnedAt: start.AddDate(0, -2, 1), SignedBy: "J. Carter",
		Phone: &PhoneCheck{At: start.Add(-time.Hour), Contact: "PC Hale", Outcome: "ok"}}
	if s := o.Status(start, start.Add(-time.Minute), london); s.State != ONFExpired {
		t.Errorf("expired ONF with a phone check: %s", s.State)
	}
}
