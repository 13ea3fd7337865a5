package dcattest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/municat/municat/internal/repotest"
)

// The real catalogues in testdata/fixtures/dcat of the module (see
// testdata/SOURCES.md).
const (
	// CatalogEndpoint is ckanext-dcatde's catalog.rdf (RDF/XML): 6 datasets
	// and a single-page hydra:PagedCollection with totalItems 6.
	CatalogEndpoint = "catalog-endpoint.rdf"
	// RostockDataset is one DCAT-AP.de dataset of opendata-hro.de (RDF/XML).
	RostockDataset = "dataset_gov_de.rdf"
	// VanvesCatalog is data.gouv.fr's catalogue of Vanves (RDF/XML): 2
	// datasets, a hydra:PartialCollectionView and totalItems 2 on the
	// collection.
	VanvesCatalog = "datagouv_vanves_catalog.rdf"
	// MadridDataset is one dataset of datos.gob.es (Turtle).
	MadridDataset = "dataset_gob_es.ttl"
	// RefImpJSONLD is the DCAT-AP.de 2.0 reference example in expanded
	// JSON-LD: a catalogue with 2 datasets.
	RefImpJSONLD = "dcat_ap_de-RefImp_JSONLD_ADVANCED.jsonld"
)

// FixtureDir returns the directory of the DCAT fixtures, testdata/fixtures/dcat.
func FixtureDir(tb testing.TB) string {
	tb.Helper()
	return repotest.Dir(tb, "testdata/fixtures/dcat")
}

// FixturePath returns the path of a fixture file.
func FixturePath(tb testing.TB, name string) string {
	tb.Helper()
	return filepath.Join(FixtureDir(tb), name)
}

// ReadFixture returns the bytes of a fixture file.
func ReadFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(FixturePath(tb, name))
	if err != nil {
		tb.Fatalf("dcattest: %v", err)
	}
	return b
}
