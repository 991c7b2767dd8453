package register

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/tuitest"
)

// Pure Update tests of the register: messages in, state out, with the
// worker's commands run by hand.

// settleRegister runs cmd and every command it leads to, as the runtime
// would, delivering addressed messages to r.
func settleRegister(t *testing.T, r *Screen, cmd tea.Cmd) {
	t.Helper()
	for cmd != nil {
		msg := cmd()
		switch m := msg.(type) {
		case common.Addressed:
			_, cmd = r.Update(m.Msg)
		case tea.BatchMsg:
			cmd = nil
			for _, c := range m {
				settleRegister(t, r, c)
			}
		case nil:
			cmd = nil
		default:
			_, cmd = r.Update(m)
		}
	}
}

func visibleRefs(r *Screen) []domain.Ref {
	out := make([]domain.Ref, len(r.view))
	for i, ix := range r.view {
		out[i] = r.rows[ix].sum.Ref
	}
	return out
}

func typeKeys(t *testing.T, r *Screen, s string) {
	t.Helper()
	for _, m := range tuitest.Keys(strings.Split(s, "")...) {
		_, cmd := r.Update(m)
		settleRegister(t, r, cmd)
	}
}

func TestRegisterLoadsNewestFirstFromStore(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 250) // more than one batch
	r := New(tuitest.Session(s))
	r.SetSize(100, 30)
	settleRegister(t, r, r.Init())
	if r.loading || len(r.rows) != 250 || len(r.view) != 250 {
		t.Fatalf("loading=%v rows=%d view=%d", r.loading, len(r.rows), len(r.view))
	}
	for i := 1; i < len(r.view); i++ {
		if r.rows[r.view[i]].sum.PlannedStart.After(r.rows[r.view[i-1]].sum.PlannedStart) {
			t.Fatalf("row %d is later than row %d", i, i-1)
		}
	}
	// The cursor starts on today's first visit (tuitest.Now is 25 November;
	// seed plans one a day from the 23rd), not at the top of four weeks of
	// future visits.
	if r.current() != "SLN-2026-0003" {
		t.Fatalf("cursor on %s, want today's SLN-2026-0003", r.current())
	}
	// Once the officer moves, the cursor is theirs; t brings it back.
	typeKeys(t, r, "g")
	if r.current() != "SLN-2026-0250" {
		t.Fatalf("g: cursor on %s, want the newest", r.current())
	}
	typeKeys(t, r, "t")
	if r.current() != "SLN-2026-0003" {
		t.Fatalf("t: cursor on %s, want today's", r.current())
	}
}

func TestRegisterFilterNarrowsAndWidens(t *testing.T) {
	r := loadedTestRegister(t, 500)
	_, cmd := r.Update(tuitest.Keys("/")[0])
	settleRegister(t, r, cmd)
	typeKeys(t, r, "croy")
	all := visibleRefs(r)
	if len(all) == 0 {
		t.Fatal("no match for croy")
	}
	for _, ix := range r.view {
		if !strings.Contains(strings.ToLower(r.rows[ix].text), "croy") {
			t.Fatalf("%s does not match croy", r.rows[ix].sum.Ref)
		}
	}
	// A second word narrows (AND), searching only the rows already found.
	typeKeys(t, r, " sam")
	for _, ix := range r.view {
		if h := strings.ToLower(r.rows[ix].text); !strings.Contains(h, "croy") || !strings.Contains(h, "sam") {
			t.Fatalf("%s does not match both words", r.rows[ix].sum.Ref)
		}
	}
	want := 0
	for _, row := range r.rows {
		if h := strings.ToLower(row.text); strings.Contains(h, "croy") && strings.Contains(h, "sam") {
			want++
		}
	}
	if len(r.view) != want {
		t.Fatalf("narrowed to %d rows, a full search finds %d", len(r.view), want)
	}
	// Deleting widens again: the result is the full search, not the narrowed one.
	for range 4 {
		_, cmd := r.Update(tea.KeyMsg{Type: tea.KeyBackspace})
		settleRegister(t, r, cmd)
	}
	if !slices.Equal(visibleRefs(r), all) {
		t.Fatalf("after backspace: %d rows, want %d", len(r.view), len(all))
	}
	// Esc clears the filter; every visit is back.
	_, cmd = r.Update(tuitest.Keys("esc")[0])
	settleRegister(t, r, cmd)
	if len(r.view) != 500 || r.spec.query != "" || r.filtering {
		t.Fatalf("after esc: view=%d query=%q filtering=%v", len(r.view), r.spec.query, r.filtering)
	}
}

func TestRegisterFilterByDateAndState(t *testing.T) {
	r := loadedTestRegister(t, 200)
	_, cmd := r.Update(tuitest.Keys("/")[0])
	settleRegister(t, r, cmd)
	day := r.rows[0].sum.PlannedStart.Format("02/01/2006")
	typeKeys(t, r, day+" "+string(r.rows[0].sum.State))
	if len(r.view) == 0 || r.rows[r.view[0]].sum.Ref != r.rows[0].sum.Ref {
		t.Fatalf("filter %q did not find %s", day, r.rows[0].sum.Ref)
	}
}

func TestRegisterNoMatchSaysSo(t *testing.T) {
	r := loadedTestRegister(t, 50)
	_, cmd := r.Update(tuitest.Keys("/")[0])
	settleRegister(t, r, cmd)
	typeKeys(t, r, "zzzz")
	tuitest.Contains(t, r.View(), `No visit matches "zzzz"`, "0 of 50 visits")
}

func TestRegisterSortKeepsCursorOnItsVisit(t *testing.T) {
	r := loadedTestRegister(t, 300)
	r.moveTo(137)
	ref := r.current()
	for col := range numColumns {
		_, cmd := r.Update(tuitest.Keys("s")[0])
		settleRegister(t, r, cmd)
		if r.current() != ref {
			t.Fatalf("sorted by %s: cursor moved from %s to %s", columnNames[(colPlanned+col+1)%numColumns], ref, r.current())
		}
	}
	// Sorted by premises, A to Z.
	for r.spec.col != colPremises {
		_, cmd := r.Update(tuitest.Keys("s")[0])
		settleRegister(t, r, cmd)
	}
	for i := 1; i < len(r.view); i++ {
		a, b := strings.ToLower(r.rows[r.view[i-1]].sum.Premises), strings.ToLower(r.rows[r.view[i]].sum.Premises)
		if a > b {
			t.Fatalf("premises out of order at %d: %q > %q", i, a, b)
		}
	}
	_, cmd := r.Update(tuitest.Keys("r")[0])
	settleRegister(t, r, cmd)
	if !r.spec.desc || strings.ToLower(r.rows[r.view[0]].sum.Premises) < strings.ToLower(r.rows[r.view[len(r.view)-1]].sum.Premises) {
		t.Fatal("r did not reverse the order")
	}
}

func TestRegisterPagingStaysInBounds(t *testing.T) {
	r := loadedTestRegister(t, 100)
	r.SetSize(80, 10)
	for _, k := range []string{"G", "down", "down", "g", "up"} {
		_, cmd := r.Update(tuitest.Keys(k)[0])
		settleRegister(t, r, cmd)
		if r.cursor < 0 || r.cursor >= len(r.view) || r.offset < 0 || r.cursor < r.offset || r.cursor >= r.offset+r.listHeight() {
			t.Fatalf("after %s: cursor %d offset %d of %d", k, r.cursor, r.offset, len(r.view))
		}
	}
	_, cmd := r.Update(tea.KeyMsg{Type: tea.KeyPgDown})
	settleRegister(t, r, cmd)
	if r.cursor != r.listHeight() {
		t.Fatalf("page down moved to %d, want %d", r.cursor, r.listHeight())
	}
}

// put is the index's rows after a change from the feed, as Sync gives
// them to a register.
func put(r *Screen, s domain.Summary, ver uint64) syncedMsg {
	r.idx.mu.Lock()
	r.idx.putLocked(s, ver)
	at := r.idx.at[s.Ref].i
	r.idx.mu.Unlock()
	return syncedMsg{gen: r.loadGen, snap: r.idx.current(), at: at}
}

// A change told while a worker computes the view is placed once that
// view is in, where it made the view be computed again: the view then is
// what a whole sort of the changed rows gives, and nothing more is asked
// of a worker.
func TestRegisterPlacesAChangeToldWhileItComputes(t *testing.T) {
	r := loadedTestRegister(t, 20)
	work := r.recompute() // a worker asked, not yet run
	changed := r.rows[5].sum
	changed.PlannedStart = changed.PlannedStart.Add(1000 * time.Hour) // now the newest
	if _, cmd := r.Update(put(r, changed, 2)); cmd != nil {
		t.Fatal("a change told while the worker computed asked for another")
	}
	msg, ok := work().(common.Addressed)
	if !ok {
		t.Fatal("the worker gave no view")
	}
	before := sorts.Load()
	if _, cmd := r.Update(msg.Msg); cmd != nil {
		t.Error("the view in, the change was not placed: another worker asked")
	}
	if n := sorts.Load() - before; n != 0 {
		t.Errorf("the rows were sorted %d times again", n)
	}
	if want := sortRows(r.rows, colPlanned, true); !slices.Equal(r.view, want) || r.rows[r.view[0]].sum.Ref != changed.Ref {
		t.Errorf("the view is not a sort of the changed rows: first %s, want %s", r.rows[r.view[0]].sum.Ref, changed.Ref)
	}
}

func TestRegisterTakesAChangeFromTheFeed(t *testing.T) {
	r := loadedTestRegister(t, 20)
	ref := r.rows[5].sum.Ref
	old := r.rows
	changed := r.rows[5].sum
	changed.State = domain.Cancelled
	changed.PlannedStart = changed.PlannedStart.Add(1000 * time.Hour) // now the newest
	_, cmd := r.Update(put(r, changed, 2))
	settleRegister(t, r, cmd)
	if old[5].sum.State == domain.Cancelled {
		t.Fatal("the change was made in place, under a worker that may be reading the rows")
	}
	if r.rows[r.view[0]].sum.Ref != ref || r.rows[r.view[0]].sum.State != domain.Cancelled {
		t.Fatalf("changed visit not first and cancelled: %+v", r.rows[r.view[0]].sum)
	}
	if len(r.view) != 20 {
		t.Fatalf("a change added a row: %d", len(r.view))
	}
	added := changed
	added.Ref = "SLN-2026-9999"
	_, cmd = r.Update(put(r, added, 1))
	settleRegister(t, r, cmd)
	if len(r.view) != 21 {
		t.Fatalf("a new visit was not added: %d", len(r.view))
	}
	// An older version read late (another session's Sync) changes nothing.
	stale := changed
	stale.State = domain.Planning
	_, cmd = r.Update(put(r, stale, 1))
	settleRegister(t, r, cmd)
	if r.rows[r.view[0]].sum.State != domain.Cancelled {
		t.Fatalf("an older version replaced a newer: %+v", r.rows[r.view[0]].sum)
	}
}

// loadedIndex is an index that has read rows.
func loadedIndex(rows []*row) *Index {
	x := NewIndex(nil)
	x.rows, x.started, x.done = rows, true, true
	for i, r := range rows {
		x.at[r.sum.Ref] = slot{i: int32(i)}
	}
	return x
}

// loadedTestRegister is a register holding n synthetic rows.
func loadedTestRegister(t *testing.T, n int) *Screen {
	t.Helper()
	rows := benchRows(n)
	r := NewOn(tuitest.Session(nil), loadedIndex(rows))
	r.SetSize(100, 30)
	r.loading = false
	r.rows = rows
	r.rowsVer++
	settleRegister(t, r, r.recompute())
	return r
}

func TestContainsFold(t *testing.T) {
	for _, c := range []struct {
		s, token string
		want     bool
	}{
		{"Golden Dragon Takeaway", "dragon", true},
		{"GOLDEN DRAGON", "dragon", true},
		{"SLN-2026-0042", "sln-2026", true},
		{"Sam Whitfield", "whitfield", true},
		{"Sam Whitfield", "whitfieldx", false},
		{"Sam", "samuel", false},
		{"25/11/2026", "25/11", true},
		{"Café Rouge", "café", true},
		{"CAFÉ ROUGE", "café", true},
		{"Cafe Rouge", "café", false},
		{"anything", "", true},
		{"", "a", false},
		{"aaab", "aab", true},
	} {
		if got := containsFold(c.s, c.token); got != c.want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", c.s, c.token, got, c.want)
		}
	}
}

// The first frame holds the first page alone (issue 15): the rest of the
// register is read only once the page is in, and while it comes the count
// says so; a sort asked for meanwhile covers every row once all are in.
func TestRegisterFirstPageThenTheRest(t *testing.T) {
	st := &summaryStore{sums: tuitest.BenchSummaries(2000)}
	r := New(tuitest.Session(st))
	r.SetSize(120, 37)
	first := r.Init()()
	_, rest := r.Update(first.(common.Addressed).Msg)
	if got := st.read.Load(); got > 100 {
		t.Errorf("%d summaries read for the first page; want a page", got)
	}
	if v := r.View(); !strings.Contains(v, "loading… 100 so far") || r.current() == "" || !strings.Contains(v, string(r.current())) {
		t.Errorf("the first page does not show its rows with the count loading:\n%s", v)
	}
	// Sorted by premises before the rest is in.
	_, sorted := r.Update(tuitest.Keys("s")[0])
	settleRegister(t, r, tea.Batch(rest, sorted))
	if r.loading || len(r.view) != 2000 || !strings.Contains(r.View(), "2,000 visits") {
		t.Fatalf("loading=%v, %d rows in view, after the rest came:\n%s", r.loading, len(r.view), r.View())
	}
	for i := 1; i < len(r.view); i++ {
		if a, b := r.rows[r.view[i-1]].sum.Premises, r.rows[r.view[i]].sum.Premises; strings.ToLower(a) > strings.ToLower(b) {
			t.Fatalf("row %d (%s) sorts before row %d (%s) by premises", i-1, a, i, b)
		}
	}
}

// Enter pressed before the rows of the filter just typed are shown (the
// worker still computing them, as on a busy server) opens the visit the
// filter finds once they are, never the one under the cursor in the rows
// of the filter before: under the 50-session load, enter on a register
// filtered to one reference opened the visit next to it.
func TestRegisterEnterBeforeTheFilterIsShownOpensWhatItFinds(t *testing.T) {
	r := loadedTestRegister(t, 500)
	want := r.rows[r.view[17]].sum.Ref
	var pending []tea.Cmd
	press := func(k string) {
		_, cmd := r.Update(tuitest.Keys(k)[0])
		if cmd != nil {
			pending = append(pending, cmd)
		}
	}
	press("/")
	for _, c := range strings.Split(string(want), "") {
		press(c)
	}
	press("enter") // accept the filter
	press("enter") // open
	var opened []domain.Ref
	var run func(cmd tea.Cmd)
	run = func(cmd tea.Cmd) {
		for cmd != nil {
			switch m := cmd().(type) {
			case common.Addressed:
				_, cmd = r.Update(m.Msg)
			case common.OpenVisitMsg:
				opened, cmd = append(opened, m.Ref), nil
			case tea.BatchMsg:
				cmd = nil
				for _, c := range m {
					run(c)
				}
			default:
				cmd = nil
			}
		}
	}
	for _, cmd := range pending {
		run(cmd)
	}
	if !slices.Equal(opened, []domain.Ref{want}) {
		t.Fatalf("opened %v, want %s (the rows shown: %v)", opened, want, visibleRefs(r))
	}
}
