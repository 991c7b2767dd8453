package store

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

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
const rebuildMade = "run oic verify --rebuild, which makes the premises index, the officers' index and the measures again from the records"

// madeKeys are the index keys a visit's document makes that its list
// entry cannot say: its premises index key (nil: none) and the officers
// taking part (domain.Summary.Parts).
type madeKeys struct {
	place []byte
	parts string
}

// verifyMade checks ref's premises index entry, officers' index entries
// and measures record against its document doc (nil: none could be
// read, and nothing is checked), sealed (hex) is the document's hash if
// its trail seals it, else "": its problems, and the keys the document
// makes. A measures record whole and made from the sealed document is
// that document's, with the keys it names (measures_seal.go); any other
// is judged by decoding the document and making its records again.
func (r *Reader) verifyMade(ref domain.Ref, doc []byte, sealed string) (out []Problem, mk madeKeys) {
	if doc == nil {
		return nil, mk
	}
	got, gerr := r.get(measuresKey(ref))
	stored := readMade(got)
	if gerr == nil && sealed != "" && stored.madeFrom(sealed) {
		return nil, madeKeys{place: stored.place, parts: stored.parts}
	}
	bad := func(format string, a ...any) { out = append(out, Problem{Ref: ref, What: fmt.Sprintf(format, a...)}) }
	// Decoded whole, as the measures need nearly all of it; with
	// segmentio/encoding, as measuresOfDoc does.
	v := new(domain.Visit)
	if err := segjson.Unmarshal(doc, v); err != nil {
		bad("its document cannot be read (%v): restore the folder from a backup", err)
		return out, mk
	}
	v.Ref = ref
	sum := v.Summary()
	// That its index entries are there is found by the scans of the
	// indexes after (premisesStrays, partsStrays): a key looked up a
	// visit was a tenth of verifying 100,000 (BENCHMARKS.md).
	if sum.Place != "" {
		mk.place = placeKey(sum)
	}
	mk.parts = sum.Parts
	want, err := measuresRecord(v, domain.RecordHash(doc))
	if err != nil {
		bad("%v", err)
		return out, mk
	}
	made := readMade(want.Value)
	switch {
	case gerr != nil:
		bad("its measures record cannot be read (%v): %s", gerr, rebuildMade)
	case got == nil:
		bad("it has no measures record: oic measures leaves it out; %s", rebuildMade)
	case !bytes.Equal(stored.json, made.json) && !sameMeasures(stored.json, made.json):
		bad("its measures record is not the one its record makes: oic measures counts it wrongly; %s", rebuildMade)
	case stored.sealed && (!stored.whole || !bytes.Equal(stored.place, made.place) || stored.parts != made.parts):
		bad("its measures record was changed outside oic, or damaged: %s", rebuildMade)
	}
	return out, mk
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
// not. made[i] holds the key refs[i]'s document makes; a visit whose
// key is not there gets that problem in found[i].
func (r *Reader) premisesStrays(refs []string, made []madeKeys, found [][]Problem) []Problem {
	var out []Problem
	seen := make([]bool, len(refs))
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
		case made[i].place != nil && !bytes.Equal(k, made[i].place):
			out = append(out, Problem{Ref: e.Ref, What: "a premises index entry its record does not make: the history of a premises, or its order, shows it where its record does not say; " + rebuildMade})
		default:
			seen[i] = true
		}
	}
	for i, m := range made {
		if m.place != nil && !seen[i] {
			found[i] = append(found[i], Problem{Ref: domain.Ref(refs[i]), What: "it is missing from the premises index: the history of its premises (REC-5) does not show it; " + rebuildMade})
		}
	}
	return out
}

// partsStrays reads the officers' index (i/o/) for entries no visit's
// document makes: one for a visit the folder does not hold, or under an
// officer its document does not name, so a register lists a visit of
// another team to an officer who takes no part in it. made[i] holds the
// officers refs[i]'s document names; a visit missing from an officer's
// entries gets that problem in found[i].
func (r *Reader) partsStrays(refs []string, made []madeKeys, found [][]Problem) []Problem {
	var out []Problem
	// seen[i] are the officers found with an entry for refs[i].
	seen := make([][]string, len(refs))
	opt := badger.DefaultIteratorOptions
	opt.Prefix, opt.PrefetchValues = prefixParts, false
	it := r.txn.NewIterator(opt)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().Key()
		sn, ref, ok := strings.Cut(string(k[len(prefixParts):]), "/")
		if !ok || sn == "" || ref == "" {
			out = append(out, Problem{Key: fmt.Sprintf("%q", k), What: "an officers' index entry that cannot be read; " + rebuildMade})
			continue
		}
		i, held := slices.BinarySearch(refs, ref)
		switch {
		case !held:
			out = append(out, Problem{Ref: domain.Ref(ref), What: fmt.Sprintf("an officers' index entry under %s left without its record: their register lists a visit this folder does not hold; %s", sn, rebuildMade)})
		case made[i].parts != "" && !(domain.Summary{Parts: made[i].parts}).TakesPart(domain.StaffNo(sn)):
			out = append(out, Problem{Ref: domain.Ref(ref), What: fmt.Sprintf("an officers' index entry under %s, whom its record does not name: their register lists a visit they take no part in; %s", sn, rebuildMade)})
		default:
			seen[i] = append(seen[i], sn)
		}
	}
	for i, m := range made {
		for sn := range strings.FieldsSeq(m.parts) {
			if !slices.Contains(seen[i], sn) {
				found[i] = append(found[i], Problem{Ref: domain.Ref(refs[i]), What: fmt.Sprintf("it is missing from the officers' index under %s: the register of %s, if of another team, does not list it; %s", sn, sn, rebuildMade)})
			}
		}
	}
	return out
}
