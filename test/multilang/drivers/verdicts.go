// Validates request bodies as kin-openapi's openapi3filter does for a Go server that checks requests
// against the spec: loads the OpenAPI 3.0 document, finds each body's route, validates the request,
// and prints one verdict per body (valid, or the first refused field and the keyword that refused it).
//
// Usage: verdicts <openapi-3.0.json> <bodies.json>, where bodies.json is [{"path": "/v3/…", "body": …}];
// an entry without "body" is a request with no body.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

type entry struct {
	Path string          `json:"path"`
	Body json.RawMessage `json:"body"`
}

type verdict struct {
	Valid   bool   `json:"valid"`
	Field   string `json:"field,omitempty"`
	Rule    string `json:"rule,omitempty"`
	Message string `json:"message,omitempty"`
}

// fieldName writes a JSON pointer's segments as the validators name a field: `subjects[0].name`.
func fieldName(segments []string) string {
	name := ""
	for _, segment := range segments {
		isIndex := segment != "" && strings.Trim(segment, "0123456789") == ""
		switch {
		case isIndex:
			name += "[" + segment + "]"
		case name == "":
			name = segment
		default:
			name += "." + segment
		}
	}
	if name == "" {
		return "(body)"
	}
	return name
}

// firstSchemaError finds the first schema error inside what ValidateRequest returned.
func firstSchemaError(err error) *openapi3.SchemaError {
	var multi openapi3.MultiError
	if errors.As(err, &multi) {
		for _, inner := range multi {
			if found := firstSchemaError(inner); found != nil {
				return found
			}
		}
		return nil
	}
	var schemaError *openapi3.SchemaError
	if errors.As(err, &schemaError) {
		return schemaError
	}
	return nil
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: verdicts <openapi-3.0.json> <bodies.json>")
		os.Exit(2)
	}
	ctx := context.Background()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(os.Args[1])
	if err != nil {
		fail("load", err)
	}
	if err := doc.Validate(ctx); err != nil {
		fail("validate the document", err)
	}
	// kin-openapi fills in a missing field's default before it checks `required` (whatever
	// Options.SkipSettingDefaults says, in this release), and so would accept a body that leaves out a
	// required field with a default. A server checks what the client sent: the defaults go.
	for _, schema := range doc.Components.Schemas {
		withoutDefaults(schema, map[*openapi3.Schema]bool{})
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		fail("route", err)
	}
	data, err := os.ReadFile(os.Args[2])
	if err != nil {
		fail("read the bodies", err)
	}
	var entries []entry
	if err := json.Unmarshal(data, &entries); err != nil {
		fail("parse the bodies", err)
	}
	server := strings.TrimSuffix(doc.Servers[0].URL, "/")
	options := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	verdicts := make([]verdict, 0, len(entries))
	for _, e := range entries {
		request, err := http.NewRequest(http.MethodPost, server+e.Path, bytes.NewReader(e.Body))
		if err != nil {
			fail("build a request", err)
		}
		request.Header.Set("Content-Type", "application/json")
		route, params, err := router.FindRoute(request)
		if err != nil {
			fail("find the route of "+e.Path, err)
		}
		input := &openapi3filter.RequestValidationInput{Request: request, PathParams: params, Route: route, Options: options}
		err = openapi3filter.ValidateRequest(ctx, input)
		if err == nil {
			verdicts = append(verdicts, verdict{Valid: true})
			continue
		}
		refused := verdict{Valid: false, Field: "(body)", Rule: "requestBody", Message: err.Error()}
		if schemaError := firstSchemaError(err); schemaError != nil {
			// A field that adds a description to a shared component wraps it in allOf: the rule that
			// refused is the wrapped one's, and its path goes on from the wrapper's.
			pointer := schemaError.JSONPointer()
			for schemaError.SchemaField == "allOf" {
				var inner *openapi3.SchemaError
				if !errors.As(schemaError.Origin, &inner) {
					break
				}
				schemaError = inner
				pointer = append(pointer, schemaError.JSONPointer()...)
			}
			refused.Field = fieldName(pointer)
			refused.Rule = schemaError.SchemaField
			refused.Message = schemaError.Reason
		}
		verdicts = append(verdicts, refused)
	}
	if err := json.NewEncoder(os.Stdout).Encode(verdicts); err != nil {
		fail("write the verdicts", err)
	}
}

// withoutDefaults drops `default` from a schema and every schema inside it.
func withoutDefaults(ref *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) {
	if ref == nil || ref.Value == nil || seen[ref.Value] {
		return
	}
	schema := ref.Value
	seen[schema] = true
	schema.Default = nil
	for _, property := range schema.Properties {
		withoutDefaults(property, seen)
	}
	for _, parts := range []openapi3.SchemaRefs{schema.AllOf, schema.AnyOf, schema.OneOf} {
		for _, part := range parts {
			withoutDefaults(part, seen)
		}
	}
	withoutDefaults(schema.Items, seen)
	withoutDefaults(schema.Not, seen)
	withoutDefaults(schema.AdditionalProperties, seen)
}

func fail(what string, err error) {
	fmt.Fprintf(os.Stderr, "verdicts: %s: %v\n", what, err)
	os.Exit(1)
}
