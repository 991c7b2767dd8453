package domain

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrNotFound is returned by stores for an unknown visit reference or
// staff number.
var ErrNotFound = errors.New("not found")

// ErrNoRoom is what a store's refusal of a write for want of disk space
// wraps: nothing was written, and the caller keeps what it was given
// until there is room.
var ErrNoRoom = errors.New("not enough free disk space")

// FieldError is one problem with one field, shown beside that field. Rule is
// a DOMAIN.md rule ID where one applies.
type FieldError struct {
	Field string
	Rule  string
	Msg   string
}

func (e FieldError) Error() string {
	if e.Rule != "" {
		return fmt.Sprintf("%s: %s: %s", e.Field, e.Rule, e.Msg)
	}
	return e.Field + ": " + e.Msg
}

// ValidationError gathers every field problem at once, so a form can show
// them all rather than one per attempt.
type ValidationError []FieldError

func (v ValidationError) Error() string {
	parts := make([]string, len(v))
	for i, e := range v {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// For returns the message for field, or "".
func (v ValidationError) For(field string) string {
	for _, e := range v {
		if e.Field == field {
			if e.Rule != "" {
				return e.Rule + ": " + e.Msg
			}
			return e.Msg
		}
	}
	return ""
}

// problems collects field errors while validating.
type problems []FieldError

func (p *problems) add(field, msg string) { *p = append(*p, FieldError{Field: field, Msg: msg}) }
func (p *problems) rule(field, rule, msg string) {
	*p = append(*p, FieldError{Field: field, Rule: rule, Msg: msg})
}

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return ValidationError(p)
}

// TransitionError says why a visit cannot move from one state to another.
type TransitionError struct {
	Ref    Ref
	From   State
	To     State
	Reason string
}

// Error reads "cannot cancel SLN-2026-0001: it is closed; ..." and fits one
// status line.
func (e *TransitionError) Error() string {
	verb := verbs[e.To]
	if verb == "" {
		verb = "move to " + string(e.To)
	}
	return fmt.Sprintf("cannot %s %s: %s", verb, e.Ref, e.Reason)
}

// ConflictError refuses a save made from a stale copy of a visit, naming who
// saved the newer one and when, so the officer knows whom to ask.
type ConflictError struct {
	Ref     Ref
	Version uint64 // the version the saver started from
	Current uint64 // the version now stored
	By      string // "Name (staff no)" of whoever saved Current
	At      time.Time
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s was changed by %s at %s while you were editing (version %d, you had %d); reopen it to see their change, then make yours again",
		e.Ref, e.By, e.At.Format(DateTimeLayout), e.Current, e.Version)
}

// RecordError says a stored record is not the one the last entry of its
// audit trail sealed (Seal): it was changed outside oic, or damaged, since
// oic last wrote it. The record can still be read, and is shown marked
// "✗ record changed outside oic", never as verified; oic does not save
// over it, seal it again or export it, so the change stays for whoever
// looks into it.
type RecordError struct {
	Ref     Ref     // the visit, or
	Officer StaffNo // the officer whose profile it is
	// Problem says what does not match: "its stored document is not the
	// one audit entry 12 sealed".
	Problem string
}

// RecordChanged is how a record that fails its seal is marked wherever it
// is shown.
const RecordChanged = "✗ record changed outside oic"

func (e *RecordError) Error() string {
	what := string(e.Ref)
	if e.Officer != "" {
		what = "the profile of " + string(e.Officer)
	}
	return fmt.Sprintf("%s: record changed outside oic: %s; report it, and restore the data folder from a backup (oic verify lists every such record)", what, e.Problem)
}
