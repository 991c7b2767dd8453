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
	sw := &sumWriter{w: w, h: sha256.New()}
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
	res.Bytes, res.SHA256 = sw.n, hex.EncodeToString(sw.h.Sum(nil))
	return res, nil
}

// sumWriter hashes and counts what it passes on.
type sumWriter struct {
	w io.Writer
	h hash.Hash
	n int64
}

func (s *sumWriter) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	s.h.Write(p[:n])
	s.n += int64(n)
	return n, err
}
