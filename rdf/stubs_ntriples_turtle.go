package rdf

// TEMPORARY stubs, replaced by the N-Triples/Turtle codec work.

import (
	"errors"
	"io"
)

var errNotImplemented = errors.New("rdf: codec not implemented yet")

type stubDecoder struct{}

func (stubDecoder) Decode() (Triple, error) { return Triple{}, errNotImplemented }

type stubEncoder struct{}

func (stubEncoder) Encode(...Triple) error { return errNotImplemented }
func (stubEncoder) Close() error           { return errNotImplemented }

func newNTriplesDecoder(io.Reader) Decoder         { return stubDecoder{} }
func newTurtleDecoder(io.Reader, string) Decoder   { return stubDecoder{} }
func newNTriplesEncoder(io.Writer) Encoder         { return stubEncoder{} }
func newTurtleEncoder(io.Writer, []Prefix) Encoder { return stubEncoder{} }
