package signing

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestAllowedSigners(t *testing.T) {
	a, _ := FolderKey(t.TempDir(), nil)
	b, _ := FolderKey(t.TempDir(), nil)
	c, _ := FolderKey(t.TempDir(), nil)
	keyOf := func(k *Key) string {
		_, rest, _ := strings.Cut(k.AllowedSignersLine(), `"oic-export,oic-backup" `)
		return rest
	}
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	file := strings.Join([]string{
		"# central records: folders we take exports from",
		"",
		"   # an indented comment",
		a.AllowedSignersLine() + " SLN laptop 3",
		`"oic-1111111111111111,records@example" namespaces="git,oic-*",valid-after="20260101" ` + keyOf(b),
		fmt.Sprintf(`%s cert-authority %s`, "*@example", keyOf(c)),
		"oic-2222222222222222\tnamespaces=\"file\" " + keyOf(c) + "\r",
	}, "\n") + "\n"
	as, err := ParseAllowedSigners("allowed_signers", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	if s, err := as.Find(a.PublicKey(), now); err != nil || s.Principals != a.Principal() || s.Line != 4 {
		t.Errorf("a: %+v %v", s, err)
	}
	if s, err := as.Find(b.PublicKey(), now); err != nil || s.Principals != "oic-1111111111111111,records@example" {
		t.Errorf("b, two principals in quotes, namespaces by pattern: %+v %v", s, err)
	}
	if _, err := as.Find(b.PublicKey(), time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)); err == nil || !strings.Contains(err.Error(), "not yet") {
		t.Errorf("b before valid-after: %v", err)
	}
	if _, err := as.Find(c.PublicKey(), now); err == nil || errors.Is(err, ErrNotListed) || !strings.Contains(err.Error(), `namespaces="file" only`) {
		t.Errorf("c, listed for another namespace only (its cert-authority line skipped): %v", err)
	}
	if len(as.Notes) != 1 || !strings.Contains(as.Notes[0], "line 6 is a cert-authority line") {
		t.Errorf("notes %q", as.Notes)
	}
	d, _ := FolderKey(t.TempDir(), nil)
	if _, err := as.Find(d.PublicKey(), now); !errors.Is(err, ErrNotListed) {
		t.Errorf("d, not listed: %v", err)
	}

	expired, err := ParseAllowedSigners("f", []byte(a.Principal()+` valid-before="20261201Z" `+keyOf(a)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := expired.Find(a.PublicKey(), now); err == nil || !strings.Contains(err.Error(), "no longer") {
		t.Errorf("expired: %v", err)
	}
}

func TestAllowedSignersRefused(t *testing.T) {
	a, _ := FolderKey(t.TempDir(), nil)
	_, key, _ := strings.Cut(a.AllowedSignersLine(), `"oic-export,oic-backup" `)
	cases := []struct{ name, line, want string }{
		{"escape", "oic-x \x1b]52;c;aGk=\x07 " + key, "control character"},
		{"C1", "oic-x \u009b2J " + key, "control character"},
		{"not UTF-8", "oic-x \xff " + key, "not UTF-8"},
		{"one word", "oic-x", "one word"},
		{"no key", "oic-x namespaces=\"oic-export\"", "no public key"},
		{"bad key", "oic-x ssh-ed25519 AAAAnotbase64!!", "no public key"},
		{"unknown option", "oic-x no-touch-required,namespaces=\"oic-export\" " + key, "not one of"},
		{"bad time", `oic-x valid-before="tomorrow" ` + key, "YYYYMMDD"},
		{"open quote", `"oic-x ` + key, "quotation mark"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseAllowedSigners("/srv/allowed_signers", []byte("# ok\n"+c.line+"\n"))
			if err == nil {
				t.Fatal("accepted")
			}
			msg := err.Error()
			if !strings.Contains(msg, c.want) || !strings.Contains(msg, "/srv/allowed_signers cannot be used: line 2") {
				t.Errorf("%q, want the file, line 2 and %q", msg, c.want)
			}
			if strings.ContainsAny(msg, "\x1b\x07\u009b") {
				t.Errorf("the message holds a control character: %q", msg)
			}
		})
	}
}

func TestMatchList(t *testing.T) {
	for _, c := range []struct {
		list string
		want bool
	}{
		{"oic-export", true}, {"oic-*", true}, {"*", true}, {"oic-?xport", true}, {"git,file", false},
		{"*,!oic-export", false}, {"!git,oic-export", true}, {"oic", false}, {"oic-export-2", false},
		{"**********************************************x", false},
	} {
		if got := matchList(Namespace, c.list); got != c.want {
			t.Errorf("%q: %v, want %v", c.list, got, c.want)
		}
	}
}
