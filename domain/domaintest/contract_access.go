package domaintest

import (
	"slices"
	"sync"
	"time"

	"oic/domain"
)

// contractAccessLog: the access log numbers its entries from 1 in the
// order they were added, concurrent writers included, never two alike,
// and reads them back oldest first, filtered by time (To exclusive),
// officer and reference.
func contractAccessLog(c *contract) {
	if got, err := c.s.AccessEntries(c.ctx, domain.AccessFilter{}); err != nil || len(got) != 0 {
		c.Fatalf("an empty log: %v, %v", got, err)
	}
	a := domain.Officer{StaffNo: "IO0042", Name: "Sam Patel"}
	b := domain.Officer{StaffNo: "CIO001", Name: "Dana Okafor"}
	for i, e := range []domain.AccessEntry{
		domain.Opened(a, "SLN-2026-0001", contractT0),
		domain.Opened(b, "SLN-2026-0001", contractT0.Add(time.Hour)),
		domain.Exported(b, "/tmp/visits.jsonl", 12, contractT0.Add(2*time.Hour)),
		domain.Opened(a, "SLN-2026-0002", contractT0.Add(3*time.Hour)),
	} {
		if err := c.s.LogAccess(c.ctx, e); err != nil {
			c.Fatalf("entry %d: %v", i, err)
		}
	}
	for _, tc := range []struct {
		f    domain.AccessFilter
		want []uint64
	}{
		{domain.AccessFilter{}, []uint64{1, 2, 3, 4}},
		{domain.AccessFilter{Officer: "IO0042"}, []uint64{1, 4}},
		{domain.AccessFilter{Ref: "SLN-2026-0001"}, []uint64{1, 2}},
		{domain.AccessFilter{From: contractT0.Add(time.Hour), To: contractT0.Add(3 * time.Hour)}, []uint64{2, 3}},
		{domain.AccessFilter{Officer: "CIO001", Ref: "SLN-2026-0002"}, nil},
	} {
		got, err := c.s.AccessEntries(c.ctx, tc.f)
		if err != nil {
			c.Fatal(err)
		}
		var seqs []uint64
		for _, e := range got {
			seqs = append(seqs, e.Seq)
		}
		if !slices.Equal(seqs, tc.want) {
			c.Errorf("%+v: entries %v, want %v", tc.f, seqs, tc.want)
		}
	}
	if got, _ := c.s.AccessEntries(c.ctx, domain.AccessFilter{Ref: "SLN-2026-0001", Officer: "CIO001"}); len(got) != 1 || got[0].ByName != "Dana Okafor" || got[0].Action != domain.AccessOpened || !got[0].At.Equal(contractT0.Add(time.Hour)) {
		c.Errorf("entry read back as %+v", got)
	}
	if got, _ := c.s.AccessEntries(c.ctx, domain.AccessFilter{Officer: "CIO001", From: contractT0.Add(2 * time.Hour)}); len(got) != 1 || got[0].File != "/tmp/visits.jsonl" || got[0].Count != 12 {
		c.Errorf("the export read back as %+v", got)
	}

	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() { _ = c.s.LogAccess(c.ctx, domain.Opened(a, "SLN-2026-0003", contractT0)) })
	}
	wg.Wait()
	all, err := c.s.AccessEntries(c.ctx, domain.AccessFilter{})
	if err != nil || len(all) != 24 {
		c.Fatalf("after 20 concurrent entries: %d, %v", len(all), err)
	}
	for i, e := range all {
		if e.Seq != uint64(i+1) {
			c.Fatalf("entry %d numbered %d", i, e.Seq)
		}
	}
}
