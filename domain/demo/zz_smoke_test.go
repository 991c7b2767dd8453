package demo

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"oic/domain"
)

func TestSmokeDump(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/London")
	now := time.Date(2026, 5, 14, 10, 37, 12, 0, loc)
	n, nv := 0, 0
	states := map[domain.State]int{}
	err := Generate(Options{Visits: 400, Seed: 1, Now: now}, func(r Record) error {
		if r.Officer != nil {
			n++
			if n < 4 {
				b, _ := json.Marshal(r.Officer)
				fmt.Println(string(b))
			}
			return nil
		}
		nv++
		states[r.Visit.State]++
		if nv%40 == 0 || nv > 395 {
			b, _ := json.MarshalIndent(r.Visit, "", " ")
			fmt.Println(string(b))
			for _, c := range r.Changes {
				fmt.Printf("  %s %s %s %s\n", c.At.Format(time.DateTime), c.Action, c.ActorName, c.Reason)
			}
		}
		return nil
	})
	fmt.Println(n, nv, states, err)
}
