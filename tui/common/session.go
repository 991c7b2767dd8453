package common

import (
	"context"
	"sync"
	"time"

	"oic/domain"
)

// Session is what every screen shares: storage, configuration, the clock,
// the signed-in officer, the theme. The clock and zone are injected so tests
// stand on a fixed day.
type Session struct {
	Store  domain.Store
	Config domain.Config
	Clock  func() time.Time
	Loc    *time.Location
	Me     domain.Officer
	Theme  *Theme
	// Export writes an export of closed visits, or is nil where the tool
	// was started without one (tests of other screens).
	Export domain.Exporter
	// Backup takes a backup of the folder (the register's B), or is nil
	// where none is taken from the screen (over SSH: ssh HOST backup).
	Backup domain.Backuper
	// Fixed says the session's officer is fixed: over SSH (oic serve) an
	// officer is their key, and nobody switches to another (SwitchRefused).
	Fixed bool

	// dropping are the drafts whose deletion has begun and not ended
	// (DropBegun): made on the program's goroutine, ended on the
	// deletion's.
	dropping *drops
}

type drops struct {
	mu sync.Mutex
	n  map[string]int
}

// DropBegun notes that the draft key of owner is being deleted (its
// typing saved or thrown away) and returns what to call once it is.
// Until then Dropping says so: a form opened meanwhile on the same key
// (the next note, on a loaded server a moment after the save) must not
// take the draft still in the store for typing to restore, which put a
// saved note back into the next one's form (BENCHMARKS.md, "The
// 50-session load in 100 ms").
func (s *Session) DropBegun(owner domain.StaffNo, key string) (done func()) {
	if s.dropping == nil {
		s.dropping = &drops{n: map[string]int{}}
	}
	d, k := s.dropping, string(owner)+"\x00"+key
	d.mu.Lock()
	d.n[k]++
	d.mu.Unlock()
	return func() {
		d.mu.Lock()
		if d.n[k]--; d.n[k] <= 0 {
			delete(d.n, k)
		}
		d.mu.Unlock()
	}
}

// Dropping says whether the draft key of owner is being deleted.
func (s *Session) Dropping(owner domain.StaffNo, key string) bool {
	d := s.dropping
	if d == nil {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.n[string(owner)+"\x00"+key] > 0
}

// SwitchRefused is what an officer is told who tries to switch officer
// in a session whose officer is fixed.
func (s *Session) SwitchRefused() string {
	return "Over SSH you are your key's officer, " + s.Me.Label() + "; another officer connects with their own key."
}

// SignInYourself says how the officer the record is kept by comes to
// record: u where officers share a screen, their own key over SSH, where
// nobody switches.
func (s *Session) SignInYourself() string {
	if s.Fixed {
		return "Each officer on it records from their own session, with their own key."
	}
	return "Press u to sign in as yourself."
}

// SignsIn is how another officer comes to record here, in a sentence
// "the OIC, NAME, signs in (u) and presses b": where officers share a
// screen, they sign in (u); over SSH, where nobody switches, they record
// in their own session.
func (s *Session) SignsIn() string {
	if s.Fixed {
		return "in their own session,"
	}
	return "signs in (u) and"
}

// Now is the current time in the officer's zone.
func (s *Session) Now() time.Time { return s.Clock().In(s.Loc) }

// Officers reads the officer register for a form's lookups, the signed-in
// officer always among them. A few hundred profiles: cheap enough to read
// when a form opens.
func (s *Session) Officers() map[domain.StaffNo]domain.Officer {
	m := map[domain.StaffNo]domain.Officer{s.Me.StaffNo: s.Me}
	// A profile changed outside oic is left out of the list, and named in
	// the error: the others are still good to look up.
	list, _ := s.Store.ListOfficers(context.Background())
	for _, o := range list {
		m[o.StaffNo] = o
	}
	return m
}
