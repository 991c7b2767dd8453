package store

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dgraph-io/badger/v4"
	"golang.org/x/crypto/ssh"

	"oic/domain"
)

// Over SSH (oic serve) an officer is their public key: k/<fingerprint>
// names the officer a key belongs to. One key belongs to one officer, so
// a session's officer is never in doubt. Adding and removing a key goes
// on the officer's profile trail, and a key is honoured only while that
// trail says it was added and not since removed: a key record written
// outside oic signs nobody in.

var prefixOfficerKey = []byte("k/")

func officerKeyKey(fp string) []byte { return cat(prefixOfficerKey, []byte(fp)) }

// The actions of a profile trail's entries for keys; the fingerprint is
// the entry's one field, FieldKey.
const (
	ActionKeyAdded   = "officer key added"
	ActionKeyRemoved = "officer key removed"
	FieldKey         = "ssh key"
)

// MaxKeyFile is the most oic reads of a key given to it: a public key
// line is under 1 KiB (an RSA 8192-bit key about 1.4 KiB).
const MaxKeyFile = 16 << 10

// maxKeyComment is how much of a key's comment is kept.
const maxKeyComment = 120

// OfficerKey is a public key an officer signs in with over SSH.
type OfficerKey struct {
	// Fingerprint is as ssh-keygen -l prints it: "SHA256:...".
	Fingerprint string         `json:"fingerprint"`
	StaffNo     domain.StaffNo `json:"staff_no"`
	// Key is the key in authorized_keys form, without its comment.
	Key string `json:"key"`
	// Comment is the comment the key came with (often user@host), made
	// inert and kept to one short line: text from outside, shown only.
	Comment string         `json:"comment,omitempty"`
	Added   time.Time      `json:"added"`
	AddedBy domain.StaffNo `json:"added_by"`
}

// PublicKey is the key itself.
func (k OfficerKey) PublicKey() (ssh.PublicKey, error) {
	pk, _, _, _, err := ssh.ParseAuthorizedKey([]byte(k.Key))
	return pk, err
}

// ParseOfficerKey reads one public key as an authorized_keys line or a
// .pub file holds it (type, base64, optional comment), from what, which
// names it in a refusal. Anything else is refused with what is wrong: a
// private key, several keys, authorized_keys options, a certificate, a
// DSA key or an RSA key under 2048 bits.
func ParseOfficerKey(what string, b []byte) (ssh.PublicKey, string, error) {
	if len(b) > MaxKeyFile {
		return nil, "", fmt.Errorf("%s is %d bytes, more than a public key's %d; give the .pub file of the officer's key", what, len(b), MaxKeyFile)
	}
	if bytes.Contains(b, []byte("PRIVATE KEY")) {
		return nil, "", fmt.Errorf("%s is a private key: it must never leave its officer's computer; give the .pub file beside it (ssh-keygen -y -f KEY prints it)", what)
	}
	var lines [][]byte
	for _, l := range bytes.Split(b, []byte("\n")) {
		l = bytes.TrimSpace(l)
		if len(l) > 0 && l[0] != '#' {
			lines = append(lines, l)
		}
	}
	switch {
	case len(lines) == 0:
		return nil, "", fmt.Errorf("%s holds no public key; give the .pub file of the officer's key, as ssh-keygen -t ed25519 makes it", what)
	case len(lines) > 1:
		return nil, "", fmt.Errorf("%s holds %d lines, not one public key; add one key at a time", what, len(lines))
	}
	pk, comment, options, rest, err := ssh.ParseAuthorizedKey(lines[0])
	if err != nil {
		return nil, "", fmt.Errorf("%s is not a public key as a .pub file or an authorized_keys line holds it (%v); give the .pub file of the officer's key", what, err)
	}
	if len(rest) > 0 {
		return nil, "", fmt.Errorf("%s holds more than one public key; add one key at a time", what)
	}
	if len(options) > 0 {
		return nil, "", fmt.Errorf("%s has authorized_keys options (%s); oic does not use them: give the key alone", what, domain.Inert(strings.Join(options, ",")))
	}
	if _, ok := pk.(*ssh.Certificate); ok {
		return nil, "", fmt.Errorf("%s is an SSH certificate; give the officer's plain public key", what)
	}
	switch pk.Type() {
	case ssh.KeyAlgoDSA:
		return nil, "", fmt.Errorf("%s is a DSA key, which OpenSSH no longer accepts; the officer makes a new key with ssh-keygen -t ed25519", what)
	case ssh.KeyAlgoRSA:
		if ck, ok := pk.(ssh.CryptoPublicKey); ok {
			if rk, ok := ck.CryptoPublicKey().(*rsa.PublicKey); ok && rk.N.BitLen() < 2048 {
				return nil, "", fmt.Errorf("%s is an RSA key of %d bits, too weak; the officer makes a new key with ssh-keygen -t ed25519", what, rk.N.BitLen())
			}
		}
	}
	return pk, keyComment(comment), nil
}

// keyComment is c made inert, on one line and cut short: a comment is
// whatever the file held, shown beside the key and never acted on.
func keyComment(c string) string {
	c = strings.Join(strings.Fields(domain.Inert(c)), " ")
	if utf8.RuneCountInString(c) > maxKeyComment {
		c = string([]rune(c)[:maxKeyComment-1]) + "…"
	}
	return c
}

// AddOfficerKey gives officer sn the key pk, by `by` at at, with an entry
// on sn's profile trail. A key already held (by sn or by anyone else) is
// refused, as is a profile that is not the one its trail sealed.
func (s *Store) AddOfficerKey(ctx context.Context, sn domain.StaffNo, pk ssh.PublicKey, comment string, by domain.Officer, at time.Time) (OfficerKey, error) {
	k := OfficerKey{
		Fingerprint: ssh.FingerprintSHA256(pk), StaffNo: sn,
		Key:     strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))),
		Comment: keyComment(comment), Added: at.UTC(), AddedBy: by.StaffNo,
	}
	b, err := json.Marshal(k)
	if err != nil {
		return k, err
	}
	err = s.update(func(txn *badger.Txn) error {
		switch old, err := readOfficerKey(txn, k.Fingerprint); {
		case err == nil && old.StaffNo == sn:
			return fmt.Errorf("%s already has the key %s; nothing was changed", sn, k.Fingerprint)
		case err == nil:
			return fmt.Errorf("the key %s belongs to %s: one key belongs to one officer. Nothing was changed; %s makes a key of their own (ssh-keygen -t ed25519)", k.Fingerprint, old.StaffNo, sn)
		case !errors.Is(err, domain.ErrNotFound):
			return err
		}
		recs, err := profileKeyEntry(txn, sn, ActionKeyAdded, "", k.Fingerprint, by, at)
		if err != nil {
			return err
		}
		return setAll(txn, append(recs, Record{officerKeyKey(k.Fingerprint), b})...)
	})
	return k, err
}

// RemoveOfficerKey takes the key fp from officer sn, by `by` at at, with
// an entry on sn's profile trail.
func (s *Store) RemoveOfficerKey(ctx context.Context, sn domain.StaffNo, fp string, by domain.Officer, at time.Time) error {
	return s.update(func(txn *badger.Txn) error {
		old, err := readOfficerKey(txn, fp)
		switch {
		case errors.Is(err, domain.ErrNotFound):
			return fmt.Errorf("no officer has the key %s; nothing was changed (oic officer key list lists the keys)", fp)
		case err != nil:
			return err
		case old.StaffNo != sn:
			return fmt.Errorf("the key %s is %s's, not %s's; nothing was changed", fp, old.StaffNo, sn)
		}
		recs, err := profileKeyEntry(txn, sn, ActionKeyRemoved, fp, "", by, at)
		if err != nil {
			return err
		}
		if err := setAll(txn, recs...); err != nil {
			return err
		}
		return txn.Delete(officerKeyKey(fp))
	})
}

// profileKeyEntry is the records of the next entry on sn's profile
// trail, saying a key was added or removed. The profile is unchanged, so
// the entry seals the same bytes as the one before it; a profile that is
// not the one its trail sealed is not written to.
func profileKeyEntry(txn *badger.Txn, sn domain.StaffNo, action, was, now string, by domain.Officer, at time.Time) ([]Record, error) {
	b, head, err := readOfficer(txn, sn)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, fmt.Errorf("no officer %s has a profile here; nothing was changed (oic officer add adds one)", sn)
	}
	if err != nil {
		return nil, err
	}
	if p := sealProblem(head, b, nil); p != "" {
		return nil, fmt.Errorf("nothing was changed: %w", &domain.RecordError{Officer: sn, Problem: p})
	}
	c := domain.Change{Action: action, Actor: by.StaffNo, ActorName: by.Name, At: at,
		Fields: []domain.FieldChange{{Field: FieldKey, Old: was, New: now}}}
	return entryRecords(domain.OfficerEntry(sn, head, c, domain.SealOf(b, nil)))
}

func readOfficerKey(txn *badger.Txn, fp string) (OfficerKey, error) {
	var k OfficerKey
	item, err := txn.Get(officerKeyKey(fp))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return k, fmt.Errorf("key %s: %w", fp, domain.ErrNotFound)
	}
	if err != nil {
		return k, err
	}
	err = value(item, func(b []byte) error {
		if err := json.Unmarshal(b, &k); err != nil {
			return unreadable("the record of key "+fp, err)
		}
		return nil
	})
	return k, err
}

// OfficerKeys returns every officer's keys, by fingerprint.
func (s *Store) OfficerKeys(ctx context.Context) ([]OfficerKey, error) {
	var out []OfficerKey
	err := s.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = prefixOfficerKey
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			fp := string(it.Item().Key()[len(prefixOfficerKey):])
			k, err := readOfficerKey(txn, fp)
			if err != nil {
				return err
			}
			out = append(out, k)
		}
		return nil
	})
	return out, err
}

// OfficerByKey is the officer whose key has the fingerprint fp, for
// signing in over SSH. The key must be one their profile trail says was
// added and not since removed, and the profile the one its trail sealed;
// otherwise nobody is signed in (ErrNotFound for a key nobody has, an
// error saying what is wrong else).
func (s *Store) OfficerByKey(ctx context.Context, fp string) (domain.Officer, error) {
	var k OfficerKey
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		k, err = readOfficerKey(txn, fp)
		return err
	})
	if err != nil {
		return domain.Officer{}, err
	}
	o, err := s.Officer(ctx, k.StaffNo)
	if err != nil {
		return domain.Officer{}, err
	}
	trail, err := s.OfficerAudit(ctx, k.StaffNo)
	if err != nil {
		return domain.Officer{}, err
	}
	if err := domain.VerifyChain(trail); err != nil {
		return domain.Officer{}, &domain.RecordError{Officer: k.StaffNo, Problem: "its audit trail is broken: " + err.Error()}
	}
	held := false
	for _, e := range trail {
		for _, f := range e.Change.Fields {
			switch {
			case f.Field != FieldKey:
			case e.Change.Action == ActionKeyAdded && f.New == fp:
				held = true
			case e.Change.Action == ActionKeyRemoved && f.Old == fp:
				held = false
			}
		}
	}
	if !held {
		return domain.Officer{}, &domain.RecordError{Officer: k.StaffNo, Problem: fmt.Sprintf("the key %s is stored as theirs but their profile's audit trail does not say it was given to them: it was written outside oic, and is not honoured", fp)}
	}
	return o, nil
}

// KeysOf returns officer sn's keys, oldest first (domain.OfficerKeyLister).
func (s *Store) KeysOf(ctx context.Context, sn domain.StaffNo) ([]domain.OfficerKey, error) {
	all, err := s.OfficerKeys(ctx)
	if err != nil {
		return nil, err
	}
	var out []domain.OfficerKey
	for _, k := range all {
		if k.StaffNo != sn {
			continue
		}
		typ := "?"
		if pk, err := k.PublicKey(); err == nil {
			typ = pk.Type()
		}
		out = append(out, domain.OfficerKey{Fingerprint: k.Fingerprint, Type: typ, Comment: k.Comment, Added: k.Added, AddedBy: k.AddedBy})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Added.Before(out[j].Added) })
	return out, nil
}
