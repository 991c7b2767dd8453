package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"time"

	"oic/domain"
	"oic/store"
	"oic/tui/common"
)

const retentionUsage = "[--json]"

// retentionClock is the moment oic retention judges at; tests stand still.
var retentionClock = time.Now

// pastRetention is one visit past retention, as oic retention lists it.
type pastRetention struct {
	Ref   domain.Ref   `json:"ref"`
	Team  string       `json:"team"`
	State domain.State `json:"state"`
	// Ended is when the record ended (closed, cancelled, stood down),
	// Until when its period of retention did, as RFC 3339 in the rules'
	// zone; PastBy says how long since in words, DaysPast in days.
	Ended    string `json:"ended"`
	Until    string `json:"until"`
	PastBy   string `json:"past_by"`
	DaysPast int    `json:"days_past"`
	until    time.Time
}

// retentionReport is oic retention --json.
type retentionReport struct {
	At             string          `json:"at"`
	RetentionYears int             `json:"retention_years"`
	Seen           int             `json:"visits_seen"`
	Past           []pastRetention `json:"past"`
	// Unknown are the visits that ended with no time recorded for it:
	// never called past retention (RET-1), listed to be judged by hand.
	Unknown []domain.Ref `json:"ended_no_time"`
}

// runRetention lists the visits past retention (RET-1: ended, by closure,
// cancellation or stand-down, longer ago than config.json's
// retention_years, six by default), among those the officer signed in
// sees: the oldest first, one a line as REF<TAB>state<TAB>ended
// DD/MM/YYYY<TAB>past by, or as JSON with --json. It deletes nothing and
// exits 0 whatever it finds.
func runRetention(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("retention", stderr)
	asJSON := fs.Bool("json", false, "print the visits past retention as a JSON object")
	if err := parseFlags(fs, args, stdout, retentionUsage); err != nil {
		return err
	}
	s, cfg, err := openExisting(g)
	if err != nil {
		return err
	}
	defer s.Close()
	sees, err := retentionSees(ctx, g, s, cfg)
	if err != nil {
		return err
	}
	// The list entries an earlier oic wrote do not say when a visit
	// ended, nor whether its feedback waits: write both into them, once,
	// from their documents, so the register marks them too and the look
	// for feedback at sign-in reads no record it need not. Should that
	// fail (a disk full), the documents are read instead, and nothing is
	// lost.
	filling := newCounter(stderr, "Noting in the register when each ended visit ended and whether its feedback waits, once, for this oic")
	if n, err := s.FillEntries(ctx, filling.show); err != nil {
		filling.clear()
		if ctx.Err() != nil {
			return err
		}
		fmt.Fprintf(stderr, "oic retention: could not note when ended visits ended in the register's entries (%v); reading their records instead\n", err)
	} else if filling.clear(); n > 0 {
		fmt.Fprintf(stderr, "oic retention: noted in the register when %d ended visits ended and whether their feedback waits, once: the register marks those past retention from now on\n", n)
	}

	now := retentionClock()
	loc := cfg.Location()
	rep := retentionReport{At: now.In(loc).Format(time.RFC3339), RetentionYears: cfg.RetentionPeriod(), Past: []pastRetention{}, Unknown: []domain.Ref{}}
	var unknown []domain.Summary
	add := func(sum domain.Summary, r domain.Retention) {
		rep.Past = append(rep.Past, pastRetention{Ref: sum.Ref, Team: string(sum.Team), State: sum.State,
			Ended: r.Ended.In(loc).Format(time.RFC3339), Until: r.Until.In(loc).Format(time.RFC3339), PastBy: r.PastBy(), DaysPast: r.DaysPast(), until: r.Until})
	}
	err = s.ScanSummaries(ctx, 4096, func(sums []domain.Summary) error {
		for _, sum := range sums {
			if !sees(sum.Ref) {
				continue
			}
			rep.Seen++
			switch r := cfg.RetentionOfSummary(sum, now); r.State {
			case domain.RetentionPast:
				add(sum, r)
			case domain.RetentionUnknown:
				unknown = append(unknown, sum)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// An entry with no end is a record imported without the time, or
	// one FillEntries could not mend: its record says.
	for _, sum := range unknown {
		v, err := s.Visit(ctx, sum.Ref)
		if err != nil {
			fmt.Fprintf(stderr, "oic retention: %s: %v; not judged (oic verify says more)\n", sum.Ref, err)
			continue
		}
		switch r := cfg.RetentionOfVisit(v, now); r.State {
		case domain.RetentionPast:
			add(v.Summary(), r)
		case domain.RetentionUnknown:
			rep.Unknown = append(rep.Unknown, v.Ref)
		}
	}
	slices.SortFunc(rep.Past, func(a, b pastRetention) int {
		return cmp.Or(a.until.Compare(b.until), cmp.Compare(a.Ref, b.Ref))
	})

	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	for _, p := range rep.Past {
		ended, _ := time.Parse(time.RFC3339, p.Ended)
		fmt.Fprintf(stdout, "%s\t%s\tended %s\tpast by %s\n", p.Ref, p.State, ended.Format("02/01/2006"), p.PastBy)
	}
	fmt.Fprintf(stderr, "oic retention: past retention, %s of the %s you see (RET-1: kept %s after closure, cancellation or stand-down; retention_years in %s). Nothing is deleted: oic has no purge, as none may be made without an export central records acknowledged.\n",
		common.Commas(len(rep.Past)), common.Plural(rep.Seen, "visit"), common.Plural(rep.RetentionYears, "year"), filepath.Join(s.Dir(), "config.json"))
	if len(rep.Unknown) > 0 {
		fmt.Fprintf(stderr, "oic retention: %s ended with no time recorded for it, so when retention ends cannot be told; kept, to judge by hand: %s\n",
			common.Plural(len(rep.Unknown), "visit"), firstRefs(rep.Unknown, 10))
	}
	return nil
}

// retentionNote tells oic check's caller, beside the findings, that v is
// past retention at at, or that when it will be cannot be told (RET-1):
// no finding, as nothing on the visit can be done about it, and the
// exit status stays the findings'.
func retentionNote(w io.Writer, cfg domain.Config, v *domain.Visit, at time.Time) {
	r := cfg.RetentionOfVisit(v, at)
	if r.Past() || r.State == domain.RetentionUnknown {
		fmt.Fprintf(w, "oic check: %s: %s\n", v.Ref, r.Message(cfg.RetentionPeriod()))
	}
}

// retentionSees is which visits the officer signed in sees (who sees
// what, issue 17), from the reference and the officers' index, reading
// no record: their team's or region's, and those they take part in.
func retentionSees(ctx context.Context, g *globals, s *store.Store, cfg domain.Config) (func(domain.Ref) bool, error) {
	if !cfg.Administered {
		return func(domain.Ref) bool { return true }, nil
	}
	by, err := signedIn(ctx, g, s, false)
	if err != nil {
		return nil, err
	}
	if by.StaffNo == "" {
		return nil, fmt.Errorf("nobody is signed in on %s, and which visits oic retention lists depends on who asks: pass --as STAFFNO (yours)", s.Dir())
	}
	team := cfg.RefsSeen(by)
	refs, err := s.PartIn(ctx, by.StaffNo)
	if err != nil {
		return nil, err
	}
	part := make(map[domain.Ref]bool, len(refs))
	for _, ref := range refs {
		part[ref] = true
	}
	return func(ref domain.Ref) bool { return team(ref) || part[ref] }, nil
}

// firstRefs is the first max references, and how many more.
func firstRefs(refs []domain.Ref, max int) string {
	out := ""
	for i, r := range refs {
		if i == max {
			return out + fmt.Sprintf(" and %d more", len(refs)-max)
		}
		if i > 0 {
			out += ", "
		}
		out += string(r)
	}
	return out
}
