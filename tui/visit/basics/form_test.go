package basics

import (
	"strings"
	"testing"

	"oic/domain"
	"oic/tui/tuitest"
)

// Every field of the visit form maps to BasicsInput and back unchanged.
func TestBasicsFieldsRoundTrip(t *testing.T) {
	m := map[string]string{}
	for i, f := range basicsFields {
		m[f.key] = strings.Repeat("x", i+1)
	}
	got := basicsValues(basicsInput(m))
	for k, v := range m {
		if got[k] != v {
			t.Errorf("%s: %q came back as %q", k, v, got[k])
		}
	}
	if len(got) != len(visitFields(tuitest.Theme(), domain.BasicsInput{}).Values()) {
		t.Errorf("%d mapped fields, the form has %d", len(got), len(visitFields(tuitest.Theme(), domain.BasicsInput{}).Values()))
	}
}
