package domain

import (
	"fmt"
	"time"
)

// INC-1: a critical incident declared and not stood down stands out on every
// screen of the visit and is reported to the duty CIO.
func inc1(f *findings, v *Visit, _ Config, now time.Time) {
	if e, ok := v.ActiveIncident(); ok {
		f.blocks("INC-1", fmt.Sprintf("critical incident declared at %s by %s (%s ago): %s", e.At.Format("15:04"), e.Recorded.ByName, hoursText(now.Sub(e.At)), oneLine(e.Text)),
			"Follow the critical incident procedure with the duty CIO; stand it down on the live tab (!) when it is over.")
	}
}
