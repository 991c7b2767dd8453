package domain

import (
	"fmt"
	"slices"
	"time"
)

// PlanningEditable says whether the planning records may still change. Once
// officers are deployed the plan is what they were briefed on; what happens
// next belongs on the live timeline.
func (v *Visit) PlanningEditable() error {
	if err := v.Editable(); err != nil {
		return err
	}
	if v.State == Deployed {
		return fmt.Errorf("%s is deployed: the plan is what officers were briefed on; record what changed on the live timeline", v.Ref)
	}
	return nil
}

// setPart applies one planning form: it diffs old against new, refuses an
// unchanged save, and stamps the record.
func (v *Visit) setPart(action string, old, new [][2]string, apply func(Stamp), actor Officer, now time.Time) (Change, error) {
	if err := v.PlanningEditable(); err != nil {
		return Change{}, err
	}
	fields := diffPairs(old, new)
	if len(fields) == 0 {
		return Change{}, ErrNoChange
	}
	apply(stamp(actor, now))
	v.touch(actor, now)
	return Change{Action: action, Actor: actor.StaffNo, ActorName: actor.Name, At: now, Fields: fields}, nil
}

// SetEPA records the Enforcement Planning Assessment. Changing the rating or
// the risks after authorisation voids the authorisation (EPA-2): the
// authoriser agreed to the assessment as it was. The void is kept, with its
// reason, and an authorised or briefed visit goes back to planning.
func (v *Visit) SetEPA(e EPA, actor Officer, now time.Time) (Change, error) {
	old := v.Plan.EPA
	e.AssessedAt = now
	if e.AssessedBy == old.AssessedBy && old.Recorded() {
		e.AssessedAt = old.AssessedAt
	}
	c, err := v.setPart("EPA recorded", old.fields(), e.fields(), func(s Stamp) {
		e.Stamp = s
		v.Plan.EPA = e
	}, actor, now)
	if err != nil {
		return c, err
	}
	if v.Plan.Auth != nil && (old.Rating != e.Rating || !slices.Equal(old.Risks, e.Risks)) {
		why := "the risks or mitigations changed after authorisation"
		if old.Rating != e.Rating {
			why = fmt.Sprintf("the rating changed from %s to %s after authorisation", old.Rating, e.Rating)
		}
		v.voidAuthorisation(&c, "EPA changed", why, actor, now)
	}
	return c, nil
}

// AwaitingAuthorisation is what a visit waits for until it is
// authorised: "awaiting authorisation by a grade that may authorise amber
// (an HMI or above, signed in as themselves)". EPA-2.
func (cfg Config) AwaitingAuthorisation(r Rating) string {
	return fmt.Sprintf("awaiting authorisation by a grade that may authorise %s (%s, signed in as themselves)", r, cfg.authoriserNeeded(r))
}

// authoriserNeeded reads "an HMI or above" for r.
func (cfg Config) authoriserNeeded(r Rating) string {
	if g, ok := cfg.MinGradeFor(r); ok {
		return article(g.Title) + " or above"
	}
	return "an officer of a grade the grade table lets authorise it"
}

// MayAuthoriseVisit says whether o, signed in, may authorise v at its
// rating, and if not why, naming the grade that must sign in (EPA-2).
func (cfg Config) MayAuthoriseVisit(v *Visit, o Officer) error {
	r := v.Plan.EPA.Rating
	if r == "" {
		return nil // no rating: EPA-1 says it, with the rest
	}
	if cfg.MayAuthorise(o.Grade, r) {
		if err := cfg.GradeCounts(o); err != nil {
			return fmt.Errorf("EPA-2: %s is rated %s; you may not authorise it yet: %w", v.Ref, r, err)
		}
		return nil
	}
	title := o.Grade + ", a grade not in the grade table"
	if g, ok := cfg.Grade(o.Grade); ok {
		title = g.Title
	}
	return fmt.Errorf("EPA-2: %s is rated %s, which needs %s to authorise, signed in as themselves; you are signed in as %s, %s",
		v.Ref, r, cfg.authoriserNeeded(r), o.Label(), article(title))
}

// voidAuthorisation voids the standing authorisation because of why: the
// authoriser agreed to the visit as it was (EPA-2). The void is kept, with
// its reason, on the visit and in c; an authorised or briefed visit goes
// back to planning, to be authorised again as it now stands.
func (v *Visit) voidAuthorisation(c *Change, what, why string, actor Officer, now time.Time) {
	a := v.Plan.Auth
	if a == nil {
		return
	}
	c.Fields = append(c.Fields, FieldChange{Field: "authorisation", Old: a.Label(time.UTC), New: "void: " + why})
	c.Reason = "EPA-2: authorisation void: " + why
	c.Action = what + "; authorisation void"
	voided := *a
	voided.VoidedAt, voided.VoidReason = now, why
	v.Plan.Voided = append(v.Plan.Voided, voided)
	v.Plan.Auth = nil
	if v.State == Authorised || v.State == Briefed {
		from := v.State
		v.State = Planning
		v.History = append(v.History, StateChange{From: from, To: Planning, At: now, By: actor.StaffNo, ByName: actor.Name,
			Reason: "EPA-2: authorisation void: " + why})
		c.Fields = append(c.Fields, FieldChange{Field: "state", Old: string(from), New: string(Planning)})
	}
}

// setAuthorisedPart is setPart for a record the authoriser weighed (the
// PLAN assessment, community impact, the power of entry): a change to it
// after authorisation voids the authorisation, as a new rating does.
func (v *Visit) setAuthorisedPart(action, what string, old, new [][2]string, apply func(Stamp), actor Officer, now time.Time) (Change, error) {
	c, err := v.setPart(action, old, new, apply, actor, now)
	if err == nil && v.Plan.Auth != nil {
		v.voidAuthorisation(&c, what+" changed", "the "+what+" changed after authorisation", actor, now)
	}
	return c, err
}

// SetPLAN records the PLAN assessment (PLAN-1). A change after
// authorisation voids it.
func (v *Visit) SetPLAN(pl PLAN, actor Officer, now time.Time) (Change, error) {
	return v.setAuthorisedPart("PLAN recorded", "PLAN assessment", v.Plan.PLAN.fields(), pl.fields(), func(s Stamp) {
		pl.Stamp = s
		v.Plan.PLAN = pl
	}, actor, now)
}

// SetCommunity records the community impact consideration (COMM-1). A
// change after authorisation voids it.
func (v *Visit) SetCommunity(c Community, actor Officer, now time.Time) (Change, error) {
	return v.setAuthorisedPart("community impact recorded", "community impact", v.Plan.Community.fields(), c.fields(), func(s Stamp) {
		c.Stamp = s
		v.Plan.Community = c
	}, actor, now)
}

// SetECIA records the Equality and Community Impact Assessment (EPA-3).
func (v *Visit) SetECIA(e ECIA, actor Officer, now time.Time) (Change, error) {
	return v.setPart("ECIA recorded", v.Plan.ECIA.fields(), e.fields(), func(s Stamp) {
		e.Stamp = s
		v.Plan.ECIA = e
	}, actor, now)
}

// SetOrder records the IIMARCH operational order (EPA-4).
func (v *Visit) SetOrder(o Order, actor Officer, now time.Time) (Change, error) {
	return v.setPart("operational order recorded", v.Plan.Order.fields(), o.fields(), func(s Stamp) {
		o.Stamp = s
		v.Plan.Order = o
	}, actor, now)
}

// SetPower records the intended power of entry (PWR-1). A change after
// authorisation voids it.
func (v *Visit) SetPower(p Power, actor Officer, now time.Time) (Change, error) {
	return v.setAuthorisedPart("power of entry recorded", "power of entry", v.Plan.Power.fields(), p.fields(), func(s Stamp) {
		p.Stamp = s
		v.Plan.Power = p
	}, actor, now)
}

// Authorise records actor's own authorisation of the visit at its EPA
// rating and moves it to authorised. The authorising officer records it,
// signed in as themselves (EPA-2, IDN-1), as an officer accepts a
// briefing: nobody types in an authorisation on another's behalf, so one
// whose grade may not authorise the rating is refused, saying which grade
// must sign in. It is refused too, listing every blocking finding, while
// any rule blocks with the authorisation in place: no rating (EPA-1), a
// red visit without an ECIA (EPA-3), and the rest of the planning rules.
func (v *Visit) Authorise(note string, cfg Config, actor Officer, now time.Time) (Change, error) {
	if err := v.CanTransition(Authorised); err != nil {
		return Change{}, err
	}
	if err := cfg.MayAuthoriseVisit(v, actor); err != nil {
		return Change{}, err
	}
	n, err := cleanText(note, MaxLong, true)
	if err != nil {
		return Change{}, ValidationError{{Field: FieldAuthNote, Msg: err.Error()}}
	}
	by := actor
	a := &Authorisation{By: by.StaffNo, Name: by.Name, Grade: by.Grade, Rating: v.Plan.EPA.Rating, At: now, Note: n, Recorded: stamp(actor, now)}
	try := v.Clone()
	try.Plan.Auth = a
	if b := Blocking(cfg.PlanningFindings(try, now)); len(b) > 0 {
		return Change{}, &BlockedError{Ref: v.Ref, To: Authorised, Findings: b}
	}
	v.Plan.Auth = a
	v.State = Authorised
	reason := fmt.Sprintf("authorised %s by %s", a.Rating, by.Label())
	if n != "" {
		reason += ": " + n
	}
	v.History = append(v.History, StateChange{From: Planning, To: Authorised, At: now, By: actor.StaffNo, ByName: actor.Name, Reason: reason})
	v.touch(actor, now)
	return Change{
		Action: "authorised", Actor: actor.StaffNo, ActorName: actor.Name, At: now, Reason: n,
		Fields: []FieldChange{
			{Field: "authorisation.by", New: string(by.StaffNo)},
			{Field: "authorisation.grade", New: by.Grade},
			{Field: "authorisation.rating", New: string(a.Rating)},
			{Field: "state", Old: string(Planning), New: string(Authorised)},
		},
	}, nil
}
