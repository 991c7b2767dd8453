package exchange

import (
	_ "embed"
	"reflect"
	"sync"

	"oic/domain"
	"oic/store/exchange/jsoncheck"
)

// ExportSchema is the JSON Schema (draft 2020-12) of the JSON Lines
// export: the file central records validate against, kept in the
// repository at store/exchange/schema/visit-export-v1.schema.json. oic
// import checks every line against it.
//
//go:embed schema/visit-export-v1.schema.json
var ExportSchema []byte

// ExportSchemaID is the schema's $id.
const ExportSchemaID = "urn:oic:schema:visit-export:1"

// exportSchemas are the compiled schemas of the two kinds of line.
type exportSchemas struct {
	provenance, visit *jsoncheck.Schema
}

var compiled struct {
	once sync.Once
	s    exportSchemas
	err  error
}

// lineSchemas compiles the schema once per process.
func lineSchemas() (exportSchemas, error) {
	compiled.once.Do(func() {
		const name = "the export schema"
		// The text of each line is held to the forms' rules (schema_text.go).
		prov, err := textRules(ExportSchema, "#/$defs/provenance", reflect.TypeFor[provenance]())
		if err != nil {
			compiled.err = err
			return
		}
		visit, err := textRules(ExportSchema, "#/$defs/visitLine", reflect.TypeFor[domain.Visit]())
		if err != nil {
			compiled.err = err
			return
		}
		if compiled.s.provenance, compiled.err = jsoncheck.CompileWith(ExportSchema, "#/$defs/provenanceLine", name, prov); compiled.err != nil {
			return
		}
		compiled.s.visit, compiled.err = jsoncheck.CompileWith(ExportSchema, "#/$defs/visitLine", name, visit)
	})
	return compiled.s, compiled.err
}
