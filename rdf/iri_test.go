package rdf

import "testing"

// TestResolveIRI checks the reference resolution examples of RFC 3986
// §5.4.1 and §5.4.2.
func TestResolveIRI(t *testing.T) {
	const base = "http://a/b/c/d;p?q"
	for ref, want := range map[string]string{
		"g:h": "g:h", "g": "http://a/b/c/g", "./g": "http://a/b/c/g", "g/": "http://a/b/c/g/",
		"/g": "http://a/g", "//g": "http://g", "?y": "http://a/b/c/d;p?y", "g?y": "http://a/b/c/g?y",
		"#s": "http://a/b/c/d;p?q#s", "g#s": "http://a/b/c/g#s", "g?y#s": "http://a/b/c/g?y#s",
		";x": "http://a/b/c/;x", "g;x": "http://a/b/c/g;x", "g;x?y#s": "http://a/b/c/g;x?y#s",
		"": "http://a/b/c/d;p?q", ".": "http://a/b/c/", "./": "http://a/b/c/", "..": "http://a/b/",
		"../": "http://a/b/", "../g": "http://a/b/g", "../..": "http://a/", "../../": "http://a/",
		"../../g": "http://a/g",
		// abnormal examples
		"../../../g": "http://a/g", "../../../../g": "http://a/g", "/./g": "http://a/g",
		"/../g": "http://a/g", "g.": "http://a/b/c/g.", ".g": "http://a/b/c/.g", "g..": "http://a/b/c/g..",
		"..g": "http://a/b/c/..g", "./../g": "http://a/b/g", "./g/.": "http://a/b/c/g/",
		"g/./h": "http://a/b/c/g/h", "g/../h": "http://a/b/c/h", "g;x=1/./y": "http://a/b/c/g;x=1/y",
		"g;x=1/../y": "http://a/b/c/y", "g?y/./x": "http://a/b/c/g?y/./x", "g?y/../x": "http://a/b/c/g?y/../x",
		"g#s/./x": "http://a/b/c/g#s/./x", "g#s/../x": "http://a/b/c/g#s/../x", "http:g": "http:g",
	} {
		got, err := resolveIRI(base, ref)
		if err != nil || got != want {
			t.Errorf("resolveIRI(%q, %q) = %q, %v; want %q", base, ref, got, err, want)
		}
	}
}

func TestResolveIRIEdges(t *testing.T) {
	for _, c := range []struct{ base, ref, want string }{
		{"http://example.org", "x", "http://example.org/x"},       // authority, empty path
		{"http://example.org/a#frag", "", "http://example.org/a"}, // base fragment dropped
		{"http://example.org/a?q", "#f", "http://example.org/a?q#f"},
		{"urn:isbn:123", "#x", "urn:isbn:123#x"},
		{"http://example.org/a/b", "http://other.example/x/../y", "http://other.example/y"},
		{"", "http://example.org/abs", "http://example.org/abs"},
	} {
		got, err := resolveIRI(c.base, c.ref)
		if err != nil || got != c.want {
			t.Errorf("resolveIRI(%q, %q) = %q, %v; want %q", c.base, c.ref, got, err, c.want)
		}
	}
	for _, base := range []string{"", "relative/path", "//host/only"} {
		if got, err := resolveIRI(base, "x"); err == nil {
			t.Errorf("resolveIRI(%q, \"x\") = %q, want an error for a non-absolute base", base, got)
		}
	}
}
