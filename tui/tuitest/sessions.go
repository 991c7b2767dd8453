package tuitest

import (
	"context"
	"testing"
	"time"

	"oic/domain"
)

// Rename saves ref with its premises renamed by, at, straight through the
// store: a save made in another session, for a screen's test to see
// arrive.
func Rename(t testing.TB, s domain.Store, ref domain.Ref, name string, by domain.Officer, at time.Time) {
	t.Helper()
	v := Stored(t, s, ref)
	b := v.Basics
	b.Premises.Name = name
	c, err := v.EditBasics(b, by, at)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveVisit(context.Background(), v, c); err != nil {
		t.Fatal(err)
	}
}
