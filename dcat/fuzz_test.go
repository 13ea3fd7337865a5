package dcat_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/municat/municat/dcat"
	"github.com/municat/municat/rdf"
)

// FuzzImport decodes arbitrary N-Triples and maps them: Import, Check and
// a re-export of what was imported must never panic, and re-importing the
// export must find the dataset again.
func FuzzImport(f *testing.F) {
	e := testExporter()
	var buf bytes.Buffer
	if err := rdf.Write(&buf, rdf.NTriples, nil, e.DatasetTriples(fullDataset(), true)...); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.String())
	d := "<http://x/d> <" + rdf.RDFType + "> <" + rdf.DCAT + "Dataset> .\n"
	for _, extra := range []string{
		`<http://x/d> <http://purl.org/dc/terms/spatial> "POLYGON((1 2, 3 4))" .`,
		`<http://x/d> <http://purl.org/dc/terms/spatial> _:l . _:l <http://www.w3.org/ns/locn#geometry> "{\"type\":\"Point\",\"coordinates\":[1,2]}" .`,
		`<http://x/d> <http://purl.org/dc/terms/temporal> _:t . _:t <http://www.w3.org/ns/dcat#startDate> "2020-13-45" .`,
		`<http://x/d> <http://www.w3.org/ns/dcat#distribution> _:d . _:d <http://www.w3.org/ns/dcat#byteSize> "1e400" .`,
		`<http://x/d> <http://www.w3.org/ns/dcat#distribution> <http://x/d> .`,
		`<http://x/d> <http://purl.org/dc/terms/publisher> <http://x/d> .`,
	} {
		f.Add(d + extra + "\n")
	}
	f.Fuzz(func(t *testing.T, doc string) {
		g, err := rdf.Parse(strings.NewReader(doc), rdf.NTriples, "")
		if err != nil {
			return
		}
		for _, r := range dcat.Import(g) {
			ds := r.Dataset
			dcat.Check(&ds, nil)
			ds.ID = "fuzz"
			back := dcat.Import(rdf.NewGraph(e.DatasetTriples(&ds, false)...))
			if len(back) != 1 {
				t.Fatalf("re-import found %d datasets", len(back))
			}
		}
	})
}

// FuzzCodes feeds arbitrary strings to the vocabulary mappings; they must
// not panic and must return only codes of their vocabularies.
func FuzzCodes(f *testing.F) {
	for _, s := range []string{"CSV", "text/csv", "dl-de-by-2.0", "R/P1D", "de", "umwelt_klima", "https://www.dcat-ap.de/def/licenses/", "http://", "/", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if c, known := dcat.FormatCode(s); known && !dcat.FileTypes.Has(c) {
			t.Errorf("FormatCode(%q) = %q, known but not in table", s, c)
		}
		if l, ok := dcat.LicenseFor(s); ok {
			if again, _ := dcat.LicenseFor(l.IRI); again.ID != l.ID {
				t.Errorf("LicenseFor(%q) not stable", s)
			}
		}
		if c := dcat.FrequencyCode(s); c != "" && !dcat.Frequencies.Has(c) {
			t.Errorf("FrequencyCode(%q) = %q", s, c)
		}
		if c := dcat.LanguageCode(s); c != "" && dcat.LanguageIRI(c) == "" {
			t.Errorf("LanguageCode(%q) = %q has no IRI", s, c)
		}
		for _, c := range dcat.ThemeCodes(s) {
			if !dcat.DataThemes.Has(c) {
				t.Errorf("ThemeCodes(%q) gave %q", s, c)
			}
		}
		dcat.AccessRightsCode(s)
		dcat.StatusCode(s)
		dcat.AvailabilityCode(s)
		dcat.GeocodingLevelCode(s)
		dcat.ContributorIRI(s)
		dcat.MediaTypeFromIRI(s)
	})
}
