package vault

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"oic/store/internal/sysio"
)

// Wrong passphrases are counted in a file beside the key file (TriesFile),
// so that a guesser gains nothing by starting oic again: after FreeTries
// wrong ones in a row, each further try waits a delay that doubles with
// each wrong one (firstDelay, up to maxDelay) from the last. The count
// holds no secret; a right passphrase clears it. A clock set back before
// the last wrong try does not lift the wait, nor leave it to run until the
// clock catches up: the wait starts again from now, as a PIN's lock does
// (domain.PINState). Anyone who can copy the key file can guess away from
// oic, as fast as Argon2id lets them: that is what its cost is for.

// TriesFile counts the wrong passphrases in a row.
const TriesFile = "vault.tries"

// FreeTries wrong passphrases in a row are not slowed.
const FreeTries = 5

const (
	firstDelay = 10 * time.Second
	maxDelay   = 15 * time.Minute
)

type tries struct {
	Failed int       `json:"failed"`
	Last   time.Time `json:"last"`
}

// delay is how long after the last of n wrong passphrases the next try
// waits.
func delay(n int) time.Duration {
	if n < FreeTries {
		return 0
	}
	d := firstDelay
	for i := FreeTries; i < n && d < maxDelay; i++ {
		d *= 2
	}
	return min(d, maxDelay)
}

// WaitError is a try refused, untried, because of the wrong ones before
// it.
type WaitError struct {
	Failed int
	Until  time.Time
	Wait   time.Duration
}

func (e *WaitError) Error() string {
	return fmt.Sprintf("%d wrong passphrases in a row: wait %s before trying again (until %s). Nothing was changed",
		e.Failed, e.Wait.Round(time.Second), e.Until.Format("15:04:05"))
}

// WrongError is a wrong passphrase, counted.
type WrongError struct {
	Failed int
	Next   time.Duration // the wait before the next try
}

func (e *WrongError) Error() string {
	s := "wrong passphrase: the folder's key file did not open with it. Nothing was changed"
	if e.Next > 0 {
		s += fmt.Sprintf(" (%d wrong in a row: the next try must wait %s)", e.Failed, e.Next.Round(time.Second))
	} else if left := FreeTries - e.Failed; left < FreeTries-1 {
		s += fmt.Sprintf(" (%d wrong in a row; after %d more, each try is slowed)", e.Failed, left)
	}
	return s
}

func (e *WrongError) Unwrap() error { return ErrWrongPassphrase }

// Unlock opens dataDir's key file with passphrase at now, counting a
// wrong one, and refusing, untried, a try that comes too soon after too
// many. The store and the key file are never changed by it.
func Unlock(dataDir string, passphrase []byte, now time.Time) (*Vault, error) {
	path := filepath.Join(dataDir, TriesFile)
	t, err := readTries(path)
	if err != nil {
		return nil, err
	}
	if t.Failed >= FreeTries {
		if now.Before(t.Last) {
			t.Last = now
			if err := writeTries(path, t); err != nil {
				return nil, err
			}
		}
		if until := t.Last.Add(delay(t.Failed)); now.Before(until) {
			return nil, &WaitError{Failed: t.Failed, Until: until, Wait: until.Sub(now)}
		}
	}
	v, err := unlock(dataDir, passphrase)
	if errors.Is(err, ErrWrongPassphrase) {
		t.Failed++
		t.Last = now
		if werr := writeTries(path, t); werr != nil {
			return nil, werr
		}
		return nil, &WrongError{Failed: t.Failed, Next: delay(t.Failed)}
	}
	if err != nil {
		return nil, err
	}
	if t.Failed > 0 {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return v, nil
}

// readTries reads the count; a count that cannot be read is taken as the
// most a guesser could want it to be: none is not assumed.
func readTries(path string) (tries, error) {
	var t tries
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return t, nil
	}
	if err != nil {
		return t, fmt.Errorf("cannot read %s: %w", path, sysio.PlainPathError(err))
	}
	if json.Unmarshal(b, &t) != nil || t.Failed < 0 {
		return tries{Failed: FreeTries, Last: time.Now()}, nil
	}
	return t, nil
}

func writeTries(path string, t tries) error {
	b, err := json.Marshal(t)
	if err != nil {
		return err
	}
	return sysio.WriteAtomic(path, b, false)
}
