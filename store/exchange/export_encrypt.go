package exchange

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"

	"filippo.io/age"

	"oic/domain"
	"oic/store"
)

// An export with recipients (ExportOptions.Recipients) is encrypted with
// age as it is written, so only central records can read it in transit
// (issue 18). Its digest (FILE.sha256) and its signature (FILE.sig) are
// of the bytes as written, encrypted: "sha256sum -c" and "ssh-keygen -Y
// verify" check the file central records receive, before anyone
// decrypts it, and oic import checks them the same way (import_age.go).

// export is Export without its entry on the access log, which ExportFile
// makes once its file is whole: plain, or encrypted to opt.Recipients.
func export(ctx context.Context, s *store.Store, w io.Writer, opt ExportOptions) (domain.ExportResult, error) {
	if len(opt.Recipients) == 0 {
		return exportPlain(ctx, s, w, opt)
	}
	sw := NewSumWriter(w)
	aw, err := age.Encrypt(sw, opt.Recipients...)
	if err != nil {
		return domain.ExportResult{}, err
	}
	res, err := exportPlain(ctx, s, aw, opt)
	if err != nil {
		return res, err
	}
	if err := aw.Close(); err != nil { // the last chunk, which marks the end
		return res, writeError(err)
	}
	res.Bytes, res.SHA256 = sw.N, sw.Sum()
	return res, nil
}

// SumWriter hashes (SHA-256) and counts (N) what it passes on: a file's
// bytes as written, which its digest and signature are of.
type SumWriter struct {
	w io.Writer
	h hash.Hash
	N int64
}

// NewSumWriter passes on to w.
func NewSumWriter(w io.Writer) *SumWriter { return &SumWriter{w: w, h: sha256.New()} }

func (s *SumWriter) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	s.h.Write(p[:n])
	s.N += int64(n)
	return n, err
}

// Sum is the SHA-256 of what was written, in hex.
func (s *SumWriter) Sum() string { return hex.EncodeToString(s.h.Sum(nil)) }
