package rdf

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/piprate/json-gold/ld"
)

// MaxJSONLDSize is the largest JSON-LD document the reader accepts, in
// bytes. The whole document is held in memory while it is converted.
const MaxJSONLDSize = 64 << 20

// jsonldDocs numbers the JSON-LD documents read by this process, so the
// blank nodes of two documents get different labels.
var jsonldDocs atomic.Uint64

// jsonldDecoder hands out the triples of a converted JSON-LD document.
type jsonldDecoder struct {
	triples []Triple
	next    int
}

// newJSONLDDecoder reads a whole JSON-LD document (at most MaxJSONLDSize
// bytes) from r and converts it to RDF with json-gold (JSON-LD 1.1, RDF 1.1
// semantics: no generalized RDF), resolving relative IRIs against base.
//
// Remote contexts are never fetched: only the bundled ones
// (BundledJSONLDContexts) are known, any other fails the document with an
// error naming the context URL.
//
// The triples of the default graph and of all named graphs are returned;
// graph names are ignored. Following the JSON-LD to RDF algorithm, triples
// with a relative or malformed IRI or an ill-formed language tag are
// dropped; so are JSON literals (@json) json-gold cannot convert (it handles
// JSON objects only). Native JSON numbers become xsd:integer or xsd:double
// literals through float64, so integers beyond 2^53 lose precision.
//
// Blank node labels are prefixed per document ("jl<n>_…", n counting the
// documents read by this process), so the triples of two documents can be
// merged into one Graph. The triples are sorted so that reading the same
// document twice gives the same order. A panic inside json-gold (it has
// some on malformed input) is returned as an error.
func newJSONLDDecoder(r io.Reader, base string) (Decoder, error) {
	data, err := jsonldRead(r, MaxJSONLDSize)
	if err != nil {
		return nil, err
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, jsonldSyntaxError(data, err)
	}
	switch doc.(type) {
	case map[string]any, []any:
	default:
		return nil, errors.New("rdf: a JSON-LD document must be a JSON object or array")
	}
	ds, err := jsonldToRDF(doc, base)
	if err != nil {
		return nil, err
	}
	return &jsonldDecoder{triples: jsonldTriples(ds, jsonldDocs.Add(1))}, nil
}

// jsonldRead reads all of r, failing when it holds more than limit bytes,
// and drops a UTF-8 byte order mark.
func jsonldRead(r io.Reader, limit int) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("rdf: reading JSON-LD: %w", err)
	}
	if len(data) > limit {
		return nil, fmt.Errorf("rdf: JSON-LD document is larger than %s", jsonldSize(limit))
	}
	return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), nil
}

// jsonldSize formats a byte count, in MiB when it is a whole number of them.
func jsonldSize(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Decode returns the next triple, or io.EOF after the last one.
func (d *jsonldDecoder) Decode() (Triple, error) {
	if d.next >= len(d.triples) {
		return Triple{}, io.EOF
	}
	t := d.triples[d.next]
	d.triples[d.next] = Triple{}
	d.next++
	return t, nil
}

// jsonldSyntaxError turns a JSON parse error into one naming the line,
// column and byte offset.
func jsonldSyntaxError(data []byte, err error) error {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return fmt.Errorf("rdf: invalid JSON: %w", err)
	}
	// Offset counts the bytes read, the offending one included.
	off := min(max(int(se.Offset)-1, 0), len(data))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := 1 + utf8.RuneCount(data[bytes.LastIndexByte(data[:off], '\n')+1:off])
	return fmt.Errorf("rdf: invalid JSON at line %d, column %d (byte offset %d): %w", line, col, off, err)
}

// jsonldToRDF runs json-gold's ToRDF on a parsed document. json-gold
// panics on some malformed input; such panics become errors.
func jsonldToRDF(doc any, base string) (ds *ld.RDFDataset, err error) {
	defer func() {
		if r := recover(); r != nil {
			ds, err = nil, fmt.Errorf("rdf: JSON-LD processor failed on this document: %v", r)
		}
	}()
	opts := ld.NewJsonLdOptions(base)
	opts.ProcessingMode = ld.JsonLd_1_1
	opts.ProduceGeneralizedRdf = false
	opts.DocumentLoader = &jsonldLoader{}
	out, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
	if err != nil {
		return nil, jsonldError(err)
	}
	ds, ok := out.(*ld.RDFDataset)
	if !ok {
		return nil, fmt.Errorf("rdf: JSON-LD processor returned %T", out)
	}
	return ds, nil
}

// jsonldError names the JSON-LD error code of a json-gold error. A refused
// remote context is reported with the loader's message alone.
func jsonldError(err error) error {
	var je *ld.JsonLdError
	if !errors.As(err, &je) {
		var ve ld.JsonLdError
		if !errors.As(err, &ve) {
			return fmt.Errorf("rdf: JSON-LD: %w", err)
		}
		je = &ve
	}
	d := jsonldDetails{err: je, msg: fmt.Sprint(je.Details)}
	if je.Details == nil {
		d.msg = "no details"
	}
	var ce *jsonldContextError
	if errors.As(err, &ce) {
		d.msg = ce.Error()
	}
	return fmt.Errorf("rdf: JSON-LD error %q: %w", string(je.Code), d)
}

// jsonldDetails wraps a json-gold error so that its message is msg (the
// code is already in the outer message) while errors.As still finds the
// *ld.JsonLdError and errors.Is its cause.
type jsonldDetails struct {
	err *ld.JsonLdError
	msg string
}

// Error returns the message without the error code.
func (d jsonldDetails) Error() string { return d.msg }

// Unwrap returns the json-gold error.
func (d jsonldDetails) Unwrap() error { return d.err }

// jsonldTriples maps the quads of all graphs of ds to triples, with blank
// node labels prefixed by the document number doc, and sorts them.
func jsonldTriples(ds *ld.RDFDataset, doc uint64) []Triple {
	prefix := fmt.Sprintf("jl%d_", doc)
	var out []Triple
	for _, quads := range ds.Graphs {
		for _, q := range quads {
			s, ok1 := jsonldTerm(q.Subject, prefix)
			p, ok2 := jsonldTerm(q.Predicate, prefix)
			o, ok3 := jsonldTerm(q.Object, prefix)
			if ok1 && ok2 && ok3 && s.IsResource() && p.IsIRI() {
				out = append(out, Triple{S: s, P: p, O: o})
			}
		}
	}
	keys := make(map[Triple]string, len(out))
	for _, t := range out {
		keys[t] = t.String()
	}
	slices.SortFunc(out, func(a, b Triple) int { return strings.Compare(keys[a], keys[b]) })
	return slices.CompactFunc(out, func(a, b Triple) bool { return a == b })
}

// jsonldTerm maps a json-gold node to a Term; false when the node cannot be
// an RDF 1.1 term (relative or malformed IRI, ill-formed language tag).
func jsonldTerm(n ld.Node, blankPrefix string) (Term, bool) {
	switch n := n.(type) {
	case ld.IRI:
		return IRI(n.Value), jsonldWellFormedIRI(n.Value)
	case ld.BlankNode:
		label := strings.TrimPrefix(n.Attribute, "_:")
		return Blank(blankPrefix + jsonldBlankLabel(label)), true
	case ld.Literal:
		if n.Language != "" {
			return LangLiteral(n.Value, n.Language), jsonldLangTag(n.Language)
		}
		if n.Datatype == RDFLangString {
			return Term{}, false
		}
		if n.Datatype == RDF+"JSON" && !json.Valid([]byte(n.Value)) {
			// json-gold only canonicalizes JSON objects; for other
			// @json values it puts an error message in the literal.
			return Term{}, false
		}
		return TypedLiteral(n.Value, n.Datatype), n.Datatype == "" || jsonldWellFormedIRI(n.Datatype)
	}
	return Term{}, false
}

// jsonldBlankLabel keeps the characters of a json-gold blank node label
// that are safe in every syntax (json-gold issues "b0", "b1", …) and
// replaces the others, so the label can be written as N-Triples.
func jsonldBlankLabel(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
			return r
		}
		return 'x'
	}, s)
}

// jsonldWellFormedIRI reports whether s is an absolute IRI without the
// characters RDF 1.1 does not allow in IRIs (space, controls, <>"{}|^`\).
func jsonldWellFormedIRI(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon < 1 {
		return false
	}
	for i, r := range s[:colon] {
		letter := 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
		if !letter && (i == 0 || !('0' <= r && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return false
		}
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || strings.ContainsRune("<>\"{}|^`\\", r) || r == 0xfffd {
			return false
		}
	}
	return true
}

// jsonldLangTag reports whether s is a well-formed language tag in the
// simple form RDF 1.1 and JSON-LD accept (letters, then hyphen-separated
// alphanumeric subtags).
func jsonldLangTag(s string) bool {
	for i, sub := range strings.Split(s, "-") {
		if sub == "" {
			return false
		}
		for _, r := range sub {
			letter := 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
			if !letter && (i == 0 || !('0' <= r && r <= '9')) {
				return false
			}
		}
	}
	return true
}
