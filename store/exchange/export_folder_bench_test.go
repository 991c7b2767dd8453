package exchange

import (
	"context"
	"io"
	"os"
	"testing"
	"time"

	"oic/domain"
	"oic/store"
)

// BenchmarkExportFolder exports the plain data folder OIC_EXPORT_FOLDER
// (a copy: a demo store) to io.Discard: the export's own work, without
// the disk taking the file.
func BenchmarkExportFolder(b *testing.B) {
	dir := os.Getenv("OIC_EXPORT_FOLDER")
	if dir == "" {
		b.Skip("set OIC_EXPORT_FOLDER to a plain data folder (a copy of one)")
	}
	s, err := store.OpenWith(dir, store.Options{Derive: Derivation()})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	by, err := s.Officer(context.Background(), "DEMO01")
	if err != nil {
		b.Fatal(err)
	}
	opt := ExportOptions{Format: FormatJSONL, By: by, At: time.Now(), ToolVersion: "bench", Config: domain.Config{}}
	for b.Loop() {
		res, err := export(context.Background(), s, io.Discard, opt)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Bytes)/1e6, "MB")
	}
}
