package signing

import (
	"crypto/sha256"
	"crypto/sha512"
	"hash"
	"testing"
)

// BenchmarkFileHash is what each hash an SSHSIG signature may sign costs
// a megabyte of export: SHA-256 is the digest an export makes anyway, and
// what oic signs; SHA-512 is ssh-keygen -Y sign's default, which a
// signature of oic's own would have cost on top (BENCHMARKS.md).
func BenchmarkFileHash(b *testing.B) {
	chunk := make([]byte, 1<<20)
	for _, c := range []struct {
		name string
		h    func() hash.Hash
	}{{"sha256", sha256.New}, {"sha512", sha512.New}} {
		b.Run(c.name, func(b *testing.B) {
			h := c.h()
			b.SetBytes(int64(len(chunk)))
			for b.Loop() {
				h.Write(chunk)
			}
		})
	}
}

// BenchmarkSignature is signing an export's digest and checking it: once
// a file, whatever its size.
func BenchmarkSignature(b *testing.B) {
	k, err := FolderKey(b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	sum := sha256.Sum256([]byte("an export"))
	b.Run("sign", func(b *testing.B) {
		for b.Loop() {
			if _, err := k.SignSHA256(sum[:]); err != nil {
				b.Fatal(err)
			}
		}
	})
	armored, _ := k.SignSHA256(sum[:])
	b.Run("parse and verify", func(b *testing.B) {
		for b.Loop() {
			sig, err := ParseSignature(armored)
			if err != nil || sig.Verify(sum[:]) != nil {
				b.Fatal(err)
			}
		}
	})
}
