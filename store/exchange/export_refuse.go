package exchange

import (
	"errors"
	"fmt"
	"strings"

	"oic/domain"
)

// changedRecords are the visits an export met whose records are not the
// ones their audit trails sealed, or whose trails are broken
// (domain.RecordError). An export holding
// any of them is refused whole, naming every one, so a record changed
// outside oic never leaves it looking verified, nor does an export
// quietly lack a visit.
type changedRecords []*domain.RecordError

// add keeps err if it is a visit's record failing its seal, and reports
// whether it was.
func (c *changedRecords) add(err error) bool {
	var re *domain.RecordError
	if !errors.As(err, &re) {
		return false
	}
	*c = append(*c, re)
	return true
}

func (c changedRecords) Error() string {
	var b strings.Builder
	// Each line says what: a record not the one its trail sealed, or a
	// trail itself broken.
	fmt.Fprintf(&b, "the export was refused and nothing was written: %s changed outside oic:",
		plural(len(c), "visit's record was", "visits' records were"))
	for _, re := range c {
		fmt.Fprintf(&b, "\n  %s: %s", re.Ref, re.Problem)
	}
	b.WriteString("\nReport it, and restore the data folder from a backup; oic verify lists every problem in the folder.")
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
