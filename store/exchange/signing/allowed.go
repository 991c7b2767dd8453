package signing

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"oic/domain"
	"oic/store/internal/sysio"
)

// AllowedSigners is an allowed_signers file, as ssh-keygen -Y verify
// reads it (ssh-keygen(1), "ALLOWED SIGNERS"): a line a signer, reading
//
//	principals [options] keytype base64-key [comment]
//
// where principals is a comma-separated list of patterns (in double
// quotes if it must be), and the options are cert-authority,
// namespaces="list", valid-after="time" and valid-before="time". Blank
// lines and lines starting with # are comments. x/crypto/ssh reads the
// options and the key (ParseAuthorizedKey, whose format this is after
// the principals); the rest is here. hiddeco/sshsig has no reader of it.
type AllowedSigners struct {
	Path  string
	lines []allowedLine
	// Notes are lines read but not used, and why, for the import to say.
	Notes []string
}

// allowedLine is one signer.
type allowedLine struct {
	n          int
	principals string
	key        ssh.PublicKey
	namespaces string // a pattern list; "" for any namespace
	after      time.Time
	before     time.Time
}

// MaxAllowedSigners bounds an allowed_signers file: a line is about 120
// bytes, so this is thousands of folders.
const MaxAllowedSigners = 1 << 20

// ReadAllowedSigners reads and parses the allowed_signers file at path.
func ReadAllowedSigners(path string) (*AllowedSigners, error) {
	b, err := readBounded(path, MaxAllowedSigners)
	if err != nil {
		return nil, fmt.Errorf("cannot read the allowed signers file %s: %w", path, sysio.PlainPathError(err))
	}
	if len(b) > MaxAllowedSigners {
		return nil, fmt.Errorf("the allowed signers file %s is over %d MB: too long to be one", path, MaxAllowedSigners>>20)
	}
	return ParseAllowedSigners(path, b)
}

// ParseAllowedSigners parses b, the allowed_signers file at path. A line
// it cannot read is an error naming the line: a trust file read in part
// could trust the wrong key. A cert-authority line is skipped with a
// note: oic's signatures are made by a folder's own key, never by a
// certificate, so such a line can pin no oic folder.
func ParseAllowedSigners(path string, b []byte) (*AllowedSigners, error) {
	a := &AllowedSigners{Path: path}
	for n, line := range bytes.Split(b, []byte("\n")) {
		n++
		line = bytes.TrimSuffix(line, []byte("\r"))
		bad := func(format string, args ...any) error {
			return fmt.Errorf("the allowed signers file %s cannot be used: line %d %s. Correct that line (ssh-keygen(1), ALLOWED SIGNERS, says what one holds)",
				path, n, fmt.Sprintf(format, args...))
		}
		if domain.InertAt(string(line)) >= 0 {
			return nil, bad("holds a control character or a byte that is not UTF-8")
		}
		text := strings.TrimSpace(string(line))
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		principals, rest, err := cutPrincipals(text)
		if err != nil {
			return nil, bad("%s", err)
		}
		key, _, opts, _, err := ssh.ParseAuthorizedKey([]byte(rest))
		if err != nil {
			return nil, bad("has no public key oic can read after its principals (%s)", domain.Inert(err.Error()))
		}
		l := allowedLine{n: n, principals: principals, key: key}
		ca := false
		for _, o := range opts {
			name, val, hasVal := strings.Cut(o, "=")
			val = strings.TrimSuffix(strings.TrimPrefix(val, `"`), `"`)
			switch strings.ToLower(name) {
			case "cert-authority":
				ca = !hasVal
			case "namespaces":
				l.namespaces = val
			case "valid-after":
				if l.after, err = parseSignerTime(val); err != nil {
					return nil, bad("has valid-after=%s: %s", Quote(val), err)
				}
			case "valid-before":
				if l.before, err = parseSignerTime(val); err != nil {
					return nil, bad("has valid-before=%s: %s", Quote(val), err)
				}
			default:
				return nil, bad("has the option %s, which is not one of cert-authority, namespaces, valid-after and valid-before", Quote(o))
			}
		}
		if ca {
			a.Notes = append(a.Notes, fmt.Sprintf("%s line %d is a cert-authority line, skipped: oic exports are signed by a folder's own key, never by a certificate", path, n))
			continue
		}
		a.lines = append(a.lines, l)
	}
	return a, nil
}

// cutPrincipals takes the principals off the front of a line: a word, or
// text in double quotes.
func cutPrincipals(text string) (principals, rest string, err error) {
	if q, ok := strings.CutPrefix(text, `"`); ok {
		p, r, ok := strings.Cut(q, `"`)
		if !ok {
			return "", "", errors.New("opens a quotation mark around its principals and never closes it")
		}
		principals, rest = p, r
	} else {
		i := strings.IndexAny(text, " \t")
		if i < 0 {
			return "", "", errors.New("holds one word: a line names its principals, then the key")
		}
		principals, rest = text[:i], text[i:]
	}
	if strings.TrimSpace(principals) == "" {
		return "", "", errors.New("names no principal")
	}
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return "", "", errors.New("has no space after its principals")
	}
	return principals, strings.TrimSpace(rest), nil
}

// parseSignerTime reads a time as allowed_signers writes it: YYYYMMDD,
// YYYYMMDDHHMM or YYYYMMDDHHMMSS, in UTC with a Z after it, else in the
// local zone.
func parseSignerTime(s string) (time.Time, error) {
	loc := time.Local
	if t, ok := strings.CutSuffix(s, "Z"); ok {
		s, loc = t, time.UTC
	}
	layout := map[int]string{8: "20060102", 12: "200601021504", 14: "20060102150405"}[len(s)]
	if layout == "" {
		return time.Time{}, errors.New("a time is written YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, with Z after it for UTC")
	}
	t, err := time.ParseInLocation(layout, s, loc)
	if err != nil {
		return time.Time{}, errors.New("not a time written YYYYMMDD[HHMM[SS]][Z]")
	}
	return t, nil
}

// Signer is who the file says a key is: the principals of its line.
type Signer struct {
	Principals string
	Line       int
}

// ErrNotListed is the error of Find when the file does not list the
// key at all.
var ErrNotListed = errors.New("the key is not listed")

// Find is the line that lets key sign oic exports at now. A key listed
// only for other namespaces, or not at now, is an error that says so; a
// key not listed at all is ErrNotListed.
func (a *AllowedSigners) Find(key ssh.PublicKey, now time.Time) (Signer, error) {
	return a.FindIn(Namespace, key, now)
}

// FindIn is Find for signatures made in namespace (BackupNamespace).
func (a *AllowedSigners) FindIn(namespace string, key ssh.PublicKey, now time.Time) (Signer, error) {
	want := key.Marshal()
	var why []string
	for _, l := range a.lines {
		if !bytes.Equal(l.key.Marshal(), want) {
			continue
		}
		switch {
		case l.namespaces != "" && !matchList(namespace, l.namespaces):
			why = append(why, fmt.Sprintf("line %d lists it for namespaces=%s only, not %q", l.n, Quote(l.namespaces), namespace))
		case !l.after.IsZero() && now.Before(l.after):
			why = append(why, fmt.Sprintf("line %d lists it from %s (valid-after), not yet", l.n, l.after.Format(domain.DateTimeLayout)))
		case !l.before.IsZero() && now.After(l.before):
			why = append(why, fmt.Sprintf("line %d lists it until %s (valid-before), no longer", l.n, l.before.Format(domain.DateTimeLayout)))
		default:
			return Signer{Principals: l.principals, Line: l.n}, nil
		}
	}
	if len(why) == 0 {
		return Signer{}, ErrNotListed
	}
	return Signer{}, errors.New(strings.Join(why, "; "))
}

// matchList says whether s matches a comma-separated list of patterns as
// OpenSSH matches them (match_pattern_list): "*" for any run of
// characters, "?" for any one, and a pattern after "!" excluding what it
// matches whatever else the list holds.
func matchList(s, list string) bool {
	matched := false
	for _, p := range strings.Split(list, ",") {
		if neg, ok := strings.CutPrefix(p, "!"); ok {
			if match(s, neg) {
				return false
			}
			continue
		}
		if match(s, p) {
			matched = true
		}
	}
	return matched
}

// match matches s against one pattern of "*" and "?", backtracking only
// to the last "*", so no pattern takes long whatever its stars.
func match(s, p string) bool {
	si, pi, star, mark := 0, 0, -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
			si, pi = si+1, pi+1
		case star >= 0:
			mark++
			si, pi = mark, star+1
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
