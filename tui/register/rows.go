package register

import (
	"cmp"
	"slices"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"oic/domain"
)

// The register may hold 100,000 visits. Nothing here runs per key over all
// of them on the UI's goroutine: rows are loaded, sorted and filtered by
// workers, and Update only swaps in their results. Rows are never changed
// in place once a worker may be reading them: an update replaces the row
// pointer in a copy of the slice.

// row is one visit in the register. text holds everything the row shows
// and the filter searches, in one string: the summary's own strings are
// slices of it. At 100,000 visits a row's bytes are the register's memory,
// so there is no second, lower-case copy: the filter folds case as it
// searches.
type row struct {
	sum  domain.Summary
	text string // ref premises postcode team state OIC dd/mm/yyyy
}

func newRow(s domain.Summary) *row {
	var b strings.Builder
	b.Grow(len(s.Ref) + len(s.Premises) + len(s.Postcode) + len(s.Team) + len(s.State) + len(s.OIC) + 17)
	var at [6][2]int
	for i, f := range [...]string{string(s.Ref), s.Premises, string(s.Postcode), string(s.Team), string(s.State), s.OIC} {
		at[i][0] = b.Len()
		b.WriteString(f)
		at[i][1] = b.Len()
		b.WriteByte(' ')
	}
	b.WriteString(s.PlannedStart.Format("02/01/2006"))
	text := b.String()
	field := func(i int) string { return text[at[i][0]:at[i][1]] }
	s.Ref, s.Premises, s.Postcode, s.OIC = domain.Ref(field(0)), field(1), domain.Postcode(field(2)), field(5)
	return &row{sum: s, text: text}
}

// column is a register column, and a sort key.
type column int

const (
	colRef column = iota
	colPlanned
	colPremises
	colTeam
	colState
	colOIC
	numColumns
)

var columnNames = [numColumns]string{"Reference", "Planned", "Premises", "Team", "State", "OIC"}

// rowsMsg delivers the index's rows once they have grown, or the load
// has ended.
type rowsMsg struct {
	gen  uint64
	snap snapshot
}

// viewSpec is what the register should show: all rows in sort order,
// filtered by query.
type viewSpec struct {
	col   column
	desc  bool
	query string
}

// viewMsg is a worker's answer to a viewSpec.
type viewMsg struct {
	gen      uint64
	spec     viewSpec
	rowsVer  uint64
	order    []int32 // all rows sorted by spec.col/desc
	view     []int32 // order filtered by spec.query
	cursorAt int     // position of the row the cursor was on, or -1
}

// computeView sorts (unless order is already sorted for this spec) and
// filters. narrow, when non-nil, is a previous result for a query that the
// new one extends: every match of the new query is in it, so only it need
// be searched.
func computeView(rows []*row, spec viewSpec, order, narrow []int32, cursorRef domain.Ref, sees func(domain.Summary) bool) (sorted, view []int32, cursorAt int) {
	if order == nil {
		order = sortRows(rows, spec.col, spec.desc)
		if sees != nil {
			order = slices.DeleteFunc(order, func(i int32) bool { return !sees(rows[i].sum) })
		}
	}
	tokens := strings.Fields(strings.ToLower(spec.query))
	switch {
	case len(tokens) == 0:
		view = order
	default:
		src := order
		if narrow != nil {
			src = narrow
		}
		view = make([]int32, 0, len(src)/4)
		for _, i := range src {
			if matches(rows[i].text, tokens) {
				view = append(view, i)
			}
		}
	}
	cursorAt = -1
	if cursorRef != "" {
		for p, i := range view {
			if rows[i].sum.Ref == cursorRef {
				cursorAt = p
				break
			}
		}
	}
	return order, view, cursorAt
}

// matches is true when text contains every token, ignoring case. Tokens
// are lower case.
func matches(text string, tokens []string) bool {
	for _, t := range tokens {
		if !containsFold(text, t) {
			return false
		}
	}
	return true
}

// containsFold reports whether s contains the lower-case token, ignoring
// the case of s. ASCII is folded in place, without allocating; anything
// else (a name with an accent) falls back to lower-casing s.
func containsFold(s, token string) bool {
	if token == "" {
		return true
	}
	for i := 0; i < len(token); i++ {
		if token[i] >= utf8.RuneSelf {
			return strings.Contains(strings.ToLower(s), token)
		}
	}
	first := token[0]
	upper := first
	if 'a' <= first && first <= 'z' {
		upper -= 'a' - 'A'
	}
	for i := 0; i+len(token) <= len(s); i++ {
		if c := s[i]; c != first && c != upper {
			continue
		}
		j := 1
		for ; j < len(token); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != token[j] {
				break
			}
		}
		if j == len(token) {
			return true
		}
	}
	return false
}

// sorts counts the sorts of every row, for the tests of what must not
// sort them again (the default order, shared by every register).
var sorts atomic.Int64

// sortRows returns row indices ordered by col. Ties fall back to planned
// start, newest first, then reference, so the order is total and stable.
// Keys are computed once per row, not once per comparison.
func sortRows(rows []*row, col column, desc bool) []int32 {
	sorts.Add(1)
	idx := make([]int32, len(rows))
	for i := range idx {
		idx[i] = int32(i)
	}
	var keys []string
	if col != colPlanned {
		keys = make([]string, len(rows))
		for i, r := range rows {
			keys[i] = sortKey(r, col)
		}
	}
	slices.SortFunc(idx, func(a, b int32) int {
		var c int
		if keys != nil {
			c = cmp.Compare(keys[a], keys[b])
		}
		return compareRows(rows[a], rows[b], c, col, desc)
	})
	return idx
}

// sortKey is what a row sorts by under col, other than planned start.
func sortKey(r *row, col column) string {
	switch col {
	case colRef:
		return string(r.sum.Ref)
	case colPremises:
		return strings.ToLower(r.sum.Premises)
	case colTeam:
		return string(r.sum.Team)
	case colState:
		return string(r.sum.State)
	case colOIC:
		return strings.ToLower(r.sum.OIC)
	}
	return ""
}

// compareRows orders two rows under col, c being the comparison of their
// sort keys (col other than planned start). Ties fall back to planned
// start, newest first, then reference.
func compareRows(ra, rb *row, c int, col column, desc bool) int {
	if col == colPlanned {
		c = ra.sum.PlannedStart.Compare(rb.sum.PlannedStart)
	}
	if desc {
		c = -c
	}
	if c == 0 {
		c = rb.sum.PlannedStart.Compare(ra.sum.PlannedStart)
	}
	if c == 0 {
		c = cmp.Compare(ra.sum.Ref, rb.sum.Ref)
	}
	return c
}

// rowOrder is compareRows with the keys made as it goes: for the few
// comparisons that place one row (place.go).
func rowOrder(rows []*row, col column, desc bool) func(a, b int32) int {
	return func(a, b int32) int {
		ra, rb := rows[a], rows[b]
		c := 0
		if col != colPlanned {
			c = cmp.Compare(sortKey(ra, col), sortKey(rb, col))
		}
		return compareRows(ra, rb, c, col, desc)
	}
}
