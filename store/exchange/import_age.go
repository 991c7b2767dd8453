package exchange

import (
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"

	"filippo.io/age"

	"oic/store/agefile"
	"oic/store/internal/sysio"
)

// An export encrypted with age (export_encrypt.go) is imported with the
// identity it was encrypted to (ImportOptions.Identities). Its digest and
// signature are of the encrypted bytes, as received, so they are checked
// first, in a read of the file that also decrypts it through to its end
// (age authenticates every chunk, and the last one marks the end, so a
// file cut short or damaged fails here) and hashes the plaintext. The
// import then reads the file again, decrypting as it reads: the plaintext
// is never written to disk. Its second read must give the same plaintext
// (its SHA-256), or the file changed between the reads and is refused.
// The arrivals name the file by the digest of its bytes as received.

// ctxReader stops a read when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// decrypting is what openDecrypted found: the plaintext to import, the
// signature as checked, and the plaintext's SHA-256 ("" for a plain file).
type decrypting struct {
	src      io.Reader
	sig      *importSig
	plainSum string
}

// openDecrypted, for an age file, checks its digest (want) and signature
// against its bytes as they are, decrypts it through once, and returns a
// reader of its plaintext from the start; a plain file is returned as it
// is. A refusal is an *ImportError: nothing is written.
func openDecrypted(ctx context.Context, f *os.File, path, want string, sig *importSig, opt ImportOptions) (decrypting, error) {
	name := filepath.Base(path)
	refuse := func(err error) error { return &ImportError{Path: path, Headline: err.Error()} }
	head := make([]byte, len(agefile.Magic))
	n, _ := f.ReadAt(head, 0)
	if !agefile.Encrypted(head[:n]) {
		return decrypting{src: f, sig: sig}, nil
	}
	if len(opt.AtRest) > 0 {
		// Sealed at rest by this folder: the plaintext is what was signed
		// and digested, and the import checks it as it reads it.
		plain, err := age.Decrypt(ctxReader{ctx, f}, opt.AtRest...)
		if err != nil {
			return decrypting{}, refuse(fmt.Errorf("%s cannot be opened with its key (%v)", name, err))
		}
		return decrypting{src: plain, sig: sig}, nil
	}
	if len(opt.Identities) == 0 {
		return decrypting{}, refuse(fmt.Errorf("%s is encrypted (age): give the identity it was encrypted to with --identity FILE (an age identity file, or your ssh-ed25519 private key)", name))
	}
	h := sha256.New()
	var h512 hash.Hash
	hashes := io.Writer(h)
	if sig != nil && sig.sig != nil && sig.sig.SHA512() {
		h512 = sha512.New()
		hashes = io.MultiWriter(h, h512)
	}
	read := io.TeeReader(ctxReader{ctx, f}, hashes)
	ph := sha256.New()
	plain, decErr := age.Decrypt(read, opt.Identities...)
	if decErr == nil {
		_, decErr = io.Copy(ph, plain)
	}
	if ctx.Err() != nil {
		return decrypting{}, stopped(path, ctx.Err())
	}
	// The file as received against its digest and signature first, as
	// central records would check it by hand; then what decrypting it
	// found.
	if _, err := io.Copy(io.Discard, read); err != nil {
		return decrypting{}, fmt.Errorf("reading %s: %w", path, sysio.PlainPathError(err))
	}
	if sum := hex.EncodeToString(h.Sum(nil)); sum != want {
		return decrypting{}, refuse(fmt.Errorf("%s does not match its digest in %s.sha256: it was changed or cut short after it was exported (or the digest file belongs to another export)", name, name))
	}
	if sig != nil && sig.sig != nil {
		sum := h.Sum(nil)
		if h512 != nil {
			sum = h512.Sum(nil)
		}
		if err := sig.sig.Verify(sum); err != nil {
			return decrypting{}, refuse(fmt.Errorf("%s does not match its signature in %s.sig (by the key %s): it was changed after it was signed, or the signature is another export's. "+
				"Copy the export with its .sha256 and .sig again from the folder that made it", name, name, sig.signer.Fingerprint))
		}
		// Checked here, on the bytes as received: the import's own read
		// sees the plaintext, which the signature does not sign.
		sig = &importSig{signer: sig.signer, info: sig.info}
	}
	if decErr != nil {
		return decrypting{}, refuse(agefile.DecryptError(name, decErr))
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return decrypting{}, fmt.Errorf("reading %s: %w", path, sysio.PlainPathError(err))
	}
	again, err := age.Decrypt(f, opt.Identities...)
	if err != nil {
		return decrypting{}, refuse(agefile.DecryptError(name, err))
	}
	return decrypting{src: again, sig: sig, plainSum: hex.EncodeToString(ph.Sum(nil))}, nil
}

// sameAsChecked holds the import's read of the plaintext to the one
// checked (plainSum), and names the file by the digest of its bytes as
// received (want), for judge.
func (d decrypting) sameAsChecked(chk *importCheck, path, want string) error {
	if d.plainSum == "" {
		return nil
	}
	if chk.sha256 != d.plainSum {
		return &ImportError{Path: path, Headline: fmt.Sprintf("%s changed while it was being imported (it decrypted to something else the second time): copy it again, and import it when nothing is writing it", filepath.Base(path))}
	}
	chk.sha256 = want
	return nil
}

// stopped is a cancel while the file was decrypted and checked.
func stopped(path string, err error) error {
	return &nothingImported{fmt.Sprintf("the import of %s stopped while decrypting it (%v)", path, err), err}
}
