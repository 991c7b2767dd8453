package exchange

import (
	_ "embed"
	"fmt"
	"reflect"
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
	c.once.Do(func() {
		const name = "the export schema"
		// The text of each line is held to the forms' rules (schema_text.go).
		// An earlier version's file cannot hold the fields added since
		// (its schema admits no others), so they are not looked for.
		older := version < ExportSchemaVersion
		prov, err := textRules(doc, "#/$defs/provenance", reflect.TypeFor[provenance](), older)
		if err != nil {
			c.err = err
			return
		}
		visit, err := textRules(doc, "#/$defs/visitLine", reflect.TypeFor[domain.Visit](), older)
		if err != nil {
			c.err = err
			return
		}
		if c.s.provenance, c.err = jsoncheck.CompileWith(doc, "#/$defs/provenanceLine", name, prov); c.err != nil {
			return
		}
		c.s.visit, c.err = jsoncheck.CompileWith(doc, "#/$defs/visitLine", name, visit)
	})
	return c.s, c.err
}
