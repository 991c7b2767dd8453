package exchange

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	segjson "github.com/segmentio/encoding/json"

	"oic/domain"
)

// renderer turns one stored visit into its part of the export, in the
// export's format. It is shared by the workers: everything it holds is
// read-only once made.
type renderer struct {
	opt *ExportOptions
	loc *time.Location
	cfg domain.Config
}

func newRenderer(opt *ExportOptions) *renderer {
	cfg := opt.Config
	if len(cfg.Grades) == 0 {
		cfg = domain.DefaultConfig()
	}
	return &renderer{opt: opt, loc: opt.loc(), cfg: cfg}
}

func (r *renderer) header(count int) []byte {
	switch r.opt.Format {
	case FormatCSV:
		return inertFrom(csvHeader(), 0)
	case FormatMarkdown:
		return inertFrom(r.mdHeader(count), 0)
	}
	return r.jsonlHeader(count)
}

// inertFrom makes what was appended to dst from start inert
// (domain.Inert): CSV and Markdown are read by people, in spreadsheets,
// viewers and terminals, and hold no control character whatever a record
// holds. The JSON Lines export needs nothing: JSON escapes them, and it
// is the record as stored.
func inertFrom(dst []byte, start int) []byte {
	if domain.IsInert(dst[start:]) {
		return dst
	}
	tail := bytes.Clone(dst[start:])
	return domain.AppendInert(dst[:start], tail)
}

func (r *renderer) footer() []byte { return nil }

// render appends what the visit in doc becomes in the export.
func (r *renderer) render(dst []byte, ref domain.Ref, doc []byte, a lineAudit) ([]byte, error) {
	v := new(domain.Visit)
	decode := decodeForExport
	if r.opt.Redact {
		decode = decodeVisit // the whole record is written again
	}
	if err := decode(doc, v); err != nil {
		return dst, fmt.Errorf("%s is unreadable in the store: %w", ref, err)
	}
	var red *redactor
	var before []domain.DebriefSection // the sections of the record as it is
	if r.opt.Redact {
		before = v.DebriefSections()
		red = newRedactor(v, r.opt.KeepText)
		red.visit(v)
		b, err := json.Marshal(v)
		if err != nil {
			return dst, fmt.Errorf("%s: %w", ref, err)
		}
		doc = b
	}
	secs := v.DebriefSections()
	if red != nil {
		red.sections(secs, before)
	}
	switch r.opt.Format {
	case FormatCSV:
		return inertFrom(r.csvRow(dst, v, secs, a), len(dst)), nil
	case FormatMarkdown:
		return inertFrom(r.mdVisit(dst, v, secs, a), len(dst)), nil
	}
	out, err := appendVisitLine(dst, doc, appendDerived(nil, sectionsOf(secs), planningOf(v)), a)
	if err != nil {
		return dst, fmt.Errorf("%s: %w", ref, err)
	}
	return out, nil
}

// decodeVisit reads a stored visit document. Decoding is most of an
// export's work, so it uses segmentio/encoding's drop-in replacement for
// encoding/json, which reads the same documents into the same values
// (TestExportDecoding) several times as fast (BENCHMARKS.md).
func decodeVisit(doc []byte, v *domain.Visit) error {
	return segjson.Unmarshal(doc, v)
}

// exportDoc is a stored visit read for what an export derives from it:
// the briefing, the planning texts and the checks' and recces' details are
// skipped (the stored document itself is what the JSON Lines export
// writes), which saves much of the decoding.
type exportDoc struct {
	domain.Visit
	Briefing skipJSON     `json:"briefing"`
	Plan     exportPln    `json:"planning"`
	History  []stateBrief `json:"history"`
}

// stateBrief is what an export reads of a state change: when the visit
// entered which state (ClosedAt).
type stateBrief struct {
	To domain.State `json:"to"`
	At time.Time    `json:"at"`
}

type exportPln struct {
	domain.PlanningRecord
	Checks    []checkBrief `json:"checks"`
	PLAN      skipJSON     `json:"plan"`
	Community skipJSON     `json:"community"`
	ECIA      skipJSON     `json:"ecia"`
	Order     skipJSON     `json:"order"`
	Voided    skipJSON     `json:"voided_authorisations"`
	EPA       struct {
		Rating domain.Rating `json:"rating"`
	} `json:"epa"`
	Recces []recceBrief `json:"recces"`
}

type checkBrief struct {
	Result    domain.CheckResult `json:"result"`
	Withdrawn string             `json:"withdrawn"`
}

type recceBrief struct {
	Kind      domain.RecceKind `json:"kind"`
	Withdrawn string           `json:"withdrawn"`
}

// skipJSON reads a value and keeps nothing of it.
type skipJSON struct{}

func (*skipJSON) UnmarshalJSON([]byte) error { return nil }

// decodeForExport reads what the export derives from a stored visit into
// v: all of it but the parts exportDoc skips.
func decodeForExport(doc []byte, v *domain.Visit) error {
	var d exportDoc
	if err := segjson.Unmarshal(doc, &d); err != nil {
		return err
	}
	*v = d.Visit
	v.History = make([]domain.StateChange, len(d.History))
	for i, h := range d.History {
		v.History[i] = domain.StateChange{To: h.To, At: h.At}
	}
	v.Plan = d.Plan.PlanningRecord
	v.Plan.EPA = domain.EPA{Rating: d.Plan.EPA.Rating}
	v.Plan.Checks = make([]domain.Check, len(d.Plan.Checks))
	for i, c := range d.Plan.Checks {
		v.Plan.Checks[i] = domain.Check{Result: c.Result, Withdrawn: c.Withdrawn}
	}
	v.Plan.Recces = make([]domain.Recce, len(d.Plan.Recces))
	for i, rc := range d.Plan.Recces {
		v.Plan.Recces[i] = domain.Recce{Kind: rc.Kind, Withdrawn: rc.Withdrawn}
	}
	return nil
}

// decodeLine reads an export's visit line.
func decodeLine(text []byte, l *visitLine) error {
	l.Visit = new(domain.Visit)
	return segjson.Unmarshal(text, l)
}

// visitFacts are the counts and times the CSV and Markdown exports show,
// read from the effective live record (corrections applied).
type visitFacts struct {
	onSite      int // officers who arrived
	entry       string
	encountered int
	outcomes    map[domain.Outcome]int
	seizures    int
	safeguard   int
	referrals   int
	standDown   time.Time
	closedAt    time.Time
	closeBy     time.Time
	complete    int // debrief sections complete
	sections    int
}

func factsOf(v *domain.Visit, secs []domain.DebriefSection, cfg domain.Config) visitFacts {
	f := visitFacts{outcomes: map[domain.Outcome]int{}, sections: len(secs)}
	for _, p := range v.Presence(time.Time{}) {
		if !p.Arrived.IsZero() {
			f.onSite++
		}
	}
	for _, e := range v.Effective() {
		switch e.Kind {
		case domain.EntryEntry:
			if f.entry == "" {
				f.entry = string(e.Power)
			}
		case domain.EntryEncounter:
			f.encountered++
			if e.Person != nil {
				f.outcomes[e.Person.Outcome]++
			}
		case domain.EntrySeizure:
			f.seizures++
		case domain.EntrySafeguarding:
			f.safeguard++
		case domain.EntryReferral:
			f.referrals++
		}
	}
	if f.entry == "" {
		f.entry = "no entry"
	}
	f.standDown = v.StandDownAt()
	f.closedAt, _ = v.ClosedAt()
	f.closeBy = v.CloseBy(cfg)
	for _, s := range secs {
		if s.Complete() {
			f.complete++
		}
	}
	return f
}

// hoursToClosure is from the start of DBF-3's clock (the last departure,
// or the planned start if no one departed) to the closure, in hours.
func (f visitFacts) hoursToClosure(v *domain.Visit) (float64, bool) {
	if f.closedAt.IsZero() {
		return 0, false
	}
	return f.closedAt.Sub(v.ClockStart()).Hours(), true
}

func (f visitFacts) closedLate() bool { return !f.closedAt.IsZero() && f.closedAt.After(f.closeBy) }

// usesDerived says whether the export can use the derived parts stored
// with closed visits (derived.go): the JSON Lines export without
// redaction, which writes them as they are.
func (r *renderer) usesDerived() bool { return r.opt.Format == FormatJSONL && !r.opt.Redact }
