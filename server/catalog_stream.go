package server

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"

	"github.com/municat/municat/catalog"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/rdf"
)

// streamBufferSize is the write buffer between the encoder and the
// response.
const streamBufferSize = 32 << 10

// catalogStream writes one page of the catalogue while the response is
// being sent: it reads the page's datasets from the catalog one at a time
// and encodes each before reading the next, so the memory a page takes does
// not depend on its size, let alone on the catalogue's.
//
// An error after the first bytes went out cannot change the status any
// more. The stream then logs it, ends the document as well as the format
// allows and breaks off the chunked transfer, so that the client sees a
// failed download rather than a complete page that lacks datasets: a
// harvester (ckanext-dcat) aborts that run instead of deleting the
// datasets it did not get.
type catalogStream struct {
	ctx      context.Context
	log      *slog.Logger
	catalog  *catalog.Catalog
	exporter *dcat.Exporter
	format   rdf.Format
	// hydra is the paging block, nil when no dataset matches.
	hydra *dcat.Page
	// ids are the datasets of the page, in order.
	ids []string
}

// start starts writing the page in a goroutine and returns the reader of
// the document. The goroutine ends when the page is written or when the
// reader is closed (fasthttp closes it when the client goes away).
func (s *catalogStream) start() io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		err := s.run(pw)
		switch {
		case errors.Is(err, io.ErrClosedPipe):
			s.log.Info("catalogue page not sent in full: the client went away", "format", s.format)
		case err != nil:
			s.log.Error("catalogue page broken off", "format", s.format, "err", err)
		}
		pw.CloseWithError(err)
	}()
	return pr
}

// run writes the page to w and returns the first error.
func (s *catalogStream) run(w io.Writer) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	bw := bufio.NewWriterSize(w, streamBufferSize)
	enc, err := rdf.NewEncoder(bw, s.format, dcat.Prefixes)
	if err != nil {
		return err
	}
	err = s.encode(enc, bw)
	if cerr := enc.Close(); err == nil {
		err = cerr
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}

// encode writes the catalogue node, the paging block and the datasets.
// The datasets are read and encoded by several goroutines ahead of the
// one writing (see exportPipeline) and written to w in page order between
// the encoder's groups; a format without a group encoder (JSON-LD) has
// the writer encode the triples the goroutines made.
func (s *catalogStream) encode(enc rdf.Encoder, w io.Writer) error {
	if err := enc.Encode(s.exporter.CatalogTriples()...); err != nil {
		return err
	}
	if s.hydra != nil {
		if err := enc.Encode(dcat.HydraTriples(*s.hydra)...); err != nil {
			return err
		}
	}
	_, noGroups := rdf.NewGroupEncoder(s.format, dcat.Prefixes)
	p := &exportPipeline{stream: s, encodeBytes: noGroups == nil}
	return p.run(func(x exported) error {
		if x.bytes != nil {
			_, err := w.Write(x.bytes)
			return err
		}
		return enc.Encode(x.triples...)
	})
}
