package signing

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"

	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"
)

// An SSHSIG signature signs a hash of the message, not the message: its
// "signed data" is the namespace, the hash algorithm's name and the
// message's hash (PROTOCOL.sshsig in OpenSSH). An export's SHA-256 is
// made anyway, for its digest file, in the one pass that writes it; the
// signature signs that same hash (hash algorithm "sha256", which
// ssh-keygen -Y verify reads from the signature), so signing costs no
// second pass and no second hash of the file (BENCHMARKS.md).
//
// sshsig.Sign and sshsig.Verify (hiddeco/sshsig v0.2.0) take the
// message as a reader and hash it themselves; neither takes a hash made
// already. So the signed data is put together here (signedData), and
// signed and checked by x/crypto/ssh's keys; sshsig builds and parses
// the signature's own encoding and armour. The tests hold the two to
// each other: for an Ed25519 key, whose signatures are deterministic,
// Sign's output over the message is byte for byte SignSHA256's over its
// hash, and sshsig.Verify and ssh-keygen accept what SignSHA256 makes.

// signedData is what an SSHSIG signature signs: "SSHSIG", then the
// namespace, a reserved empty string, the hash algorithm and the hash,
// each as an SSH string.
func signedData(namespace string, alg sshsig.HashAlgorithm, sum []byte) []byte {
	body := ssh.Marshal(struct {
		Namespace, Reserved, HashAlgorithm, Hash string
	}{namespace, "", alg.String(), string(sum)})
	return append([]byte("SSHSIG"), body...)
}

// SignSHA256 signs a file whose SHA-256 is sum and returns the signature
// armoured as ssh-keygen -Y sign writes it ("-----BEGIN SSH
// SIGNATURE-----"), for FILE.sig.
func (k *Key) SignSHA256(sum []byte) ([]byte, error) { return k.SignSHA256In(Namespace, sum) }

// SignSHA256In is SignSHA256 in another namespace (BackupNamespace).
func (k *Key) SignSHA256In(namespace string, sum []byte) ([]byte, error) {
	if len(sum) != sha256.Size {
		return nil, fmt.Errorf("signing: a SHA-256 is %d bytes, not %d", sha256.Size, len(sum))
	}
	sig, err := k.signer.Sign(rand.Reader, signedData(namespace, sshsig.HashSHA256, sum))
	if err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	return sshsig.Armor(&sshsig.Signature{
		Version:       1,
		PublicKey:     k.signer.PublicKey(),
		Namespace:     namespace,
		HashAlgorithm: sshsig.HashSHA256,
		Signature:     sig,
	}), nil
}
