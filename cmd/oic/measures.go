package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"oic/domain"
	"oic/store/exchange"
)

var measuresUsage = "[--from DATE] [--to DATE] [--team CODE] [--by team|month|quarter] [--format table|csv|json] [--out FILE [--force]]"

// measuresClock is when a measures file says it was made; tests stand
// still.
var measuresClock = time.Now

// runMeasures counts the measures of effect (MOE-1) of the visits the
// filters choose, by group, from each visit's measures record: what
// visits achieved and how well they were recorded (README "oic
// measures").
func runMeasures(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("measures", stderr)
	from := fs.String("from", "", "first visit `date` to count (its planned start), as 01/03/2026")
	to := fs.String("to", "", "last visit `date` to count, as 31/03/2026")
	team := fs.String("team", "", "only this team's visits (its `code`, as SLN)")
	by := fs.String("by", "", "a group for each `team`, month or quarter of the planned start; without it, one group of every visit")
	format := fs.String("format", "table", "`table` to read, csv (a header row, a row a group) for a spreadsheet, or json")
	out := fs.String("out", "", "write to this `file`, outside the data folder, rather than to the terminal")
	force := fs.Bool("force", false, "replace the --out file if it is already there")
	if err := parseFlags(fs, args, stdout, measuresUsage); err != nil {
		return err
	}
	usageErr := func(format string, a ...any) error {
		fmt.Fprintf(stderr, "oic measures: "+format+"\nUsage: oic measures %s\n", append(a, measuresUsage)...)
		return errUsage
	}
	var f domain.MeasuresFilter
	var err error
	if *from != "" {
		if f.From, err = domain.ParseDate(*from); err != nil {
			return usageErr("--from: %v", err)
		}
	}
	if *to != "" {
		if f.To, err = domain.ParseDate(*to); err != nil {
			return usageErr("--to: %v", err)
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return usageErr("--to %s is before --from %s", f.To.UK(), f.From.UK())
	}
	if *team != "" {
		f.Team = domain.TeamCode(strings.ToUpper(strings.TrimSpace(*team)))
		if _, ok := domain.TeamByCode(f.Team); !ok {
			return usageErr("--team %s is not an ICE team code (SLN, WLN, CLN...)", *team)
		}
	}
	group, err := domain.ParseMeasuresBy(*by)
	if err != nil {
		return usageErr("--by %v", err)
	}
	*format = strings.ToLower(strings.TrimSpace(*format))
	if !slices.Contains(exchange.MeasuresFormats, *format) {
		return usageErr("--format %s: choose table, csv or json", *format)
	}
	if *force && *out == "" {
		return usageErr("--force replaces the --out file: give --out FILE too, or leave --force out")
	}

	s, cfg, err := openExisting(g)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := mayAs(ctx, g, s, cfg, domain.ActMeasures); err != nil {
		return err
	}
	tally := cfg.NewTally(f, group)
	if err := s.ScanMeasures(ctx, 4096, func(ms []domain.VisitMeasures) error {
		for _, m := range ms {
			tally.Add(m)
		}
		// The records read from the value log are done with: this
		// command writes nothing (store.ReleasePages).
		s.ReleasePages()
		return nil
	}); err != nil {
		return err
	}
	groups := tally.Groups()
	var content []byte
	switch *format {
	case "csv":
		content = exchange.MeasuresCSV(groups)
	case "json":
		r := exchange.MeasuresReport{Team: string(f.Team), By: string(group), MadeAt: measuresClock().In(cfg.Location()).Format(time.RFC3339), Version: Version()}
		if !f.From.IsZero() {
			r.From = f.From.UK()
		}
		if !f.To.IsZero() {
			r.To = f.To.UK()
		}
		if content, err = exchange.MeasuresJSON(r, groups, tally.Total); err != nil {
			return err
		}
	default:
		content = exchange.MeasuresTable(groups, tally.Total)
	}
	if *out == "" {
		_, err := stdout.Write(content)
		if err == nil && tally.Total.Visits == 0 {
			fmt.Fprintln(stderr, "oic measures: no visit matches; every figure is nought")
		}
		return err
	}
	path, err := exchange.WriteReport(s, *out, *force, content)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%w.\nPass --force to replace it, or choose another --out", err)
		}
		return err
	}
	fmt.Fprintf(stdout, "Wrote the measures of %d visits, in %d groups, to %s.\n", tally.Total.Visits, len(groups), path)
	return nil
}
