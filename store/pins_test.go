package store

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// TestPINRecord (IDN-1): a PIN is kept as an Argon2id hash with its own
// random salt and the parameters it was made with, in a record of its
// own: no other key of the store holds the PIN, its hash or its salt, so
// no profile, trail or export can carry them.
func TestPINRecord(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	amy := domain.Officer{StaffNo: "A1001", Name: "Amy Ames", Grade: "HEO", Team: "SLN"}
	ben := domain.Officer{StaffNo: "B2002", Name: "Ben Brown", Grade: "SEO", Team: "SLN"}
	const pin = "86420975"
	for _, o := range []domain.Officer{amy, ben} {
		if err := s.SaveOfficer(ctx, o, domain.ProfileChange(nil, o, o, t0)); err != nil {
			t.Fatal(err)
		}
		if err := s.SetPIN(ctx, o.StaffNo, pin, o, t0); err != nil {
			t.Fatal(err)
		}
	}
	recs := map[domain.StaffNo]pinRecord{}
	for _, sn := range []domain.StaffNo{amy.StaffNo, ben.StaffNo} {
		var r pinRecord
		if err := json.Unmarshal(rawValue(t, s, pinKey(sn)), &r); err != nil {
			t.Fatal(err)
		}
		if r.Alg != "argon2id" || r.Version != 0x13 || r.Time != PINParams.Time || r.Memory != PINParams.Memory || r.Threads != PINParams.Threads ||
			len(r.Salt) != 16 || len(r.Hash) != pinKeyLen {
			t.Errorf("the PIN record of %s: %+v", sn, r)
		}
		recs[sn] = r
	}
	if bytes.Equal(recs[amy.StaffNo].Salt, recs[ben.StaffNo].Salt) || bytes.Equal(recs[amy.StaffNo].Hash, recs[ben.StaffNo].Hash) {
		t.Errorf("two officers with the same PIN have the same salt or hash")
	}
	var secrets [][]byte
	for _, r := range recs {
		for _, b := range [][]byte{r.Salt, r.Hash} {
			secrets = append(secrets, b, []byte(base64.StdEncoding.EncodeToString(b)), []byte(base64.RawURLEncoding.EncodeToString(b)))
		}
	}
	secrets = append(secrets, []byte(pin), []byte("argon2"))
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			if bytes.HasPrefix(k, []byte("w/")) {
				continue
			}
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			for _, sec := range secrets {
				if bytes.Contains(v, sec) || bytes.Contains(k, sec) {
					t.Errorf("key %q holds the PIN, its hash or its salt: %s", k, v)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPINParamsKept: a PIN made with other Argon2id parameters than
// today's is checked with its own, so the parameters can be raised
// without every officer setting their PIN again.
func TestPINParamsKept(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	amy := domain.Officer{StaffNo: "A1001", Name: "Amy Ames", Grade: "HEO", Team: "SLN"}
	if err := s.SaveOfficer(ctx, amy, domain.ProfileChange(nil, amy, amy, t0)); err != nil {
		t.Fatal(err)
	}
	was := PINParams
	PINParams.Time, PINParams.Memory = 1, 8*1024
	err := s.SetPIN(ctx, amy.StaffNo, "2468", amy, t0)
	PINParams = was
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CheckPIN(ctx, amy.StaffNo, "2468", t0); err != nil {
		t.Errorf("a PIN made with older parameters: %v", err)
	}
	if err := s.CheckPIN(ctx, amy.StaffNo, "2469", t0); err == nil {
		t.Errorf("a wrong PIN passed with older parameters")
	}
}

func rawValue(t testing.TB, s *Store, key []byte) []byte {
	t.Helper()
	var out []byte
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(key)
		if err != nil {
			return err
		}
		out, err = item.ValueCopy(nil)
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	return out
}

// BenchmarkCheckPIN is one right PIN checked, as at start: the Argon2id
// hash with PINParams, and the try kept (BENCHMARKS.md, "PINs (issue 17)").
func BenchmarkCheckPIN(b *testing.B) {
	s, _ := openStore(b)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	amy := domain.Officer{StaffNo: "A1001", Name: "Amy Ames", Grade: "HEO", Team: "SLN"}
	if err := s.SaveOfficer(ctx, amy, domain.ProfileChange(nil, amy, amy, t0)); err != nil {
		b.Fatal(err)
	}
	if err := s.SetPIN(ctx, amy.StaffNo, "2468", amy, t0); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := s.CheckPIN(ctx, amy.StaffNo, "2468", t0); err != nil {
			b.Fatal(err)
		}
	}
}
