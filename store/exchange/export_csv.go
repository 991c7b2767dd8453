package exchange

import (
	"strconv"
	"strings"
	"time"

	"oic/domain"
)

// The CSV export: one row a visit, for spreadsheets. The columns are a
// stable, documented set (README "oic export"): a change to them is a
// change to every spreadsheet built on them, so a test fails if they
// change. Dates are dd/mm/yyyy and times 24-hour, in the zone of the
// export; counts are from the live record with corrections applied.

// csvColumn is one column: its header and how a visit fills it.
type csvColumn struct {
	name  string
	value func(c *csvVisit) string
}

type csvVisit struct {
	a    lineAudit
	v    *domain.Visit
	f    visitFacts
	loc  *time.Location
	secs []domain.DebriefSection
	o    domain.OutcomeCounts
}

// CSVColumns are the column headers, in order.
func CSVColumns() []string {
	out := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		out[i] = c.name
	}
	return out
}

var csvColumns = []csvColumn{
	{"ref", func(c *csvVisit) string { return string(c.v.Ref) }},
	{"team", func(c *csvVisit) string { return string(c.v.Basics.Team) }},
	{"premises", func(c *csvVisit) string { return c.v.Basics.Premises.Name }},
	{"address", func(c *csvVisit) string { return c.v.Basics.Premises.Address }},
	{"postcode", func(c *csvVisit) string { return string(c.v.Basics.Premises.Postcode) }},
	{"sector", func(c *csvVisit) string { return c.v.Basics.Premises.Sector }},
	{"visit_date", func(c *csvVisit) string { return c.v.Basics.PlannedStart.In(c.loc).Format("02/01/2006") }},
	{"visit_time", func(c *csvVisit) string { return c.v.Basics.PlannedStart.In(c.loc).Format("15:04") }},
	{"state", func(c *csvVisit) string { return string(c.v.State) }},
	{"intelligence_ref", func(c *csvVisit) string { return c.v.Basics.Intel.Ref }},
	{"rating", func(c *csvVisit) string { return string(planningOf(c.v).Rating) }},
	{"authorised_by", func(c *csvVisit) string {
		if a := c.v.Plan.Auth; a != nil {
			return a.Name + " (" + string(a.By) + ")"
		}
		return ""
	}},
	{"oic", func(c *csvVisit) string {
		if r, ok := c.v.Commander(domain.CommandOIC); ok {
			return r.Name + " (" + string(r.StaffNo) + ")"
		}
		return c.v.Basics.OICName + " (" + string(c.v.Basics.OIC) + ")"
	}},
	{"officers_on_site", func(c *csvVisit) string { return strconv.Itoa(c.f.onSite) }},
	{"onf_status", func(c *csvVisit) string { return string(planningOf(c.v).ONFStatus) }},
	{"onf_sent_late", func(c *csvVisit) string {
		// ONF-2, counted: yes or no; blank when none was sent (or the Met
		// arrangement was used).
		if d, sent := c.v.Plan.ONF.SentBefore(c.v.Basics.PlannedStart); sent {
			return yesNo(d < domain.ONFLeadTime)
		}
		return ""
	}},
	{"power_planned", func(c *csvVisit) string { return string(c.v.Plan.Power.Kind) }},
	{"entry_power", func(c *csvVisit) string { return c.f.entry }},
	{"encountered", func(c *csvVisit) string { return strconv.Itoa(c.f.encountered) }},
	{"cleared", outcomeCount(domain.OutcomeCleared)},
	{"arrested", outcomeCount(domain.OutcomeArrested)},
	{"detained", outcomeCount(domain.OutcomeDetained)},
	{"served", outcomeCount(domain.OutcomeServed)},
	{"referred", outcomeCount(domain.OutcomeReferred)},
	{"seizures", func(c *csvVisit) string { return strconv.Itoa(c.f.seizures) }},
	{"safeguarding", func(c *csvVisit) string { return strconv.Itoa(c.f.safeguard) }},
	{"referrals", func(c *csvVisit) string { return strconv.Itoa(c.f.referrals) }},
	{"sanctions", func(c *csvVisit) string { return strings.Join(c.v.Debrief.Sanctions, "; ") }},
	{"intelligence_judged", func(c *csvVisit) string { return c.v.Debrief.Intel.Rating }},
	{"employer_records", func(c *csvVisit) string { return c.v.Debrief.Employer.Records }},
	{"problems", func(c *csvVisit) string { return strings.Join(c.v.Debrief.Problems, "; ") }},
	{"stood_down", func(c *csvVisit) string { return csvTime(c.f.standDown, c.loc) }},
	{"closed_at", func(c *csvVisit) string { return csvTime(c.f.closedAt, c.loc) }},
	{"hours_to_closure", func(c *csvVisit) string {
		if h, ok := c.f.hoursToClosure(c.v); ok {
			return strconv.FormatFloat(h, 'f', 1, 64)
		}
		return ""
	}},
	{"closed_late", func(c *csvVisit) string { return yesNo(c.f.closedLate()) }},
	{"debrief_sections_complete", func(c *csvVisit) string {
		return strconv.Itoa(c.f.complete) + "/" + strconv.Itoa(c.f.sections)
	}},
	{"follow_ups", func(c *csvVisit) string { return strconv.Itoa(len(c.v.FollowUps)) }},
	{"police_feedback_at", func(c *csvVisit) string { return csvTime(c.v.Plan.ONF.FeedbackAt, c.loc) }},
	{"police_feedback", func(c *csvVisit) string { return c.v.Plan.ONF.Feedback }},
	{"assured", func(c *csvVisit) string { return yesNo(c.v.Assurance.Done()) }},
	{"assurance_rating", func(c *csvVisit) string { return assuranceRating(c.v) }},
	{"version", func(c *csvVisit) string { return strconv.FormatUint(c.v.Version, 10) }},
	{"audit_entries", func(c *csvVisit) string { return strconv.FormatUint(c.a.head.Seq, 10) }},
	{"audit_head", func(c *csvVisit) string { return c.a.head.Hash }},
	{"unverified", func(c *csvVisit) string { return domain.UnverifiedText(c.a.marks) }},
	// The outcomes central records count (OUT-1, JNT-1, CUS-1; ICIBI
	// figure 8), added after the columns spreadsheets already use.
	{"cprns", func(c *csvVisit) string { return strconv.Itoa(c.o.CPRNs) }},
	{"no_action_notices", func(c *csvVisit) string { return strconv.Itoa(c.o.NoActionNotices) }},
	{"workers_covered", func(c *csvVisit) string { return strconv.Itoa(c.o.WorkersCovered) }},
	{"joint_operation", func(c *csvVisit) string { return yesNo(c.o.Joint) }},
	{"agencies", func(c *csvVisit) string {
		names := make([]string, len(c.o.Agencies))
		for i, a := range c.o.Agencies {
			names[i] = a.Label()
		}
		return strings.Join(names, "; ")
	}},
	{"arrests_in_custody", func(c *csvVisit) string { return strconv.Itoa(c.o.ArrestsInCustody) }},
	{"interpreters", func(c *csvVisit) string { return strconv.Itoa(c.o.Interpreters) }},
	{"interviews", func(c *csvVisit) string { return strconv.Itoa(c.o.Interviews) }},
	{"biometric_checks", func(c *csvVisit) string { return strconv.Itoa(c.o.Biometrics) }},
}

// referralColumns count the referrals by type, one column a type
// (domain.ReferralTypes): "referrals_nrm", "referrals_hmrc"...
var referralColumns = func() []csvColumn {
	out := make([]csvColumn, len(domain.ReferralTypes))
	for i, t := range domain.ReferralTypes {
		out[i] = csvColumn{"referrals_" + columnName(t), func(c *csvVisit) string { return strconv.Itoa(c.o.Referrals[t]) }}
	}
	return out
}()

func init() { csvColumns = append(csvColumns, referralColumns...) }

// columnName is a type as a column's name: lower case, words joined by
// underscores ("social services / section 55" -> social_services_section_55).
func columnName(s string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			gap = false
			continue
		}
		gap = true
	}
	return b.String()
}

func outcomeCount(o domain.Outcome) func(*csvVisit) string {
	return func(c *csvVisit) string { return strconv.Itoa(c.f.outcomes[o]) }
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func csvTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(domain.DateTimeLayout)
}

func csvHeader() []byte {
	var b []byte
	for i, c := range csvColumns {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, c.name...)
	}
	return append(b, '\n')
}

func (r *renderer) csvRow(dst []byte, v *domain.Visit, secs []domain.DebriefSection, a lineAudit) []byte {
	c := &csvVisit{a: a, v: v, loc: r.loc, secs: secs, f: factsOf(v, secs, r.cfg), o: v.Outcomes()}
	for i, col := range csvColumns {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendCSVField(dst, col.value(c))
	}
	return append(dst, '\n')
}

// appendCSVField appends s as RFC 4180 quotes it. A cell a spreadsheet
// would take for a formula (starting =, +, -, @, tab or carriage return)
// is prefixed with an apostrophe, so a premises named "=HYPERLINK(...)"
// stays text.
func appendCSVField(dst []byte, s string) []byte {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		s = "'" + s
	}
	if !strings.ContainsAny(s, ",\"\r\n") && (s == "" || (s[0] != ' ' && s[len(s)-1] != ' ')) {
		return append(dst, s...)
	}
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, s[i])
	}
	return append(dst, '"')
}
