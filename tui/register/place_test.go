package register

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"oic/domain"
)

// A change told by the feed is placed in the order and view without
// sorting every row again (place.go): after each of many changes and
// additions, under every sort and with a filter or none, the register
// shows what sorting everything afresh shows, with the cursor on the
// same visit.
func TestRegisterPlacesAChangeAsAFullSortWould(t *testing.T) {
	states := []domain.State{domain.Planning, domain.Deployed, domain.Closed, domain.Cancelled}
	for _, spec := range []viewSpec{
		{col: colPlanned, desc: true}, {col: colPlanned}, {col: colPremises}, {col: colState, desc: true},
		{col: colOIC}, {col: colRef, desc: true}, {col: colPlanned, desc: true, query: "croy"},
	} {
		for _, seen := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s desc=%v %q seen=%v", columnNames[spec.col], spec.desc, spec.query, seen), func(t *testing.T) {
				r := loadedTestRegister(t, 300)
				r.spec = spec
				var sees func(domain.Summary) bool
				if seen { // an officer who sees some visits only (who sees what)
					sees = func(sum domain.Summary) bool { return (sum.Ref[len(sum.Ref)-1]-'0')%2 == 0 }
					r.sees = sees
					r.rowsVer++ // as reload does: the order made for everyone is not this register's
				}
				r.toToday = false
				settleRegister(t, r, r.recompute())
				rng := rand.New(rand.NewPCG(1, uint64(spec.col)))
				if len(r.view) > 0 {
					r.moveTo(rng.IntN(len(r.view)))
				}
				placed := 0
				for i := range 200 {
					var s domain.Summary
					if i%10 == 9 { // a visit new to the register
						s = r.rows[rng.IntN(len(r.rows))].sum
						s.Ref = domain.Ref(fmt.Sprintf("SLN-2027-%04d", i))
					} else {
						s = r.rows[rng.IntN(len(r.rows))].sum
					}
					s.PlannedStart = s.PlannedStart.Add(time.Duration(rng.IntN(2000)-1000) * time.Hour)
					s.State = states[rng.IntN(len(states))]
					if rng.IntN(3) == 0 {
						s.Premises = []string{"Croydon Wash", "Anchor Cafe", "zed's", "Mill Lane"}[rng.IntN(4)]
					}
					cursor := r.current()
					m := put(r, s, uint64(i+2))
					if r.placeOne(m) {
						placed++
					} else {
						settleRegister(t, r, r.synced(m))
					}
					_, want, _ := computeView(r.rows, r.spec, nil, nil, "", sees)
					if !slices.Equal(r.view, want) {
						t.Fatalf("change %d (%s): the view differs from a full sort", i, s.Ref)
					}
					if cursor != "" && slices.ContainsFunc(r.view, func(ix int32) bool { return r.rows[ix].sum.Ref == cursor }) && r.current() != cursor {
						t.Fatalf("change %d: the cursor moved from %s to %s", i, cursor, r.current())
					}
				}
				if placed != 200 {
					t.Errorf("%d of 200 changes placed without a full sort", placed)
				}
			})
		}
	}
}

// Covered by an open visit, the register sorts in no change it cannot
// place (in team mode every session's register is told of every save):
// it catches up once it is on top again, and shows what a full sort
// shows.
func TestRegisterCoveredSortsOnceShown(t *testing.T) {
	r := loadedTestRegister(t, 300)
	r.toToday = false
	if cmd := r.Cover(true); cmd != nil {
		t.Fatal("covering asks for work")
	}
	for i := range 5 {
		s := r.rows[i].sum
		s.PlannedStart = s.PlannedStart.Add(time.Duration(1000*(i+1)) * time.Hour)
		m := put(r, s, uint64(i+2))
		m.snap.ver += 5 // changes it did not see: no placing one row
		if cmd := r.synced(m); cmd != nil {
			t.Fatalf("change %d: a covered register sorts", i)
		}
	}
	settleRegister(t, r, r.Cover(false))
	_, want, _ := computeView(r.rows, r.spec, nil, nil, "", nil)
	if !slices.Equal(r.view, want) {
		t.Fatal("shown again, the view is not what a full sort shows")
	}
}
