package domain

import (
	"fmt"
	"time"
)

// A critical incident as the duty CIO follows it (INC-1, INC-2): declared
// by the team on the live tab, acknowledged by a CIO or above, who is told
// by the banner on every screen until they do. On a laptop with nobody
// else on the store, the OIC records that the duty CIO was told by phone,
// which counts: the CIO knows, and the record says who and when.

// AckByPhone is the Subtype of an acknowledgement the OIC recorded for
// the duty CIO they informed by phone.
const AckByPhone = "by phone"

// Field names of the phone acknowledgement's form.
const (
	FieldAckName = "ack.name"
	FieldAckAt   = "ack.at"
)

// Incident is one critical incident declared on a visit.
type Incident struct {
	Declared TimelineEntry
	// Over is when it was stood down; zero while it runs.
	Over time.Time
	// Ack is its acknowledgement (INC-2), or nil while none is recorded.
	Ack *TimelineEntry
}

// Acknowledged reports whether a CIO or above has acknowledged it.
func (i Incident) Acknowledged() bool { return i.Ack != nil }

// Incidents are the critical incidents declared on the visit, oldest
// first, each with its stand-down and acknowledgement if recorded. An
// acknowledgement answers the latest incident declared before it that
// has none.
func (v *Visit) Incidents() []Incident {
	var out []Incident
	for _, e := range byTime(v.Effective()) {
		switch e.Kind {
		case EntryIncident:
			out = append(out, Incident{Declared: e})
		case EntryIncidentOver:
			if n := len(out); n > 0 && out[n-1].Over.IsZero() {
				out[n-1].Over = e.At
			}
		case EntryIncidentAck:
			for i := len(out) - 1; i >= 0; i-- {
				if out[i].Ack == nil {
					ack := e
					out[i].Ack = &ack
					break
				}
			}
		}
	}
	return out
}

// Unacknowledged is the incident on the visit that no CIO has yet
// acknowledged, if there is one: the alert that stays on every screen
// (INC-2). Only a deployed visit raises one; an incident stood down
// before anyone acknowledged it still does, for the CIO must know it
// happened.
func (v *Visit) Unacknowledged() (Incident, bool) {
	if v.State != Deployed {
		return Incident{}, false
	}
	is := v.Incidents()
	for i := len(is) - 1; i >= 0; i-- {
		if !is[i].Acknowledged() {
			return is[i], true
		}
	}
	return Incident{}, false
}

// MayAcknowledge says whether actor may acknowledge a critical incident by
// grade (INC-2): a CIO or above, the CIO being the most junior grade that
// may authorise a green visit in the grade table (EPA-2), so a renamed
// grade moves both together.
func (cfg Config) MayAcknowledge(actor Officer) error {
	cio, ok := cfg.MinGradeFor(Green)
	if !ok {
		return fmt.Errorf("INC-2: the grade table names no grade that may authorise a green visit, so none may acknowledge an incident; check config.json")
	}
	g, known := cfg.Grade(actor.Grade)
	if !known || g.Rank < cio.Rank {
		grade := "of grade " + actor.Grade + ", which the grade table does not list"
		if known {
			grade = articleFor(g.Label())
		}
		return fmt.Errorf("INC-2: a critical incident is acknowledged by a %s or above; %s is %s. Ask the duty CIO to sign in and acknowledge it, or, if nobody else uses this store, tell them by phone and record that (i)",
			cio.Title, actor.Label(), grade)
	}
	return nil
}

// articleFor is "a CIO (HEO)", "an IO (EO)".
func articleFor(s string) string {
	switch s[0] {
	case 'A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u':
		return "an " + s
	}
	return "a " + s
}

// canAcknowledge is what both ways of acknowledging need: a deployed
// visit with an incident awaiting acknowledgement.
func (v *Visit) canAcknowledge() (Incident, error) {
	if v.State != Deployed {
		return Incident{}, fmt.Errorf("%s is %s: incidents are acknowledged while the visit is deployed", v.Ref, v.State)
	}
	inc, ok := v.Unacknowledged()
	if !ok {
		return Incident{}, fmt.Errorf("%s has no critical incident awaiting acknowledgement", v.Ref)
	}
	return inc, nil
}

// AcknowledgeIncident records actor, signed in as themselves, acknowledging
// the incident awaiting it (INC-2): a CIO or above who is neither the
// visit's OIC nor the officer who declared it (the duty CIO is told; the
// OIC telling themselves tells nobody). Who and when go on the timeline
// and, with the save, on the audit trail.
func (v *Visit) AcknowledgeIncident(cfg Config, actor Officer, now time.Time) (Change, error) {
	inc, err := v.canAcknowledge()
	if err != nil {
		return Change{}, err
	}
	if err := cfg.MayAcknowledge(actor); err != nil {
		return Change{}, err
	}
	if oic, ok := v.Commander(CommandOIC); ok && oic.StaffNo == actor.StaffNo {
		return Change{}, fmt.Errorf("INC-2: %s is the OIC of %s; the duty CIO acknowledges its incident. If nobody else uses this store, tell the duty CIO by phone and record that (i)", actor.Label(), v.Ref)
	}
	if inc.Declared.Recorded.By == actor.StaffNo {
		return Change{}, fmt.Errorf("INC-2: %s declared this incident; another CIO or above acknowledges it", actor.Label())
	}
	return v.appendAck(TimelineEntry{Kind: EntryIncidentAck, At: now, AckBy: actor.Label(), Officers: []StaffNo{actor.StaffNo}}, actor, now), nil
}

// PhoneAckInput is the OIC's record that the duty CIO was informed by
// phone, as typed: the CIO's name, and when (ParseWhen: empty for now).
type PhoneAckInput struct{ Name, At string }

// RecordCIOInformed records, for the OIC of a visit where nobody else uses
// the store, that the duty CIO (named) was informed of the incident by
// phone at the time given: it counts as the acknowledgement (INC-2). Only
// the OIC records it, at a time not before the incident nor to come.
func (v *Visit) RecordCIOInformed(in PhoneAckInput, actor Officer, now time.Time) (Change, error) {
	inc, err := v.canAcknowledge()
	if err != nil {
		return Change{}, err
	}
	if oic, ok := v.Commander(CommandOIC); !ok || oic.StaffNo != actor.StaffNo {
		return Change{}, fmt.Errorf("only the OIC%s records that the duty CIO was informed by phone; %s is signed in", oicName(v), actor.Label())
	}
	var p problems
	name := p.text(FieldAckName, in.Name, MaxShort, false)
	if name == "" && !p.has(FieldAckName) {
		p.rule(FieldAckName, "INC-2", "give the duty CIO's name: the record says who was told")
	}
	var at time.Time
	if p.short(FieldAckAt, in.At) {
		t, err := ParseWhen(in.At, now)
		switch {
		case err != nil:
			p.add(FieldAckAt, err.Error())
		case t.Before(inc.Declared.At):
			p.add(FieldAckAt, fmt.Sprintf("%s is before the incident was declared (%s)", t.Format("15:04"), inc.Declared.At.Format("15:04")))
		default:
			at = t
		}
	}
	if err := p.err(); err != nil {
		return Change{}, err
	}
	return v.appendAck(TimelineEntry{Kind: EntryIncidentAck, At: at, AckBy: name, Subtype: AckByPhone}, actor, now), nil
}

// appendAck numbers and stamps the acknowledgement and appends it.
func (v *Visit) appendAck(e TimelineEntry, actor Officer, now time.Time) Change {
	e.Seq = len(v.Timeline) + 1
	e.Recorded = stamp(actor, now)
	v.Timeline = append(v.Timeline, e)
	v.touch(actor, now)
	return Change{Action: fmt.Sprintf("timeline #%d: %s", e.Seq, e.Kind), Actor: actor.StaffNo, ActorName: actor.Name, At: now,
		Fields: []FieldChange{{Field: fmt.Sprintf("timeline.%d", e.Seq), New: e.At.Format("15:04") + " " + e.Summary()}}}
}
