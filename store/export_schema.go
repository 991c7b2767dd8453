package store

import _ "embed"

// ExportSchema is the JSON Schema (draft 2020-12) of the JSON Lines
// export: the file central records validate against, kept in the
// repository at store/schema/visit-export-v1.schema.json. oic import
// checks every line against it.
//
//go:embed schema/visit-export-v1.schema.json
var ExportSchema []byte

// ExportSchemaID is the schema's $id.
const ExportSchemaID = "urn:oic:schema:visit-export:1"
