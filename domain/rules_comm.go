package domain

import "time"

// COMM-1: community impact considered and recorded.
func comm1(f *findings, v *Visit, _ Config, _ time.Time) {
	if v.Plan.Community.Impact == "" {
		f.blocks("COMM-1", "community impact not considered and recorded", "")
	}
}
