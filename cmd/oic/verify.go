package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"oic/store"
)

const verifyUsage = "[--rebuild] [--json]"

// runVerify checks the whole data folder (store.Verify): every visit,
// officer and audit trail, and Badger's own checksums. It lists each
// problem as SUBJECT<TAB>problem, or as JSON with --json, and exits 0
// when there is none, 1 when there are problems and 2 when it could not
// check.
func runVerify(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("verify", stderr)
	asJSON := fs.Bool("json", false, "print {checked: {visits, officers, audit_entries}, problems: [{ref|officer|key, problem}]}")
	rebuild := fs.Bool("rebuild", false, "first make the premises index and each visit's measures again from the records, then verify")
	if err := parseFlags(fs, args, stdout, verifyUsage); err != nil {
		return err
	}
	dir, err := g.dir()
	if err != nil {
		return &exitError{Code: 2, Err: err}
	}
	if *rebuild {
		// Marked here, made by the opening below, with its progress shown.
		s, _, err := openExisting(g)
		if err != nil {
			return &exitError{Code: 2, Err: err}
		}
		err = s.MarkMadeStale()
		if cerr := s.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return &exitError{Code: 2, Err: fmt.Errorf("could not rebuild the premises index and measures of %s: %w", dir, err)}
		}
	}
	// Badger checks every value it reads against its own checksum.
	s, _, err := openExistingWith(g, store.Options{VerifyValues: true})
	if err != nil {
		return &exitError{Code: 2, Err: err}
	}
	defer s.Close()
	// Verifying reads every trail and document and keeps none, as an
	// export makes garbage of every visit: collect less often, under a
	// soft limit. At 100 MB the live heap (about 50 MB at 100,000 visits)
	// left the collector running most of the time (BENCHMARKS.md, "oic
	// verify checks every key"); an encrypted store's caches live in the
	// heap too (the live heap 170-196 MB), and get room of their own
	// (BENCHMARKS.md, issue 18's restore).
	defer tuneGC(400, 240<<20+s.HeapCaches())()
	prog := newCounter(stderr, "Verifying")
	began := time.Now()
	ck, problems, err := s.Verify(ctx, prog.show)
	prog.clear()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			err = fmt.Errorf("verify interrupted; nothing was changed")
		}
		return &exitError{Code: 2, Err: fmt.Errorf("could not verify %s: %w", dir, err)}
	}
	if *asJSON {
		if problems == nil {
			problems = []store.Problem{} // [], not null
		}
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Checked  store.Checked   `json:"checked"`
			Problems []store.Problem `json:"problems"`
		}{ck, problems}); err != nil {
			return &exitError{Code: 2, Err: err}
		}
	} else {
		for _, p := range problems {
			fmt.Fprintf(stdout, "%s\t%s\n", p.Subject(), oneLine(p.What))
		}
	}
	what := fmt.Sprintf("%d visits, %d officers and %d audit entries", ck.Visits, ck.Officers, ck.Entries)
	if len(problems) > 0 {
		changed := "Nothing was changed."
		if *rebuild {
			changed = "The premises index, the officers' index and the measures were made again; nothing else was changed."
		}
		advice := changed + " Report them, and restore the folder from a backup."
		if !slices.ContainsFunc(problems, func(p store.Problem) bool { return !p.Rebuildable() }) {
			// The records are sound: what they make can be made again.
			advice = changed + " The records are sound: run oic verify --rebuild to make the premises index, the officers' index and the measures again from them."
		}
		fmt.Fprintf(stderr, "oic verify: %d problems in %s (%s checked in %s). %s\n",
			len(problems), dir, what, seconds(time.Since(began)), advice)
		return &exitError{Code: 1}
	}
	checksums := "and Badger's checksums hold"
	if g.served != nil {
		// The server's store reads values without Badger's checksums
		// (store.Options.VerifyValues): only a local verify checks them.
		checksums = "which is what marks a record changed outside oic; Badger's own checksums are checked by oic verify on the server host, with the server stopped"
	}
	fmt.Fprintf(stderr, "oic verify: %s verified in %s: every record is the one its audit trail sealed, every trail is whole, %s.\n",
		what, seconds(time.Since(began)), checksums)
	return nil
}
