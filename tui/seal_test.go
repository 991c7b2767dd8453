package tui_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"oic/domain"
	"oic/tui"
	"oic/tui/tuitest"
)

// An officer whose profile was changed outside oic (their grade raised,
// which would let them authorise what their grade may not, EPA-2) is not
// signed in as it: oic says what happened instead of starting.
func TestSignInRefusesAProfileChangedOutsideOic(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	if err := s.ChangeOfficerOutside(tuitest.CIO.StaffNo, func(b []byte) []byte {
		return bytes.Replace(b, []byte(`"grade":"HEO"`), []byte(`"grade":"SEO"`), 1)
	}); err != nil {
		t.Fatal(err)
	}
	_, err := tui.New(tui.Options{Renderer: tuitest.Renderer(), Store: s, Config: domain.DefaultConfig(), Clock: tuitest.Clock, Loc: tuitest.London})
	var re *domain.RecordError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "the profile of CIO001: record changed outside oic") {
		t.Fatalf("starting as a changed profile: %v", err)
	}
}
