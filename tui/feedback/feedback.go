// Package feedback is the notice an OIC sees when they sign in (at the
// start, or with u) while assurance feedback on their visits waits to be
// acknowledged (ASR-2, ICIBI 7.51-7.55: feedback nobody reads drives no
// improvement). It lists those visits; enter opens one on its assurance
// tab, where the OIC reads the feedback and acknowledges it.
package feedback

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/visit"
	"oic/tui/visit/assurance"
)

// Scan calls f with batches of every visit's summary, as
// domain.Visits.ScanSummaries does.
type Scan func(ctx context.Context, f func([]domain.Summary) error) error

// Pending are me's visits whose assurance feedback is not yet
// acknowledged, newest first, found in the summaries scan gives (nil:
// st's, read from the store). The summaries name the OIC and say whether
// feedback waits, so only the assured visits with me's name as OIC and
// feedback waiting are read, whole, and kept where it waits for me by
// staff number: a namesake's visits are left out. The summaries hold the
// OIC's name alone (the visit's basics' OICName), so a visit whose roster
// names me OIC while its basics name another, or one I led under a name
// my profile no longer has, is not found; finding them by staff number
// needs the summary to carry it.
func Pending(ctx context.Context, st domain.Visits, me domain.Officer, scan Scan) ([]*domain.Visit, error) {
	if scan == nil {
		scan = func(ctx context.Context, f func([]domain.Summary) error) error { return st.ScanSummaries(ctx, 1000, f) }
	}
	// The summaries say whether feedback waits (Summary.Feedback), but
	// not those an earlier oic wrote: for those, only the part of each
	// record that says whether feedback waits, and for whom, is read
	// (most of an officer's assured visits have none waiting). Those
	// found are read whole, their seals checked.
	var refs, unknown []domain.Ref
	err := scan(ctx, func(sums []domain.Summary) error {
		for _, s := range sums {
			switch {
			case s.State != domain.Assured || s.OIC != me.Name:
			case s.Feedback == domain.FeedbackWaits:
				refs = append(refs, s.Ref)
			case s.Feedback == domain.FeedbackUnknown:
				unknown = append(unknown, s.Ref)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(unknown) > 0 {
		found, err := st.FeedbackWaiting(ctx, me.StaffNo, unknown)
		if err != nil {
			return nil, err
		}
		refs = append(refs, found...)
	}
	var out []*domain.Visit
	for _, ref := range refs {
		v, err := st.Visit(ctx, ref)
		if err != nil {
			continue // a visit that cannot be read is shown where it is opened
		}
		if v.Assurance.FeedbackPending() && v.OICStaffNo() == me.StaffNo {
			out = append(out, v)
		}
	}
	// Those the summaries marked, then those found in their records:
	// each in the scan's order, newest first, merged.
	slices.SortStableFunc(out, func(a, b *domain.Visit) int { return b.Basics.PlannedStart.Compare(a.Basics.PlannedStart) })
	return out, nil
}

// FoundMsg carries the notice of feedback found waiting for the officer.
// The root decides when to show it: it is not pushed over a screen the
// officer has moved on to while it was being looked for.
type FoundMsg struct{ Notice *Notice }

// Check looks for feedback waiting for the officer signed in, in the
// summaries scan gives (nil: the store's), and gives the notice if there
// is any (FoundMsg). It runs beside the first frame, not before it.
func Check(s *common.Session, scan Scan) tea.Cmd {
	me, st := s.Me, s.Store
	if me.StaffNo == "" {
		return nil
	}
	return func() tea.Msg {
		vs, err := Pending(context.Background(), st, me, scan)
		if err != nil || len(vs) == 0 {
			return nil
		}
		return FoundMsg{New(s, vs)}
	}
}

// Notice lists the visits with feedback waiting.
type Notice struct {
	s      *common.Session
	visits []*domain.Visit
	sel    int
	w, h   int
}

// New is the notice of visits vs.
func New(s *common.Session, vs []*domain.Visit) *Notice { return &Notice{s: s, visits: vs} }

func (n *Notice) Init() tea.Cmd    { return nil }
func (n *Notice) Title() string    { return "Assurance feedback for you" }
func (n *Notice) Capturing() bool  { return false }
func (n *Notice) SetSize(w, h int) { n.w, n.h = w, h }

func (n *Notice) ShortHelp() []key.Binding {
	k := common.FeedbackKeys
	return []key.Binding{k.Open, k.Move, k.Later}
}

func (n *Notice) FullHelp() []common.HelpGroup {
	return []common.HelpGroup{{Title: n.Title(), Keys: n.ShortHelp()}}
}

func (n *Notice) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return n, nil
	}
	k := common.FeedbackKeys
	switch {
	case key.Matches(km, k.Up):
		n.sel = max(0, n.sel-1)
	case key.Matches(km, k.Down):
		n.sel = min(len(n.visits)-1, n.sel+1)
	case key.Matches(km, k.Open):
		// The notice gives way to the visit: back from it is where the
		// officer was.
		v := n.visits[n.sel]
		return n, tea.Sequence(common.Pop, common.Push(visit.New(n.s, v.Ref).At(assurance.Name)))
	case key.Matches(km, k.Later):
		return n, tea.Sequence(common.Pop, common.Flash(common.FlashInfo, "The feedback waits: it is listed again at your next sign-in until you acknowledge it."))
	}
	return n, nil
}

func (n *Notice) View() string {
	t := n.s.Theme
	w := max(20, n.w-2)
	var b strings.Builder
	b.WriteString(t.Bold.Render(n.Title()) + "\n\n")
	b.WriteString(common.Wrap(fmt.Sprintf("%s, first-line assurance of %s you led has feedback for you (ASR-2). Open each, read the feedback and acknowledge it (K on its assurance tab).",
		n.s.Me.Name, common.Plural(len(n.visits), "visit")), w) + "\n\n")
	for i, v := range n.visits {
		a := v.Assurance
		line := fmt.Sprintf("%s  %s  %s, by %s on %s", v.Ref, v.Basics.Premises.Name, strings.ToUpper(string(a.Rating)),
			a.Assured.ByName, a.Assured.At.In(n.s.Loc).Format("02/01/2006"))
		if nm := len(a.NotMet()); nm > 0 {
			line += fmt.Sprintf("; %d not met", nm)
		}
		b.WriteString(common.Marker(t, i == n.sel) + common.Truncate(line, w-2) + "\n")
	}
	return b.String()
}
