package register

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui/common"
	"oic/tui/tuitest"
)

// askedStore counts the records the register asks to have checked.
type askedStore struct {
	*domaintest.Store
	mu    sync.Mutex
	asked []domain.Ref
}

func (s *askedStore) CheckRecords(ctx context.Context, refs []domain.Ref) (map[domain.Ref]error, error) {
	s.mu.Lock()
	s.asked = append(s.asked, refs...)
	s.mu.Unlock()
	return s.Store.CheckRecords(ctx, refs)
}

// rowOf is the line of the register's view that shows ref.
func rowOf(t *testing.T, view string, ref domain.Ref) string {
	t.Helper()
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, string(ref)) {
			return l
		}
	}
	t.Fatalf("%s is not shown:\n%s", ref, view)
	return ""
}

// A visit whose record was changed outside oic is marked ✗ in the
// register once its row is in view; the register checks only the rows it
// shows, never every document at start; a row scrolled to is checked
// then; a visit that changes is checked again.
func TestRegisterMarksRecordsChangedOutsideOic(t *testing.T) {
	s := &askedStore{Store: tuitest.Store(t)}
	visits := tuitest.Seed(t, s, 250)
	shown, later := visits[0].Ref, visits[200].Ref // today's neighbour; one far down
	for _, ref := range []domain.Ref{shown, later} {
		if err := s.ChangeOutside(ref, func(doc []byte) []byte {
			return bytes.Replace(doc, []byte(`"premises":{"name":"`), []byte(`"premises":{"name":"X`), 1)
		}); err != nil {
			t.Fatal(err)
		}
	}
	r := New(tuitest.Session(s))
	r.SetSize(100, 30)
	settleRegister(t, r, r.Init())
	if got := rowOf(t, r.View(), shown); !strings.HasPrefix(got, "✗") {
		t.Errorf("the changed visit in view is not marked:\n%s", got)
	}
	// The mark is explained on the top line while a marked row is shown.
	if top := strings.SplitN(r.View(), "\n", 2)[0]; !strings.Contains(top, "✗ changed outside oic") || strings.Contains(top, "? unverified") {
		t.Errorf("the top line does not say what the mark means:\n%s", top)
	}
	for _, v := range visits[1:5] {
		if got := rowOf(t, r.View(), v.Ref); strings.Contains(got, "✗") {
			t.Errorf("a whole visit is marked:\n%s", got)
		}
	}
	if n := len(s.asked); n == 0 || n > 2*r.listHeight() {
		t.Errorf("the register asked for %d records to be checked, showing %d rows of 250", n, r.listHeight())
	}
	for _, ref := range s.asked {
		if ref == later {
			t.Fatalf("%s was checked before it was shown", later)
		}
	}

	// Scrolled to, the far one is checked and marked.
	typeKeys(t, r, "g") // the newest, at the top
	for i := 0; r.current() != later; i++ {
		if i > 250 {
			t.Fatalf("%s is not in the register", later)
		}
		typeKeys(t, r, "j")
	}
	if got := rowOf(t, r.View(), later); !strings.HasPrefix(got, "✗") {
		t.Errorf("the changed visit scrolled to is not marked:\n%s", got)
	}

	// A visit that changes is checked afresh.
	before := len(s.asked)
	_, cmd := r.Update(common.EventMsg{Ref: later})
	settleRegister(t, r, cmd)
	if len(s.asked) == before {
		t.Error("a changed visit was not checked again")
	}
	if got := rowOf(t, r.View(), later); !strings.HasPrefix(got, "✗") {
		t.Errorf("still changed, it lost its mark:\n%s", got)
	}
}
