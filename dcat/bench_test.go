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
