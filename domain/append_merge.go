package domain

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// In team mode several officers write to one visit at once: the OIC and
// the team record the live timeline, each officer accepts the briefing,
// the duty CIO acknowledges an incident. Each of those only adds to the
// record, without reading what the others add at the same moment, so two
// of them saved from one version are not a conflict: the later is applied
// on top of the earlier. Anything else (an edit of a field, a state
// change, a correction racing another to the same entry) still is, and
// the officer sees who saved (ConflictError).
//
// The store keeps no earlier version of a record, so what mine added is
// what its change says it added (the audit entry's fields: timeline.N,
// briefing.accepted.SN, assurance.acknowledged), and everything before
// those additions must be what stored holds too.

// MergeAppends is mine applied on top of stored, when mine, saved from a
// version stored has since moved past, differs from stored only in what
// c says mine added: timeline entries (incident acknowledgements among
// them), briefing acceptances, the OIC's acknowledgement of assurance
// feedback. The merged visit is stored's, with mine's additions
// renumbered to follow stored's timeline, last touched by mine's
// officer; mc is c with its entry numbers as they now stand. ok is
// false, and nothing is returned, for a real conflict: c changes
// anything else, stored and mine differ in anything else, an entry of
// mine corrects one that stored's additions also correct, incident
// entries on both sides, two acceptances of one version by one officer,
// or the merged timeline breaks a rule of the live record
// (checkTimeline, OUT-1).
func MergeAppends(stored, mine *Visit, c Change) (merged *Visit, mc Change, ok bool) {
	rs, err1 := restJSON(stored)
	rm, err2 := restJSON(mine)
	if stored.Ref != mine.Ref || err1 != nil || err2 != nil || !bytes.Equal(rs, rm) {
		return nil, Change{}, false
	}
	entries, accepts, acked, ok := declaredAdditions(c)
	if !ok || (entries == 0 && accepts == 0 && !acked) {
		return nil, Change{}, false
	}
	// The timeline: mine's last entries are its additions, the rest is
	// stored's first entries.
	k := len(mine.Timeline) - entries
	if k < 0 || sharedPrefix(stored.Timeline, mine.Timeline) < k {
		return nil, Change{}, false
	}
	ka := len(mine.Briefing.Acceptances) - accepts
	if ka < 0 || sharedPrefix(stored.Briefing.Acceptances, mine.Briefing.Acceptances) < ka {
		return nil, Change{}, false
	}
	ack, sa := mine.Assurance.Acknowledged, stored.Assurance.Acknowledged
	switch {
	case acked && (ack.At.IsZero() || !sa.At.IsZero()):
		return nil, Change{}, false // acknowledged once, by the OIC
	case !acked && !ack.At.IsZero() && !sameJSON(ack, sa):
		return nil, Change{}, false
	}

	merged = stored.Clone()
	mc = c
	if entries > 0 {
		tl, c2, ok := appendEntries(stored, k, mine.Timeline[k:], c)
		if !ok {
			return nil, Change{}, false
		}
		merged.Timeline, mc = tl, c2
	}
	for _, a := range mine.Briefing.Acceptances[ka:] {
		if !slices.ContainsFunc(c.Fields, func(f FieldChange) bool { return f.Field == "briefing.accepted."+string(a.StaffNo) }) {
			return nil, Change{}, false // not the acceptance c says was made
		}
		if _, done := merged.Briefing.Accepted(a.StaffNo, a.Version); done {
			return nil, Change{}, false
		}
		merged.Briefing.Acceptances = append(merged.Briefing.Acceptances, a)
	}
	if acked {
		merged.Assurance.Acknowledged = ack
	}
	merged.UpdatedAt, merged.UpdatedBy, merged.UpdatedByName = mine.UpdatedAt, mine.UpdatedBy, mine.UpdatedByName
	return merged, mc, true
}

// declaredAdditions counts what c says was added: timeline entries (one
// field timeline.N each), acceptances (briefing.accepted.SN) and the
// acknowledgement of assurance feedback. ok is false if c names any
// other field: it changed something that was there.
func declaredAdditions(c Change) (entries, accepts int, acked, ok bool) {
	for _, f := range c.Fields {
		switch {
		case strings.HasPrefix(f.Field, "timeline.") && f.Old == "":
			entries++
		case strings.HasPrefix(f.Field, "briefing.accepted.") && f.Old == "":
			accepts++
		case f.Field == "assurance.acknowledged" && f.Old == "":
			acked = true
		default:
			return 0, 0, false, false
		}
	}
	return entries, accepts, acked, true
}

// appendEntries is stored's timeline with adds (mine's entries after the
// k both share) renumbered on top of it, and c renumbered alike; ok is
// false where they do not apply on top of stored's own additions.
func appendEntries(stored *Visit, k int, adds []TimelineEntry, c Change) ([]TimelineEntry, Change, bool) {
	theirs := stored.Timeline[k:]
	incident := func(e TimelineEntry) bool {
		return e.Kind == EntryIncident || e.Kind == EntryIncidentOver || e.Kind == EntryIncidentAck
	}
	corrected := map[int]bool{}
	theirIncident := false
	for _, e := range theirs {
		if e.Corrects != 0 {
			corrected[e.Corrects] = true
		}
		theirIncident = theirIncident || incident(e)
	}
	// Entries of mine are numbered after stored's; a number of mine past
	// the shared ones names an entry of mine, and moves with it.
	shift := len(stored.Timeline) - k
	renum := func(n int) int {
		if n > k {
			return n + shift
		}
		return n
	}
	declared := map[string]bool{}
	for _, f := range c.Fields {
		if strings.HasPrefix(f.Field, "timeline.") {
			declared[f.Field] = true
		}
	}
	tl := slices.Clip(slices.Clone(stored.Timeline))
	for i, e := range adds {
		if e.Seq != k+i+1 || !declared[fmt.Sprintf("timeline.%d", e.Seq)] {
			return nil, Change{}, false // not the entries c says were added
		}
		if e.Corrects != 0 && e.Corrects <= k && corrected[e.Corrects] {
			return nil, Change{}, false // two corrections of one entry: each officer must see the other's
		}
		if theirIncident && incident(e) {
			return nil, Change{}, false // an acknowledgement must answer the incident its officer saw
		}
		e.Seq = renum(e.Seq)
		e.Corrects = renum(e.Corrects)
		if d := e.Decision; d != nil {
			nd := *d
			nd.Workers = slices.Clone(d.Workers)
			for i, w := range nd.Workers {
				nd.Workers[i] = renum(w)
			}
			e.Decision = &nd
		}
		if cu := e.Custody; cu != nil {
			nc := *cu
			nc.Person = renum(cu.Person)
			e.Custody = &nc
		}
		tl = append(tl, e)
		if checkOutcome(tl) != nil {
			return nil, Change{}, false
		}
	}
	if stored.checkTimeline(tl) != nil {
		return nil, Change{}, false
	}
	if shift == 0 {
		return tl, c, true
	}
	mc := c
	mc.Fields = slices.Clone(c.Fields)
	for _, e := range adds {
		from, to := e.Seq, e.Seq+shift
		for _, pre := range []string{fmt.Sprintf("timeline #%d:", from), fmt.Sprintf("timeline #%d ", from)} {
			if rest, found := strings.CutPrefix(mc.Action, pre); found {
				mc.Action = strings.Replace(pre, fmt.Sprint(from), fmt.Sprint(to), 1) + rest
				break
			}
		}
		if e.Corrects > k {
			mc.Action = strings.Replace(mc.Action, fmt.Sprintf(" corrects #%d", e.Corrects), fmt.Sprintf(" corrects #%d", e.Corrects+shift), 1)
		}
		for i, f := range mc.Fields {
			if f.Field == fmt.Sprintf("timeline.%d", from) {
				mc.Fields[i].Field = fmt.Sprintf("timeline.%d", to)
			}
		}
	}
	return tl, mc, true
}

// restJSON is v without the parts MergeAppends merges, nor its version and
// who last touched it: two visits alike in it differ only in those.
func restJSON(v *Visit) ([]byte, error) {
	r := *v
	r.Version, r.UpdatedAt, r.UpdatedBy, r.UpdatedByName = 0, time.Time{}, "", ""
	r.Timeline = nil
	r.Briefing.Acceptances = nil
	r.Assurance.Acknowledged = Stamp{}
	return json.Marshal(&r)
}

// sharedPrefix is how many entries a and b hold alike from the first,
// compared by their JSON, which compares times as instants.
func sharedPrefix[E any](a, b []E) int {
	n := 0
	for n < len(a) && n < len(b) && sameJSON(a[n], b[n]) {
		n++
	}
	return n
}

func sameJSON(a, b any) bool {
	ab, err1 := json.Marshal(a)
	bb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ab, bb)
}
