package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// run drives one session per officer of the plan, all at once, and
// reports the time from ctrl+s to the acknowledging frame: over every
// save, and over the saves begun once every session had its live tab
// open (the first saves share the server with sessions still signing in).
func run(args []string) error {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:2370", "the server")
	work := fs.String("work", "", "the folder prepare wrote")
	n := fs.Int("n", 0, "how many sessions (0: every officer of the plan)")
	k := fs.Int("k", 20, "notes each session records")
	pmin := fs.Duration("pace-min", 200*time.Millisecond, "least wait after an acknowledged save")
	pmax := fs.Duration("pace-max", 200*time.Millisecond, "most wait after an acknowledged save")
	pid := fs.Int("server-pid", 0, "the server's process, for its CPU time and resident set")
	hold := fs.Duration("hold", 0, "keep every session idle at its register this long, no notes recorded, and report the server's resident set at its end")
	first := fs.Int("first", 0, "with -hold: then time this many new sessions' first frames, one after another")
	fs.Parse(args)
	if *hold > 0 {
		*k = 0
	}
	if *work == "" {
		return errors.New("run needs -work")
	}
	plan, err := readPlan(*work)
	if err != nil {
		return err
	}
	if *n > 0 && *n < len(plan) {
		plan = plan[:*n]
	}
	cpu0 := cpuTime(*pid)
	load0 := loadAvg()
	began := time.Now()

	ready := make(chan int, len(plan))
	saves := make(chan save, len(plan)**k)
	var wg sync.WaitGroup
	errs := make([]error, len(plan))
	for i, p := range plan {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &sessionRun{i: i, plan: p, addr: *addr, k: *k, pace: pace{*pmin, *pmax}, ready: ready, saves: saves, hold: *hold}
			errs[i] = r.run()
		}()
	}
	// allIn is when the last session's live tab opened.
	var allIn time.Time
	rssIn := 0
	in := make(chan struct{})       // closed once allIn and rssIn are set
	measured := make(chan struct{}) // closed once what -hold measures is told
	go func() {
		for range plan {
			<-ready
		}
		allIn = time.Now()
		rssIn = rssKB(*pid) // every session open, on its live tab (or its register, with hold)
		close(in)
		if *hold > 0 {
			reportHeld(*pid, *hold, *work, *addr, plan[0], len(plan), *first)
			close(measured)
		}
	}()
	wg.Wait()
	if *hold > 0 {
		select {
		case <-measured:
		case <-time.After(time.Minute):
		}
	}
	select {
	case <-in:
	case <-time.After(time.Second): // a session never reached its live tab
	}
	close(saves)
	took := time.Since(began)
	cpu1 := cpuTime(*pid)

	var all, later []time.Duration
	var acked []save
	notMade := 0
	for s := range saves {
		if s.took == 0 {
			notMade++
			continue
		}
		acked = append(acked, s)
		all = append(all, s.took)
		if !allIn.IsZero() && s.at.After(allIn) {
			later = append(later, s.took)
		}
	}
	failed := 0
	for _, err := range errs {
		if err != nil {
			failed++
			fmt.Fprintln(os.Stderr, err)
		}
	}
	fmt.Printf("sessions %d (%d failed), notes %d each, pace %s-%s, %s\n", len(plan), failed, *k, *pmin, *pmax, took.Round(time.Millisecond))
	fmt.Printf("load average at start %s, at end %s\n", load0, loadAvg())
	fmt.Printf("saves acknowledged %d of %d\n", len(all), len(all)+notMade)
	fmt.Printf("all saves:           %s\n", percentiles(all))
	if allIn.IsZero() {
		fmt.Printf("saves once all in:   (not every session reached its live tab)\n")
	} else {
		fmt.Printf("saves once all in:   %s (all in after %s)\n", percentiles(later), allIn.Sub(began).Round(time.Millisecond))
	}
	if *pid > 0 {
		fmt.Printf("server CPU %.1f s (user+system), RSS %d MB with every session on its live tab, %d MB at the end\n", (cpu1 - cpu0).Seconds(), rssIn/1024, rssKB(*pid)/1024)
	}
	var b strings.Builder
	for _, s := range acked {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", plan[s.session].Ref, plan[s.session].StaffNo, s.text)
	}
	if err := os.WriteFile(filepath.Join(*work, "acked.tsv"), []byte(b.String()), 0o600); err != nil {
		return err
	}
	// Each save's start and time, for where the slow ones fall in the run.
	b.Reset()
	fmt.Fprintf(&b, "ref\tstaff\tbegun_ms\ttook_ms\n")
	for _, s := range acked {
		fmt.Fprintf(&b, "%s\t%s\t%d\t%.1f\n", plan[s.session].Ref, plan[s.session].StaffNo, s.at.Sub(began).Milliseconds(), float64(s.took.Microseconds())/1000)
	}
	return os.WriteFile(filepath.Join(*work, "saves.tsv"), []byte(b.String()), 0o600)
}

// percentiles is "n N p50 … p90 … p99 … max …" of ds.
func percentiles(ds []time.Duration) string {
	if len(ds) == 0 {
		return "n 0"
	}
	slices.Sort(ds)
	at := func(p float64) string {
		i := int(p*float64(len(ds))+0.999999) - 1
		return ms(ds[max(0, min(i, len(ds)-1))])
	}
	return fmt.Sprintf("n %d  p50 %s  p90 %s  p99 %s  max %s", len(ds), at(0.50), at(0.90), at(0.99), ms(ds[len(ds)-1]))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// cpuTime is the process's user and system time, from /proc (Linux).
func cpuTime(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command's name, which is in parentheses.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+s) * (time.Second / 100) // USER_HZ
}

func rssKB(pid int) int { return statusKB(pid, "VmRSS:") }

// statusKB is the field of /proc/PID/status named (with its colon), in kB.
func statusKB(pid int, field string) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, field); ok {
			n, _ := strconv.Atoi(strings.Fields(rest)[0])
			return n
		}
	}
	return 0
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// serverHeap asks the server for its heap once collected (SIGUSR1 with
// OIC_HEAPPROFILE set, as run.sh starts it) and returns what it wrote.
func serverHeap(pid int, work string) string {
	txt := filepath.Join(work, "heap.prof.txt")
	os.Remove(txt)
	if pid <= 0 || syscall.Kill(pid, syscall.SIGUSR1) != nil {
		return ""
	}
	for range 50 {
		time.Sleep(100 * time.Millisecond)
		if b, err := os.ReadFile(txt); err == nil && len(b) > 0 {
			return "server " + string(b)
		}
	}
	return "server heap: not written (OIC_HEAPPROFILE unset?)\n"
}

// reportHeld, once every session is at its register, waits most of the
// hold and tells the server's memory (what is kept, less what was
// collected since the sessions signed in), then times first new
// sessions' first frames, one after another, as p's officer.
func reportHeld(pid int, hold time.Duration, work, addr string, p officerPlan, sessions, first int) {
	idle := hold - hold/5
	time.Sleep(idle)
	// The resident set counts the pages of Badger's files the process
	// has mapped and read (RssFile), which the kernel shares with its
	// page cache and drops when it must, apart from the process's own
	// memory (RssAnon).
	fmt.Printf("server RSS %d MB with every session idle at its register, %s after the last signed in: its own memory (RssAnon) %d MB, pages of mapped files (RssFile) %d MB\n",
		rssKB(pid)/1024, idle.Round(time.Second), statusKB(pid, "RssAnon:")/1024, statusKB(pid, "RssFile:")/1024)
	fmt.Print(serverHeap(pid, work))
	var ffs []time.Duration
	for range first {
		d, err := firstFrame(addr, p)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			break
		}
		ffs = append(ffs, d)
	}
	if len(ffs) > 0 {
		fmt.Printf("first frame of a new session (dial to its register), %d sessions idle: %s\n", sessions, percentiles(ffs))
	}
}
