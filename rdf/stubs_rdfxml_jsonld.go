package rdf

// TEMPORARY stubs, replaced by the RDF/XML and JSON-LD codec work.

import "io"

func newRDFXMLDecoder(io.Reader, string) Decoder          { return stubDecoder{} }
func newJSONLDDecoder(io.Reader, string) (Decoder, error) { return stubDecoder{}, nil }
func newRDFXMLEncoder(io.Writer, []Prefix) Encoder        { return stubEncoder{} }
func newJSONLDEncoder(io.Writer, []Prefix) Encoder        { return stubEncoder{} }
