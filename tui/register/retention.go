package register

import "time"

// The register marks † a visit past retention (RET-1: its record ended,
// by closure, cancellation or stand-down, longer ago than config.json's
// retention_years), from its list entry alone, which says when the
// record ended (domain.Summary.Ended): no record is read, whatever the
// number of visits, and only the rows drawn are judged. A record changed
// outside oic (✗) or unverified (?) keeps that mark: it is the more
// urgent. oic retention lists them all; nothing is deleted.

// retentionMark is the mark of a row past retention.
const retentionMark = "†"

// pastRetention reports whether the visit of row is past retention at now.
func (r *Screen) pastRetention(row *row, now time.Time) bool {
	return r.s.Config.RetentionOfSummary(row.sum, now).Past()
}

// retentionMarker is the mark drawn beside such a row.
func (r *Screen) retentionMarker() string { return r.s.Theme.Warn.Render(retentionMark) }

// retentionLegend says what the mark means.
func (r *Screen) retentionLegend() string {
	t := r.s.Theme
	return t.Muted.Render(" · ") + r.retentionMarker() + t.Muted.Render(" past retention")
}
