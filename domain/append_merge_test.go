package domain

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// Two officers save the same visit from one version: theirs reached the
// store first, mine is applied on top of it where both only added.
func TestMergeAppends(t *testing.T) {
	now := start.Add(10 * time.Minute)
	// Each step is one officer's action on their copy, failing the test
	// if the domain refuses it.
	step := func(act func(v *Visit) (Change, error)) func(t *testing.T, v *Visit) Change {
		return func(t *testing.T, v *Visit) Change {
			t.Helper()
			c, err := act(v)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
	}
	entry := func(kind EntryKind, in EntryInput, by Officer) func(t *testing.T, v *Visit) Change {
		return step(func(v *Visit) (Change, error) {
			e, err := v.ParseEntry(kind, in, now)
			if err != nil {
				return Change{}, err
			}
			return v.Record(e, by, now)
		})
	}
	note := func(text string, by Officer) func(t *testing.T, v *Visit) Change {
		return entry(EntryNote, EntryInput{Text: text}, by)
	}
	arrive := func(sn string) func(t *testing.T, v *Visit) Change {
		return entry(EntryArrival, EntryInput{Officers: sn}, cio)
	}
	correct := func(n int, text string) func(t *testing.T, v *Visit) Change {
		return step(func(v *Visit) (Change, error) {
			return v.Record(TimelineEntry{Kind: EntryNote, Text: text, Corrects: n, Reason: "misheard"}, arrestIO, now)
		})
	}
	ackBy := func(o Officer) func(t *testing.T, v *Visit) Change {
		return step(func(v *Visit) (Change, error) { return v.AcknowledgeIncident(DefaultConfig(), o, now) })
	}
	accept := func(o Officer) func(t *testing.T, v *Visit) Change {
		return step(func(v *Visit) (Change, error) { return v.AcceptBriefing(1, o, inWindow.Add(time.Hour)) })
	}
	rename := step(func(v *Visit) (Change, error) {
		b := v.Basics
		b.Premises.Name = "Golden Dragon (rear)"
		return v.EditBasics(b, cio, now)
	})
	standDown := step(func(v *Visit) (Change, error) { return v.Transition(StoodDown, "Premises empty", cio, now) })
	// live is deployed with the team arrived at 06:05 and two notes (#2, #3).
	live := func(t testing.TB) *Visit {
		v := deployed(t)
		record(t, v, EntryArrival, EntryInput{Officers: "CIO001 IO0043"}, cio, start.Add(5*time.Minute))
		record(t, v, EntryNote, EntryInput{Text: "Rear door locked"}, cio, start.Add(6*time.Minute))
		record(t, v, EntryNote, EntryInput{Text: "Side gate open"}, cio, start.Add(7*time.Minute))
		return v
	}
	incident := func(t testing.TB) *Visit { v, _ := withIncident(t.(*testing.T)); return v }

	for _, c := range []struct {
		name         string
		base         func(t testing.TB) *Visit
		theirs, mine func(t *testing.T, v *Visit) Change
		merged       bool
	}{
		{"two notes", live, note("Dog in the yard", arrestIO), note("Van at the front", cio), true},
		{"an arrival on top of a note", live, note("Dog in the yard", arrestIO), arrive("IO0044"), true},
		{"a correction on top of a note", live, note("Dog in the yard", arrestIO), correct(2, "Rear door open"), true},
		{"a correction on top of a correction of another entry", live, correct(3, "Side gate shut"), correct(2, "Rear door open"), true},
		{"the duty CIO's acknowledgement on top of an entry", incident, note("Ambulance called", cio), ackBy(dutyCIO), true},
		{"an entry on top of the acknowledgement", incident, ackBy(dutyCIO), note("Ambulance called", arrestIO), true},
		{"two acceptances of the briefing", briefed, accept(arrestIO), accept(driverIO), true},

		{"two acknowledgements of one incident", incident, ackBy(dutyCIO), ackBy(hmi), false},
		{"two corrections of one entry", live, correct(2, "Rear door open"), correct(2, "Rear door ajar"), false},
		{"one officer arriving twice", live, arrive("IO0044"), arrive("IO0044"), false},
		{"one officer accepting twice", briefed, accept(arrestIO), accept(arrestIO), false},
		{"an edit of a field on top of a note", live, note("Dog in the yard", arrestIO), rename, false},
		{"a note on top of an edit of a field", live, rename, note("Dog in the yard", arrestIO), false},
		{"a note on top of a state change", live, standDown, note("Dog in the yard", arrestIO), false},
		{"an entry rewritten beside a note", live, note("Dog in the yard", arrestIO), func(t *testing.T, v *Visit) Change {
			c := note("Van at the front", cio)(t, v)
			v.Timeline[1].Text = "Rear door open"
			return c
		}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			base := c.base(t)
			stored, mine := base.Clone(), base.Clone()
			c.theirs(t, stored)
			mc := c.mine(t, mine)
			storedBefore := stored.Clone()
			merged, got, ok := MergeAppends(stored, mine, mc)
			if !sameJSON(stored, storedBefore) {
				t.Fatal("MergeAppends changed the stored visit")
			}
			if ok != c.merged {
				t.Fatalf("merged = %v, want %v", ok, c.merged)
			}
			if !ok {
				return
			}
			if err := AppendOnly(stored, merged); err != nil {
				t.Fatalf("the merged visit does not extend the stored one: %v", err)
			}
			added := len(mine.Timeline) - len(base.Timeline)
			if n := len(merged.Timeline); n != len(stored.Timeline)+added {
				t.Fatalf("%d entries merged, want %d", n, len(stored.Timeline)+added)
			}
			if n := len(merged.Briefing.Acceptances); n != len(stored.Briefing.Acceptances)+len(mine.Briefing.Acceptances)-len(base.Briefing.Acceptances) {
				t.Errorf("%d acceptances merged", n)
			}
			if merged.UpdatedBy != mine.UpdatedBy {
				t.Errorf("merged last touched by %s, want %s", merged.UpdatedBy, mine.UpdatedBy)
			}
			if added > 0 {
				last := merged.Timeline[len(merged.Timeline)-1]
				mineLast := mine.Timeline[len(mine.Timeline)-1]
				if last.Recorded != mineLast.Recorded || last.Kind != mineLast.Kind {
					t.Errorf("last merged entry %+v, want mine %+v", last, mineLast)
				}
				want := "timeline #" + strconv.Itoa(last.Seq)
				if !strings.HasPrefix(got.Action, want) || got.Fields[0].Field != "timeline."+strconv.Itoa(last.Seq) {
					t.Errorf("change %q %+v, want it renumbered to #%d", got.Action, got.Fields, last.Seq)
				}
				if last.Corrects != 0 && last.Corrects != mineLast.Corrects {
					t.Errorf("the correction now names #%d, mine named #%d", last.Corrects, mineLast.Corrects)
				}
			}
		})
	}
}
