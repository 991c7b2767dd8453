package domain

import (
	"fmt"
	"strings"
	"time"
)

// On a shared laptop an officer is who their PIN says (IDN-1): oic asks
// for it at every start and before recording as another officer. The
// PIN itself is kept by the store, hashed, in a record of its own beside
// the profile; what is decided here is what a PIN may be and the lockout
// after wrong ones, as functions of the tries so far and the time.

const (
	// PINMinDigits and PINMaxDigits bound a PIN's length.
	PINMinDigits = 4
	PINMaxDigits = 12
	// PINMaxTries wrong PINs in a row lock the officer for PINLockFor.
	PINMaxTries = 5
	PINLockFor  = 5 * time.Minute
)

// FieldPIN names the PIN in a form's or prompt's messages.
const FieldPIN = "pin"

// ParsePIN checks a typed PIN: 4 to 12 digits, nothing else. Spaces
// around it are dropped, as a form drops them; the message never quotes
// what was typed, which may be someone's PIN.
func ParsePIN(s string) (string, error) {
	v := strings.TrimSpace(s)
	if v == "" {
		return "", ValidationError{{Field: FieldPIN, Msg: "type the PIN: 4 to 12 digits"}}
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return "", ValidationError{{Field: FieldPIN, Msg: "a PIN is 4 to 12 digits, and digits only"}}
		}
	}
	if len(v) < PINMinDigits || len(v) > PINMaxDigits {
		return "", ValidationError{{Field: FieldPIN, Msg: fmt.Sprintf("a PIN is 4 to 12 digits; this one has %d", len(v))}}
	}
	return v, nil
}

// PINTries are the wrong PINs typed for an officer since their last right
// one, and the lock they led to: kept by the store beside the PIN's hash.
type PINTries struct {
	// Failed counts wrong PINs in a row, below PINMaxTries.
	Failed int `json:"failed"`
	// LockedAt is when the lock began (the fifth wrong PIN), or, if the
	// clock has since been seen earlier than that, when it was seen so;
	// zero when not locked.
	LockedAt time.Time `json:"locked_at,omitzero"`
}

// PINStatus is what an officer about to type their PIN is told.
type PINStatus struct {
	Set       bool      // the officer has a PIN
	Locked    bool      // and may not try it before Until
	Until     time.Time // the end of the lock
	TriesLeft int       // wrong PINs left before a lock
}

// PINState is the lock as it stands at now, with the tries as they are to
// be kept. A lock lasts PINLockFor from LockedAt. A clock set back past
// LockedAt (by hand, or a laptop whose clock was wrong when the lock
// began and has since been corrected) does not lift the lock, nor leave
// it to run until the clock catches up: the lock starts again from now,
// so it always ends PINLockFor after the earliest time it was seen at,
// never sooner and never months later. A lock that has run its time is
// cleared, with the tries: the officer has five more.
func PINState(t PINTries, now time.Time) (PINTries, PINStatus) {
	st := PINStatus{Set: true}
	if !t.LockedAt.IsZero() {
		if now.Before(t.LockedAt) {
			t.LockedAt = now
		}
		if until := t.LockedAt.Add(PINLockFor); now.Before(until) {
			st.Locked, st.Until = true, until
			return t, st
		}
		t = PINTries{}
	}
	st.TriesLeft = PINMaxTries - t.Failed
	return t, st
}

// PINWrong counts a wrong PIN typed at now, the lock not in force (the
// tries as PINState left them): the fifth in a row locks the officer
// from now.
func PINWrong(t PINTries, now time.Time) (PINTries, PINStatus) {
	t.Failed++
	if t.Failed >= PINMaxTries {
		t = PINTries{LockedAt: now}
	}
	return PINState(t, now)
}

// PINError is a PIN refused: wrong (with the tries left) or not tried
// because the officer is locked (until when). Nothing is recorded as
// the officer after either.
type PINError struct {
	Officer StaffNo
	// Locked says the PIN was not tried: the officer is locked until
	// Until (in the officers' zone, as the caller's clock gave it).
	Locked    bool
	Until     time.Time
	TriesLeft int
}

func (e *PINError) Error() string {
	if e.Locked {
		return fmt.Sprintf("%s is locked after %d wrong PINs, until %s: nothing was recorded; try again then, or ask another officer to record",
			e.Officer, PINMaxTries, e.Until.Format("15:04:05 MST on 2 Jan"))
	}
	if e.TriesLeft == 1 {
		return fmt.Sprintf("wrong PIN for %s: 1 try left before %s is locked for %d minutes", e.Officer, e.Officer, int(PINLockFor/time.Minute))
	}
	return fmt.Sprintf("wrong PIN for %s: %d tries left before %s is locked for %d minutes", e.Officer, e.TriesLeft, e.Officer, int(PINLockFor/time.Minute))
}

// ErrNoPIN is what checking the PIN of an officer who has none wraps.
var ErrNoPIN = fmt.Errorf("no PIN is set")

// PINChange is the entry a PIN's setting makes on its officer's profile
// trail: "PIN set" the first time, "PIN changed" after. It names neither
// the PIN nor its hash.
func PINChange(had bool, by Officer, now time.Time) Change {
	action := "PIN set"
	if had {
		action = "PIN changed"
	}
	return Change{Action: action, Actor: by.StaffNo, ActorName: by.Name, At: now}
}
