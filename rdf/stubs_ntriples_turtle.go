package rdf

// TEMPORARY stubs, replaced by the N-Triples/Turtle codec work: delete this
// file when ntriples.go and turtle.go define these functions.

import "io"

func newNTriplesDecoder(io.Reader) Decoder         { return stubDecoder{} }
func newTurtleDecoder(io.Reader, string) Decoder   { return stubDecoder{} }
func newNTriplesEncoder(io.Writer) Encoder         { return stubEncoder{} }
func newTurtleEncoder(io.Writer, []Prefix) Encoder { return stubEncoder{} }
