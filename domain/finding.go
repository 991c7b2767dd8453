package domain

import (
	"fmt"
	"slices"
	"strings"
)

// Severity says whether a finding stops the visit moving on or only asks
// for attention.
type Severity string

const (
	Blocks Severity = "blocks" // the visit cannot be authorised (or move on) while it stands
	Warns  Severity = "warns"  // worth acting on; does not stop the visit
)

// Finding is one rule of DOMAIN.md that a visit does not yet meet. Readiness
// produces them; the planning tab, `oic check`, the duty CIO's dashboard and
// assurance all read the same list, so they never disagree.
type Finding struct {
	Rule     string   `json:"rule"`     // DOMAIN.md rule ID, e.g. "EPA-2"
	Severity Severity `json:"severity"` // blocks or warns
	Message  string   `json:"message"`  // what is wrong, in words a tired officer understands
	Do       string   `json:"do"`       // what to do about it
}

// String reads "EPA-2 blocks: amber needs an HMI or above to authorise; ...".
func (f Finding) String() string {
	return f.Rule + " " + string(f.Severity) + ": " + f.Message
}

// Blocking returns the findings that block, in order.
func Blocking(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Severity == Blocks {
			out = append(out, f)
		}
	}
	return out
}

// sortFindings puts blocking findings first, then keeps catalogue order, so
// the most urgent reads first and the list does not jump about as it changes.
func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if a.Severity != b.Severity {
			if a.Severity == Blocks {
				return -1
			}
			return 1
		}
		return ruleOrder(a.Rule) - ruleOrder(b.Rule)
	})
}

// BlockedError refuses a step while findings block it, listing them all so
// the officer can clear them in one pass.
type BlockedError struct {
	Ref      Ref
	To       State
	Findings []Finding // the blocking findings
}

func (e *BlockedError) Error() string {
	verb := verbs[e.To]
	if verb == "" {
		verb = "move to " + string(e.To)
	}
	parts := make([]string, len(e.Findings))
	for i, f := range e.Findings {
		parts[i] = f.String()
	}
	n := "1 finding blocks"
	if len(e.Findings) != 1 {
		n = fmt.Sprintf("%d findings block", len(e.Findings))
	}
	return fmt.Sprintf("cannot %s %s: %s: %s", verb, e.Ref, n, strings.Join(parts, "; "))
}
