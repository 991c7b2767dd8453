package domain

import (
	"context"
	"time"
)

// The interfaces below are what the rest of the tool needs from storage
// and from the exchange formats. They are declared here, beside the types
// they carry, so the TUI depends on the domain and never on Badger.

// Visits reads and writes visit records.
type Visits interface {
	// CreateVisit allocates v's reference, stores it with its first audit
	// entry, and returns the stored visit.
	CreateVisit(ctx context.Context, v *Visit, c Change) (*Visit, error)
	// SaveVisit stores v if the stored version is still v.Version, with c as
	// its next audit entry. If it has moved on and both only added
	// (MergeAppends), v's additions are stored on top, and the visit
	// returned is the merged one; otherwise it returns *ConflictError.
	SaveVisit(ctx context.Context, v *Visit, c Change) (*Visit, error)
	// Visit returns the stored visit or ErrNotFound. A visit whose stored
	// record is not the one its audit trail's last entry sealed is
	// returned all the same, with a *RecordError: a screen that shows
	// the visit shows it marked (RecordChanged); any other caller takes
	// the error as an error. The store saves nothing over such a visit.
	Visit(ctx context.Context, ref Ref) (*Visit, error)
	// CheckRecords checks the stored records of refs as Visit does,
	// without decoding them, for a list that marks the ones that fail:
	// the map holds each that does, with its *RecordError (or why it
	// could not be read). Refs not stored are left out.
	CheckRecords(ctx context.Context, refs []Ref) (map[Ref]error, error)
	// Audit returns the visit's audit trail, oldest first.
	Audit(ctx context.Context, ref Ref) ([]AuditEntry, error)
	// AuditAfter returns the entries of the visit's audit trail numbered
	// after seq, oldest first (none if it has no more): a screen holding
	// the trail to seq reads only what was added since
	// (VerifyChainAfter). Entries stored in a run (an import's) are
	// given from the first after seq.
	AuditAfter(ctx context.Context, ref Ref, seq uint64) ([]AuditEntry, error)
	// FeedbackWaiting gives, of refs, those whose assurance feedback waits
	// for sn, their OIC, to acknowledge it (FeedbackPart.WaitsFor), in
	// the order given, reading only that part of each record and not
	// checking its seal: a caller reads those it shows with Visit, which
	// does. Refs not stored, or whose record cannot be read, are left
	// out.
	FeedbackWaiting(ctx context.Context, sn StaffNo, refs []Ref) ([]Ref, error)
	// Arrivals returns the entries of the visit's arrivals (imports into
	// this store, ArrivalOf reads each), oldest first: a trail of their
	// own, never part of the visit's. None for a visit made here.
	Arrivals(ctx context.Context, ref Ref) ([]AuditEntry, error)
	// Unverified gives, of refs, those whose arrivals marked them
	// unverified (UnverifiedOf), with their marks, for a list that shows
	// them marked. Others are left out.
	Unverified(ctx context.Context, refs []Ref) (map[Ref][]string, error)
	// ScanSummaries calls fn with batches of summaries, newest planned start
	// first, until all are sent, fn returns an error, or ctx ends.
	ScanSummaries(ctx context.Context, batch int, fn func([]Summary) error) error
	// CountVisits returns how many visits are stored.
	CountVisits(ctx context.Context) (int, error)
	// InStates lists the visits in any of states from the store's index
	// by state alone, no record or list entry read: each a Summary of
	// its Ref, State and PlannedStart (to the second) only, the states
	// in the order given, newest planned start first within each. The
	// duty CIO's board chooses from them the few records it reads.
	InStates(ctx context.Context, states []State) ([]Summary, error)
	// VisitsAtPremises returns the visits to the same premises as p
	// (SamePremises), newest planned start first; with p.Address empty,
	// every visit at p's postcode (REC-5).
	VisitsAtPremises(ctx context.Context, p Premises) ([]*Visit, error)
	// PremisesHistory lists the same visits as VisitsAtPremises, in the
	// same order, from an index alone: no record is read, so a premises
	// visited 20,000 times is listed at once, and a screen reads the
	// records of the visits it shows (Visit) as it shows them.
	PremisesHistory(ctx context.Context, p Premises) ([]PremisesVisit, error)
	// PartIn lists the visits officer sn takes part in (Visit.Parts: on
	// the roster, the OIC, the authoriser, the assurer), by reference,
	// from an index alone: an officer's register lists those of other
	// teams beside their own team's (who sees what, issue 17).
	PartIn(ctx context.Context, sn StaffNo) ([]Ref, error)
}

// PremisesVisit is a visit as a premises' history lists it (REC-5): the
// premises it was at and when it was planned to start, to the second.
type PremisesVisit struct {
	Ref          Ref
	Place        PremisesKey
	PlannedStart time.Time
}

// Officers reads and writes officer profiles. Each profile has an audit
// trail of its own, whose entries seal it as visits' do.
type Officers interface {
	// Officer returns the profile, or ErrNotFound; one that is not the
	// one its trail sealed comes with a *RecordError, and is not to be
	// acted as.
	Officer(ctx context.Context, sn StaffNo) (Officer, error)
	// ListOfficers returns the profiles that are the ones their trails
	// sealed, by staff number; those that are not are left out and named
	// in the error (one *RecordError each, joined).
	ListOfficers(ctx context.Context) ([]Officer, error)
	// SaveOfficer creates or replaces a profile, with c (ProfileChange)
	// as the next entry of its trail.
	SaveOfficer(ctx context.Context, o Officer, c Change) error
	// OfficerAudit returns the trail of sn's profile, oldest first.
	OfficerAudit(ctx context.Context, sn StaffNo) ([]AuditEntry, error)
	// SignedIn returns the staff number last signed in on this store, or "".
	SignedIn(ctx context.Context) (StaffNo, error)
	SetSignedIn(ctx context.Context, sn StaffNo) error
}

// Drafts keeps unsaved form input, so an Esc or a crash never costs an
// officer what they typed. Keys are chosen by the caller ("new-visit",
// "edit:SLN-2026-0042").
type Drafts interface {
	SaveDraft(ctx context.Context, owner StaffNo, key string, data []byte) error
	Draft(ctx context.Context, owner StaffNo, key string) ([]byte, error)
	DeleteDraft(ctx context.Context, owner StaffNo, key string) error
}

// Event tells listeners something changed. Ref is set for a visit change;
// Resync means events were dropped and everything should be reloaded.
type Event struct {
	Ref     Ref
	Officer StaffNo
	Resync  bool
	// Seq is the store's commit of the visit's change, where the store
	// says (0: not known): the listeners told of one change see the same
	// Seq, so what one reads of it may serve the others.
	Seq uint64
}

// Feed delivers change events. Listen never blocks a writer: a listener that
// falls behind gets one Resync event instead of the ones it missed. The
// channel is closed when stop is called or the store closes.
type Feed interface {
	Listen() (events <-chan Event, stop func())
}

// ExportRequest asks for closed visits (closed, follow-up, assured) to be
// exported to a file, as the register's export dialog does.
type ExportRequest struct {
	Format   string // one of the Exporter's Formats, by name
	From, To Date   // visit dates, inclusive; zero does not filter
	Team     TeamCode
	// Redact replaces what identifies the people a visit concerns with
	// placeholders and withholds free text, unless KeepText.
	Redact   bool
	KeepText bool
	Path     string
	By       Officer
	// Progress is told how many visits are written of how many.
	Progress func(done, total int)
	// Overwrite replaces a file already at Path; without it such a file
	// is refused, with an error that wraps fs.ErrExist.
	Overwrite bool
}

// ExportResult says what an export wrote.
type ExportResult struct {
	Path   string
	Count  int // visits
	Bytes  int64
	SHA256 string // of the whole file, hex
	// Signer is the principal of the data folder whose key signed the
	// file (in FILE.sig), and Fingerprint that key's fingerprint as
	// ssh-keygen -l prints it ("SHA256:...").
	Signer, Fingerprint string
}

// ExportFormat is a format an Exporter writes: its name ("jsonl", also
// the file's extension) and what it is for, in a line.
type ExportFormat struct {
	Name, About string
}

// Exporter writes exports of closed visits. Export stops, leaving nothing
// under the final name, when ctx is cancelled.
type Exporter interface {
	// Formats are the formats it writes, the first the usual one.
	Formats() []ExportFormat
	Export(ctx context.Context, req ExportRequest) (ExportResult, error)
}

// Store is everything the TUI uses.
type Store interface {
	Visits
	Officers
	Drafts
	Feed
	MeasuresReader
	// AccessLog (access.go) is issue 17's (section 2): the TUI logs
	// each visit it opens.
	AccessLog
	PINs
}

// Issue 17, section 2, on a shared laptop (IDN-1): officers' PINs, each
// kept hashed in a record of its own beside the profile (never in it: a
// profile is exported and shown), with the wrong tries and the lock.
type PINs interface {
	// PINState says whether sn has a PIN, and whether they are locked at
	// now (PINState); an officer without a PIN is not Set.
	PINState(ctx context.Context, sn StaffNo, now time.Time) (PINStatus, error)
	// CheckPIN checks pin against sn's at now: nil if right (the wrong
	// tries are forgotten); a *PINError if wrong (the try is counted)
	// or if sn is locked (the PIN is not tried); an error wrapping
	// ErrNoPIN if sn has none.
	CheckPIN(ctx context.Context, sn StaffNo, pin string, now time.Time) error
	// SetPIN sets or replaces sn's PIN (ParsePIN's), with PINChange on
	// the trail of sn's profile; whoever asks for it has checked the PIN
	// it replaces. An officer without a profile has no PIN to set.
	SetPIN(ctx context.Context, sn StaffNo, pin string, by Officer, now time.Time) error
}

// Issue 17, section 2, over SSH (engineer S): the keys officers sign in
// with to oic serve, as the profile screen lists them. A store that keeps
// none (a test's) need not provide it.

// OfficerKeyLister lists an officer's SSH keys.
type OfficerKeyLister interface {
	// KeysOf returns the keys officer sn signs in with, oldest first.
	KeysOf(ctx context.Context, sn StaffNo) ([]OfficerKey, error)
}

// OfficerKey is one SSH key of an officer's: its fingerprint as
// ssh-keygen -l prints it, its type, the comment it came with (text from
// outside, shown only), when it was added and by whom.
type OfficerKey struct {
	Fingerprint, Type, Comment string
	Added                      time.Time
	AddedBy                    StaffNo
}
