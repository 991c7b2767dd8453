package common

import (
	"oic/domain"
	"time"
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
	Export Exporter
}

// Now is the current time in the officer's zone.
func (s *Session) Now() time.Time { return s.Clock().In(s.Loc) }
