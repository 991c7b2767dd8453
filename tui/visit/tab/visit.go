package tab

import (
	"errors"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/form"
)

// Visit is the visit as its tabs see it: the record and its audit trail as
// last read, the readiness worked out from them, the viewport the tab draws
// into, and the host's actions. The host owns it and updates it in place on
// every load, so a tab (and a screen a tab opened) always reads the visit
// as it now stands.
type Visit struct {
	S     *common.Session
	Ref   domain.Ref
	V     *domain.Visit // nil until the first load
	Audit []domain.AuditEntry
	// Chain is the audit chain's verification: nil when it holds.
	Chain error
	// Arrivals are the entries of the visit's arrivals (imports into this
	// store), ArrivalsChain their chain's verification, and Unverified
	// the marks they gave it (domain.UnverifiedOf).
	Arrivals      []domain.AuditEntry
	ArrivalsChain error
	Unverified    []string
	// Record is nil when the record read is the one the trail's last
	// entry sealed; else a *domain.RecordError: the record was changed
	// outside oic, and is shown marked (domain.RecordChanged).
	Record error
	// All is the visit's readiness at the last refresh, blocking first;
	// Findings are those of planning, the ONF and the recce, which the
	// planning tab lists and authorisation waits on.
	All, Findings []domain.Finding
	// Premises Counts the other visits to the same premises (REC-5).
	Premises PremisesCount
	// VP is the viewport under the tab bar; W the width of a tab's text.
	VP *viewport.Model
	W  int

	host Host
}

// Host is what a tab asks of the visit screen.
type Host interface {
	common.Screen
	// Load reads the visit again.
	Load() tea.Cmd
	// Refresh works the readiness out again and redraws the tab shown.
	Refresh()
	// Showing reports whether t is the tab in view.
	Showing(t Tab) bool
	// NumberOf is the key of the tab named name (1-9, 0 for the tenth).
	NumberOf(name string) int
	// Fix shows the tab whose form fixes f and opens the form; ok is
	// false when no tab has one (the guide then says what to do).
	Fix(f domain.Finding) (cmd tea.Cmd, ok bool)
}

// NewVisit is the visit ref as the host h shows it in vp.
func NewVisit(s *common.Session, ref domain.Ref, vp *viewport.Model, h Host) *Visit {
	return &Visit{S: s, Ref: ref, VP: vp, host: h}
}

// Load reads the visit again.
func (tv *Visit) Load() tea.Cmd { return tv.host.Load() }

// Arrived takes in the visit's arrivals, as read with it.
func (v *Visit) Arrived(arrivals []domain.AuditEntry) {
	v.Arrivals, v.ArrivalsChain, v.Unverified = arrivals, domain.VerifyChain(arrivals), domain.UnverifiedOf(arrivals)
}

// Verified reports whether both the audit chain and the record verify:
// only then is the record shown as verified.
func (v *Visit) Verified() bool { return v.Chain == nil && v.Record == nil }

// Loaded takes in what reading the visit gave: the visit and the error
// that came with it (a record changed outside oic still comes, marked),
// and its trail. It returns the error that stops the visit being shown,
// if any.
func (v *Visit) Loaded(visit *domain.Visit, err error, trail []domain.AuditEntry) error {
	return v.LoadedChecked(visit, err, trail, domain.VerifyChain(trail))
}

// LoadedChecked is Loaded of a trail whose chain was verified as it was
// read, chain being the verdict (nil: it holds).
func (v *Visit) LoadedChecked(visit *domain.Visit, err error, trail []domain.AuditEntry, chain error) error {
	var re *domain.RecordError
	if visit == nil || (err != nil && !errors.As(err, &re)) {
		return err
	}
	v.V, v.Audit, v.Chain, v.Record = visit, trail, chain, nil
	if re != nil {
		v.Record = re
	}
	return nil
}

// Refresh works the readiness out again and redraws the tab in view.
func (tv *Visit) Refresh() { tv.host.Refresh() }

// Showing reports whether t is the tab in view.
func (tv *Visit) Showing(t Tab) bool { return tv.host.Showing(t) }

// NumberOf is the key of the tab named name: "(tab 8)".
func (tv *Visit) NumberOf(name string) int { return tv.host.NumberOf(name) }

// OpenFix goes to the form that fixes f, on whichever tab holds it.
// (Not named Fix: every tab embeds Visit, and would then pass for a
// Fixer.)
func (tv *Visit) OpenFix(f domain.Finding) (tea.Cmd, bool) { return tv.host.Fix(f) }

// Deliver addresses what cmd reports to the visit screen, wherever it is
// on the stack: the answer to the screen's own request.
func (tv *Visit) Deliver(cmd tea.Cmd) tea.Cmd { return common.DeliverTo(tv.host, cmd) }

// Save stores ev, a changed copy of the visit, with its change c, and
// says what was done ("closed: the debrief is final"); a refusal (someone
// else saved first) is flashed and the visit read again.
func (tv *Visit) Save(ev *domain.Visit, c domain.Change, what string) tea.Cmd {
	return tv.Deliver(form.SaveVisit(tv.S, ev, c, what))
}

// When formats a moment in the officer's zone, with its distance from now
// for times near enough to matter.
func (tv *Visit) When(at time.Time) string {
	if at.IsZero() {
		return "—"
	}
	s := at.In(tv.S.Loc).Format("Mon 02 Jan 2006 15:04")
	diff := at.Sub(tv.S.Now())
	switch {
	case diff > 0 && diff < 14*24*time.Hour:
		s += " (in " + common.Span(diff) + ")"
	case diff < 0 && -diff < 14*24*time.Hour:
		s += " (" + common.Span(-diff) + " ago)"
	}
	return s
}

// Stamp is "recorded by Name (staff no) at ..." in muted text, or "".
func (tv *Visit) Stamp(s domain.Stamp) string {
	if l := s.Label(tv.S.Loc); l != "" {
		return tv.S.Theme.Muted.Render("recorded by "+l) + "\n"
	}
	return ""
}

// GradeLabel names a grade as the configuration does: "HMI (SEO)".
func (tv *Visit) GradeLabel(code string) string {
	if g, ok := tv.S.Config.Grade(code); ok {
		return g.Label()
	}
	return code
}

// VisitHelp is the footer of a tab with no keys of its own: the visit's.
func (tv *Visit) VisitHelp() []key.Binding {
	k := common.VisitKeys
	keys := []key.Binding{k.NextTab, k.Edit}
	if tv.V != nil && tv.V.State == domain.Tasked {
		keys = append(keys, k.Plan)
	}
	if tv.Premises.Others() > 0 {
		keys = append(keys, common.PremisesKeys.FromVisit)
	}
	return append(keys, k.Cancel, k.StandDown)
}
