package domaintest

import (
	"errors"
	"reflect"
	"strings"
	"time"

	"oic/domain"
)

// contractPINs (IDN-1 on a shared laptop): no PIN at first; a PIN set is
// checked right and wrong, five wrong in a row lock the officer for five
// minutes (the right PIN refused meanwhile, untried), a clock set back
// does not lift the lock, and the lock ends five minutes on; setting and
// changing it go on the profile's trail, naming neither the PIN nor its
// hash, and leave the profile as it was.
func contractPINs(c *contract) {
	amy := contractAmy
	if err := c.s.SetPIN(c.ctx, amy.StaffNo, "2468", amy, contractT0); !errors.Is(err, domain.ErrNotFound) {
		c.Errorf("SetPIN for an officer with no profile: %v, want ErrNotFound", err)
	}
	c.saveOfficer(amy)
	before, _ := c.s.Officer(c.ctx, amy.StaffNo)
	if st, err := c.s.PINState(c.ctx, amy.StaffNo, contractT0); err != nil || st.Set {
		c.Errorf("PINState with no PIN set = %+v, %v", st, err)
	}
	if err := c.s.CheckPIN(c.ctx, amy.StaffNo, "2468", contractT0); !errors.Is(err, domain.ErrNoPIN) {
		c.Errorf("CheckPIN with no PIN set: %v, want ErrNoPIN", err)
	}
	if err := c.s.SetPIN(c.ctx, amy.StaffNo, "12a4", amy, contractT0); err == nil {
		c.Errorf("SetPIN took a PIN with a letter in it")
	}
	if err := c.s.SetPIN(c.ctx, amy.StaffNo, "2468", amy, contractT0); err != nil {
		c.Fatalf("SetPIN: %v", err)
	}
	if st, err := c.s.PINState(c.ctx, amy.StaffNo, contractT0); err != nil || !st.Set || st.Locked || st.TriesLeft != domain.PINMaxTries {
		c.Errorf("PINState after SetPIN = %+v, %v", st, err)
	}
	if err := c.s.CheckPIN(c.ctx, amy.StaffNo, "2468", contractT0); err != nil {
		c.Errorf("CheckPIN with the right PIN: %v", err)
	}
	at := contractT0.Add(time.Minute)
	for want := domain.PINMaxTries - 1; want > 0; want-- {
		var pe *domain.PINError
		if err := c.s.CheckPIN(c.ctx, amy.StaffNo, "1357", at); !errors.As(err, &pe) || pe.Locked || pe.TriesLeft != want {
			c.Fatalf("a wrong PIN: %v, want %d tries left", err, want)
		}
	}
	// The right PIN forgets the wrong ones.
	if err := c.s.CheckPIN(c.ctx, amy.StaffNo, "2468", at); err != nil {
		c.Errorf("the right PIN after four wrong: %v", err)
	}
	for i := 1; i <= domain.PINMaxTries; i++ {
		err := c.s.CheckPIN(c.ctx, amy.StaffNo, "1357", at)
		var pe *domain.PINError
		if !errors.As(err, &pe) || pe.Locked != (i == domain.PINMaxTries) {
			c.Fatalf("wrong PIN %d: %v", i, err)
		}
	}
	until := at.Add(domain.PINLockFor)
	var pe *domain.PINError
	if err := c.s.CheckPIN(c.ctx, amy.StaffNo, "2468", at.Add(4*time.Minute)); !errors.As(err, &pe) || !pe.Locked || !pe.Until.Equal(until) {
		c.Errorf("the right PIN while locked: %v, want locked until %s", err, until)
	}
	if st, _ := c.s.PINState(c.ctx, amy.StaffNo, at.Add(4*time.Minute)); !st.Locked || !st.Until.Equal(until) {
		c.Errorf("PINState while locked = %+v", st)
	}
	// The clock set back an hour: still locked, five minutes from then.
	back := at.Add(-time.Hour)
	if err := c.s.CheckPIN(c.ctx, amy.StaffNo, "2468", back); !errors.As(err, &pe) || !pe.Locked || !pe.Until.Equal(back.Add(domain.PINLockFor)) {
		c.Errorf("the right PIN with the clock set back: %v, want locked until %s", err, back.Add(domain.PINLockFor))
	}
	if err := c.s.CheckPIN(c.ctx, amy.StaffNo, "2468", back.Add(domain.PINLockFor)); err != nil {
		c.Errorf("the right PIN five minutes after the lock began again: %v", err)
	}
	if err := c.s.SetPIN(c.ctx, amy.StaffNo, "97531", amy, at.Add(time.Hour)); err != nil {
		c.Fatalf("SetPIN again: %v", err)
	}
	if err := c.s.CheckPIN(c.ctx, amy.StaffNo, "2468", at.Add(time.Hour)); !errors.As(err, &pe) {
		c.Errorf("the old PIN after a change: %v", err)
	}
	if err := c.s.CheckPIN(c.ctx, amy.StaffNo, "97531", at.Add(time.Hour)); err != nil {
		c.Errorf("the new PIN: %v", err)
	}
	if after, err := c.s.Officer(c.ctx, amy.StaffNo); err != nil || !reflect.DeepEqual(after, before) {
		c.Errorf("the profile after PINs were set: %+v, %v; want it as it was, %+v", after, err, before)
	}
	trail, err := c.s.OfficerAudit(c.ctx, amy.StaffNo)
	if err != nil {
		c.Fatal(err)
	}
	var actions []string
	for _, e := range trail {
		actions = append(actions, e.Change.Action)
		if b := string(mustJSON(e)); strings.Contains(b, "2468") || strings.Contains(b, "97531") {
			c.Errorf("the trail names the PIN: %s", b)
		}
	}
	if want := []string{"profile created", "PIN set", "PIN changed"}; !reflect.DeepEqual(actions, want) {
		c.Errorf("the profile's trail: %q, want %q", actions, want)
	}
	if got := trail[len(trail)-1]; got.Change.Actor != amy.StaffNo || !got.Change.At.Equal(at.Add(time.Hour)) {
		c.Errorf("PIN changed by %s at %s", got.Change.Actor, got.Change.At)
	}
	// Another officer's PIN is theirs alone.
	c.saveOfficer(contractBen)
	if st, _ := c.s.PINState(c.ctx, contractBen.StaffNo, at); st.Set {
		c.Errorf("Ben has a PIN he never set")
	}
	// Locked at t, Ben is let in with the right PIN five minutes on, not
	// a second before; Amy is not locked by Ben's tries.
	if err := c.s.SetPIN(c.ctx, contractBen.StaffNo, "1111", contractBen, at); err != nil {
		c.Fatal(err)
	}
	for range domain.PINMaxTries {
		_ = c.s.CheckPIN(c.ctx, contractBen.StaffNo, "2222", at)
	}
	if err := c.s.CheckPIN(c.ctx, contractBen.StaffNo, "1111", at.Add(domain.PINLockFor-time.Second)); !errors.As(err, &pe) || !pe.Locked {
		c.Errorf("the right PIN a second before the lock ends: %v", err)
	}
	if err := c.s.CheckPIN(c.ctx, contractBen.StaffNo, "1111", at.Add(domain.PINLockFor)); err != nil {
		c.Errorf("the right PIN as the lock ends: %v", err)
	}
	if st, _ := c.s.PINState(c.ctx, amy.StaffNo, at); st.Locked {
		c.Errorf("Amy locked by Ben's wrong PINs")
	}
}
