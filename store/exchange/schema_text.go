package exchange

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"oic/domain"
	"oic/store/exchange/jsoncheck"
)

// The text of every string an import reads is held to the rule the form
// that writes it applies: its kind (domain.TextKind, in the field's text
// tag) says how long it may be and whether it may hold lines, and no
// string holds control characters. Neither the limits nor which field is
// which are written twice: the rules are found by walking the Go type a
// line is read into beside the schema, field by field, and given to the
// schema's checker at the place where each string's own schema is, so
// the one pass that checks a line checks its text too.

// textRules are the rules for the strings of the definition at root
// (#/$defs/visitLine), read into typ, by the place of each string's own
// schema. A place shared by fields of different kinds is an error: the
// schema must give them places of their own. For the schema of an earlier
// version (older), a field it does not have is passed over: that
// version's files cannot hold it.
func textRules(doc []byte, root string, typ reflect.Type, older bool) (map[string]jsoncheck.TextRule, error) {
	var sch struct {
		Defs map[string]any `json:"$defs"`
	}
	if err := json.Unmarshal(doc, &sch); err != nil {
		return nil, err
	}
	w := textWalk{defs: sch.Defs, rules: map[string]jsoncheck.TextRule{}, kinds: map[string]domain.TextKind{}, older: older}
	def, at := w.resolve(nil, root)
	if err := w.object(typ, def, at); err != nil {
		return nil, err
	}
	return w.rules, nil
}

type textWalk struct {
	defs  map[string]any
	rules map[string]jsoncheck.TextRule
	kinds map[string]domain.TextKind
	older bool // the schema of an earlier version
}

// resolve follows $ref from the schema def at at to the schema it names.
func (w *textWalk) resolve(def map[string]any, at string) (map[string]any, string) {
	if def == nil {
		def, _ = w.defs[strings.TrimPrefix(at, "#/$defs/")].(map[string]any)
	}
	for {
		ref, ok := def["$ref"].(string)
		if !ok {
			return def, at
		}
		at = ref
		def, _ = w.defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
	}
}

// object walks the fields of the struct type typ beside the object schema
// def at at.
func (w *textWalk) object(typ reflect.Type, def map[string]any, at string) error {
	props, _ := def["properties"].(map[string]any)
	for i := range typ.NumField() {
		sf := typ.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if !sf.IsExported() || name == "-" {
			continue
		}
		if sf.Anonymous && name == "" {
			if err := w.object(sf.Type, def, at); err != nil {
				return err
			}
			continue
		}
		sub, ok := props[name].(map[string]any)
		if !ok {
			// A number a schema of an earlier version did not have
			// (provenance.derived_version in version 1) holds no text.
			if k := sf.Type.Kind(); k >= reflect.Bool && k <= reflect.Float64 || w.older {
				continue
			}
			return fmt.Errorf("the export schema has no %s/properties/%s for %s.%s", at, name, typ.Name(), sf.Name)
		}
		if err := w.field(sf, sf.Type, sub, at+"/properties/"+name); err != nil {
			return err
		}
	}
	return nil
}

// field walks one field (or, for a slice, its items) of type t.
func (w *textWalk) field(sf reflect.StructField, t reflect.Type, def map[string]any, at string) error {
	def, at = w.resolve(def, at)
	switch t.Kind() {
	case reflect.Pointer:
		return w.field(sf, t.Elem(), def, at)
	case reflect.Slice:
		items, ok := def["items"].(map[string]any)
		if !ok {
			return fmt.Errorf("the export schema has no items at %s for %s", at, sf.Name)
		}
		return w.field(sf, t.Elem(), items, at+"/items")
	case reflect.String:
		k := domain.TextKindOf(sf)
		if k == 0 {
			return fmt.Errorf("%s at %s is text of no kind: give it a text tag", sf.Name, at)
		}
		if _, choice := def["anyOf"]; choice {
			return nil // a choice of forms, each held by its enum or pattern
		}
		if was, ok := w.kinds[at]; ok && was != k {
			return fmt.Errorf("%s is shared by text of two kinds (%s is one): give each its own schema", at, sf.Name)
		}
		w.kinds[at], w.rules[at] = k, textRule(k)
	case reflect.Struct:
		if t == reflect.TypeFor[time.Time]() || t == reflect.TypeFor[domain.Date]() {
			return nil
		}
		return w.object(t, def, at)
	}
	return nil
}

// textRule is the kind's rule, saying what to do about text that breaks
// it: no form of oic writes such text, so the file was made or changed
// elsewhere.
func textRule(k domain.TextKind) jsoncheck.TextRule {
	return func(b []byte) error {
		if err := k.CheckBytes(b); err != nil {
			return fmt.Errorf("%w, which oic's forms never store: the file was made or changed outside oic; ask its sender for a fresh export", err)
		}
		return nil
	}
}
