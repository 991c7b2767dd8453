package exchange

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sync"

	"oic/domain"
	"oic/store/exchange/jsoncheck"
)

// ExportSchema is the JSON Schema (draft 2020-12) of the JSON Lines
// export this build writes: the file central records validate against,
// kept in the repository at store/exchange/schema/visit-export-v3.schema.json.
// oic import checks every line against it, or, for a file of an earlier
// schema version, against that version's (ExportSchemaV2, ExportSchemaV1).
//
//go:embed schema/visit-export-v3.schema.json
var ExportSchema []byte

// ExportSchemaV2 is the schema of version 2 files, which carry the audit
// trails but not the outcomes of version 3 (employer decisions, custody,
// partner agencies, interviews and biometrics), kept to read them.
//
//go:embed schema/visit-export-v2.schema.json
var ExportSchemaV2 []byte

// ExportSchemaV1 is the schema of version 1 files, which carry no audit
// trails, kept to read them.
//
//go:embed schema/visit-export-v1.schema.json
var ExportSchemaV1 []byte

// ExportSchemaID is the schema's $id.
const ExportSchemaID = "urn:oic:schema:visit-export:3"

// exportSchemas are the compiled schemas of the two kinds of line.
type exportSchemas struct {
	provenance, visit *jsoncheck.Schema
}

// compiledSchema is one version's schemas, compiled once per process.
type compiledSchema struct {
	once sync.Once
	s    exportSchemas
	err  error
}

var compiled = map[int]*compiledSchema{1: {}, 2: {}, 3: {}}

// transferCompiled is the transfer form of this build's schema: a push or
// pull (ExportOptions.Visits) carries open visits too, so its lines may
// be in any state; the rest of a line is held to the same schema.
var transferCompiled compiledSchema

// schemasFor are the schemas the lines of a file with provenance p are
// held to: its version's, or, for a push or pull of this version (whose
// provenance lists a state before closed), the transfer form.
func schemasFor(p provenance) (exportSchemas, error) {
	if p.SchemaVersion != ExportSchemaVersion || !slices.ContainsFunc(p.Filters.States, func(s domain.State) bool { return !slices.Contains(ExportStates, s) }) {
		return lineSchemasOf(p.SchemaVersion)
	}
	transferCompiled.once.Do(func() {
		var doc map[string]any
		if transferCompiled.err = json.Unmarshal(ExportSchema, &doc); transferCompiled.err != nil {
			return
		}
		defs, _ := doc["$defs"].(map[string]any)
		line, _ := defs["visitLine"].(map[string]any)
		props, _ := line["properties"].(map[string]any)
		if props == nil || props["state"] == nil {
			transferCompiled.err = fmt.Errorf("the export schema has no visitLine state to widen for a push or pull")
			return
		}
		props["state"] = map[string]any{"description": "Any state: a push or pull carries open visits too.", "$ref": "#/$defs/state"}
		b, err := json.Marshal(doc)
		if err != nil {
			transferCompiled.err = err
			return
		}
		transferCompiled.s, transferCompiled.err = compileSchemas(b, false)
	})
	return transferCompiled.s, transferCompiled.err
}

// lineSchemas compiles the schema of this build's version once per
// process.
func lineSchemas() (exportSchemas, error) { return lineSchemasOf(ExportSchemaVersion) }

// lineSchemasOf compiles the schema of version once per process; version
// is one this build reads.
func lineSchemasOf(version int) (exportSchemas, error) {
	c := compiled[version]
	if c == nil {
		return exportSchemas{}, fmt.Errorf("export schema version %d is not one this oic reads", version)
	}
	doc := map[int][]byte{1: ExportSchemaV1, 2: ExportSchemaV2, 3: ExportSchema}[version]
	// An earlier version's file cannot hold the fields added since (its
	// schema admits no others), so they are not looked for.
	c.once.Do(func() { c.s, c.err = compileSchemas(doc, version < ExportSchemaVersion) })
	return c.s, c.err
}

// compileSchemas compiles the two kinds of line of the schema doc, the
// text of each held to the forms' rules (schema_text.go).
func compileSchemas(doc []byte, older bool) (s exportSchemas, err error) {
	const name = "the export schema"
	prov, err := textRules(doc, "#/$defs/provenance", reflect.TypeFor[provenance](), older)
	if err != nil {
		return s, err
	}
	visit, err := textRules(doc, "#/$defs/visitLine", reflect.TypeFor[domain.Visit](), older)
	if err != nil {
		return s, err
	}
	if s.provenance, err = jsoncheck.CompileWith(doc, "#/$defs/provenanceLine", name, prov); err != nil {
		return s, err
	}
	s.visit, err = jsoncheck.CompileWith(doc, "#/$defs/visitLine", name, visit)
	return s, err
}
