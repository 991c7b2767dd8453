package domain

import "time"

// signOffOnly says whether v is held with nothing changed but o's own
// authorisation (EPA-2) or first-line assurance (ASR-1, ASR-2), each of
// which o may give on held, and whether every audit entry v adds (added)
// is o's. It is what an authoriser or an assurer who pulled a visit to
// sign it off offline sends back; anything more is the team's to push.
// The comparison is of the records as they would be stored (JSON), with
// what a sign-off writes set aside on both sides.
func (c Config) signOffOnly(o Officer, v, held *Visit, added []AuditEntry) bool {
	if len(added) == 0 || len(v.History) < len(held.History) {
		return false
	}
	for _, e := range added {
		if e.Change.Actor != o.StaffNo {
			return false
		}
	}
	authorised := !sameJSON(v.Plan.Auth, held.Plan.Auth)
	if authorised && (held.Plan.Auth != nil || v.Plan.Auth == nil || v.Plan.Auth.By != o.StaffNo ||
		v.Plan.Auth.Rating != held.Plan.EPA.Rating || c.MayAuthoriseVisit(held, o) != nil) {
		return false
	}
	assured := !sameJSON(v.Assurance, held.Assurance)
	if assured {
		a := v.Assurance
		if held.AssuranceEditable(c, o) != nil || a.Recorded.By != o.StaffNo ||
			(a.Assured != Stamp{} && a.Assured.By != o.StaffNo) || !sameJSON(a.Acknowledged, held.Assurance.Acknowledged) {
			return false
		}
	}
	if !authorised && !assured {
		return false
	}
	for _, h := range v.History[len(held.History):] {
		if h.By != o.StaffNo || !(authorised && h.To == Authorised || assured && h.To == Assured) {
			return false
		}
	}
	if v.State != held.State && !(authorised && v.State == Authorised || assured && v.State == Assured && v.Assurance.Assured.By == o.StaffNo) {
		return false
	}
	if v.UpdatedBy != o.StaffNo {
		return false
	}
	a, b := held.Clone(), v.Clone()
	b.History = b.History[:len(held.History)]
	for _, x := range []*Visit{a, b} {
		x.Plan.Auth, x.State, x.Version = nil, "", 0
		x.UpdatedAt, x.UpdatedBy, x.UpdatedByName = time.Time{}, "", ""
		x.Assurance = Assurance{Acknowledged: x.Assurance.Acknowledged}
	}
	return sameJSON(a, b)
}
