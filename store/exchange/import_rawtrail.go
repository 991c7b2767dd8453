package exchange

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strconv"

	segjson "github.com/segmentio/encoding/json"

	"oic/domain"
	"oic/store/exchange/jsoncheck"
)

// The common line, read once. A line of a version 2 export laid out as
// oic writes it (its document first, then what the export adds, its
// trail's entries each as oic encodes one) is read here without decoding
// its trail: its document is decoded once, for its summary and for its
// measures record alike, and its trail is verified over its own bytes
// (domain.VerifyChainRaw); only its last entry, which the store keeps as
// the trail's head, is decoded. A line this cannot read, or whose trail
// or record does not verify so, goes the long way (checkLine), which
// says what is wrong. Reading so takes less than half the CPU of the
// long way (BENCHMARKS.md, issue 14).

// auditLayout is the audit member as oic writes it (appendVisitLine):
// its count, its head, then its trail.
var auditLayout = regexp.MustCompile(`^"audit":\{"entries":([1-9][0-9]{0,9}),"head":"([0-9a-f]{64})","trail":\[`)

// auditHeadLen is as long as auditLayout's longest match.
const auditHeadLen = len(`"audit":{"entries":`) + 10 + len(`,"head":"`) + 64 + len(`","trail":[`)

// maxMarksLen bounds what a visit's unverified marks take in its line:
// each is a few words, and there are a handful of kinds. A line whose
// marks take more is read the long way.
const maxMarksLen = 4 << 10

// unverifiedKey follows the trail, if the visit has unverified marks:
// after an entry's last member, a hash, so never inside the trail.
var unverifiedKey = []byte(`"}],"unverified":[`)

// entrySep separates two entries of a trail as oic writes it: an entry
// begins with its ref, and no other object in an entry has a member
// named ref. Inside a string a quote is escaped, so the separator never
// occurs in one.
var entrySep = []byte(`},{"ref":"`)

// quickLine is what the quick reading of a line gives.
type quickLine struct {
	visit   *domain.Visit
	audit   exportAudit
	entries [][]byte // each entry's JSON, in the line's memory
	docHash string
}

// readQuick reads the line text, which the schema has passed, whose
// document ends at docEnd, the quick way; ok is false if it cannot, and
// the line is then read the long way.
func readQuick(text []byte, docEnd int, top []jsoncheck.Member) (q quickLine, ok bool) {
	if docEnd == 0 {
		return q, false
	}
	var span []byte
	for _, m := range top {
		if m.Key == "audit" {
			span = text[m.Start:m.End]
		}
	}
	// The layout is the member's first bytes: matched against those
	// alone, as the expression, though anchored, was run over the whole
	// trail (0.8 s of CPU in a year's import).
	m := auditLayout.FindSubmatchIndex(span[:min(len(span), auditHeadLen)])
	if m == nil || !bytes.HasSuffix(span, []byte("}")) {
		return q, false
	}
	count, err := strconv.ParseUint(string(span[m[2]:m[3]]), 10, 64)
	if err != nil {
		return q, false
	}
	q.audit = exportAudit{Entries: count, Head: string(span[m[4]:m[5]])}
	arr := span[m[1]-1 : len(span)-1] // the trail, and any marks after it
	if !bytes.HasSuffix(arr, []byte("}]")) {
		// Marks follow: a few short words, so looked for near the end
		// only (LastIndex, which has no fast path, took a twentieth of the
		// import looking through every trail).
		tail := max(0, len(arr)-maxMarksLen)
		i := bytes.LastIndex(arr[tail:], unverifiedKey)
		if i < 0 {
			return q, false
		}
		i += tail
		if err := segjson.Unmarshal(arr[i+len(`"}],"unverified":`):], &q.audit.Unverified); err != nil {
			return q, false
		}
		arr = arr[:i+3]
	}
	entries, ok := splitTrail(arr, count)
	if !ok || uint64(len(entries)) != count {
		return q, false
	}

	// The document, decoded whole, where it lies in the line.
	v := new(domain.Visit)
	was := text[docEnd]
	text[docEnd] = '}'
	doc := text[:docEnd+1]
	// Its strings left in the line's memory, not copied out (ZeroCopy):
	// the visit is dropped with the line, once its records are made,
	// and what outlives it is copied (checkLine). Decoding so makes a
	// fifth of the allocations (BENCHMARKS.md, issue 14).
	_, err = segjson.Parse(doc, v, segjson.ZeroCopy)
	sum := sha256.Sum256(doc)
	text[docEnd] = was
	if err != nil {
		return q, false
	}
	raw, ok := domain.VerifyChainRaw(v.Ref, entries)
	if !ok {
		return q, false
	}
	last := raw[len(raw)-1]
	if last.Hash != q.audit.Head || last.Record != hex.EncodeToString(sum[:]) {
		return q, false
	}
	// The last entry whole: the store keeps it as the trail's head.
	var head domain.AuditEntry
	if err := segjson.Unmarshal(entries[len(entries)-1], &head); err != nil ||
		head.Ref != v.Ref || head.Officer != "" || head.Seq != last.Seq || head.Hash != last.Hash ||
		head.Prev != last.Prev || head.Record != last.Record || head.Derived != last.Derived {
		return q, false
	}
	trail := make([]domain.AuditEntry, len(raw))
	for i, e := range raw[:len(raw)-1] {
		trail[i] = domain.AuditEntry{Ref: v.Ref, Seq: e.Seq, Record: e.Record, Derived: e.Derived, Prev: e.Prev, Hash: e.Hash}
	}
	trail[len(trail)-1] = head
	q.visit, q.entries, q.docHash = v, entries, last.Record
	q.audit.Trail = trail
	return q, true
}

// splitTrail is each entry of a trail array as oic writes one, in its
// memory; ok is false for an array not laid out so.
func splitTrail(arr []byte, n uint64) ([][]byte, bool) {
	if !bytes.HasPrefix(arr, []byte(`[{"ref":"`)) || !bytes.HasSuffix(arr, []byte(`}]`)) {
		return nil, false
	}
	body := arr[1 : len(arr)-1]
	out := make([][]byte, 0, min(n, 1<<16))
	for {
		i := bytes.Index(body, entrySep)
		if i < 0 {
			return append(out, body), true
		}
		out = append(out, body[:i+1])
		body = body[i+2:]
	}
}
