package store

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"
	segjson "github.com/segmentio/encoding/json"

	"oic/domain"
)

// What a visit's document makes besides its register entry and index
// keys, checked by Verify against the document: its entry in the
// premises index (i/q/, premises_index.go), which a premises' history
// (REC-5) is read from, and its measures record (e/, measures.go), which
// oic measures and the Measures screen count. Neither is sealed; both are
// made again from the documents (which are) by rebuildMade's command.

// rebuildMade is what Verify's findings here say to do.
const rebuildMade = "run oic verify --rebuild, which makes the premises index and the measures again from the records"

// verifyMade checks ref's premises index entry and measures record
// against its document doc (nil: none could be read, and nothing is
// checked): its problems, and the premises index key the document makes
// (nil: none).
func (r *Reader) verifyMade(ref domain.Ref, doc []byte) (out []Problem, place []byte) {
	if doc == nil {
		return nil, nil
	}
	bad := func(format string, a ...any) { out = append(out, Problem{Ref: ref, What: fmt.Sprintf(format, a...)}) }
	// Decoded whole, as the measures need nearly all of it; with
	// segmentio/encoding, as measuresOfDoc does.
	v := new(domain.Visit)
	if err := segjson.Unmarshal(doc, v); err != nil {
		bad("its document cannot be read (%v): restore the folder from a backup", err)
		return out, nil
	}
	v.Ref = ref
	if sum := v.Summary(); sum.Place != "" {
		keys := indexKeys(sum)
		place = keys[len(keys)-1]
		if _, err := r.txn.Get(place); err != nil {
			bad("it is missing from the premises index: the history of its premises (REC-5) does not show it; %s", rebuildMade)
		}
	}
	want, err := measuresRecord(v)
	if err != nil {
		bad("%v", err)
		return out, place
	}
	got, err := r.get(want.Key)
	switch {
	case err != nil:
		bad("its measures record cannot be read (%v): %s", err, rebuildMade)
	case got == nil:
		bad("it has no measures record: oic measures leaves it out; %s", rebuildMade)
	case !bytes.Equal(got, want.Value) && !sameMeasures(got, want.Value):
		bad("its measures record is not the one its record makes: oic measures counts it wrongly; %s", rebuildMade)
	}
	return out, place
}

// sameMeasures says whether the measures records a and b hold the same
// figures, however each was written.
func sameMeasures(a, b []byte) bool {
	var ma, mb domain.VisitMeasures
	if segjson.Unmarshal(a, &ma) != nil || segjson.Unmarshal(b, &mb) != nil {
		return false
	}
	ea, erra := segjson.Marshal(ma)
	eb, errb := segjson.Marshal(mb)
	return erra == nil && errb == nil && bytes.Equal(ea, eb)
}

// premisesStrays reads the premises index (i/q/) for entries no visit's
// document makes: one for a visit the folder does not hold, or filed
// under premises or a time its visit's document does not say, so a
// premises' history lists a visit that is not there, or one where it is
// not. places[i] is the key refs[i]'s document makes.
func (r *Reader) premisesStrays(refs []string, places [][]byte) []Problem {
	var out []Problem
	opt := badger.DefaultIteratorOptions
	opt.Prefix, opt.PrefetchValues = prefixPremises, false
	it := r.txn.NewIterator(opt)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().Key()
		e, ok := premisesEntry(k)
		if !ok {
			out = append(out, Problem{Key: fmt.Sprintf("%q", k), What: "a premises index entry that cannot be read; " + rebuildMade})
			continue
		}
		i, held := slices.BinarySearch(refs, string(e.Ref))
		switch {
		case !held:
			out = append(out, Problem{Ref: e.Ref, What: "a premises index entry left without its record: the history of its premises lists a visit this folder does not hold; " + rebuildMade})
		case places[i] != nil && !bytes.Equal(k, places[i]):
			out = append(out, Problem{Ref: e.Ref, What: "a premises index entry its record does not make: the history of a premises, or its order, shows it where its record does not say; " + rebuildMade})
		}
	}
	return out
}
