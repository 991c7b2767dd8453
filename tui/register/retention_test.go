package register

import (
	"context"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/tui/tuitest"
)

// TestRegisterMarksVisitsPastRetention (RET-1): a visit whose record
// ended longer ago than the retention period is marked † in its row, and
// the top line says what † means; one within it, or still open, is not.
// The mark comes from the list entries: no record is read for it.
func TestRegisterMarksVisitsPastRetention(t *testing.T) {
	s := &askedStore{Store: tuitest.Store(t)}
	visits := tuitest.Seed(t, s, 4)
	ctx := context.Background()
	// Two called off at Now: their records end there.
	for _, i := range []int{1, 3} {
		v := visits[i]
		c, err := v.Transition(domain.Cancelled, "intelligence withdrawn", tuitest.CIO, tuitest.Now)
		if err != nil {
			t.Fatal(err)
		}
		if visits[i], err = s.SaveVisit(ctx, v, c); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name  string
		years int           // config.json's retention_years (0: left out)
		after time.Duration // how long after Now the register is opened
		past  bool
	}{
		{"six years and ten days later", 0, (6*365 + 12) * 24 * time.Hour, true},
		{"five years later", 0, 5 * 365 * 24 * time.Hour, false},
		{"two years later, with a year's retention", 1, 2 * 365 * 24 * time.Hour, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sess := tuitest.Session(s)
			sess.Config.RetentionYears = tt.years
			sess.Clock = tuitest.Fixed(tuitest.Now.Add(tt.after))
			r := New(sess)
			r.SetSize(120, 20)
			settleRegister(t, r, r.Init())
			view := r.View()
			for i, v := range visits {
				row := rowOf(t, view, v.Ref)
				marked := strings.HasPrefix(row, retentionMark)
				if want := tt.past && (i == 1 || i == 3); marked != want {
					t.Errorf("%s (%s) marked %v, want %v:\n%s", v.Ref, v.State, marked, want, row)
				}
			}
			top := strings.SplitN(view, "\n", 2)[0]
			if strings.Contains(top, "† past retention") != tt.past {
				t.Errorf("the top line (past %v):\n%s", tt.past, top)
			}
		})
	}
}
