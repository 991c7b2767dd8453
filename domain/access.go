package domain

import (
	"context"
	"time"
)

// The access log (DPA 2018 s.62): every opening of a visit and every
// export, with who, when and what, kept append-only and read only by an
// administrator (ActAccessLog). It holds no personal data of the visits
// beyond their references.

// What an access entry records.
const (
	AccessOpened   = "opened"   // a visit, on a screen
	AccessExported = "exported" // visits, to a file
)

// AccessEntry is one line of the access log.
type AccessEntry struct {
	// Seq is the entry's place in the log, given by the store; it only
	// grows.
	Seq    uint64    `json:"seq"`
	At     time.Time `json:"at"`
	By     StaffNo   `json:"by"`
	ByName string    `json:"by_name,omitempty"`
	Action string    `json:"action"`
	// Ref is the visit opened; File and Count the export's file and how
	// many visits it holds.
	Ref   Ref    `json:"ref,omitempty"`
	File  string `json:"file,omitempty"`
	Count int    `json:"count,omitempty"`
}

// Opened is the entry for o opening ref at now.
func Opened(o Officer, ref Ref, now time.Time) AccessEntry {
	return AccessEntry{At: now, By: o.StaffNo, ByName: o.Name, Action: AccessOpened, Ref: ref}
}

// Exported is the entry for o exporting count visits to file at now.
func Exported(o Officer, file string, count int, now time.Time) AccessEntry {
	return AccessEntry{At: now, By: o.StaffNo, ByName: o.Name, Action: AccessExported, File: file, Count: count}
}

// AccessFilter chooses entries: From and To are times (To exclusive),
// zero not filtering; Officer and Ref, when set, must match.
type AccessFilter struct {
	From, To time.Time
	Officer  StaffNo
	Ref      Ref
}

// Keeps reports whether f chooses e.
func (f AccessFilter) Keeps(e AccessEntry) bool {
	return (f.From.IsZero() || !e.At.Before(f.From)) && (f.To.IsZero() || e.At.Before(f.To)) &&
		(f.Officer == "" || e.By == f.Officer) && (f.Ref == "" || e.Ref == f.Ref)
}

// AccessLog keeps the access log. Entries are only ever added.
type AccessLog interface {
	// LogAccess adds e, its Seq given by the store, after every entry
	// there is.
	LogAccess(ctx context.Context, e AccessEntry) error
	// AccessEntries returns the entries f chooses, oldest first.
	AccessEntries(ctx context.Context, f AccessFilter) ([]AccessEntry, error)
}
