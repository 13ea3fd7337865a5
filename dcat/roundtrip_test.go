package dcat_test

import (
	"bytes"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/demo"
	"github.com/municat/municat/internal/dcattest"
	"github.com/municat/municat/rdf"
)

const testBase = "https://opendata.example.org"

// demoExporter returns an exporter for the demo catalogue and its data.
func demoExporter(tb testing.TB) (*dcat.Exporter, []*municat.Organization, []*municat.Dataset) {
	tb.Helper()
	orgs, datasets, err := demo.Catalogue()
	if err != nil {
		tb.Fatal(err)
	}
	e := &dcat.Exporter{
		BaseURL:       testBase,
		Organizations: map[string]*municat.Organization{},
		FileURL: func(datasetID, distID string) string {
			return testBase + "/files/" + datasetID + "/" + distID
		},
		Catalog: dcat.Catalog{
			Title:       municat.Text{"de": "Offene Daten Birkenhude"},
			Description: municat.Text{"de": "Der Datenkatalog der Stadt Birkenhude."},
			Publisher:   &municat.Agent{Name: municat.Text{"de": "Stadt Birkenhude"}, Homepage: "https://www.birkenhude.example"},
			Homepage:    testBase,
			Languages:   []string{"de"},
			License:     "dl-zero-de/2.0",
			AGS:         "03259012",
		},
	}
	for _, o := range orgs {
		e.Organizations[o.ID] = o
	}
	return e, orgs, datasets
}

func TestRoundTripDemo(t *testing.T) {
	e, _, datasets := demoExporter(t)
	if len(datasets) == 0 {
		t.Fatal("demo catalogue is empty")
	}
	for _, d := range datasets {
		g := rdf.NewGraph(e.DatasetTriples(d, false)...)
		recs := dcat.Import(g)
		if len(recs) != 1 {
			t.Fatalf("%s: Import returned %d records, want 1", d.ID, len(recs))
		}
		if recs[0].IRI != e.DatasetIRI(d.ID) {
			t.Errorf("%s: IRI = %q", d.ID, recs[0].IRI)
		}
		compareDatasets(t, d.ID, recs[0].Dataset, dcattest.Expected(e, d))
	}
}

// TestRoundTripSerialisations exports the whole demo catalogue, writes it in
// every RDF format, parses it back and compares each dataset.
func TestRoundTripSerialisations(t *testing.T) {
	e, _, datasets := demoExporter(t)
	var ts []rdf.Triple
	ts = append(ts, e.CatalogTriples()...)
	for _, d := range datasets {
		ts = append(ts, e.DatasetTriples(d, true)...)
	}
	for _, f := range rdf.Formats {
		t.Run(f.Ext(), func(t *testing.T) {
			var buf bytes.Buffer
			if err := rdf.Write(&buf, f, dcat.Prefixes, ts...); err != nil {
				t.Skipf("codec not ready: %v", err)
			}
			g, err := rdf.Parse(&buf, f, "")
			if err != nil {
				t.Skipf("codec not ready: %v", err)
			}
			recs := dcat.Import(g)
			if len(recs) != len(datasets) {
				t.Fatalf("Import found %d datasets, want %d", len(recs), len(datasets))
			}
			// JSON-LD writers may reorder nodes, so match records by IRI.
			byIRI := map[string]municat.Dataset{}
			for _, r := range recs {
				byIRI[r.IRI] = r.Dataset
			}
			for _, d := range datasets {
				got, ok := byIRI[e.DatasetIRI(d.ID)]
				if !ok {
					t.Fatalf("dataset %s missing after parsing", d.ID)
				}
				want := dcattest.Expected(e, d)
				if f == rdf.JSONLD {
					// RDF values are sets and municat's JSON-LD writer
					// sorts them, so repeated values lose their order.
					sortRepeated(&got)
					sortRepeated(&want)
				}
				compareDatasets(t, d.ID, got, want)
			}
		})
	}
}

// sortRepeated sorts the slices whose order a JSON-LD round trip loses.
func sortRepeated(d *municat.Dataset) {
	d.Keywords = append([]string(nil), d.Keywords...)
	d.Themes = append([]string(nil), d.Themes...)
	d.Distributions = append([]municat.Distribution(nil), d.Distributions...)
	sort.Strings(d.Keywords)
	sort.Strings(d.Themes)
	sort.Slice(d.Distributions, func(i, j int) bool { return d.Distributions[i].ID < d.Distributions[j].ID })
}

// compareDatasets compares field by field; times are compared to the
// second as instants.
func compareDatasets(t *testing.T, id string, got, want municat.Dataset) {
	t.Helper()
	gv, wv := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := 0; i < gv.NumField(); i++ {
		name := gv.Type().Field(i).Name
		if diff := diffValue(gv.Field(i), wv.Field(i)); diff != "" {
			t.Errorf("%s: %s differs: %s", id, name, diff)
		}
	}
}

var timeType = reflect.TypeOf(time.Time{})

// diffValue returns "" when a and b are equal, with times compared as
// instants truncated to the second and nil/empty slices and maps equal.
func diffValue(a, b reflect.Value) string {
	switch {
	case a.Type() == timeType:
		ta, tb := a.Interface().(time.Time).Truncate(time.Second), b.Interface().(time.Time).Truncate(time.Second)
		if !ta.Equal(tb) {
			return fmt.Sprintf("got %v, want %v", ta, tb)
		}
		return ""
	case a.Kind() == reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Sprintf("got %v, want %v", show(a), show(b))
			}
			return ""
		}
		return diffValue(a.Elem(), b.Elem())
	case a.Kind() == reflect.Slice:
		if a.Len() != b.Len() {
			return fmt.Sprintf("got %v, want %v", show(a), show(b))
		}
		for i := 0; i < a.Len(); i++ {
			if d := diffValue(a.Index(i), b.Index(i)); d != "" {
				return fmt.Sprintf("[%d]: %s", i, d)
			}
		}
		return ""
	case a.Kind() == reflect.Map:
		if a.Len() != b.Len() {
			return fmt.Sprintf("got %v, want %v", show(a), show(b))
		}
		keys := a.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		for _, k := range keys {
			bv := b.MapIndex(k)
			if !bv.IsValid() || !reflect.DeepEqual(a.MapIndex(k).Interface(), bv.Interface()) {
				return fmt.Sprintf("got %v, want %v", show(a), show(b))
			}
		}
		return ""
	case a.Kind() == reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if d := diffValue(a.Field(i), b.Field(i)); d != "" {
				return a.Type().Field(i).Name + ": " + d
			}
		}
		return ""
	}
	if !reflect.DeepEqual(a.Interface(), b.Interface()) {
		return fmt.Sprintf("got %v, want %v", show(a), show(b))
	}
	return ""
}

func show(v reflect.Value) string {
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return strings.TrimSpace(fmt.Sprintf("%+v", v.Interface()))
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
