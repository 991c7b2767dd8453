package register

import (
	"slices"
	"strings"
)

// In team mode every session's register is told of every save. Sorting
// 100,000 rows again for each (BenchmarkSortWorker) in each of 50
// sessions would cost seconds of CPU a save, so a register that is told
// of one visit changed or added, with nothing else moved since its rows,
// takes that one row out of its order and view and puts it back where it
// now sorts: a search and a shift of the positions. Anything else (a
// load, a worker busy, other rows changed meanwhile) sorts everything
// again, as before.

// placeOne places the row m's change touched in the register's order and
// view, and reports whether it could; if not, nothing is changed.
func (r *Screen) placeOne(m syncedMsg) bool {
	sn, at := m.snap, m.at
	cur := int32(len(r.rows))
	switch {
	case r.loading, r.busy, at < 0,
		r.orderVer != r.rowsVer, r.viewVer != r.rowsVer,
		r.orderSpec.col != r.spec.col, r.orderSpec.desc != r.spec.desc, r.viewSpec != r.spec:
		return false
	case len(sn.rows) == len(r.rows) && sn.ver == r.idxVer+1 && int(at) < len(r.rows):
		// one row replaced
	case len(sn.rows) == len(r.rows)+1 && sn.ver == r.idxVer && at == cur:
		// one row added
	default:
		return false
	}
	// A visit keeps its position in rows when it changes, so the cursor
	// follows its row by position.
	cursorAt := int32(-1)
	if r.cursor >= 0 && r.cursor < len(r.view) {
		cursorAt = r.view[r.cursor]
	}
	rows := sn.rows
	order := rowOrder(rows, r.spec.col, r.spec.desc)
	put := func(list []int32) []int32 {
		if i := slices.Index(list, at); i >= 0 {
			list = slices.Delete(list, i, i+1)
		}
		pos, _ := slices.BinarySearchFunc(list, at, order)
		return slices.Insert(list, pos, at)
	}
	if r.sees != nil && !r.sees(rows[at].sum) {
		// Not this officer's to see: out of their order and view.
		drop := func(list []int32) []int32 {
			if i := slices.Index(list, at); i >= 0 {
				return slices.Delete(list, i, i+1)
			}
			return list
		}
		r.order = drop(r.order)
		if r.spec.query == "" {
			r.view = r.order
		} else {
			r.view = drop(r.view)
		}
	} else {
		r.order = put(r.order)
		if r.spec.query == "" {
			r.view = r.order
		} else {
			if i := slices.Index(r.view, at); i >= 0 {
				r.view = slices.Delete(r.view, i, i+1)
			}
			if matches(rows[at].text, strings.Fields(strings.ToLower(r.spec.query))) {
				r.view = put(r.view)
			}
		}
	}
	r.rows, r.idxVer = rows, sn.ver
	r.rowsVer++
	r.orderVer, r.viewVer = r.rowsVer, r.rowsVer
	if i := slices.Index(r.view, cursorAt); i >= 0 {
		r.cursor = i
	}
	r.moveTo(r.cursor)
	if r.toToday {
		r.gotoToday()
	}
	return true
}
