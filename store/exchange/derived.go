package exchange

import (
	"slices"

	"oic/domain"
	"oic/store"
)

// A closed visit's export line is its stored document followed by what
// the export derives from it: the debrief sections and the planning
// summary. Deriving them means decoding the document and walking the
// debrief, which was most of an export's work for each visit, and a
// closed visit is final (only follow-ups and assurance add to it, each a
// save). So a store opened with Derivation keeps the derived part of the
// line of a visit in an export state beside it at each save, and the
// export copies it instead of deriving it again. The store hands it out
// only for the document it was made from, and by this derivedVersion:
// else the export derives the part afresh, correctly, only more slowly.

// derivedVersion numbers how the derived part is made. Change it whenever
// the debrief sections (domain.Visit.DebriefSections), the planning
// summary or their encoding change, so parts written by earlier builds
// are derived again; TestDerivedVersion holds it to the golden file
// testdata/export/derived.golden.
const derivedVersion = 4

// Derivation is what a store is opened with (store.Options.Derive) so
// that its saves keep the derived parts of export lines.
func Derivation() store.Derivation { return store.Derivation{Version: derivedVersion, Part: derive} }

// derive is the derived part of v's export line, or nil if v is not in a
// state the export takes.
func derive(v *domain.Visit, doc []byte) []byte {
	if !slices.Contains(ExportStates, v.State) {
		return nil
	}
	return appendDerived(nil, sectionsOf(v.DebriefSections()), planningOf(v))
}

// storedLine appends ref's JSON Lines export line to dst from its
// document doc and the derived part stored with it, if one derived from
// doc by this build is: the part is read where the store maps it, and
// neither is decoded. ok is false if there is no such part, and the line
// is to be rendered from the document. A part that is not the one the
// trail's head sealed is a *domain.RecordError.
func storedLine(rd *store.Reader, ref domain.Ref, doc []byte, a lineAudit, dst []byte) (out []byte, ok bool, err error) {
	out = dst
	_, err = rd.Derived(ref, a.head, derivedVersion, doc, func(part []byte) error {
		var lerr error
		out, lerr = appendVisitLine(dst, doc, part, a)
		ok = lerr == nil
		return lerr
	})
	return out, ok, err
}
