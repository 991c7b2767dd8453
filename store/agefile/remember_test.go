package agefile

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"filippo.io/age"
)

// counting is an identity that counts its unwrappings.
type counting struct {
	age.Identity
	n int
}

func (c *counting) Unwrap(s []*age.Stanza) ([]byte, error) {
	c.n++
	return c.Identity.Unwrap(s)
}

func encryptTo(t *testing.T, r age.Recipient, text string) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := age.Encrypt(&b, r)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, text)
	w.Close()
	return b.Bytes()
}

// A file decrypted twice unwraps its key once; another file, to the same
// identity, is unwrapped afresh; one to someone else is refused as age
// refuses it.
func TestRemember_UnwrapsOnceAFile(t *testing.T) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	c := &counting{Identity: id}
	ids := []age.Identity{Remember([]age.Identity{c})}
	one, two := encryptTo(t, id.Recipient(), "one"), encryptTo(t, id.Recipient(), "two")
	read := func(file []byte) string {
		t.Helper()
		r, err := age.Decrypt(bytes.NewReader(file), ids...)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if read(one) != "one" || read(one) != "one" || c.n != 1 {
		t.Fatalf("the same file read twice unwrapped its key %d times, want 1", c.n)
	}
	if read(two) != "two" || c.n != 2 {
		t.Fatalf("another file: %d unwrappings, want 2", c.n)
	}
	other, _ := age.GenerateX25519Identity()
	_, err = age.Decrypt(bytes.NewReader(encryptTo(t, other.Recipient(), "x")), ids...)
	var nomatch *age.NoIdentityMatchError
	if !errors.As(err, &nomatch) {
		t.Fatalf("a file to someone else: %v, want age's no identity matched", err)
	}
}
