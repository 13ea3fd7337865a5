package rdf

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"strings"
)

// Format is an RDF serialisation, named by its media type.
type Format string

// The formats municat reads and writes.
const (
	NTriples Format = "application/n-triples"
	Turtle   Format = "text/turtle"
	RDFXML   Format = "application/rdf+xml"
	JSONLD   Format = "application/ld+json"
)

// Formats lists every format, in the order content negotiation prefers
// them when a client accepts several equally.
var Formats = []Format{Turtle, RDFXML, JSONLD, NTriples}

// Ext returns the file extension of f without the dot: "nt", "ttl", "rdf"
// or "jsonld".
func (f Format) Ext() string {
	switch f {
	case NTriples:
		return "nt"
	case Turtle:
		return "ttl"
	case RDFXML:
		return "rdf"
	case JSONLD:
		return "jsonld"
	}
	return ""
}

// ContentType returns the Content-Type header value for f, with charset.
func (f Format) ContentType() string {
	if f == RDFXML || f == JSONLD {
		return string(f)
	}
	return string(f) + "; charset=utf-8"
}

// FormatFromExt returns the format of a file extension or file name
// ("ttl", ".rdf", "catalog.jsonld", "xml", "nt", "n3" is Turtle's subset).
func FormatFromExt(name string) (Format, bool) {
	ext := strings.ToLower(name)
	if i := strings.LastIndexByte(ext, '.'); i >= 0 {
		ext = ext[i+1:]
	}
	switch ext {
	case "nt":
		return NTriples, true
	case "ttl", "n3":
		return Turtle, true
	case "rdf", "xml", "owl":
		return RDFXML, true
	case "jsonld", "json-ld", "json":
		return JSONLD, true
	}
	return "", false
}

// FormatFromMediaType returns the format of a Content-Type or Accept media
// type, ignoring parameters. It knows the registered types and the common
// aliases (application/x-turtle, text/n3, application/xml, text/xml,
// application/json for JSON-LD).
func FormatFromMediaType(ct string) (Format, bool) {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
	}
	switch mt {
	case "application/n-triples", "text/plain+ntriples":
		return NTriples, true
	case "text/turtle", "application/x-turtle", "text/n3", "application/turtle":
		return Turtle, true
	case "application/rdf+xml", "application/xml", "text/xml":
		return RDFXML, true
	case "application/ld+json", "application/json":
		return JSONLD, true
	}
	return "", false
}

// Sniff guesses the format of a document from its first bytes: XML, JSON,
// Turtle (prefix or base directives, or anything else that looks like
// Turtle) or N-Triples (every statement line starts with < or _:). It
// returns false when the bytes look like none of them (for example HTML).
func Sniff(head []byte) (Format, bool) {
	s := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case len(s) == 0:
		return "", false
	case s[0] == '<' && (bytes.HasPrefix(s, []byte("<?xml")) || bytes.HasPrefix(s, []byte("<rdf:RDF")) || bytes.HasPrefix(s, []byte("<!--"))):
		if bytes.Contains(bytes.ToLower(s[:min(len(s), 512)]), []byte("<html")) {
			return "", false
		}
		return RDFXML, true
	case s[0] == '{' || s[0] == '[':
		return JSONLD, true
	case s[0] == '@' || bytes.HasPrefix(bytes.ToUpper(s), []byte("PREFIX")) || bytes.HasPrefix(bytes.ToUpper(s), []byte("BASE")):
		return Turtle, true
	case s[0] == '<' && bytes.HasPrefix(bytes.ToLower(s), []byte("<!doctype html")) || bytes.HasPrefix(bytes.ToLower(s), []byte("<html")):
		return "", false
	case s[0] == '<' || bytes.HasPrefix(s, []byte("_:")) || s[0] == '#':
		if looksLikeNTriples(s) {
			return NTriples, true
		}
		return Turtle, true
	}
	return "", false
}

// looksLikeNTriples reports whether every non-empty, non-comment line of
// head starts like an N-Triples statement.
func looksLikeNTriples(head []byte) bool {
	lines := bytes.Split(head, []byte("\n"))
	if len(lines) > 1 {
		lines = lines[:len(lines)-1] // the last line may be cut off
	}
	for _, l := range lines {
		l = bytes.TrimSpace(l)
		if len(l) == 0 || l[0] == '#' {
			continue
		}
		if !(l[0] == '<' || bytes.HasPrefix(l, []byte("_:"))) || !bytes.HasSuffix(l, []byte(".")) {
			return false
		}
	}
	return true
}

// A Decoder reads triples from a document one at a time.
type Decoder interface {
	// Decode returns the next triple, or io.EOF after the last one. A
	// syntax error names the line (and column where known).
	Decode() (Triple, error)
}

// An Encoder writes triples to a document. Encode may be called many
// times; each call's triples are written as one group, so a writer can nest
// blank nodes and group by subject within it. Close finishes the document
// (closing tags, brackets) and must be called once; it does not close the
// underlying writer.
type Encoder interface {
	Encode(ts ...Triple) error
	Close() error
}

// NewDecoder returns a decoder of f reading r. base resolves relative IRIs
// (the document's URL; may be empty when the document has none).
func NewDecoder(r io.Reader, f Format, base string) (Decoder, error) {
	switch f {
	case NTriples:
		return newNTriplesDecoder(r), nil
	case Turtle:
		return newTurtleDecoder(r, base), nil
	case RDFXML:
		return newRDFXMLDecoder(r, base), nil
	case JSONLD:
		return newJSONLDDecoder(r, base)
	}
	return nil, fmt.Errorf("rdf: unknown format %q", f)
}

// NewEncoder returns an encoder writing f to w, abbreviating IRIs with the
// given prefixes where the format allows.
func NewEncoder(w io.Writer, f Format, prefixes []Prefix) (Encoder, error) {
	switch f {
	case NTriples:
		return newNTriplesEncoder(w), nil
	case Turtle:
		return newTurtleEncoder(w, prefixes), nil
	case RDFXML:
		return newRDFXMLEncoder(w, prefixes), nil
	case JSONLD:
		return newJSONLDEncoder(w, prefixes), nil
	}
	return nil, fmt.Errorf("rdf: unknown format %q", f)
}

// Parse reads a whole document of format f into a new graph.
func Parse(r io.Reader, f Format, base string) (*Graph, error) {
	dec, err := NewDecoder(r, f, base)
	if err != nil {
		return nil, err
	}
	g := NewGraph()
	for {
		t, err := dec.Decode()
		if err == io.EOF {
			return g, nil
		}
		if err != nil {
			return nil, err
		}
		g.Add(t)
	}
}

// Write writes the triples of g to w as one group in format f.
func Write(w io.Writer, f Format, prefixes []Prefix, ts ...Triple) error {
	enc, err := NewEncoder(w, f, prefixes)
	if err != nil {
		return err
	}
	if err := enc.Encode(ts...); err != nil {
		return err
	}
	return enc.Close()
}
