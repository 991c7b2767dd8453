package jsoncheck

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math/bits"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// stdParse is encoding/json's reading of b, numbers kept as text.
func stdParse(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, fmt.Errorf("more after the value: %v", err)
	}
	return v, nil
}

// checkParse holds Parse to encoding/json: what one reads, the other
// reads the same; what Parse refuses and encoding/json reads is only
// what Parse is stricter about (a key twice, invalid UTF-8, deep
// nesting). The Checker reads as strictly.
func checkParse(t *testing.T, b []byte) {
	t.Helper()
	mine, _, err := Parse(b)
	std, serr := stdParse(b)
	any := &schemaNode{maxItems: -1}
	any.prepare()
	if smsg := NewChecker().Check(&Schema{root: any, name: "any", nodes: 1}, b); (smsg == "") != (err == nil) {
		t.Errorf("%q: Parse says %v, the streaming check %q", b, err, smsg)
	}
	switch {
	case err == nil && serr != nil:
		t.Errorf("%q: Parse reads what encoding/json refuses (%v)", b, serr)
	case err == nil:
		if got := Plain(mine); !reflect.DeepEqual(got, std) {
			t.Errorf("%q: Parse reads %#v, encoding/json %#v", b, got, std)
		}
	case serr == nil:
		msg := err.Error()
		if !strings.Contains(msg, "appears twice") && !strings.Contains(msg, "UTF-8") && !strings.Contains(msg, "nested more than") {
			t.Errorf("%q: Parse refuses what encoding/json reads: %v", b, err)
		}
	}
}

func TestParse(t *testing.T) {
	for _, in := range []string{
		`{}`, `[]`, `""`, `0`, `-0`, `1.5e-3`, `1E+2`, `true`, `false`, `null`, ` {"a" : [1, 2, {"b": null}] } `,
		`"\u00e9\n\t\"\\\/\b\f\r"`, `"\ud83d\ude00"`, `"\ud800"`, `"\ud800\u0041"`, `"\udc00"`, `"é日本"`,
		`{"a":1,"a":2}`, `"\xff"`, `01`, `1.`, `.5`, `-`, `1e`, `[1,]`, `{"a":1,}`, `{"a"}`, `{a:1}`, `[1 2]`,
		`"a` + "\n" + `b"`, `tru`, `nul`, `"\x"`, `"\u12"`, `{"a":1} x`, ``, ` `, `[`, `{"a":`, strings.Repeat("[", 600) + strings.Repeat("]", 600),
	} {
		checkParse(t, []byte(in))
	}
	_, _, err := Parse([]byte(`{"a": tru}`))
	if err == nil || !strings.Contains(err.Error(), "byte 7") {
		t.Errorf("the error does not say where: %v", err)
	}
	// The top-level members and where they lie.
	b := []byte(`{"ref":"X", "n": [1,2] ,"audit":{"a":1}}`)
	_, members, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range members {
		got = append(got, string(b[m.Start:m.End]))
	}
	if want := []string{`"ref":"X"`, `"n": [1,2]`, `"audit":{"a":1}`}; !reflect.DeepEqual(got, want) {
		t.Errorf("members %q, want %q", got, want)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,"x",{"b":null,"c":true}],"d":-1.5e3}`, `"\ud83d\ude00\u00e9"`, `[{"a":1,"a":2}]`, "\"\xff\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !utf8.Valid(b) && json.Valid(b) {
			// encoding/json reads invalid UTF-8 in strings as U+FFFD;
			// Parse refuses it. Both must still agree it is not nothing.
			if _, _, err := Parse(b); err == nil {
				t.Errorf("%q: invalid UTF-8 read", b)
			}
			return
		}
		checkParse(t, b)
	})
}

// special8 finds the first byte strSpecial marks, for every byte value
// in every position of a word beside others, and in words of random bytes.
func TestSpecial8(t *testing.T) {
	check := func(w [8]byte) {
		first := 8
		for i, c := range w {
			if strSpecial[c] {
				first = i
				break
			}
		}
		m := special8(binary.LittleEndian.Uint64(w[:]))
		got := 8
		if m != 0 {
			got = bits.TrailingZeros64(m) >> 3
		}
		if got != first {
			t.Fatalf("special8(%q) finds byte %d, want %d", w[:], got, first)
		}
	}
	for pos := range 8 {
		for c := range 256 {
			w := [8]byte{'a', 'b', ' ', '~', '0', '-', 'Z', ':'}
			w[pos] = byte(c)
			check(w)
			for _, other := range []byte{0x00, 0x1f, 0x20, '"', '\\', 0x7f, 0x80, 0xff} {
				for d := 1; d < 8; d++ {
					w2 := w
					w2[(pos+d)%8] = other
					check(w2)
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		var w [8]byte
		binary.LittleEndian.PutUint64(w[:], r.Uint64()&0x7f7f7f7f7f7f7f7f|0x2020202020202020*uint64(r.IntN(2)))
		check(w)
		binary.LittleEndian.PutUint64(w[:], r.Uint64())
		check(w)
	}
}
