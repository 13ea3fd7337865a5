package dcat_test

import (
	"testing"

	"github.com/municat/municat/dcat"
	"github.com/municat/municat/rdf"
)

// BenchmarkDatasetTriples exports the demo datasets one after another and
// reports the triples per dataset.
func BenchmarkDatasetTriples(b *testing.B) {
	e, _, datasets := demoExporter(b)
	b.ReportAllocs()
	n := 0
	for i := 0; b.Loop(); i++ {
		n += len(e.DatasetTriples(datasets[i%len(datasets)], true))
	}
	b.ReportMetric(float64(n)/float64(b.N), "triples/dataset")
}

// BenchmarkImport maps an exported demo dataset back.
func BenchmarkImport(b *testing.B) {
	e, _, datasets := demoExporter(b)
	g := rdf.NewGraph(e.DatasetTriples(datasets[0], true)...)
	b.ReportAllocs()
	for b.Loop() {
		dcat.Import(g)
	}
}

// BenchmarkEncodeDataset exports the demo datasets one after another and
// encodes each as one group of a catalogue page, the way the catalogue
// routes do.
func BenchmarkEncodeDataset(b *testing.B) {
	e, _, datasets := demoExporter(b)
	for _, f := range []rdf.Format{rdf.Turtle, rdf.RDFXML} {
		b.Run(f.Ext(), func(b *testing.B) {
			g, err := rdf.NewGroupEncoder(f, dcat.Prefixes)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			var buf []byte
			n := 0
			for i := 0; b.Loop(); i++ {
				if buf, err = g.Append(buf[:0], e.DatasetTriples(datasets[i%len(datasets)], true)...); err != nil {
					b.Fatal(err)
				}
				n += len(buf)
			}
			b.ReportMetric(float64(n)/float64(b.N), "bytes/dataset")
		})
	}
}
