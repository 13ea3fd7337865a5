package server

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/rdf"
)

// exportWindow is how many datasets of a page are read and encoded ahead
// of the one being written: the memory of a page stays that of a few
// datasets, whatever the page size.
const exportWindow = 32

// exportWorkers returns how many goroutines read and encode datasets: two
// per processor, so that one waits for the store while the other encodes.
func exportWorkers() int { return min(2*runtime.GOMAXPROCS(0), exportWindow) }

// exported is one dataset of a page, ready to be written: its encoded
// bytes, or its triples when the format has no group encoder; neither
// when it is left out.
type exported struct {
	bytes   []byte
	triples []rdf.Triple
	err     error
}

// exportPipeline reads and encodes the datasets of a catalogue page on
// several goroutines and hands them to a writer in page order.
type exportPipeline struct {
	stream *catalogStream
	// encodeBytes has the goroutines encode each dataset with a
	// rdf.GroupEncoder; else they return triples.
	encodeBytes bool
}

// run calls write with each dataset of the page, in page order, and
// returns the first error of a read, an encoding or write. Datasets that
// are gone from the store or no longer listed are left out.
func (p *exportPipeline) run(write func(exported) error) error {
	ctx, cancel := context.WithCancel(p.stream.ctx)
	defer cancel()
	type job struct {
		id  string
		out chan exported
	}
	jobs := make(chan job)
	// order holds each dataset's result channel in page order; its buffer
	// bounds how far the readers run ahead of the writer.
	order := make(chan chan exported, exportWindow)
	var workers sync.WaitGroup
	for range exportWorkers() {
		workers.Go(func() {
			w := p.newWorker()
			for j := range jobs {
				j.out <- w.export(ctx, j.id)
			}
		})
	}
	go func() {
		defer func() {
			close(jobs)
			workers.Wait()
			close(order)
		}()
		for _, id := range p.stream.ids {
			out := make(chan exported, 1)
			select {
			case order <- out:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- job{id, out}:
			case <-ctx.Done():
				return
			}
		}
	}()
	var err error
	for out := range order {
		if err != nil {
			continue // drain, so that the feeder ends
		}
		select {
		case x := <-out:
			switch {
			case x.err != nil:
				err = x.err
			case x.bytes != nil || x.triples != nil:
				err = write(x)
			}
		case <-ctx.Done():
			err = context.Cause(ctx)
		}
		if err != nil {
			cancel()
		}
	}
	return err
}

// exportWorker reads and encodes datasets for a pipeline.
type exportWorker struct {
	stream *catalogStream
	group  *rdf.GroupEncoder
}

func (p *exportPipeline) newWorker() *exportWorker {
	w := &exportWorker{stream: p.stream}
	if p.encodeBytes {
		w.group, _ = rdf.NewGroupEncoder(p.stream.format, dcat.Prefixes) // the format has one
	}
	return w
}

// export reads the dataset id and returns it encoded, or nothing when it
// is missing from the store (logged) or not listed. A panic becomes the
// error of the dataset.
func (w *exportWorker) export(ctx context.Context, id string) (x exported) {
	defer func() {
		if p := recover(); p != nil {
			x = exported{err: fmt.Errorf("panic exporting dataset %s: %v\n%s", id, p, debug.Stack())}
		}
	}()
	s := w.stream
	d, err := s.catalog.Dataset(ctx, id)
	switch {
	case errors.Is(err, municat.ErrNotFound):
		s.log.Warn("catalogue: indexed dataset missing in the store; the index needs a rebuild", "dataset", id)
		return exported{}
	case err != nil:
		return exported{err: err}
	case !d.Listed():
		return exported{} // withdrawn, or found a duplicate, since the index was updated
	}
	ts := s.exporter.DatasetTriples(d.PublicView(), true)
	if w.group == nil {
		return exported{triples: ts}
	}
	b, err := w.group.Append(nil, ts...)
	return exported{bytes: b, err: err}
}
