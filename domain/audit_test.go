package domain

import (
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// trail builds a four-entry chain from a visit's real changes, with times
// in London summer time and a nanosecond part.
func trail(t *testing.T) []AuditEntry {
	t.Helper()
	in := goodInput()
	in.IntelReceived, in.DecidedAt, in.PlannedStart = "01/06/2026", "01/06/2026 09:00", "03/06/2026 06:00"
	now := time.Date(2026, 6, 1, 12, 0, 0, 123456789, london)
	v, c1, err := NewVisit(mustBasics(t, in, now), cio, now)
	if err != nil {
		t.Fatal(err)
	}
	v.Ref = "SLN-2026-0042"
	c2, err := v.AddSubject(subject("Arben Hoxha"), cio, now.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	c3, err := v.SetPLAN(PLAN{Proportionate: "Two workers; a short visit"}, io, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	c4, err := v.Transition(StoodDown, "warning marker on the ONF", io, now.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var out []AuditEntry
	for _, c := range []Change{c1, c2, c3, c4} {
		var prev *AuditEntry
		if len(out) > 0 {
			prev = &out[len(out)-1]
		}
		out = append(out, ChainEntry(v.Ref, prev, c, Seal{}))
	}
	return out
}

func TestChainEntry(t *testing.T) {
	es := trail(t)
	for i, e := range es {
		if e.Seq != uint64(i+1) || e.Ref != "SLN-2026-0042" {
			t.Errorf("entry %d: %s #%d", i, e.Ref, e.Seq)
		}
		if b, err := hex.DecodeString(e.Hash); err != nil || len(b) != 32 {
			t.Errorf("entry %d: hash %q is not hex SHA-256", i, e.Hash)
		}
		want := ""
		if i > 0 {
			want = es[i-1].Hash
		}
		if e.Prev != want {
			t.Errorf("entry %d: prev %q, want %q", i, e.Prev, want)
		}
	}
	if err := VerifyChain(es); err != nil {
		t.Errorf("VerifyChain on a good chain: %v", err)
	}
	if err := VerifyChain(nil); err != nil {
		t.Errorf("VerifyChain on no entries: %v", err)
	}
	if err := VerifyChain(es[:1]); err != nil {
		t.Errorf("VerifyChain on one entry: %v", err)
	}
	// The same change chained into another visit hashes differently.
	other := ChainEntry("SLN-2026-0043", nil, es[0].Change, Seal{})
	if other.Hash == es[0].Hash {
		t.Error("two visits' first entries share a hash")
	}
}

func TestVerifyChain_Tampering(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tamper func([]AuditEntry) []AuditEntry
		msg    string
	}{
		{"actor altered", func(es []AuditEntry) []AuditEntry { es[1].Change.Actor = "IO0042"; return es },
			"audit entry 2 does not match its hash: it was altered"},
		{"actor name altered", func(es []AuditEntry) []AuditEntry { es[2].Change.ActorName = "Someone Else"; return es },
			"audit entry 3 does not match its hash"},
		{"time moved a nanosecond", func(es []AuditEntry) []AuditEntry { es[2].Change.At = es[2].Change.At.Add(1); return es },
			"audit entry 3 does not match its hash"},
		{"reason reworded", func(es []AuditEntry) []AuditEntry { es[3].Change.Reason = "no reason"; return es },
			"audit entry 4 does not match its hash"},
		{"old value altered", func(es []AuditEntry) []AuditEntry { es[2].Change.Fields[0].Old = "tasked"; return es },
			"audit entry 3 does not match its hash"},
		{"field dropped", func(es []AuditEntry) []AuditEntry { es[0].Change.Fields = es[0].Change.Fields[1:]; return es },
			"audit entry 1 does not match its hash"},
		{"action altered", func(es []AuditEntry) []AuditEntry { es[0].Change.Action = "imported"; return es },
			"audit entry 1 does not match its hash"},
		{"ref altered", func(es []AuditEntry) []AuditEntry { es[1].Ref = "SLN-2026-0043"; return es },
			"audit entry 2 does not match its hash"},
		{"hash replaced", func(es []AuditEntry) []AuditEntry { es[3].Hash = strings.Repeat("0", 64); return es },
			"audit entry 4 does not match its hash"},
		{"altered and rehashed", func(es []AuditEntry) []AuditEntry {
			es[1].Change.Reason = "rewritten"
			es[1].Hash = es[1].digest()
			return es
		}, "audit entry 3 does not follow entry 2: the chain is broken"},
		{"first entry given a predecessor", func(es []AuditEntry) []AuditEntry { es[0].Prev = es[3].Hash; return es },
			"audit entry 1 does not follow entry 0"},
		{"middle entry removed", func(es []AuditEntry) []AuditEntry { return append(es[:1], es[2:]...) },
			"audit entry 2 is numbered 3"},
		{"first entry removed", func(es []AuditEntry) []AuditEntry { return es[1:] },
			"audit entry 1 is numbered 2"},
		{"two entries swapped", func(es []AuditEntry) []AuditEntry { es[1], es[2] = es[2], es[1]; return es },
			"audit entry 2 is numbered 3: an entry is missing or out of order"},
		{"removed and renumbered", func(es []AuditEntry) []AuditEntry {
			es = append(es[:1], es[2:]...)
			es[1].Seq = 2
			return es
		}, "audit entry 2 does not follow entry 1"},
		{"renumbered", func(es []AuditEntry) []AuditEntry { es[3].Seq = 5; return es },
			"audit entry 4 is numbered 5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			es := tc.tamper(trail(t))
			err := VerifyChain(es)
			if err == nil {
				t.Fatal("VerifyChain passed a tampered chain")
			}
			wantContains(t, "error", err.Error(), tc.msg)
		})
	}
}

// TestAudit_HashStableAcrossZones: the same instant hashes the same whether
// the machine that wrote it was in London or UTC.
func TestAudit_HashStableAcrossZones(t *testing.T) {
	at := time.Date(2026, 7, 1, 6, 0, 0, 5, london)
	c := Change{Action: "created", Actor: "CIO001", ActorName: "Dana Okafor", At: at}
	inLondon := ChainEntry("SLN-2026-0042", nil, c, Seal{})
	c.At = at.UTC()
	inUTC := ChainEntry("SLN-2026-0042", nil, c, Seal{})
	c.At = at.In(time.FixedZone("", 3600))
	fixed := ChainEntry("SLN-2026-0042", nil, c, Seal{})
	if inLondon.Hash != inUTC.Hash || inLondon.Hash != fixed.Hash {
		t.Errorf("hashes differ by zone: %s, %s, %s", inLondon.Hash, inUTC.Hash, fixed.Hash)
	}
	c.At = at.Add(time.Hour)
	if ChainEntry("SLN-2026-0042", nil, c, Seal{}).Hash == inUTC.Hash {
		t.Error("a different instant hashes the same")
	}

	// A chain written in London verifies when read back in UTC.
	es := trail(t)
	for i := range es {
		es[i].Change.At = es[i].Change.At.UTC()
	}
	if err := VerifyChain(es); err != nil {
		t.Errorf("chain read in UTC: %v", err)
	}
}

// TestAudit_JSONRoundTrip: a trail stored as JSON and read back still
// verifies, with the same hashes.
func TestAudit_JSONRoundTrip(t *testing.T) {
	es := trail(t)
	b, err := json.Marshal(es)
	if err != nil {
		t.Fatal(err)
	}
	var back []AuditEntry
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if err := VerifyChain(back); err != nil {
		t.Errorf("VerifyChain after a JSON round trip: %v", err)
	}
	for i := range es {
		if back[i].digest() != es[i].Hash {
			t.Errorf("entry %d hashes differently after a round trip", i+1)
		}
	}
	// And tampering in the stored form is still caught.
	tampered := strings.Replace(string(b), "warning marker on the ONF", "no reason given", 1)
	if err := json.Unmarshal([]byte(tampered), &back); err != nil {
		t.Fatal(err)
	}
	if err := VerifyChain(back); err == nil || !strings.Contains(err.Error(), "audit entry 4") {
		t.Errorf("VerifyChain after editing the JSON: %v", err)
	}
}

// VerifyChainJSON's encodings are json.Marshal's, for entries in memory
// (times in London), as they come back from JSON with times in UTC (as
// an export carries them), and with times at other offsets, sealed or
// not, officers' too, with text JSON escapes.
func TestVerifyChainJSONIsMarshal(t *testing.T) {
	mem := trail(t)
	mem[1].Change.Reason = `a <b> & "c"` + "\u2028\t"
	mem[1].Record, mem[1].Derived = strings.Repeat("ab", 32), strings.Repeat("cd", 32)
	mem[2].Record = strings.Repeat("ef", 32)
	rechain(mem)
	utc := trailThroughJSON(t, mem)
	offset := trailThroughJSON(t, mem)
	for i := range offset {
		offset[i].Change.At = offset[i].Change.At.In(time.FixedZone("", 5*3600+30*60))
	}
	var officer []AuditEntry
	for i, c := range []Change{{Action: "profile created", Actor: "A1001", ActorName: "Alice", At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		{Action: "profile edited", ActorName: "oic", At: time.Date(2026, 1, 3, 3, 4, 5, 6, london)}} {
		var prev *AuditEntry
		if i > 0 {
			prev = &officer[i-1]
		}
		officer = append(officer, OfficerEntry("A1001", prev, c, Seal{Record: strings.Repeat("01", 32)}))
	}
	for name, tr := range map[string][]AuditEntry{"in memory": mem, "from JSON": utc, "other offsets": offset, "officer": officer, "officer from JSON": trailThroughJSON(t, officer)} {
		got, err := VerifyChainJSON(tr)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got) != len(tr) {
			t.Fatalf("%s: %d encodings of %d entries", name, len(got), len(tr))
		}
		for i, e := range tr {
			want, _ := json.Marshal(e)
			if string(got[i]) != string(want) {
				t.Errorf("%s, entry %d:\n got %s\nwant %s", name, i+1, got[i], want)
			}
		}
	}
	bad := trailThroughJSON(t, mem)
	bad[2].Change.Reason = "altered"
	if _, err := VerifyChainJSON(bad); err == nil || err.Error() != VerifyChain(bad).Error() {
		t.Errorf("an altered entry: %v, VerifyChain says %v", err, VerifyChain(bad))
	}
}

// rechain makes tr's hashes and links again after its entries are edited.
func rechain(tr []AuditEntry) {
	for i := range tr {
		tr[i].Prev = ""
		if i > 0 {
			tr[i].Prev = tr[i-1].Hash
		}
		tr[i].Hash = tr[i].digest()
	}
}

// trailThroughJSON is tr as it comes back from JSON: times in UTC.
func trailThroughJSON(t *testing.T, tr []AuditEntry) []AuditEntry {
	t.Helper()
	b, err := json.Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	var out []AuditEntry
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestVerifyChainAfter: the entries added to a trail already verified are
// checked from its head as the whole trail's check would check them, and
// a break at the join is found as it would be.
func TestVerifyChainAfter(t *testing.T) {
	es := trail(t)
	if err := VerifyChainAfter(es[1], es[2:]); err != nil {
		t.Errorf("two good entries after entry 2: %v", err)
	}
	if err := VerifyChainAfter(AuditEntry{}, es); err != nil {
		t.Errorf("the whole trail from its start: %v", err)
	}
	if err := VerifyChainAfter(es[3], nil); err != nil {
		t.Errorf("nothing added: %v", err)
	}
	for _, tc := range []struct {
		name string
		head AuditEntry
		more func([]AuditEntry) []AuditEntry
		msg  string
	}{
		{"an entry skipped", es[0], func(es []AuditEntry) []AuditEntry { return es[2:] }, "audit entry 2 is numbered 3"},
		{"another trail's head", es[2], func(es []AuditEntry) []AuditEntry {
			o := trail(t)
			o[3].Prev = strings.Repeat("1", 64)
			o[3].Hash = o[3].digest()
			return o[3:]
		}, "audit entry 4 does not follow entry 3"},
		{"an added entry altered", es[1], func(es []AuditEntry) []AuditEntry { es[3].Change.Reason = "none"; return es[2:] },
			"audit entry 4 does not match its hash"},
		{"from the start, the first given a predecessor", AuditEntry{}, func(es []AuditEntry) []AuditEntry { es[0].Prev = es[3].Hash; return es },
			"audit entry 1 does not follow entry 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := VerifyChainAfter(tc.head, tc.more(trail(t)))
			if err == nil {
				t.Fatal("VerifyChainAfter passed a broken continuation")
			}
			wantContains(t, "error", err.Error(), tc.msg)
		})
	}
}
