package rdf

import (
	"fmt"
	"strings"
)

// iriRef is an IRI reference split into its RFC 3986 components. The has*
// flags tell an empty component ("http://x/?") from a missing one.
type iriRef struct {
	scheme, authority, path, query, fragment       string
	hasScheme, hasAuthority, hasQuery, hasFragment bool
}

// parseIRIRef splits s into its components (RFC 3986 §3, appendix B). It
// never fails: every string is some IRI reference.
func parseIRIRef(s string) iriRef {
	var r iriRef
	if i := strings.IndexAny(s, ":/?#"); i > 0 && s[i] == ':' && isScheme(s[:i]) {
		r.scheme, r.hasScheme, s = s[:i], true, s[i+1:]
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		r.fragment, r.hasFragment, s = s[i+1:], true, s[:i]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		r.query, r.hasQuery, s = s[i+1:], true, s[:i]
	}
	if strings.HasPrefix(s, "//") {
		s = s[2:]
		i := strings.IndexByte(s, '/')
		if i < 0 {
			i = len(s)
		}
		r.authority, r.hasAuthority, s = s[:i], true, s[i:]
	}
	r.path = s
	return r
}

// isScheme reports whether s matches ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// isAbsoluteIRI reports whether s starts with a scheme.
func isAbsoluteIRI(s string) bool { return parseIRIRef(s).hasScheme }

// String joins the components again (RFC 3986 §5.3).
func (r iriRef) String() string {
	var b strings.Builder
	if r.hasScheme {
		b.WriteString(r.scheme)
		b.WriteByte(':')
	}
	if r.hasAuthority {
		b.WriteString("//")
		b.WriteString(r.authority)
	}
	b.WriteString(r.path)
	if r.hasQuery {
		b.WriteByte('?')
		b.WriteString(r.query)
	}
	if r.hasFragment {
		b.WriteByte('#')
		b.WriteString(r.fragment)
	}
	return b.String()
}

// resolveIRI resolves the IRI reference ref against base following RFC 3986
// §5.2 (strict), including removal of dot segments. An absolute ref is
// returned with its dot segments removed. It fails when ref is relative and
// base is not an absolute IRI.
func resolveIRI(base, ref string) (string, error) {
	r := parseIRIRef(ref)
	if r.hasScheme && !strings.Contains(r.path, ".") {
		return ref, nil
	}
	if r.hasScheme {
		r.path = removeDotSegments(r.path)
		return r.String(), nil
	}
	b := parseIRIRef(base)
	if !b.hasScheme {
		return "", fmt.Errorf("relative IRI <%s> without an absolute base IRI", ref)
	}
	t := iriRef{scheme: b.scheme, hasScheme: true, fragment: r.fragment, hasFragment: r.hasFragment}
	switch {
	case r.hasAuthority:
		t.authority, t.hasAuthority = r.authority, true
		t.path = removeDotSegments(r.path)
		t.query, t.hasQuery = r.query, r.hasQuery
	case r.path == "":
		t.authority, t.hasAuthority = b.authority, b.hasAuthority
		t.path = b.path
		t.query, t.hasQuery = b.query, b.hasQuery
		if r.hasQuery {
			t.query, t.hasQuery = r.query, true
		}
	default:
		t.authority, t.hasAuthority = b.authority, b.hasAuthority
		t.query, t.hasQuery = r.query, r.hasQuery
		if strings.HasPrefix(r.path, "/") {
			t.path = removeDotSegments(r.path)
		} else {
			t.path = removeDotSegments(mergePaths(b, r.path))
		}
	}
	return t.String(), nil
}

// mergePaths merges a relative-path reference with the base path (RFC 3986
// §5.2.3).
func mergePaths(base iriRef, ref string) string {
	if base.hasAuthority && base.path == "" {
		return "/" + ref
	}
	if i := strings.LastIndexByte(base.path, '/'); i >= 0 {
		return base.path[:i+1] + ref
	}
	return ref
}

// removeDotSegments removes "." and ".." segments from a path (RFC 3986
// §5.2.4).
func removeDotSegments(in string) string {
	if !strings.Contains(in, ".") {
		return in
	}
	var out []string // output segments, each with its leading "/" if any
	for in != "" {
		switch {
		case strings.HasPrefix(in, "../"):
			in = in[3:]
		case strings.HasPrefix(in, "./"):
			in = in[2:]
		case strings.HasPrefix(in, "/./"):
			in = in[2:]
		case in == "/.":
			in = "/"
		case strings.HasPrefix(in, "/../"):
			in = in[3:]
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		case in == "/..":
			in = "/"
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		case in == "." || in == "..":
			in = ""
		default:
			i := strings.IndexByte(in[1:], '/')
			if i < 0 {
				i = len(in)
			} else {
				i++
			}
			out = append(out, in[:i])
			in = in[i:]
		}
	}
	return strings.Join(out, "")
}
