package exchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"oic/domain"
	"oic/store"
	"oic/store/internal/sysio"
)

// The measures of effect (MOE-1) as they leave oic (oic measures): a
// table to read, a CSV with one header row and one row a group for a
// spreadsheet, or JSON. The columns are fixed, whatever the figures, so
// a spreadsheet built on one month's file reads the next.

// MeasuresFormats are the formats of oic measures, the first the usual.
var MeasuresFormats = []string{"table", "csv", "json"}

// measuresColumn is one column of the CSV: its header and its figure.
type measuresColumn struct {
	name  string
	value func(g *domain.MeasuresGroup) string
}

// slug is s as a column name: "Restaurant / takeaway" is
// restaurant_takeaway, "stood down" stood_down.
func slug(s string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			under = false
		} else {
			under = true
		}
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

func sum(ns []int) int {
	t := 0
	for _, n := range ns {
		t += n
	}
	return t
}

// percent is a rate as a percentage to one place, or "" when it applies
// to no visit.
func percent(rate float64, ok bool) string {
	if !ok {
		return ""
	}
	return strconv.FormatFloat(100*rate, 'f', 1, 64)
}

var measuresColumns = func() []measuresColumn {
	cols := []measuresColumn{
		{"group", func(g *domain.MeasuresGroup) string { return g.Key }},
		{"visits", func(g *domain.MeasuresGroup) string { return itoa(g.Visits) }},
	}
	for i, s := range domain.States {
		cols = append(cols, measuresColumn{"state_" + slug(string(s)), func(g *domain.MeasuresGroup) string { return itoa(g.States[i]) }})
	}
	for i, s := range append(domain.Sectors[:len(domain.Sectors):len(domain.Sectors)], "none") {
		cols = append(cols, measuresColumn{"sector_" + slug(s), func(g *domain.MeasuresGroup) string { return itoa(g.Sectors[i]) }})
	}
	cols = append(cols, measuresColumn{"encountered", func(g *domain.MeasuresGroup) string { return itoa(g.Encountered) }})
	for i, o := range domain.Outcomes {
		cols = append(cols, measuresColumn{"encounter_" + slug(strings.TrimSuffix(string(o), " (right to work)")), func(g *domain.MeasuresGroup) string { return itoa(g.Outcomes[i]) }})
	}
	cols = append(cols,
		measuresColumn{"arrests", func(g *domain.MeasuresGroup) string { return itoa(g.Arrests()) }},
		measuresColumn{"arrests_in_custody", func(g *domain.MeasuresGroup) string { return itoa(g.InCustody) }},
		measuresColumn{"interpreters", func(g *domain.MeasuresGroup) string { return itoa(g.Interpreters) }},
		measuresColumn{"interviews", func(g *domain.MeasuresGroup) string { return itoa(g.Interviews) }},
		measuresColumn{"biometrics", func(g *domain.MeasuresGroup) string { return itoa(g.Biometrics) }},
		measuresColumn{"illegal_workers", func(g *domain.MeasuresGroup) string { return itoa(g.IllegalWorkers) }},
		measuresColumn{"cprns", func(g *domain.MeasuresGroup) string { return itoa(g.CPRNs()) }},
		measuresColumn{"no_action_notices", func(g *domain.MeasuresGroup) string { return itoa(g.NoAction) }},
		measuresColumn{"workers_covered", func(g *domain.MeasuresGroup) string { return itoa(g.WorkersCovered) }})
	for i, k := range domain.ReferralTypes {
		cols = append(cols, measuresColumn{"referral_" + slug(k), func(g *domain.MeasuresGroup) string { return itoa(g.Referrals[i]) }})
	}
	cols = append(cols, measuresColumn{"safeguarding_referrals", func(g *domain.MeasuresGroup) string { return itoa(g.SafeguardingReferrals()) }})
	for i, k := range domain.SafeguardingKinds {
		cols = append(cols, measuresColumn{"safeguarding_" + slug(k), func(g *domain.MeasuresGroup) string { return itoa(g.Safeguarding[i]) }})
	}
	cols = append(cols,
		measuresColumn{"critical_incidents", func(g *domain.MeasuresGroup) string { return itoa(g.Incidents) }},
		measuresColumn{"operations", func(g *domain.MeasuresGroup) string { return itoa(g.Operations) }},
		measuresColumn{"joint_operations", func(g *domain.MeasuresGroup) string { return itoa(g.Joint) }},
		measuresColumn{"joint_operations_pct", func(g *domain.MeasuresGroup) string { return percent(g.JointShare()) }})
	for i, a := range domain.Agencies {
		cols = append(cols, measuresColumn{"agency_" + slug(string(a)), func(g *domain.MeasuresGroup) string { return itoa(g.Agencies[i]) }})
	}
	for q := range domain.NumQualities {
		name := domain.Qualities[q].Column
		cols = append(cols,
			measuresColumn{name + "_met", func(g *domain.MeasuresGroup) string { return itoa(g.Met[q]) }},
			measuresColumn{name + "_of", func(g *domain.MeasuresGroup) string { return itoa(g.Applies[q]) }},
			measuresColumn{name + "_pct", func(g *domain.MeasuresGroup) string { return percent(g.Rate(q)) }})
	}
	return cols
}()

// MeasuresColumns are the CSV's column headers, in order.
func MeasuresColumns() []string {
	out := make([]string, len(measuresColumns))
	for i, c := range measuresColumns {
		out[i] = c.name
	}
	return out
}

// MeasuresCSV is groups as CSV: a header row, then one row a group.
func MeasuresCSV(groups []domain.MeasuresGroup) []byte {
	var b []byte
	for i, c := range measuresColumns {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, c.name...)
	}
	b = append(b, '\n')
	for gi := range groups {
		for i, c := range measuresColumns {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendCSVField(b, c.value(&groups[gi]))
		}
		b = append(b, '\n')
	}
	return b
}

// MeasuresTable is groups and their total as a table to read: a row a
// figure, a column a group. Counts of states, sectors and kinds that
// are nought in every group are left out, to keep it short.
func MeasuresTable(groups []domain.MeasuresGroup, total domain.MeasuresGroup) []byte {
	all := groups
	if len(groups) != 1 || groups[0].Key != total.Key {
		all = append(groups[:len(groups):len(groups)], total)
	}
	var rows [][]string
	row := func(label string, cell func(g *domain.MeasuresGroup) string) {
		r := []string{label}
		for i := range all {
			r = append(r, cell(&all[i]))
		}
		rows = append(rows, r)
	}
	counts := func(label string, cell func(g *domain.MeasuresGroup) int) {
		for i := range all {
			if cell(&all[i]) != 0 {
				row(label, func(g *domain.MeasuresGroup) string { return itoa(cell(g)) })
				return
			}
		}
	}
	row("", func(g *domain.MeasuresGroup) string { return g.Key })
	row("visits", func(g *domain.MeasuresGroup) string { return itoa(g.Visits) })
	for i, s := range domain.States {
		counts("  "+string(s), func(g *domain.MeasuresGroup) int { return g.States[i] })
	}
	for i, s := range append(domain.Sectors[:len(domain.Sectors):len(domain.Sectors)], "no sector") {
		counts("  "+s, func(g *domain.MeasuresGroup) int { return g.Sectors[i] })
	}
	row("people encountered", func(g *domain.MeasuresGroup) string { return itoa(g.Encountered) })
	for i, o := range domain.Outcomes {
		counts("  "+string(o), func(g *domain.MeasuresGroup) int { return g.Outcomes[i] })
	}
	row("arrests", func(g *domain.MeasuresGroup) string { return itoa(g.Arrests()) })
	counts("  booked into custody (CUS-1)", func(g *domain.MeasuresGroup) int { return g.InCustody })
	counts("  interpreter needed", func(g *domain.MeasuresGroup) int { return g.Interpreters })
	counts("people interviewed", func(g *domain.MeasuresGroup) int { return g.Interviews })
	counts("biometrics checked", func(g *domain.MeasuresGroup) int { return g.Biometrics })
	row("people working illegally", func(g *domain.MeasuresGroup) string { return itoa(g.IllegalWorkers) })
	row("civil penalty referral notices", func(g *domain.MeasuresGroup) string { return itoa(g.CPRNs()) })
	row("no action notices", func(g *domain.MeasuresGroup) string { return itoa(g.NoAction) })
	row("  workers covered (OUT-1)", func(g *domain.MeasuresGroup) string { return itoa(g.WorkersCovered) })
	row("referrals", func(g *domain.MeasuresGroup) string { return itoa(sum(g.Referrals[:])) })
	for i, k := range domain.ReferralTypes {
		counts("  "+k, func(g *domain.MeasuresGroup) int { return g.Referrals[i] })
	}
	row("safeguarding referrals", func(g *domain.MeasuresGroup) string { return itoa(g.SafeguardingReferrals()) })
	for i, k := range domain.SafeguardingKinds {
		counts("  "+k, func(g *domain.MeasuresGroup) int { return g.Safeguarding[i] })
	}
	row("critical incidents", func(g *domain.MeasuresGroup) string { return itoa(g.Incidents) })
	row("operations (deployed)", func(g *domain.MeasuresGroup) string { return itoa(g.Operations) })
	row("joint operations (JNT-1)", func(g *domain.MeasuresGroup) string {
		if p := percent(g.JointShare()); p != "" {
			return fmt.Sprintf("%s%% (%d)", p, g.Joint)
		}
		return "-"
	})
	for i, a := range domain.Agencies {
		counts("  "+string(a), func(g *domain.MeasuresGroup) int { return g.Agencies[i] })
	}
	rows = append(rows, []string{"record quality"})
	for q := range domain.NumQualities {
		info := domain.Qualities[q]
		row("  "+info.Label+" ("+info.Rule+")", func(g *domain.MeasuresGroup) string {
			if p := percent(g.Rate(q)); p != "" {
				return fmt.Sprintf("%s%% of %d", p, g.Applies[q])
			}
			return "-"
		})
	}
	// The labels left-aligned, the figures right-aligned under their
	// group.
	width := 0
	for _, r := range rows {
		width = max(width, utf8.RuneCountInString(r[0]))
	}
	var buf bytes.Buffer
	w := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, r := range rows {
		fmt.Fprint(w, r[0]+strings.Repeat(" ", width-utf8.RuneCountInString(r[0])), "\t")
		for _, c := range r[1:] {
			fmt.Fprint(w, c, "\t")
		}
		fmt.Fprintln(w)
	}
	w.Flush()
	return buf.Bytes()
}

// measuresJSON is a group as the JSON format writes it.
type measuresJSON struct {
	Group                 string                 `json:"group"`
	Visits                int                    `json:"visits"`
	States                map[string]int         `json:"states"`
	Sectors               map[string]int         `json:"sectors"`
	Encountered           int                    `json:"encountered"`
	Encounters            map[string]int         `json:"encounters"`
	Arrests               int                    `json:"arrests"`
	ArrestsInCustody      int                    `json:"arrests_in_custody"`
	Interpreters          int                    `json:"interpreters"`
	Interviews            int                    `json:"interviews"`
	Biometrics            int                    `json:"biometrics"`
	IllegalWorkers        int                    `json:"illegal_workers"`
	CPRNs                 int                    `json:"cprns"`
	NoActionNotices       int                    `json:"no_action_notices"`
	WorkersCovered        int                    `json:"workers_covered"`
	Referrals             map[string]int         `json:"referrals"`
	SafeguardingReferrals int                    `json:"safeguarding_referrals"`
	Safeguarding          map[string]int         `json:"safeguarding"`
	CriticalIncidents     int                    `json:"critical_incidents"`
	Operations            int                    `json:"operations"`
	JointOperations       int                    `json:"joint_operations"`
	JointShare            *float64               `json:"joint_operations_share"` // null with no operation
	Agencies              map[string]int         `json:"agencies"`
	Quality               map[string]qualityJSON `json:"quality"`
}

type qualityJSON struct {
	Rule string   `json:"rule"`
	Met  int      `json:"met"`
	Of   int      `json:"of"`
	Rate *float64 `json:"rate"` // null when it applies to no visit
}

func counted(names []string, counts []int) map[string]int {
	out := make(map[string]int, len(names))
	for i, n := range names {
		out[n] = counts[i]
	}
	return out
}

func groupJSON(g *domain.MeasuresGroup) measuresJSON {
	states := make([]string, len(domain.States))
	for i, s := range domain.States {
		states[i] = string(s)
	}
	outcomes := make([]string, len(domain.Outcomes))
	for i, o := range domain.Outcomes {
		outcomes[i] = string(o)
	}
	j := measuresJSON{
		Group: g.Key, Visits: g.Visits,
		States:      counted(states, g.States[:]),
		Sectors:     counted(append(domain.Sectors[:len(domain.Sectors):len(domain.Sectors)], ""), g.Sectors[:]),
		Encountered: g.Encountered, Encounters: counted(outcomes, g.Outcomes[:]),
		Arrests: g.Arrests(), ArrestsInCustody: g.InCustody, Interpreters: g.Interpreters, Interviews: g.Interviews, Biometrics: g.Biometrics,
		IllegalWorkers: g.IllegalWorkers, CPRNs: g.CPRNs(), NoActionNotices: g.NoAction, WorkersCovered: g.WorkersCovered,
		Referrals:             counted(domain.ReferralTypes, g.Referrals[:]),
		SafeguardingReferrals: g.SafeguardingReferrals(),
		Safeguarding:          counted(domain.SafeguardingKinds, g.Safeguarding[:]),
		CriticalIncidents:     g.Incidents, Operations: g.Operations, JointOperations: g.Joint,
		Agencies: map[string]int{},
		Quality:  map[string]qualityJSON{},
	}
	if share, ok := g.JointShare(); ok {
		j.JointShare = &share
	}
	for i, a := range domain.Agencies {
		j.Agencies[string(a)] = g.Agencies[i]
	}
	for q := range domain.NumQualities {
		qj := qualityJSON{Rule: domain.Qualities[q].Rule, Met: g.Met[q], Of: g.Applies[q]}
		if r, ok := g.Rate(q); ok {
			qj.Rate = &r
		}
		j.Quality[domain.Qualities[q].Column] = qj
	}
	return j
}

// MeasuresReport says what a measures file covers, for its JSON.
type MeasuresReport struct {
	From, To string // UK dates, or "" for no limit
	Team     string
	By       string
	MadeAt   string
	Version  string
}

// MeasuresJSON is groups and their total as one JSON document, with
// what it covers.
func MeasuresJSON(r MeasuresReport, groups []domain.MeasuresGroup, total domain.MeasuresGroup) ([]byte, error) {
	doc := struct {
		From    string         `json:"from,omitempty"`
		To      string         `json:"to,omitempty"`
		Team    string         `json:"team,omitempty"`
		By      string         `json:"by,omitempty"`
		MadeAt  string         `json:"made_at"`
		Version string         `json:"tool_version"`
		Groups  []measuresJSON `json:"groups"`
		Total   measuresJSON   `json:"total"`
	}{From: r.From, To: r.To, Team: r.Team, By: r.By, MadeAt: r.MadeAt, Version: r.Version, Total: groupJSON(&total)}
	for i := range groups {
		doc.Groups = append(doc.Groups, groupJSON(&groups[i]))
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	return append(b, '\n'), err
}

// WriteReport writes content to path by the export's rules for files
// (ExportFile): never inside the data folder, never over a file already
// there unless overwrite, whole or not at all, readable by its owner
// alone. It returns the path written.
func WriteReport(s *store.Store, path string, overwrite bool, content []byte) (string, error) {
	path = physicalPath(path)
	if err := outsideDataFolder(s.Dir(), path); err != nil {
		return "", err
	}
	if _, err := os.Lstat(path); err == nil && !overwrite {
		return "", alreadyThere(path)
	}
	if _, err := sysio.SweepPartials(path); err != nil && !errors.Is(err, sysio.ErrFolderUnreadable) {
		return "", fmt.Errorf("cannot remove what an earlier write to %s left behind: %w", path, sysio.PlainPathError(err))
	}
	out, err := sysio.CreateAtomic(path)
	if err != nil {
		return "", err
	}
	defer out.Abort()
	if _, err := out.Write(content); err != nil {
		return "", fmt.Errorf("writing %s: %w", path, sysio.PlainPathError(err))
	}
	if !overwrite {
		if _, err := os.Lstat(path); err == nil {
			return "", alreadyThere(path)
		}
	}
	if err := sysio.CommitAll(out); err != nil {
		return "", err
	}
	return path, nil
}
