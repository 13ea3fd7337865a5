package rdf

// TEMPORARY stubs, replaced by the RDF/XML codec work: delete this file when
// rdfxml.go defines these functions.

import "io"

func newRDFXMLDecoder(io.Reader, string) Decoder   { return stubDecoder{} }
func newRDFXMLEncoder(io.Writer, []Prefix) Encoder { return stubEncoder{} }
