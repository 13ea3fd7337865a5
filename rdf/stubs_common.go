package rdf

// TEMPORARY stub types for codecs not written yet; removed at integration.

import "errors"

var errNotImplemented = errors.New("rdf: codec not implemented yet")

type stubDecoder struct{}

func (stubDecoder) Decode() (Triple, error) { return Triple{}, errNotImplemented }

type stubEncoder struct{}

func (stubEncoder) Encode(...Triple) error { return errNotImplemented }
func (stubEncoder) Close() error           { return errNotImplemented }
