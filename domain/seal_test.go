package domain

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// An entry written before store format 3 sealed no record. Its JSON, and
// so its hash, must be what that build wrote, so old trails still verify:
// this one is an entry as an earlier oic stored it, byte for byte, hash
// and all.
func TestSeal_EntryWithoutSealKeepsItsOldJSON(t *testing.T) {
	old := `{"ref":"SLN-2026-0001","seq":1,"change":{"action":"created","actor":"A1001","actor_name":"Alice Ames","at":"2026-03-02T09:00:00Z"},"prev":"","hash":"68c7be86527594d4372743c29c35f1ba5ee505c7a6c15bfc31e9302f6d9b8b2b"}`
	var e AuditEntry
	if err := json.Unmarshal([]byte(old), &e); err != nil {
		t.Fatal(err)
	}
	if err := VerifyChain([]AuditEntry{e}); err != nil {
		t.Errorf("an entry an earlier oic wrote does not verify: %v", err)
	}
	if b, err := json.Marshal(e); err != nil || string(b) != old {
		t.Errorf("an unsealed entry encodes as\n%s\nwant\n%s (%v)", b, old, err)
	}
	if e.Seal() != (Seal{}) {
		t.Errorf("an unsealed entry has a seal: %+v", e.Seal())
	}
}

// The seal is part of what an entry's hash covers: changing the record's
// hash in an entry breaks the entry, as changing any other field does.
func TestSeal_CoveredByTheEntryHash(t *testing.T) {
	c := Change{Action: "created", Actor: "A1001", ActorName: "Alice Ames", At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	doc := []byte(`{"ref":"SLN-2026-0001","subjects":[{"name":"Arben Hoxha","dob":"1990-01-02"}]}`)
	part := []byte("derived")
	seal := SealOf(doc, part)
	if seal.Record != RecordHash(doc) || seal.Derived != RecordHash(part) || len(seal.Record) != 64 {
		t.Fatalf("SealOf = %+v", seal)
	}
	if SealOf(doc, nil).Derived != "" {
		t.Error("a record with no derived part has a derived hash")
	}
	e1 := ChainEntry("SLN-2026-0001", nil, c, seal)
	e2 := ChainEntry("SLN-2026-0001", &e1, c, SealOf(doc, nil))
	if err := VerifyChain([]AuditEntry{e1, e2}); err != nil {
		t.Fatal(err)
	}
	if e1.Seal() != seal {
		t.Errorf("Seal() = %+v, want %+v", e1.Seal(), seal)
	}
	for name, tamper := range map[string]func(*AuditEntry){
		"record":  func(e *AuditEntry) { e.Record = RecordHash([]byte("another document")) },
		"derived": func(e *AuditEntry) { e.Derived = "" },
	} {
		es := []AuditEntry{e1, e2}
		tamper(&es[0])
		if err := VerifyChain(es); err == nil || !strings.Contains(err.Error(), "audit entry 1 does not match its hash") {
			t.Errorf("%s hash altered: VerifyChain = %v", name, err)
		}
	}
	if unsealed := ChainEntry("SLN-2026-0001", nil, c, Seal{}); unsealed.Hash == e1.Hash {
		t.Error("a sealed and an unsealed entry hash the same")
	}
}

// An officer's trail is chained and verified as a visit's is, and is
// never mistaken for one.
func TestSeal_OfficerEntries(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	o := Officer{StaffNo: "A1001", Name: "Alice Ames", Grade: "HEO", Team: "SLN", ArrestTrained: true, RefresherOn: Date{Year: 2026, Month: 1, Day: 5}}
	c1 := ProfileChange(nil, o, o, at)
	if c1.Action != "profile created" || c1.Actor != "A1001" || len(c1.Fields) != 6 {
		t.Fatalf("ProfileChange of a new profile = %+v", c1)
	}
	promoted := o
	promoted.Grade, promoted.ArrestTrained, promoted.RefresherOn = "SEO", false, Date{}
	c2 := ProfileChange(&o, promoted, Officer{StaffNo: "H0001", Name: "Hana Admin"}, at.Add(time.Hour))
	want := []FieldChange{{FieldGrade, "HEO", "SEO"}, {FieldArrest, "yes", "no"}, {FieldRefresherOn, "2026-01-05", ""}}
	if c2.Action != "profile edited" || c2.Actor != "H0001" || len(c2.Fields) != len(want) {
		t.Fatalf("ProfileChange of an edit = %+v", c2)
	}
	for i, f := range want {
		if c2.Fields[i] != f {
			t.Errorf("field %d = %+v, want %+v", i, c2.Fields[i], f)
		}
	}
	e1 := OfficerEntry("A1001", nil, c1, SealOf([]byte(`{"staff_no":"A1001"}`), nil))
	e2 := OfficerEntry("A1001", &e1, c2, SealOf([]byte(`{"staff_no":"A1001","grade":"SEO"}`), nil))
	if err := VerifyChain([]AuditEntry{e1, e2}); err != nil {
		t.Fatal(err)
	}
	if e1.Officer != "A1001" || e1.Ref != "" {
		t.Errorf("officer entry names %q / %q", e1.Officer, e1.Ref)
	}
	if v := ChainEntry("A1001", nil, c1, e1.Seal()); v.Hash == e1.Hash {
		t.Error("an officer's entry hashes as a visit's of the same name")
	}
}

func TestSeal_RecordErrorSaysWhatAndWhatToDo(t *testing.T) {
	e := &RecordError{Ref: "SLN-2026-0042", Problem: "its stored document is not the one audit entry 12 sealed"}
	wantContains(t, "visit", e.Error(), "SLN-2026-0042: record changed outside oic: its stored document is not the one audit entry 12 sealed; report it, and restore the data folder from a backup")
	o := &RecordError{Officer: "A1001", Problem: "x"}
	wantContains(t, "officer", o.Error(), "the profile of A1001: record changed outside oic")
}

func TestSeal_Baseline(t *testing.T) {
	c := BaselineChange(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), 3)
	if c.Actor != "" || c.ActorName != "oic" || !strings.Contains(c.Reason, "store format 3") {
		t.Errorf("BaselineChange = %+v", c)
	}
}
