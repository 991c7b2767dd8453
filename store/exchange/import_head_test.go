package exchange

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/store/exchange/jsoncheck"
)

// A line read the long way has its summary made from its head alone
// (visitHead): the summary, register mark and all, must be the one the
// whole visit gives, whatever its state and its assurance feedback. The
// feedback mark (domain.Visit.FeedbackMark) reads whether the OIC has
// acknowledged the feedback, which the head once left out: an
// acknowledged visit imported so was marked as waiting.
func TestVisitHeadSummaryIsTheVisits(t *testing.T) {
	laptop, _, visits := twoStores(t)
	lines := exportLines(t, laptop, t.TempDir())[1:] // the provenance first
	lines = lines[:len(lines)-1]                     // after the last newline
	if len(lines) != len(visits) {
		t.Fatalf("%d lines of %d visits", len(lines), len(visits))
	}
	at := t0.Add(100 * time.Hour)
	stamp := domain.Stamp{By: alice.StaffNo, ByName: alice.Name, At: at}
	variants := map[string]func(v *domain.Visit){
		"as exported": func(*domain.Visit) {},
		"assured, feedback waiting": func(v *domain.Visit) {
			v.State, v.Assurance.Assured = domain.Assured, stamp
		},
		"assured, feedback acknowledged": func(v *domain.Visit) {
			v.State, v.Assurance.Assured, v.Assurance.Acknowledged = domain.Assured, stamp, stamp
		},
	}
	sc := jsoncheck.NewChecker()
	schemas, err := lineSchemas()
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range lines {
		for name, change := range variants {
			var whole visitLine
			if err := json.Unmarshal([]byte(line), &whole); err != nil {
				t.Fatal(err)
			}
			change(whole.Visit)
			// The line again, as an export writes it: the head is read
			// from the members the schema found.
			m := map[string]json.RawMessage{}
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatal(err)
			}
			doc, _ := json.Marshal(whole.Visit)
			if err := json.Unmarshal(doc, &m); err != nil {
				t.Fatal(err)
			}
			text, _ := json.Marshal(m)
			if msg := sc.Check(schemas.visit, text); msg != "" {
				t.Fatalf("line %d, %s: %s", i+2, name, msg)
			}
			v, _, err := visitHead(headOf(nil, text, sc.Members()))
			if err != nil {
				t.Fatalf("line %d, %s: %v", i+2, name, err)
			}
			if got, want := v.Summary(), whole.Visit.Summary(); got != want {
				t.Errorf("%s, %s: the head gives the summary\n%+v\nthe visit\n%+v", whole.Visit.Ref, name, got, want)
			}
		}
	}
}

// The quick way decodes a line's document in the line's own memory
// (readQuick), which the next line is read into: what its plan keeps
// must not be in it. Each line is checked, then its memory overwritten,
// and its plan must still hold its reference and summary.
func TestCheckedPlanKeepsNothingOfTheLine(t *testing.T) {
	laptop, central, _ := twoStores(t)
	lines := exportLines(t, laptop, t.TempDir())[1:]
	lines = lines[:len(lines)-1]
	schemas, err := lineSchemas()
	if err != nil {
		t.Fatal(err)
	}
	snap, err := central.Snapshot(1)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	lc := &lineChecker{sc: jsoncheck.NewChecker()}
	for i, line := range lines {
		var whole visitLine
		if err := json.Unmarshal([]byte(line), &whole); err != nil {
			t.Fatal(err)
		}
		buf := []byte(strings.TrimSuffix(line, "\n"))
		p, errs := checkLine(snap.Readers()[0], lc, i+2, buf, schemas, lineHistory{schema: ExportSchemaVersion, cfg: domain.DefaultConfig()})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if p.visit == nil {
			t.Fatalf("line %d was not read the quick way: the test would prove nothing", i+2)
		}
		for j := range buf {
			buf[j] = 'X'
		}
		if want := whole.Visit.Summary(); p.summary != want || p.ref != want.Ref {
			t.Errorf("line %d, its memory used again: the plan holds %s and\n%+v\nnot\n%+v", i+2, p.ref, p.summary, want)
		}
	}
}
