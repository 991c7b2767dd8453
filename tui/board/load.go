package board

import (
	"context"
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
)

// What the board reads: the store's index by state for the states it
// can show (a few thousand keys of 100,000 visits, never the summaries),
// to choose the records it needs (domain.Config.BoardNeeds); then the
// records of the deployed visits, today's and those late for
// authorisation, for its first frame; then, behind it, a batch at a time,
// the other open visits (their ONFs) and the closed ones whose assurance
// may be overdue. Never all 100,000 records.

type (
	// loadedMsg carries the first frame's visits, and the closed visits
	// to read next.
	loadedMsg struct {
		gen    uint64
		visits []*domain.Visit
		later  []domain.Ref
		err    error
	}
	// laterMsg carries a batch of closed visits and what is left.
	laterMsg struct {
		gen    uint64
		visits []*domain.Visit
		rest   []domain.Ref
	}
	// visitMsg carries one visit re-read after a change (nil if it is
	// gone or unreadable).
	visitMsg struct {
		ref domain.Ref
		v   *domain.Visit
	}
	// tickMsg is the board's clock.
	tickMsg struct{}
)

// boardStates are the states of the visits the board can show: open,
// and closed but not yet assured (domain.Config.BoardNeeds).
var boardStates = []domain.State{domain.Deployed, domain.Tasked, domain.Planning, domain.Authorised, domain.Briefed, domain.Closed, domain.FollowUp}

// laterBatch is how many closed visits are read between two frames.
const laterBatch = 200

// load reads the summaries and the first frame's visits.
func load(ctx context.Context, st domain.Store, cfg domain.Config, now time.Time, gen uint64) tea.Msg {
	var first, open, closed []domain.Ref
	sums, err := st.InStates(ctx, boardStates)
	if err != nil {
		return loadedMsg{gen: gen, err: err}
	}
	for _, s := range sums {
		switch cfg.BoardNeeds(s, now) {
		case domain.NeedNow:
			first = append(first, s.Ref)
		case domain.NeedLater:
			if s.State.Active() {
				open = append(open, s.Ref)
			} else {
				closed = append(closed, s.Ref)
			}
		}
	}
	// The open visits' ONFs first: a visit may still be saved by a phone
	// call; a late assurance waits a little longer.
	later := append(open, closed...)
	vs, err := read(ctx, st, first)
	return loadedMsg{gen: gen, visits: vs, later: later, err: err}
}

// read reads the records of refs; a record changed outside oic is read
// all the same (the visit screen marks it), one that cannot be read is
// left out.
func read(ctx context.Context, st domain.Store, refs []domain.Ref) ([]*domain.Visit, error) {
	out := make([]*domain.Visit, 0, len(refs))
	for _, ref := range refs {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		v, _ := st.Visit(ctx, ref)
		if v != nil {
			out = append(out, v)
		}
	}
	return out, nil
}

// readLater reads the next batch of closed visits.
func readLater(ctx context.Context, st domain.Store, refs []domain.Ref, gen uint64) tea.Cmd {
	return func() tea.Msg {
		n := min(laterBatch, len(refs))
		vs, err := read(ctx, st, refs[:n])
		if errors.Is(err, context.Canceled) {
			return nil
		}
		// Of the closed visits only one closed with a deadline can be
		// overdue: the rest (closed before the board) are let go, so
		// thousands of closed records are read, never held.
		kept := vs[:0]
		for _, v := range vs {
			if v.State.Active() || !v.AssuranceDue.IsZero() {
				kept = append(kept, v)
			}
		}
		return laterMsg{gen: gen, visits: kept, rest: refs[n:]}
	}
}

// reread reads one visit named by the change feed.
func reread(st domain.Store, ref domain.Ref) tea.Cmd {
	return func() tea.Msg {
		v, _ := st.Visit(context.Background(), ref)
		return visitMsg{ref: ref, v: v}
	}
}

// clockTick is the board's clock: a second, as the top line shows.
func clockTick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{} })
}
