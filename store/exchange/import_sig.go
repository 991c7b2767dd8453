package exchange

import (
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"oic/store/exchange/signing"
	"oic/store/internal/sysio"
)

// The import's check of the signature beside its file (FILE.sig, made by
// the exporting folder's key: signing). What can be judged before the
// file is read is judged then, and refused at once: a file with no
// signature unless unsigned files are allowed, a signature that cannot
// be read or was made for something else, and, when the data folder pins
// its signers in an allowed_signers file, a key it does not list. That
// the signature signs the file's bytes is checked in the one read of the
// file that checks its digest and its lines (checkImport), from the hash
// that read makes: the SHA-256 the digest is, or the SHA-512 as well for
// a signature made by ssh-keygen -Y sign.

// AllowedSignersFile is the name of the file in a data folder that pins
// the folders whose exports it takes (ssh-keygen's allowed_signers).
const AllowedSignersFile = "allowed_signers"

// ImportSignature says who signed an imported file, as far as the import
// could tell.
type ImportSignature struct {
	// Fingerprint is the signer's key's, as ssh-keygen -l prints it; ""
	// for a file admitted unsigned.
	Fingerprint string
	// Principals are what the allowed_signers file calls the signer; ""
	// when no file pins signers.
	Principals string
	// AllowedSigners is the allowed_signers file the signer was found in
	// ("" when the import had none: any key's signature was taken).
	AllowedSigners string
	// Notes are lines of that file it did not use, and why.
	Notes []string
}

// importSig is the signature found beside the file, read before the
// file is; nil when the file is unsigned and admitted so.
type importSig struct {
	sig    *signing.Signature
	signer fileSigner
	info   ImportSignature
	h512   hash.Hash // the file's SHA-512, made as it is read, if the signature signs that
}

// readImportSig reads and judges path's signature, and the allowed
// signers file of the data folder dataDir (or the one opt names), as
// things stand at opt.At. A refusal is an *ImportError: nothing is
// read or written.
func readImportSig(path, dataDir string, opt ImportOptions) (*importSig, error) {
	name := filepath.Base(path)
	refuse := func(format string, a ...any) error {
		return &ImportError{Path: path, Headline: fmt.Sprintf(format, a...)}
	}
	var allowed *signing.AllowedSigners
	allowedPath := opt.AllowedSigners
	if allowedPath == "" {
		allowedPath = filepath.Join(dataDir, AllowedSignersFile)
		if _, err := os.Lstat(allowedPath); errors.Is(err, fs.ErrNotExist) {
			allowedPath = ""
		}
	}
	if allowedPath != "" {
		var err error
		if allowed, err = signing.ReadAllowedSigners(allowedPath); err != nil {
			return nil, refuse("%v", err)
		}
	}
	info := ImportSignature{AllowedSigners: allowedPath}
	if allowed != nil {
		info.Notes = allowed.Notes
	}

	b, err := signing.ReadSignatureFile(path + ".sig")
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if !opt.AllowUnsigned {
			return nil, refuse("%s is not signed: there is no %s.sig beside it, so nothing shows which folder made it. "+
				"An export from this oic is signed by the folder that made it (one from an older oic, export schema 1, is not). "+
				"Copy the export with its .sig, or ask that folder for a new export; or, if you know where this file came from, import it with --allow-unsigned",
				name, name)
		}
		return &importSig{info: info}, nil
	case err != nil:
		return nil, refuse("cannot read %s.sig, the signature beside %s: %v", name, name, sysio.PlainPathError(err))
	}
	sig, err := signing.ParseSignature(b)
	if err != nil {
		return nil, refuse("%s.sig, the signature beside %s, cannot be checked: %v. "+
			"Copy the export with its .sha256 and .sig again from the folder that made it, or ask that folder for a new export",
			name, name, err)
	}
	fp := sig.Fingerprint()
	is := &importSig{sig: sig, signer: fileSigner{Fingerprint: fp}, info: info}
	if allowed == nil {
		return is, nil
	}
	who, err := allowed.Find(sig.PublicKey(), opt.At)
	switch {
	case errors.Is(err, signing.ErrNotListed):
		return nil, refuse("%s is signed by the key %s, which %s does not list, so oic cannot tell which folder made it. "+
			"If it comes from a folder you take exports from, ask for the line oic key prints in that folder and add it to %s; "+
			"if the file should not be signed by that key, ask for a new export",
			name, fp, allowedPath, allowedPath)
	case err != nil:
		return nil, refuse("%s is signed by the key %s, which %s does not let sign oic exports now: %v. "+
			"Ask for the line oic key prints in that folder and correct its line in %s, if you trust it",
			name, fp, allowedPath, err, allowedPath)
	}
	is.signer.Principal = who.Principals
	is.info.Principals = who.Principals
	return is, nil
}

// hasher is what the check's read of the file hashes it with: h, the
// SHA-256 of its digest, and a SHA-512 beside it if the signature signs
// that.
func (s *importSig) hasher(h hash.Hash) io.Writer {
	if s == nil || s.sig == nil || !s.sig.SHA512() {
		return h
	}
	s.h512 = sha512.New()
	return io.MultiWriter(h, s.h512)
}

// hashed records the file's digest, read through h, and checks its
// signature against it: the signer, if it matches; what is wrong, if
// not, for judge.
func (c *importCheck) hashed(h hash.Hash, s *importSig, path string) {
	sum := h.Sum(nil)
	c.sha256 = hex.EncodeToString(sum)
	if s == nil || s.sig == nil {
		return
	}
	if s.h512 != nil {
		sum = s.h512.Sum(nil)
	}
	if err := s.sig.Verify(sum); err != nil {
		name := filepath.Base(path)
		c.sigBad = fmt.Sprintf("%s does not match its signature in %s.sig (by the key %s): it was changed after it was signed, or the signature is another export's. "+
			"Copy the export with its .sha256 and .sig again from the folder that made it", name, name, s.signer.Fingerprint)
		return
	}
	c.signer = s.signer
}
