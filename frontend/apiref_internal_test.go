package frontend

import "testing"

func TestUnwrap(t *testing.T) {
	for in, want := range map[string]string{
		"one\ntwo\n\nthree":                "one two\n\nthree",
		"list:\n- a\n- b\nafter":           "list:\n- a\n- b\nafter",
		"code:\n\n    x := 1\n    y\ntext": "code:\n\n    x := 1\n    y\ntext",
		"steps\n1. a\n2. b":                "steps\n1. a\n2. b",
		"a `b\nc` d\n":                     "a `b c` d",
	} {
		if got := unwrap(in); got != want {
			t.Errorf("unwrap(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzAPIRef: any JSON builds a reference or an error, never a panic.
// Seeded with small descriptions shaped like the real one.
func FuzzAPIRef(f *testing.F) {
	f.Add([]byte(`{"openapi":"3.1.0","info":{"version":"1"},"tags":[{"name":"A","description":"x\ny"}],"paths":{"/a/{id}":{"parameters":[{"$ref":"#/components/parameters/id"}],"get":{"tags":["A"],"x-codeSamples":[{"lang":"curl","source":"curl '{{BASE}}/a/1'"}],"responses":{"200":{"$ref":"#/components/responses/R"}}}}},"components":{"parameters":{"id":{"name":"id","in":"path","required":true,"schema":{"type":"string"}}},"responses":{"R":{"description":"r","content":{"application/json":{"schema":{"$ref":"#/components/schemas/S"}}}}},"schemas":{"S":{"type":"object","required":["a"],"properties":{"a":{"type":["string","null"],"format":"date-time"},"b":{"type":"array","items":{"$ref":"#/components/schemas/S"}},"c":{"type":"object","patternProperties":{"^.*$":{"type":"integer","enum":[1,2]}}},"d":{"allOf":[{"$ref":"#/components/schemas/S"}]}}}}}}`))
	f.Add([]byte(`{"paths":{"/x":{"get":{"responses":{"200":{"$ref":"#/nowhere/at/all"}},"parameters":[{"$ref":"#/components"}]}}}}`))
	f.Add([]byte(`{"paths":[],"components":{"schemas":{"T":{"type":7,"enum":"x","properties":[]}}}}`))
	f.Fuzz(func(t *testing.T, spec []byte) {
		view, err := newAPIRef(spec, "https://example.org")
		if err == nil && view == nil {
			t.Error("no view and no error")
		}
	})
}
