package store

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"golang.org/x/crypto/ssh"

	"oic/domain"
)

func newPublicKey(t *testing.T) ssh.PublicKey {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return pk
}

func authorizedLine(pk ssh.PublicKey, comment string) string {
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))) + " " + comment
}

func TestParseOfficerKey(t *testing.T) {
	pk := newPublicKey(t)
	got, comment, err := ParseOfficerKey("alice.pub", []byte("# Alice's laptop\n"+authorizedLine(pk, "alice@laptop\x1b]2;pwned\x07")+"\n\n"))
	if err != nil {
		t.Fatal(err)
	}
	if ssh.FingerprintSHA256(got) != ssh.FingerprintSHA256(pk) {
		t.Fatalf("parsed another key")
	}
	if strings.ContainsAny(comment, "\x1b\x07") || !strings.HasPrefix(comment, "alice@laptop") {
		t.Fatalf("comment %q: not inert", comment)
	}
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	smallPK, _ := ssh.NewPublicKey(&small.PublicKey)
	for _, c := range []struct{ name, in, want string }{
		{"empty", "\n# nothing\n", "holds no public key"},
		{"private", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n", "is a private key"},
		{"two keys", authorizedLine(pk, "a") + "\n" + authorizedLine(newPublicKey(t), "b"), "holds 2 lines"},
		{"options", `command="/bin/sh" ` + authorizedLine(pk, "a"), "authorized_keys options"},
		{"garbage", "hello world", "is not a public key"},
		{"weak rsa", authorizedLine(smallPK, "old"), "RSA key of 1024 bits"},
		{"huge", strings.Repeat("a", MaxKeyFile+1), "more than a public key's"},
	} {
		_, _, err := ParseOfficerKey("key.pub", []byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "key.pub") {
			t.Errorf("%s: err = %v, want one naming key.pub and saying %q", c.name, err, c.want)
		}
	}
}

func TestOfficerKeys(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	for _, o := range []domain.Officer{alice, bob} {
		if err := s.SaveOfficer(ctx, o, domain.ProfileChange(nil, o, o, t0)); err != nil {
			t.Fatal(err)
		}
	}
	pk := newPublicKey(t)
	fp := ssh.FingerprintSHA256(pk)
	if _, err := s.OfficerByKey(ctx, fp); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("OfficerByKey of a key nobody has: %v, want ErrNotFound", err)
	}
	if _, err := s.AddOfficerKey(ctx, "Z9999", pk, "", bob, t0); err == nil || !strings.Contains(err.Error(), "no officer Z9999") {
		t.Fatalf("key for an officer with no profile: %v", err)
	}
	k, err := s.AddOfficerKey(ctx, alice.StaffNo, pk, "alice@laptop", bob, t0)
	if err != nil {
		t.Fatal(err)
	}
	if k.Fingerprint != fp || k.Comment != "alice@laptop" || k.AddedBy != bob.StaffNo {
		t.Fatalf("added %+v", k)
	}
	if o, err := s.OfficerByKey(ctx, fp); err != nil || o.StaffNo != alice.StaffNo {
		t.Fatalf("OfficerByKey = %v, %v; want Alice", o.StaffNo, err)
	}
	// One key, one officer.
	if _, err := s.AddOfficerKey(ctx, bob.StaffNo, pk, "", bob, t0); err == nil || !strings.Contains(err.Error(), "belongs to A1001") {
		t.Fatalf("Alice's key given to Bob: %v", err)
	}
	if _, err := s.AddOfficerKey(ctx, alice.StaffNo, pk, "", bob, t0); err == nil || !strings.Contains(err.Error(), "already has") {
		t.Fatalf("Alice's key given twice: %v", err)
	}
	keys, err := s.OfficerKeys(ctx)
	if err != nil || len(keys) != 1 || keys[0].StaffNo != alice.StaffNo {
		t.Fatalf("OfficerKeys = %+v, %v", keys, err)
	}
	if mine, err := s.KeysOf(ctx, alice.StaffNo); err != nil || len(mine) != 1 || mine[0].Type != "ssh-ed25519" || mine[0].Fingerprint != fp || mine[0].AddedBy != bob.StaffNo {
		t.Fatalf("KeysOf(Alice) = %+v, %v", mine, err)
	}
	if theirs, err := s.KeysOf(ctx, bob.StaffNo); err != nil || len(theirs) != 0 {
		t.Fatalf("KeysOf(Bob) = %+v, %v", theirs, err)
	}
	// The profile's trail says who gave the key, and still seals the
	// profile: the profile reads, and the folder verifies.
	trail, err := s.OfficerAudit(ctx, alice.StaffNo)
	if err != nil || len(trail) != 2 {
		t.Fatalf("trail = %d entries, %v", len(trail), err)
	}
	if c := trail[1].Change; c.Action != ActionKeyAdded || c.Actor != bob.StaffNo || c.Fields[0].New != fp {
		t.Fatalf("trail's entry = %+v", c)
	}
	if _, err := s.Officer(ctx, alice.StaffNo); err != nil {
		t.Fatalf("profile after a key was added: %v", err)
	}
	if _, problems, err := s.Verify(ctx, nil); err != nil || len(problems) > 0 {
		t.Fatalf("Verify after a key was added: %v, %v", problems, err)
	}

	if err := s.RemoveOfficerKey(ctx, bob.StaffNo, fp, bob, t0); err == nil || !strings.Contains(err.Error(), "A1001's, not B2002's") {
		t.Fatalf("Alice's key removed from Bob: %v", err)
	}
	if err := s.RemoveOfficerKey(ctx, alice.StaffNo, fp, bob, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.OfficerByKey(ctx, fp); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("OfficerByKey after removal: %v, want ErrNotFound", err)
	}
	trail, _ = s.OfficerAudit(ctx, alice.StaffNo)
	if c := trail[len(trail)-1].Change; c.Action != ActionKeyRemoved || c.Fields[0].Old != fp {
		t.Fatalf("last entry = %+v", c)
	}
	if err := s.RemoveOfficerKey(ctx, alice.StaffNo, fp, bob, t0); err == nil || !strings.Contains(err.Error(), "no officer has the key") {
		t.Fatalf("removed twice: %v", err)
	}
}

// A key record written outside oic, with no entry on the profile's trail,
// signs nobody in.
func TestOfficerKeyWrittenOutsideOIC(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	if err := s.SaveOfficer(ctx, bob, domain.ProfileChange(nil, bob, bob, t0)); err != nil {
		t.Fatal(err)
	}
	pk := newPublicKey(t)
	fp := ssh.FingerprintSHA256(pk)
	b, _ := json.Marshal(OfficerKey{Fingerprint: fp, StaffNo: bob.StaffNo, Key: authorizedLine(pk, "")})
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(officerKeyKey(fp), b) }); err != nil {
		t.Fatal(err)
	}
	if o, err := s.OfficerByKey(ctx, fp); err == nil || !strings.Contains(err.Error(), "written outside oic") {
		t.Fatalf("OfficerByKey = %v, %v; want a refusal", o.StaffNo, err)
	}
}
