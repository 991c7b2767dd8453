package store

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"oic/domain"
)

// Readers of one saved visit share its decoding (visitcache.go): each
// gets a copy of its own, a save is seen at the next read, and so is a
// record changed outside oic, marked as it was before any cache.
func TestVisitReadsShareOneDecoding(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	v := deployedVisit(t, s, t0.Add(48*time.Hour))

	first := mustVisit(t, s, v.Ref)
	first.Basics.Premises.Name = "changed in one reader's copy"
	first.Timeline = append(first.Timeline[:0], domain.TimelineEntry{Text: "not saved"})
	if got := mustVisit(t, s, v.Ref); !reflect.DeepEqual(got, v) {
		t.Fatalf("a second read sees what a first reader did to its copy:\n%+v\nwant\n%+v", got, v)
	}

	nv, c := note(t, v, "seen by the next read", t0.Add(48*time.Hour))
	saved, err := s.SaveVisit(ctx, nv, c)
	if err != nil {
		t.Fatal(err)
	}
	if got := mustVisit(t, s, v.Ref); got.Version != saved.Version || len(got.Timeline) != len(saved.Timeline) {
		t.Fatalf("after a save, read version %d with %d entries; want %d with %d", got.Version, len(got.Timeline), saved.Version, len(saved.Timeline))
	}

	// Changed outside oic: the same bytes a reader would decode, the
	// premises renamed, written straight into Badger.
	out := saved.Clone()
	out.Basics.Premises.Name = "Renamed Outside"
	doc, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	putRaw(t, s, visitKey(v.Ref), doc)
	if got := readMarked(t, s, v.Ref, ""); got.Basics.Premises.Name != "Renamed Outside" {
		t.Fatalf("the record changed outside oic read as %q", got.Basics.Premises.Name)
	}
}

// Many readers at once while saves go on: each read is a version the
// store held, whole (run under -race).
func TestVisitReadsWhileSaving(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	v := deployedVisit(t, s, t0.Add(48*time.Hour))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				got, err := s.Visit(ctx, v.Ref)
				if err != nil {
					t.Error(err)
					return
				}
				if n := len(got.Timeline); uint64(n) != got.Version-v.Version+uint64(len(v.Timeline)) {
					t.Errorf("version %d read with %d entries", got.Version, n)
					return
				}
				got.Timeline = append(got.Timeline, domain.TimelineEntry{Text: "a reader's own"})
			}
		}()
	}
	cur := v
	for i := range 30 {
		nv, c := note(t, cur, "note", t0.Add(48*time.Hour+time.Duration(i)*time.Minute))
		var err error
		if cur, err = s.SaveVisit(ctx, nv, c); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
}

// A visit read at every save stays kept while many others are read once
// each (the feedback looked for at each sign-in): the one read longest
// ago makes way.
func TestVisitCacheKeepsWhatIsRead(t *testing.T) {
	var c visitCache
	hot := domain.Ref("SLN-2026-0001")
	vers := [3]uint64{1, 0, 1}
	fill := func(ref domain.Ref) {
		if v, _, e := c.get(ref, vers); v == nil && e != nil {
			c.put(ref, e, &domain.Visit{Ref: ref}, nil)
		}
	}
	fill(hot)
	for i := range 10 * visitCacheMax {
		fill(domain.Ref(fmt.Sprintf("WMD-2020-%04d", i)))
		if v, _, e := c.get(hot, vers); v == nil {
			t.Fatalf("after %d others, the visit read at each step was dropped", i+1)
			c.put(hot, e, nil, nil)
		}
	}
	if n := len(c.m); n > visitCacheMax {
		t.Fatalf("%d visits kept, more than %d", n, visitCacheMax)
	}
}
