package web_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// openAPIDoc is the served OpenAPI document, for the tests that check what
// it describes.
type openAPIDoc struct {
	paths   map[string]any
	schemas map[string]any
}

func fetchOpenAPI(t *testing.T, e *env) openAPIDoc {
	t.Helper()
	doc := apiDecode[map[string]any](t, apiRaw(t, e, "GET", "/api/v1/openapi.json", "", "", nil), 200)
	return openAPIDoc{paths: doc["paths"].(map[string]any),
		schemas: doc["components"].(map[string]any)["schemas"].(map[string]any)}
}

// checkOperations reports the operations (path → lower-case methods) the
// document does not describe.
func (d openAPIDoc) checkOperations(t *testing.T, ops map[string][]string) {
	t.Helper()
	for path, methods := range ops {
		item, _ := d.paths[path].(map[string]any)
		for _, m := range methods {
			if item[m] == nil {
				t.Errorf("%s %s not described", strings.ToUpper(m), path)
			}
		}
	}
}

// schemaSample is a response object and the name of the schema that
// describes it.
type schemaSample struct {
	schema string
	got    map[string]any
}

// checkSchemaKeys reports each schema whose properties are not exactly the
// keys of its sample.
func (d openAPIDoc) checkSchemaKeys(t *testing.T, samples []schemaSample) {
	t.Helper()
	for _, tt := range samples {
		s, _ := d.schemas[tt.schema].(map[string]any)
		props, _ := s["properties"].(map[string]any)
		if diff := cmp.Diff(sortedKeys(props), sortedKeys(tt.got)); diff != "" {
			t.Errorf("%s: schema properties vs response keys (-schema +response):\n%s", tt.schema, diff)
		}
	}
}

func sortedKeys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
