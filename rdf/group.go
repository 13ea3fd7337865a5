package rdf

import (
	"bufio"
	"bytes"
	"fmt"
)

// GroupEncoder encodes one group of triples at a time into a byte slice,
// exactly as an Encoder of the same format and prefixes writes that group
// in an Encode call after its first one. Groups can so be made apart, by
// several goroutines with one GroupEncoder each, and written between the
// document's start (an Encoder's first Encode call) and its end (the
// Encoder's Close), in the order the caller wants.
//
// A GroupEncoder is not safe for concurrent use. Turtle, RDF/XML and
// N-Triples have one; JSON-LD, whose objects are separated by commas the
// encoder tracks, has none.
type GroupEncoder struct {
	ttl *ttlEncoder
	xml *rdfxmlEncoder
	nt  *ntEncoder
	out bytes.Buffer
}

// NewGroupEncoder returns a group encoder of format f with the prefixes an
// Encoder of the document was made with. Formats without one give an
// error.
func NewGroupEncoder(f Format, prefixes []Prefix) (*GroupEncoder, error) {
	g := &GroupEncoder{}
	switch f {
	case Turtle:
		g.ttl = newTurtleEncoder(&g.out, prefixes).(*ttlEncoder)
		g.ttl.skipHeader()
	case RDFXML:
		g.xml = newRDFXMLEncoder(&g.out, prefixes).(*rdfxmlEncoder)
		if g.xml.err != nil {
			return nil, g.xml.err
		}
		g.xml.started = true
	case NTriples:
		g.nt = newNTriplesEncoder(&g.out).(*ntEncoder)
	default:
		return nil, fmt.Errorf("rdf: no group encoder for %q", f)
	}
	return g, nil
}

// Append appends the encoded group ts to dst and returns the extended
// slice. On error dst is returned unchanged.
func (g *GroupEncoder) Append(dst []byte, ts ...Triple) ([]byte, error) {
	g.out.Reset()
	var err error
	switch {
	case g.ttl != nil:
		err = g.ttl.Encode(ts...)
	case g.xml != nil:
		err = g.xml.Encode(ts...)
		if err != nil {
			// An RDF/XML encoder keeps its first error; a group encoder
			// starts afresh with the next group.
			g.xml.err = nil
			g.xml.w = bufio.NewWriter(&g.out)
		}
	default:
		err = g.nt.Encode(ts...)
	}
	if err != nil {
		return dst, err
	}
	return append(dst, g.out.Bytes()...), nil
}
