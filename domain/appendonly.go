package domain

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// ErrAppendOnly marks a save that would alter or remove part of a record
// that is only ever added to.
var ErrAppendOnly = errors.New("append-only")

// AppendOnly checks that next keeps everything of prev that is only ever
// added to: the state history, the live timeline, and the briefing's
// versions, acceptances and overrides, the follow-ups; and, once the visit
// is closed, its debrief. Each must be prev's entries,
// unchanged and in order, followed by any new ones. The store calls it on
// every save, so no code path, in the domain or out of it, can rewrite the
// record an officer relied on: a mistake is corrected by a new entry.
func AppendOnly(prev, next *Visit) error {
	parts := []struct {
		what       string
		old, new   any
		oldN, newN int
	}{
		{"state history", prev.History, next.History, len(prev.History), len(next.History)},
		{"live timeline", prev.Timeline, next.Timeline, len(prev.Timeline), len(next.Timeline)},
		{"briefing versions", prev.Briefing.Versions, next.Briefing.Versions, len(prev.Briefing.Versions), len(next.Briefing.Versions)},
		{"briefing acceptances", prev.Briefing.Acceptances, next.Briefing.Acceptances, len(prev.Briefing.Acceptances), len(next.Briefing.Acceptances)},
		{"acceptance overrides", prev.Briefing.Overrides, next.Briefing.Overrides, len(prev.Briefing.Overrides), len(next.Briefing.Overrides)},
		{"follow-ups", prev.FollowUps, next.FollowUps, len(prev.FollowUps), len(next.FollowUps)},
	}
	for _, p := range parts {
		if p.newN < p.oldN {
			return fmt.Errorf("%s %s: %d entries would become %d; entries are never removed: %w", next.Ref, p.what, p.oldN, p.newN, ErrAppendOnly)
		}
		if p.oldN == 0 {
			continue
		}
		if i := firstChanged(p.old, p.new, p.oldN); i >= 0 {
			return fmt.Errorf("%s %s: entry %d would be changed; add a correction instead: %w", next.Ref, p.what, i+1, ErrAppendOnly)
		}
	}
	if prev.closedRecord() {
		ob, _ := json.Marshal(prev.Debrief)
		nb, _ := json.Marshal(next.Debrief)
		if !bytes.Equal(ob, nb) {
			return fmt.Errorf("%s is %s: its debrief is final: %w", next.Ref, prev.State, ErrAppendOnly)
		}
	}
	if prev.Assurance.Done() {
		// An assurance marked done is final; the OIC's acknowledgement is
		// the one thing added to it after (ASR-2).
		po, no := prev.Assurance, next.Assurance
		if po.Acknowledged.At.IsZero() {
			po.Acknowledged = no.Acknowledged
		}
		ob, _ := json.Marshal(po)
		nb, _ := json.Marshal(no)
		if !bytes.Equal(ob, nb) {
			return fmt.Errorf("%s is assured: its assurance and its acknowledgement are final: %w", next.Ref, ErrAppendOnly)
		}
	}
	for i, e := range next.Timeline {
		if e.Seq != i+1 {
			return fmt.Errorf("%s live timeline: entry %d is numbered %d: %w", next.Ref, i+1, e.Seq, ErrAppendOnly)
		}
	}
	return nil
}

// firstChanged compares the first n entries of two slices by their JSON,
// which compares times as instants (a time read back from the store and
// the same time held in memory differ only in their *time.Location).
// It returns the index of the first that differs, or -1.
func firstChanged(old, new any, n int) int {
	ob, _ := json.Marshal(old)
	nb, _ := json.Marshal(new)
	var oe, ne []json.RawMessage
	if json.Unmarshal(ob, &oe) != nil || json.Unmarshal(nb, &ne) != nil {
		return 0
	}
	for i := 0; i < n; i++ {
		if !bytes.Equal(oe[i], ne[i]) {
			return i
		}
	}
	return -1
}
