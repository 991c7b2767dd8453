package exchange

import (
	"encoding/hex"
	"strings"
)

// The digest file beside an export (NAME.sha256) is one line as GNU
// sha256sum writes it and reads it back with -c: the digest, two spaces
// (or a space and "*", binary mode), the file's name. A name holding a
// backslash, a newline or a carriage return is written escaped ("\\",
// "\n", "\r") behind a backslash at the start of the line, as sha256sum
// does, so sha256sum -c reads every name oic writes. A name's spaces need
// nothing: the name is the rest of the line.

// digestLine is the digest file's line for the file named name.
func digestLine(sum, name string) []byte {
	if !strings.ContainsAny(name, "\\\n\r") {
		return []byte(sum + "  " + name + "\n")
	}
	r := strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\r", `\r`)
	return []byte(`\` + sum + "  " + r.Replace(name) + "\n")
}

// parseDigestLine reads the first line of a digest file: the digest in
// lower case, the name it is of ("" if the line names none), and whether
// the line is one at all.
func parseDigestLine(b string) (sum, name string, ok bool) {
	line, _, _ := strings.Cut(b, "\n")
	line = strings.TrimSuffix(line, "\r")
	escaped := strings.HasPrefix(line, `\`)
	if escaped {
		line = line[1:]
	}
	if len(line) < 64 {
		return "", "", false
	}
	sum = strings.ToLower(line[:64])
	if _, err := hex.DecodeString(sum); err != nil {
		return "", "", false
	}
	rest := line[64:]
	switch {
	case strings.TrimSpace(rest) == "":
		return sum, "", true // the digest alone
	case strings.HasPrefix(rest, "  "), strings.HasPrefix(rest, " *"):
		name = rest[2:]
	default:
		return "", "", false
	}
	if escaped {
		name = unescapeName(name)
	}
	return sum, name, true
}

// unescapeName undoes digestLine's escaping of a name.
func unescapeName(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
