package domain

import "context"

// BackupRequest asks for a backup of the whole data folder to a file, as
// the register's backup dialog does (B; oic backup).
type BackupRequest struct {
	Path string
	// Recipients are the keys to encrypt it to (an age1... key, an
	// ssh-ed25519 public key, or a file of them); none for the folder's
	// passphrase if it has one, else unencrypted.
	Recipients []string
	Overwrite  bool
	By         Officer
	// Progress is told how many bytes of records are written.
	Progress func(written int64)
}

// BackupResult says what a backup wrote.
type BackupResult struct {
	Path, SHA256 string
	Bytes        int64
	Visits       int
	// Encrypted says how: "recipients", "passphrase", or "" for not.
	Encrypted string
	// Principal and Fingerprint are the folder's, whose key signed it.
	Principal, Fingerprint string
}

// Backuper takes backups of the data folder. Backup stops, leaving
// nothing under the final name, when ctx is cancelled; a refusal for a
// file already there wraps fs.ErrExist.
type Backuper interface {
	Backup(ctx context.Context, req BackupRequest) (BackupResult, error)
	// Encrypted says the folder is encrypted, so that a backup with no
	// recipient is encrypted to its passphrase, not written in plain.
	Encrypted() bool
}
