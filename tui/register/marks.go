package register

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
)

// The register marks a visit whose record is not the one its audit trail
// sealed (changed outside oic) with ✗ beside it, and one that arrived
// unverified (from an export without history, or unsigned) with ?. It holds 100,000
// summaries, read at start without their documents, and checking every
// document there would read the whole store before the first screen. So
// it checks only the rows it shows, as they come into view, in the
// background (domain.Visits.CheckRecords: a document read and hashed
// each, a page of rows in a millisecond or two), and remembers what it
// found until the visit changes. A row is never shown as checked before
// it is; oic verify checks every visit at once.

// mark is what the register knows of a visit's record.
type mark uint8

const (
	markWhole      mark = iota + 1 // its record is the one its trail sealed
	markChanged                    // it is not: changed outside oic
	markUnverified                 // sealed, but it arrived unverified (domain.UnverifiedOf)
)

// checkedMsg is the answer to a check of the rows shown.
type checkedMsg struct {
	id         uint64
	bad        map[domain.Ref]error
	unverified map[domain.Ref][]string
	err        error
}

// checkShown checks the records of the rows in view not yet checked, or
// nil if there are none.
func (r *Screen) checkShown() tea.Cmd {
	if r.s.Store == nil { // rows made by hand, in a test of the view
		return nil
	}
	if r.marks == nil {
		r.marks, r.pending = map[domain.Ref]mark{}, map[domain.Ref]uint64{}
	}
	var refs []domain.Ref
	for p := r.offset; p < min(len(r.view), r.offset+r.listHeight()); p++ {
		ref := r.rows[r.view[p]].sum.Ref
		if _, known := r.marks[ref]; known {
			continue
		}
		if _, asked := r.pending[ref]; asked {
			continue
		}
		refs = append(refs, ref)
	}
	if len(refs) == 0 {
		return nil
	}
	r.checks++
	id, st := r.checks, r.s.Store
	for _, ref := range refs {
		r.pending[ref] = id
	}
	return func() tea.Msg {
		bad, err := st.CheckRecords(context.Background(), refs)
		if err != nil {
			return checkedMsg{id: id, err: err}
		}
		unverified, err := st.Unverified(context.Background(), refs)
		return checkedMsg{id: id, bad: bad, unverified: unverified, err: err}
	}
}

// checked takes in the answer to check id: the rows it asked about that
// have not changed since.
func (r *Screen) checked(m checkedMsg) {
	for ref, id := range r.pending {
		if id != m.id {
			continue
		}
		delete(r.pending, ref)
		switch {
		case m.err != nil: // not known: asked again when next shown
		case m.bad[ref] != nil:
			r.marks[ref] = markChanged
		case len(m.unverified[ref]) > 0:
			r.marks[ref] = markUnverified
		default:
			r.marks[ref] = markWhole
		}
	}
}

// forget drops what is known of ref's record: it changed.
func (r *Screen) forget(ref domain.Ref) {
	delete(r.marks, ref)
	delete(r.pending, ref)
}
