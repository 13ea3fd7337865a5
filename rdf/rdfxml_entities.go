package rdf

import (
	"bytes"
	"fmt"
	"io"
)

// maxEntityExpansion caps the bytes the references to DOCTYPE entities of
// one RDF/XML document may expand to, counted as (references seen) ×
// (longest entity value). encoding/xml expands a reference wherever it
// occurs, so without the cap a document of "&e;" repeated, with e a value
// of maxEntityValue bytes, would expand more than 300-fold, within a single
// text token.
const maxEntityExpansion = 16 << 20

// refCounter counts the "&" of the raw input the XML decoder reads (every
// entity reference starts with one, and so do character references) and
// stops the input once they could expand beyond maxEntityExpansion bytes.
// The check is in the reader, below the decoder's buffer, so a text token
// is cut off before it grows: the decoder reports the error.
type refCounter struct {
	r        io.Reader
	refs     int
	maxValue int // longest declared entity value, 0 before any declaration
}

func (c *refCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.refs += bytes.Count(p[:n], []byte{'&'})
	if err == nil && c.maxValue > 0 && c.refs > maxEntityExpansion/c.maxValue {
		return n, fmt.Errorf("entity references could expand to more than %d MB", maxEntityExpansion>>20)
	}
	return n, err
}

// declared records an entity value's length.
func (c *refCounter) declared(value string) { c.maxValue = max(c.maxValue, len(value)) }
