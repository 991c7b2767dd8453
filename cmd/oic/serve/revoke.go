package serve

import (
	"context"
	"errors"

	"oic/domain"
)

// reasonKeyRemoved ends the sessions of a key an administrator took from
// its officer: a lost laptop's key shuts it out at once, not when its
// sessions next end.
const reasonKeyRemoved = "key removed"

// watchKeys ends every session whose key no longer signs its officer in.
// Taking a key writes the officer's profile trail, which the store's feed
// reports as a change to the officer (as it does a role or a profile
// saved); each such change, and a resync, asks again of the sessions it
// may concern whose key they are. It returns when events closes.
func (s *Server) watchKeys(events <-chan domain.Event) {
	for ev := range events {
		if ev.Officer == "" && !ev.Resync {
			continue
		}
		for _, se := range s.sessionsOf(ev.Officer, ev.Resync) {
			if s.keyTaken(se) {
				s.logConn("key removed", se.officer.StaffNo, se.fp, se.addr, "session ended")
				se.stop(reasonKeyRemoved)
			}
		}
	}
}

// sessionsOf are the open sessions of officer sn, or all of them.
func (s *Server) sessionsOf(sn domain.StaffNo, all bool) []*session {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*session
	for se := range s.sessions {
		if all || se.officer.StaffNo == sn {
			out = append(out, se)
		}
	}
	return out
}

// keyTaken says se's key no longer signs its officer in. A store that
// cannot say (an error other than the key not being found) ends
// nothing: the next change asks again.
func (s *Server) keyTaken(se *session) bool {
	o, err := s.cfg.Store.OfficerByKey(context.Background(), se.fp)
	if errors.Is(err, domain.ErrNotFound) {
		return true
	}
	return err == nil && o.StaffNo != se.officer.StaffNo
}
