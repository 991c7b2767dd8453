package exchange

import (
	"encoding/json"
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
	lines = lines[:len(lines)-1]                      // after the last newline
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
