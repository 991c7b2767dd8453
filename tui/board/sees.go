package board

import "oic/domain"

// sees is whether the officer signed in sees v's rows (who sees what,
// issue 17): the board reads the records it shows, so the whole rule
// applies, a part in another team's visit included.
func (b *Screen) sees(v *domain.Visit) bool { return b.s.Config.MaySee(b.s.Me, v) == nil }

// everything says what the board shows unfiltered: every team, or the
// visits the officer sees where roles limit them (who sees what).
func (b *Screen) everything() string {
	if b.s.Config.SeesAll(b.s.Me) {
		return "every team"
	}
	return b.s.Config.Sees(b.s.Me)
}
