package exchange

// fileSigner is what the import found of the signature beside its file
// (FILE.sig, checked in the same pass as the digest): who signed it, and
// whether that signer is one the data folder pins (allowed_signers). Each
// visit's arrival names it. The zero value is a file with no signature,
// admitted only when the officer allows unsigned files; its visits are
// then marked unverified.
type fileSigner struct {
	// Fingerprint is the signer's public key as ssh-keygen -l prints it
	// ("SHA256:..."); "" if the file is unsigned.
	Fingerprint string
	// Principal is the allowed_signers principal the key matched (the
	// exporting folder's ID); "" when the folder pins no signers.
	Principal string
}

// unsigned says the file carried no signature.
func (s fileSigner) unsigned() bool { return s.Fingerprint == "" }
