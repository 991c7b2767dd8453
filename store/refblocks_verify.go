package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// verifyBlocks checks the reference blocks (refblocks.go), as oic verify
// checks every key: each readable, whole and filed under its own key, and
// no two of a kind sharing a number, which would let two laptops make
// the same reference. A key under b/ of neither kind is named too.
func (r *Reader) verifyBlocks() []Problem {
	var out []Problem
	opt := badger.DefaultIteratorOptions
	opt.Prefix = []byte("b/")
	it := r.txn.NewIterator(opt)
	defer it.Close()
	kinds := map[string][]domain.RefBlock{}
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().KeyCopy(nil)
		name := blockKeyName(k)
		kind := string(k[:min(len(k), 4)])
		if kind != string(prefixIssued) && kind != string(prefixHeld) {
			out = append(out, Problem{Key: name, What: "a key oic does not write under b/ (reference blocks): it was not made by this oic; report it"})
			continue
		}
		var b domain.RefBlock
		err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &b) })
		switch {
		case err != nil:
			out = append(out, Problem{Key: name, What: fmt.Sprintf("a reference block is unreadable (%v): no visit is created from it until it is mended; restore the folder from a backup", err)})
			continue
		case b.Validate() != nil:
			out = append(out, Problem{Key: name, What: fmt.Sprintf("%v; restore the folder from a backup", b.Validate())})
			continue
		case string(blockKey([]byte(kind), b)) != string(k):
			out = append(out, Problem{Key: name, What: fmt.Sprintf("the reference block %s is not filed under its own key: it was changed outside oic; restore the folder from a backup", b)})
			continue
		}
		for _, o := range kinds[kind] {
			if o.Overlaps(b) {
				what := "blocks reserved for laptops"
				if kind == string(prefixHeld) {
					what = "blocks this folder holds"
				}
				out = append(out, Problem{Key: name, What: fmt.Sprintf("%s and %s, both %s, share numbers: two visits could be given one reference; restore the folder from a backup", o, b, what)})
			}
		}
		kinds[kind] = append(kinds[kind], b)
	}
	return out
}

// blockKeyName shows a key under b/ as text: b/i/SLN/2026/101.
func blockKeyName(k []byte) string {
	rest := k[min(len(k), 4):]
	if len(rest) == 12 && rest[3] == '/' {
		return fmt.Sprintf("%s%s/%d/%d", k[:4], rest[:3], binary.BigEndian.Uint32(rest[4:8]), binary.BigEndian.Uint32(rest[8:]))
	}
	return fmt.Sprintf("%q", k)
}
