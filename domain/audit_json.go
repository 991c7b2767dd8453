package domain

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"
)

// AppendJSON appends e's JSON, as encoding/json's Marshal writes it: the
// store keeps entries so (appendEntryJSON).
func (e *AuditEntry) AppendJSON(dst []byte) []byte { return appendEntryJSON(dst, e) }

// appendEntryJSON appends e as encoding/json's Marshal writes it, byte for
// byte: an entry's hash is defined over that encoding (schema v2,
// AuditEntry), and every entry of a trail is encoded to check it, so the
// chain check of an import or of oic verify spent most of its time in
// reflection (BENCHMARKS.md, "The audit entry's own encoder"). A time
// Marshal refuses, or one it would write otherwise than AppendFormat,
// goes to Marshal itself, so the two never differ; TestEntryJSONIsMarshal
// holds them equal.
func appendEntryJSON(dst []byte, e *AuditEntry) []byte {
	if !plainTime(e.Change.At) {
		b, err := json.Marshal(e)
		if err != nil { // cannot happen but for a time Marshal refuses
			panic(err)
		}
		return append(dst, b...)
	}
	dst = append(dst, `{"ref":`...)
	dst = AppendJSONString(dst, string(e.Ref))
	if e.Officer != "" {
		dst = append(dst, `,"officer":`...)
		dst = AppendJSONString(dst, string(e.Officer))
	}
	dst = append(dst, `,"seq":`...)
	dst = strconv.AppendUint(dst, e.Seq, 10)
	c := &e.Change
	dst = append(dst, `,"change":{"action":`...)
	dst = AppendJSONString(dst, c.Action)
	dst = append(dst, `,"actor":`...)
	dst = AppendJSONString(dst, string(c.Actor))
	dst = append(dst, `,"actor_name":`...)
	dst = AppendJSONString(dst, c.ActorName)
	dst = append(dst, `,"at":"`...)
	dst = c.At.AppendFormat(dst, time.RFC3339Nano)
	dst = append(dst, '"')
	if len(c.Fields) > 0 {
		dst = append(dst, `,"fields":[`...)
		for i, f := range c.Fields {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"field":`...)
			dst = AppendJSONString(dst, f.Field)
			dst = append(dst, `,"old":`...)
			dst = AppendJSONString(dst, f.Old)
			dst = append(dst, `,"new":`...)
			dst = AppendJSONString(dst, f.New)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	if c.Reason != "" {
		dst = append(dst, `,"reason":`...)
		dst = AppendJSONString(dst, c.Reason)
	}
	dst = append(dst, '}')
	if e.Record != "" {
		dst = append(dst, `,"record":`...)
		dst = AppendJSONString(dst, e.Record)
	}
	if e.Derived != "" {
		dst = append(dst, `,"derived":`...)
		dst = AppendJSONString(dst, e.Derived)
	}
	dst = append(dst, `,"prev":`...)
	dst = AppendJSONString(dst, e.Prev)
	dst = append(dst, `,"hash":`...)
	dst = AppendJSONString(dst, e.Hash)
	return append(dst, '}')
}

// plainTime says t is one time.Time's MarshalJSON writes as AppendFormat
// does with RFC3339Nano: a year of four digits and an offset of whole
// minutes under 24 hours.
func plainTime(t time.Time) bool {
	if y := t.Year(); y < 0 || y > 9999 {
		return false
	}
	_, off := t.Zone()
	if off < 0 {
		off = -off
	}
	return off%60 == 0 && off < 24*3600
}

const lowerHex = "0123456789abcdef"

// plainByte marks the ASCII bytes a JSON string holds as they are.
var plainByte = func() (t [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		t[b] = b != '"' && b != '\\' && b != '<' && b != '>' && b != '&'
	}
	return t
}()

// AppendJSONString writes s quoted as encoding/json does with its HTML
// escaping: ", \ and the control characters escaped (\b \f \n \r \t by
// name), <, > and & as \u00XX, bytes that are not UTF-8 as \ufffd, and
// U+2028 and U+2029 escaped. The export's derived part is written with it
// too, so a line made by hand and one made by json.Marshal are the same
// bytes.
func AppendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if plainByte[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', lowerHex[b>>4], lowerHex[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', lowerHex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// entryJSONSize is about what e's encoding takes, so it is made in one
// allocation.
func entryJSONSize(e *AuditEntry) int {
	n := 200 + len(e.Ref) + len(e.Officer) + len(e.Change.Action) + len(e.Change.Actor) + len(e.Change.ActorName) +
		len(e.Change.Reason) + len(e.Record) + len(e.Derived) + len(e.Prev) + len(e.Hash)
	for _, f := range e.Change.Fields {
		n += 30 + len(f.Field) + len(f.Old) + len(f.New)
	}
	return n
}
