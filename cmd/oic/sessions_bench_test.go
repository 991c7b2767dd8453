package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/store"
	"oic/tui"
	"oic/tui/register"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
	"oic/tui/visit/live"
)

// BenchmarkLiveAcrossSessions (issue 17, section 3): two sessions on one
// Badger store, as `oic serve` runs them. Each op is a note saved by the
// OIC (through the store, as the OIC's session saves), timed from the
// save's commit (SaveVisit returning) until the other session's model,
// open on the visit's live tab, has the note and draws it. The
// percentiles are reported beside ns/op; figures in BENCHMARKS.md.
func BenchmarkLiveAcrossSessions(b *testing.B) {
	s, v := deployedStore(b)
	at := apptest.At(tuitest.Fixed(tuitest.LiveNow))
	d, _ := apptest.OnTab(b, apptest.App(b, s, apptest.As(domaintest.Arrest.StaffNo), at), 120, 40, live.Name)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		text := fmt.Sprintf("Note %d from the OIC", i)
		saveEntry(b, s, v.Ref, domain.EntryNote, text, tuitest.LiveNow)
		committed := time.Now()
		d.WaitFor(text)
		if !strings.Contains(d.View(), text) {
			b.Fatalf("the other session never showed %q", text)
		}
		lat = append(lat, time.Since(committed))
	}
	b.StopTimer()
	reportLatency(b, lat)
}

// BenchmarkIncidentAcrossSessions (issue 17, section 3: an incident seen
// in another session within a second): as BenchmarkLiveAcrossSessions,
// each op a critical incident declared on a deployed visit, timed from
// the save's commit until another session, at its register, shows the
// banner; another CIO then acknowledges it, the banner goes, and it is
// stood down before the next.
func BenchmarkIncidentAcrossSessions(b *testing.B) {
	s, v := deployedStore(b)
	at := apptest.At(tuitest.Fixed(tuitest.LiveNow))
	d := tuitest.NewDriver(b, apptest.App(b, s, apptest.As(domaintest.Driver.StaffNo), at), 120, 40)
	d.WaitFor("Visit register")
	time.Sleep(600 * time.Millisecond) // the banner's first look at the deployed visits
	d.Settle()
	const banner = "awaits a CIO (INC-2)"
	// Each incident a minute after the last stood down.
	now := func(m int) time.Time { return tuitest.LiveNow.Add(time.Duration(m) * time.Minute) }
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		saveEntry(b, s, v.Ref, domain.EntryIncident, fmt.Sprintf("Officer injured, %d", i), now(2*i))
		committed := time.Now()
		d.WaitFor(banner)
		if !strings.Contains(d.View(), banner) {
			b.Fatalf("the other session never showed the incident:\n%s", d.View())
		}
		lat = append(lat, time.Since(committed))
		b.StopTimer()
		save(b, s, v.Ref, func(cur *domain.Visit) (domain.Change, error) {
			return cur.AcknowledgeIncident(domain.DefaultConfig(), tuitest.HMI, now(2*i))
		})
		saveEntry(b, s, v.Ref, domain.EntryIncidentOver, "Stood down", now(2*i+1))
		for deadline := time.Now().Add(5 * time.Second); strings.Contains(d.View(), banner); {
			if time.Now().After(deadline) {
				b.Fatalf("the banner stayed once the incident was acknowledged:\n%s", d.View())
			}
			d.Settle()
		}
		b.StartTimer()
	}
	b.StopTimer()
	reportLatency(b, lat)
}

// TestSessionsHeap (issue 17, section 1) measures the heap of n sessions'
// registers over a copy of a large store: OIC_HEAP_DIR names the copy,
// OIC_HEAP_AS an officer of it. Each App is started and driven until its
// register has read every visit; the heap is then measured after a
// collection, the store's own included. With OIC_HEAP_OWN set each App
// makes its own index, as every register read its own rows before issue
// 17; without, they share one. Figures in BENCHMARKS.md.
func TestSessionsHeap(t *testing.T) {
	dir, as := os.Getenv("OIC_HEAP_DIR"), os.Getenv("OIC_HEAP_AS")
	if dir == "" || as == "" {
		t.Skip("OIC_HEAP_DIR and OIC_HEAP_AS name a store's copy and one of its officers")
	}
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	base := heap()
	n, _ := strconv.Atoi(os.Getenv("OIC_HEAP_N"))
	n = max(n, 1)
	var shared *register.Index
	if os.Getenv("OIC_HEAP_OWN") == "" {
		shared = register.NewIndex(s)
	}
	ds := make([]*tuitest.Driver, n)
	began := time.Now()
	for i := range ds {
		a := apptest.App(t, s, apptest.As(domain.StaffNo(as)), func(o *tui.Options) { o.Register = shared })
		ds[i] = tuitest.NewDriver(t, a, 120, 40)
		readRegister(t, ds[i])
	}
	took := time.Since(began)
	after := heap()
	t.Logf("%d sessions (own index: %v): heap %.1f MB over %.1f MB with the store open, %.1f MB a session; all read in %v",
		n, shared == nil, float64(after-base)/1e6, float64(base)/1e6, float64(after-base)/1e6/float64(n), took.Round(time.Millisecond))
	if p := os.Getenv("OIC_HEAP_PROF"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := pprof.WriteHeapProfile(f); err != nil {
			t.Fatal(err)
		}
	}
	runtime.KeepAlive(ds)
}

// BenchmarkRegisterAcrossSessions is BenchmarkLiveAcrossSessions for the
// register, on a copy of a large store (OIC_BENCH_DIR, an officer of it
// OIC_BENCH_AS): each op renames the premises of the visit at the top of
// the other session's register, timed from the save's commit until that
// register, having read every visit, shows the new name.
func BenchmarkRegisterAcrossSessions(b *testing.B) {
	dir, as := os.Getenv("OIC_BENCH_DIR"), os.Getenv("OIC_BENCH_AS")
	if dir == "" || as == "" {
		b.Skip("OIC_BENCH_DIR and OIC_BENCH_AS name a store's copy and one of its officers")
	}
	s, err := store.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	d := tuitest.NewDriver(b, apptest.App(b, s, apptest.As(domain.StaffNo(as))), 120, 40)
	readRegister(b, d)
	d.Press("esc", "g") // past the assurance notice, to the newest visit
	var ref domain.Ref
	if err := s.ScanSummaries(context.Background(), 1, func(ss []domain.Summary) error { ref = ss[0].Ref; return context.Canceled }); ref == "" {
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		name := fmt.Sprintf("Renamed %d.%d Ltd", time.Now().Unix(), i)
		tuitest.Rename(b, s, ref, name, domain.Officer{StaffNo: domain.StaffNo(as), Name: "Bench"}, time.Now())
		committed := time.Now()
		d.WaitFor(name)
		if !strings.Contains(d.View(), name) {
			b.Fatalf("the other session's register never showed %q:\n%s", name, d.View())
		}
		lat = append(lat, time.Since(committed))
	}
	b.StopTimer()
	reportLatency(b, lat)
}

// readRegister settles d until its register has read every visit.
func readRegister(tb testing.TB, d *tuitest.Driver) {
	tb.Helper()
	for deadline := time.Now().Add(2 * time.Minute); strings.Contains(d.View(), "loading") || !strings.Contains(d.View(), " visits"); d.Settle() {
		if time.Now().After(deadline) {
			tb.Fatalf("the register never finished reading:\n%s", d.View())
		}
	}
}

// reportLatency reports the median, 99th percentile and longest of lat
// beside ns/op.
// deployedStore is a Badger store in a temporary folder holding one
// deployed visit.
func deployedStore(b *testing.B) (*store.Store, *domain.Visit) {
	s, err := store.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s, tuitest.DeployedVisit(b, s, nil)
}

// save saves the change made on visit ref as stored, as a session saves.
func save(b *testing.B, s *store.Store, ref domain.Ref, change func(*domain.Visit) (domain.Change, error)) {
	ctx := context.Background()
	cur, err := s.Visit(ctx, ref)
	if err != nil {
		b.Fatal(err)
	}
	c, err := change(cur)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.SaveVisit(ctx, cur, c); err != nil {
		b.Fatal(err)
	}
}

// saveEntry saves a live entry of kind with text on visit ref, recorded by
// its OIC at now.
func saveEntry(b *testing.B, s *store.Store, ref domain.Ref, kind domain.EntryKind, text string, now time.Time) {
	save(b, s, ref, func(cur *domain.Visit) (domain.Change, error) {
		e, err := cur.ParseEntry(kind, domain.EntryInput{Text: text}, now)
		if err != nil {
			return domain.Change{}, err
		}
		return cur.Record(e, tuitest.CIO, now)
	})
}

func reportLatency(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	pc := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pc(0.5), "ms-p50")
	b.ReportMetric(pc(0.99), "ms-p99")
	b.ReportMetric(pc(1), "ms-max")
}
