package common

import (
	"context"

	"oic/domain"
)

// ExportRequest is what the dialog asks the exporter for.
type ExportRequest struct {
	Format   string // jsonl, csv or md
	From, To domain.Date
	Team     domain.TeamCode
	Redact   bool
	Path     string
	By       domain.Officer
	// Progress is told how many visits are written of how many.
	Progress func(done, total int)
}

// ExportResult is what an export wrote.
type ExportResult struct {
	Path   string
	Count  int
	Bytes  int64
	SHA256 string
}

// Exporter writes an export; it stops, leaving nothing under the final
// name, when ctx is cancelled.
type Exporter func(ctx context.Context, req ExportRequest) (ExportResult, error)
