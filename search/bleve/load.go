package bleve

import (
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// errNoRows reports an index whose documents lack their stored rows.
var errNoRows = errors.New("dem Suchindex fehlen die gespeicherten Zeilen; bitte mit „municat reindex“ neu aufbauen")

// loadColumns fills the columns from the rows stored in the index, reading
// the segments in parallel. An index whose MappingVersion matches always has
// them; a document without one is errNoRows.
func (x *Index) loadColumns() error {
	adv, err := x.idx.Advanced()
	if err != nil {
		return err
	}
	reader, err := adv.Reader()
	if err != nil {
		return err
	}
	defer func() { _ = reader.Close() }()
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return fmt.Errorf("unerwarteter Indextyp %T", reader)
	}
	segs := snap.Segments()
	rows := make([][]*rowData, len(segs))
	errs := make([]error, len(segs))
	work := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range work {
				rows[i], errs[i] = segmentRows(segs[i])
			}
		})
	}
	for i := range segs {
		work <- i
	}
	close(work)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	total := 0
	for _, rs := range rows {
		total += len(rs)
	}
	x.colMu.Lock()
	defer x.colMu.Unlock()
	x.gen++
	x.cols.grow(total)
	for _, rs := range rows {
		for _, r := range rs {
			x.cols.put(r)
		}
	}
	return nil
}

// segmentRows decodes the stored rows of the live documents of ss.
func segmentRows(ss *scorch.SegmentSnapshot) ([]*rowData, error) {
	seg, deleted := ss.Segment(), ss.Deleted()
	out := make([]*rowData, 0, ss.Count())
	for k := range seg.Count() {
		if deleted != nil && deleted.Contains(uint32(k)) {
			continue
		}
		var id string
		var blob []byte
		err := ss.VisitDocument(k, func(field string, _ byte, value []byte, _ []uint64) bool {
			switch field {
			case "_id":
				id = string(value)
			case fieldRow:
				blob = append([]byte(nil), value...)
			}
			return true
		})
		if err != nil {
			return nil, fmt.Errorf("gespeicherte Felder: %w", err)
		}
		if blob == nil {
			return nil, errNoRows
		}
		r, err := decodeRow(id, blob)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
