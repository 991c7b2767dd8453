package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"oic/domain"
)

const accessLogUsage = "[--from DATE] [--to DATE] [--officer STAFFNO] [--ref REF] [--json]"

// runAccessLog prints the access log (DPA 2018 s.62): every opening of a
// visit and every export, with who and when, oldest first, one a line
// as SEQ<TAB>time<TAB>officer<TAB>what, or a JSON array with --json. It
// is an administrator's to read.
func runAccessLog(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("access-log", stderr)
	from := fs.String("from", "", "first `date` to list, as 01/03/2026")
	to := fs.String("to", "", "last `date` to list, as 31/03/2026 (the whole day)")
	officer := fs.String("officer", "", "only what this `staff number` did")
	ref := fs.String("ref", "", "only the openings of this visit (its `reference`)")
	asJSON := fs.Bool("json", false, "print the entries as a JSON array")
	if err := parseFlags(fs, args, stdout, accessLogUsage); err != nil {
		return err
	}
	usageErr := func(format string, a ...any) error {
		fmt.Fprintf(stderr, "oic access-log: "+format+"\nUsage: oic access-log %s\n", append(a, accessLogUsage)...)
		return errUsage
	}
	var f domain.AccessFilter
	var fromDay, toDay domain.Date
	var err error
	if *from != "" {
		if fromDay, err = domain.ParseDate(*from); err != nil {
			return usageErr("--from: %v", err)
		}
	}
	if *to != "" {
		if toDay, err = domain.ParseDate(*to); err != nil {
			return usageErr("--to: %v", err)
		}
	}
	if !fromDay.IsZero() && !toDay.IsZero() && toDay.Before(fromDay) {
		return usageErr("--to %s is before --from %s", toDay.UK(), fromDay.UK())
	}
	if *officer != "" {
		if f.Officer, err = domain.ParseStaffNo(*officer); err != nil {
			return usageErr("--officer %q: %v", *officer, err)
		}
	}
	if *ref != "" {
		r, err := domain.ParseRef(*ref)
		if err != nil {
			return usageErr("--ref %q: %v", *ref, err)
		}
		f.Ref = r
	}
	s, cfg, err := openExisting(g)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := mayAs(ctx, g, s, cfg, domain.ActAccessLog); err != nil {
		return err
	}
	// Days are the officers' (config.json's time zone), whole days.
	loc := cfg.Location()
	if !fromDay.IsZero() {
		f.From = fromDay.In(loc)
	}
	if !toDay.IsZero() {
		f.To = toDay.In(loc).AddDate(0, 0, 1)
	}
	entries, err := s.AccessEntries(ctx, f)
	if err != nil {
		return err
	}
	if *asJSON {
		if entries == nil {
			entries = []domain.AccessEntry{}
		}
		return encodeJSON(stdout, entries)
	}
	for _, e := range entries {
		what := e.Action + " " + string(e.Ref)
		if e.Action == domain.AccessExported {
			what = fmt.Sprintf("exported %d visits to %s", e.Count, e.File)
		}
		who := domain.Officer{StaffNo: e.By, Name: e.ByName}.Label()
		fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\n", e.Seq, e.At.In(loc).Format(domain.DateTimeLayout), oneLine(who), oneLine(strings.TrimSpace(what)))
	}
	if len(entries) == 0 {
		fmt.Fprintf(stderr, "oic access-log: no entries in %s match\n", s.Dir())
	}
	return nil
}
