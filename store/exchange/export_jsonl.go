package exchange

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"oic/domain"
	"oic/store"
)

// The JSON Lines export: a provenance line, then one line a visit holding
// the visit's whole document followed by what is derived from it and its
// whole audit trail (schema/visit-export-v3.schema.json). The document is written as the
// store holds it, byte for byte, so a visit line costs no re-encoding of
// the record; the derived keys are appended by hand with encoding/json's
// exact output (a test holds the two equal).

// provenance is the first line's object.
type provenance struct {
	Format        string        `json:"format" text:"line"`
	SchemaVersion int           `json:"schema_version"`
	Tool          string        `json:"tool" text:"line"`
	ToolVersion   string        `json:"tool_version" text:"line"`
	ExportedBy    exportOfficer `json:"exported_by"`
	ExportedAt    time.Time     `json:"exported_at"`
	Filters       exportFilters `json:"filters"`
	Redacted      bool          `json:"redacted"`
	Count         int           `json:"count"`
	// DerivedVersion is derivedVersion, how the derived keys of each
	// line were made; 0 in files from before it was given.
	DerivedVersion uint64 `json:"derived_version,omitempty"`
}

type exportFilters struct {
	States   []domain.State   `json:"states"`
	From     domain.Date      `json:"from"`
	To       domain.Date      `json:"to"`
	Team     *domain.TeamCode `json:"team"`
	TimeZone string           `json:"time_zone,omitempty" text:"line"`
}

type exportOfficer struct {
	StaffNo domain.StaffNo `json:"staff_no"`
	Name    string         `json:"name" text:"line"`
	Grade   string         `json:"grade,omitempty" text:"line"`
	Team    string         `json:"team,omitempty" text:"line"`
}

// exportSection is a debrief section as exported: the domain's section
// with whether it is complete.
type exportSection struct {
	ID       domain.SectionID `json:"id"`
	Title    string           `json:"title"`
	Rule     string           `json:"rule"`
	Complete bool             `json:"complete"`
	Facts    []string         `json:"facts,omitempty"`
	Recorded []string         `json:"recorded,omitempty"`
	Missing  []string         `json:"missing,omitempty"`
}

// planningSummary is the planning behind the visit, in brief.
type planningSummary struct {
	Rating          domain.Rating   `json:"rating"`
	AuthorisedBy    *exportOfficer  `json:"authorised_by"`
	AuthorisedAt    *time.Time      `json:"authorised_at"`
	ChecksDone      int             `json:"checks_done"`
	ChecksWithdrawn int             `json:"checks_withdrawn"`
	TracesFound     int             `json:"traces_found"`
	ONFStatus       domain.ONFState `json:"onf_status"`
	// ONFSentLate: sent under 3 days before the visit (ONF-2), kept
	// whatever came after, so lateness can be counted; ONFHoursBefore is
	// how many whole hours before the visit it went, nil if none was sent
	// (or the Met arrangement was used).
	ONFSentLate    bool               `json:"onf_sent_late"`
	ONFHoursBefore *int               `json:"onf_sent_hours_before"`
	Recces         []domain.RecceKind `json:"recces"`
	PowerPlanned   domain.PowerKind   `json:"power_planned"`
}

// exportAudit is a visit line's "audit" member: the visit's audit trail
// in the exporting store, every entry of it (schema version 2 on; before,
// its length and head alone), and the marks of a visit that cannot be
// verified back to its origin (domain.UnverifiedOf), if any.
type exportAudit struct {
	Entries    uint64              `json:"entries"`
	Head       string              `json:"head"`
	Trail      []domain.AuditEntry `json:"trail,omitempty"`
	Unverified []string            `json:"unverified,omitempty"`
}

// lineAudit is what a visit line's audit member is made of: the trail's
// head, its entries as a JSON array's contents (written as they are),
// and the visit's unverified marks.
type lineAudit struct {
	head  store.AuditHead
	trail []byte
	marks []string
}

// visitLine is a visit line as a Go value: what encoding/json would be
// given to write the same line, and what an import reads one into.
type visitLine struct {
	*domain.Visit
	DebriefSections []exportSection `json:"debrief_sections"`
	PlanningSummary planningSummary `json:"planning_summary"`
	Audit           exportAudit     `json:"audit"`
}

func (r *renderer) provenance(count int) provenance {
	o := r.opt
	p := provenance{
		Format: exportFormatName, SchemaVersion: ExportSchemaVersion, Tool: "oic", ToolVersion: o.ToolVersion, DerivedVersion: derivedVersion,
		ExportedBy: exportOfficer{StaffNo: o.By.StaffNo, Name: o.By.Name, Grade: o.By.Grade, Team: string(o.By.Team)},
		ExportedAt: o.At,
		Filters:    exportFilters{States: ExportStates, From: o.Filter.From, To: o.Filter.To, TimeZone: r.loc.String()},
		Redacted:   o.Redact, Count: count,
	}
	if p.ToolVersion == "" {
		p.ToolVersion = "dev"
	}
	if o.Filter.Team != "" {
		t := o.Filter.Team
		p.Filters.Team = &t
	}
	if o.Visits != nil {
		p.Filters.States = domain.States
	}
	return p
}

func (r *renderer) jsonlHeader(count int) []byte {
	b, err := json.Marshal(struct {
		P provenance `json:"provenance"`
	}{r.provenance(count)})
	if err != nil { // plain values only
		panic(err)
	}
	return append(b, '\n')
}

func sectionsOf(secs []domain.DebriefSection) []exportSection {
	out := make([]exportSection, len(secs))
	for i, s := range secs {
		out[i] = exportSection{ID: s.ID, Title: s.Title, Rule: s.Rule, Complete: s.Complete(), Facts: s.Facts, Recorded: s.Recorded, Missing: s.Missing}
	}
	return out
}

func planningOf(v *domain.Visit) planningSummary {
	p := &v.Plan
	ps := planningSummary{Rating: p.EPA.Rating, PowerPlanned: p.Power.Kind, Recces: []domain.RecceKind{},
		ONFStatus: p.ONF.Status(v.Basics.PlannedStart, v.Basics.PlannedStart, domain.Config{}.Location()).State}
	if d, sent := p.ONF.SentBefore(v.Basics.PlannedStart); sent {
		h := int(d / time.Hour)
		ps.ONFSentLate, ps.ONFHoursBefore = d < domain.ONFLeadTime, &h
	}
	if a := p.Auth; a != nil {
		ps.AuthorisedBy = &exportOfficer{StaffNo: a.By, Name: a.Name, Grade: a.Grade}
		at := a.At
		ps.AuthorisedAt = &at
		if ps.Rating == "" {
			ps.Rating = a.Rating
		}
	}
	for _, c := range p.Checks {
		switch {
		case c.Withdrawn != "":
			ps.ChecksWithdrawn++
		default:
			ps.ChecksDone++
			if c.Result == domain.TraceFound {
				ps.TracesFound++
			}
		}
	}
	for _, rc := range p.Recces {
		if rc.Withdrawn == "" {
			ps.Recces = append(ps.Recces, rc.Kind)
		}
	}
	return ps
}

// appendVisitLine appends the visit's line: doc (its JSON document, an
// object) with the derived keys (appendDerived) and its audit member
// added before its closing brace.
func appendVisitLine(dst, doc, derived []byte, a lineAudit) ([]byte, error) {
	if len(doc) < 2 || doc[0] != '{' || doc[len(doc)-1] != '}' {
		return dst, fmt.Errorf("the stored document is not a JSON object")
	}
	dst = append(dst, doc[:len(doc)-1]...)
	dst = append(dst, derived...)
	dst = append(dst, `,"audit":{"entries":`...)
	dst = strconv.AppendUint(dst, a.head.Seq, 10)
	dst = append(dst, `,"head":`...)
	dst = domain.AppendJSONString(dst, a.head.Hash)
	if len(a.trail) > 0 {
		dst = append(dst, `,"trail":[`...)
		dst = append(dst, a.trail...)
		dst = append(dst, ']')
	}
	if len(a.marks) > 0 {
		dst = append(dst, `,"unverified":[`...)
		for i, m := range a.marks {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = domain.AppendJSONString(dst, m)
		}
		dst = append(dst, ']')
	}
	return append(dst, "}}\n"...), nil
}

// appendDerived appends the keys an export line adds after the visit's
// own but before its audit: ,"debrief_sections":[...],"planning_summary":{...}
func appendDerived(dst []byte, secs []exportSection, ps planningSummary) []byte {
	dst = append(dst, `,"debrief_sections":[`...)
	for i, s := range secs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendSection(dst, s)
	}
	dst = append(dst, `],"planning_summary":`...)
	return appendPlanning(dst, ps)
}

func appendSection(dst []byte, s exportSection) []byte {
	dst = append(dst, `{"id":`...)
	dst = domain.AppendJSONString(dst, string(s.ID))
	dst = append(dst, `,"title":`...)
	dst = domain.AppendJSONString(dst, s.Title)
	dst = append(dst, `,"rule":`...)
	dst = domain.AppendJSONString(dst, s.Rule)
	dst = append(dst, `,"complete":`...)
	dst = strconv.AppendBool(dst, s.Complete)
	dst = appendStringsField(dst, `,"facts":`, s.Facts)
	dst = appendStringsField(dst, `,"recorded":`, s.Recorded)
	dst = appendStringsField(dst, `,"missing":`, s.Missing)
	return append(dst, '}')
}

// appendStringsField appends key and the list, or nothing for an empty
// list (omitempty).
func appendStringsField(dst []byte, key string, ss []string) []byte {
	if len(ss) == 0 {
		return dst
	}
	dst = append(dst, key...)
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = domain.AppendJSONString(dst, s)
	}
	return append(dst, ']')
}

func appendPlanning(dst []byte, p planningSummary) []byte {
	dst = append(dst, `{"rating":`...)
	dst = domain.AppendJSONString(dst, string(p.Rating))
	dst = append(dst, `,"authorised_by":`...)
	if p.AuthorisedBy == nil {
		dst = append(dst, "null"...)
	} else {
		dst = appendOfficer(dst, *p.AuthorisedBy)
	}
	dst = append(dst, `,"authorised_at":`...)
	if p.AuthorisedAt == nil {
		dst = append(dst, "null"...)
	} else {
		dst = appendJSONTime(dst, *p.AuthorisedAt)
	}
	dst = append(dst, `,"checks_done":`...)
	dst = strconv.AppendInt(dst, int64(p.ChecksDone), 10)
	dst = append(dst, `,"checks_withdrawn":`...)
	dst = strconv.AppendInt(dst, int64(p.ChecksWithdrawn), 10)
	dst = append(dst, `,"traces_found":`...)
	dst = strconv.AppendInt(dst, int64(p.TracesFound), 10)
	dst = append(dst, `,"onf_status":`...)
	dst = domain.AppendJSONString(dst, string(p.ONFStatus))
	dst = append(dst, `,"onf_sent_late":`...)
	dst = strconv.AppendBool(dst, p.ONFSentLate)
	dst = append(dst, `,"onf_sent_hours_before":`...)
	if p.ONFHoursBefore == nil {
		dst = append(dst, "null"...)
	} else {
		dst = strconv.AppendInt(dst, int64(*p.ONFHoursBefore), 10)
	}
	dst = append(dst, `,"recces":[`...)
	for i, k := range p.Recces {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = domain.AppendJSONString(dst, string(k))
	}
	dst = append(dst, `],"power_planned":`...)
	dst = domain.AppendJSONString(dst, string(p.PowerPlanned))
	return append(dst, '}')
}

func appendOfficer(dst []byte, o exportOfficer) []byte {
	dst = append(dst, `{"staff_no":`...)
	dst = domain.AppendJSONString(dst, string(o.StaffNo))
	dst = append(dst, `,"name":`...)
	dst = domain.AppendJSONString(dst, o.Name)
	if o.Grade != "" {
		dst = append(dst, `,"grade":`...)
		dst = domain.AppendJSONString(dst, o.Grade)
	}
	if o.Team != "" {
		dst = append(dst, `,"team":`...)
		dst = domain.AppendJSONString(dst, o.Team)
	}
	return append(dst, '}')
}

// appendJSONTime appends t as time.Time's MarshalJSON does.
func appendJSONTime(dst []byte, t time.Time) []byte {
	dst = append(dst, '"')
	dst = t.AppendFormat(dst, time.RFC3339Nano)
	return append(dst, '"')
}
