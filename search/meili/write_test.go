package meili

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/search/searchtest"
)

// testDatasets returns the suite's datasets by id.
func testDatasets() map[string]*municat.Dataset {
	out := map[string]*municat.Dataset{}
	for _, d := range searchtest.Datasets() {
		out[d.ID] = d
	}
	return out
}

func TestIndexSendsDocumentsInBatches(t *testing.T) {
	f := newFake(t)
	cfg := f.config()
	cfg.BatchSize = 2
	x := f.open(t, cfg)
	ds := testDatasets()
	baum := ds["musterstadt.baumkataster"]
	withdrawn := ds["musterstadt.parkscheinautomaten"]
	duplicate := *ds["stadtwerke.haltestellen"]
	duplicate.DuplicateOf = "land.haltestellen"
	f.takeCalls()
	err := x.Index(context.Background(), baum, nil, ds["musterstadt.kitas"], withdrawn, ds["beispielkreis.luftqualitaet"], &duplicate)
	if err != nil {
		t.Fatalf("Index: %v", err)
	}
	calls := f.takeCalls()
	want := []string{"POST /indexes/datasets_v1/documents", "POST /indexes/datasets_v1/documents", "POST /indexes/datasets_v1/documents/delete-batch"}
	if got := paths(calls); !slices.Equal(got, want) {
		t.Fatalf("requests:\n got %v\nwant %v", got, want)
	}
	if n := len(calls[0].Body.([]any)); n != 2 {
		t.Errorf("first batch has %d documents, want 2", n)
	}
	if got := calls[2].Body; !jsonEqual(got, []string{"musterstadt_2Eparkscheinautomaten", "stadtwerke_2Ehaltestellen"}) {
		t.Errorf("delete body = %v", got)
	}
	doc := calls[0].Body.([]any)[0].(map[string]any)
	wantDoc := map[string]any{
		"key":            "musterstadt_2Ebaumkataster",
		"id":             "musterstadt.baumkataster",
		"title_de":       "Baumkataster Musterstadt",
		"title_en":       "Tree register of Musterstadt",
		"description_de": "Standorte, Baumarten, Pflanzjahr und Stammumfang aller Bäume in städtischer Pflege.",
		"keywords":       []any{"Bäume", "Stadtgrün", "Umwelt"},
		"keyword":        []any{"Bäume", "Stadtgrün", "Umwelt"},
		"theme":          []any{"ENVI"},
		"format":         []any{"CSV", "GEOJSON"},
		"license":        "dl-by-de/2.0",
		"publisher":      "Stadt Musterstadt",
		"publisher_text": "Stadt Musterstadt",
		"organization":   "stadt-musterstadt",
		"title_sort":     "baumkataster musterstadt",
		"modified":       float64(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC).Unix()),
		"issued":         float64(baum.Issued.Unix()),
	}
	if !jsonEqual(doc, wantDoc) {
		t.Errorf("document\n got %v\nwant %v", doc, wantDoc)
	}
	if n, err := x.Count(context.Background()); err != nil || n != 3 {
		t.Errorf("Count = %d, %v; want 3", n, err)
	}
	ids, err := x.IDs(context.Background())
	if want := []string{"beispielkreis.luftqualitaet", "musterstadt.baumkataster", "musterstadt.kitas"}; err != nil || !slices.Equal(ids, want) {
		t.Errorf("IDs = %v, %v; want %v", ids, err, want)
	}
	fetch := f.takeCalls()[1]
	if fetch.Path != "/indexes/datasets_v1/documents/fetch" || !jsonEqual(fetch.Body, map[string]any{"limit": idPageSize, "fields": []string{"id"}}) {
		t.Errorf("IDs request %s %v", fetch, fetch.Body)
	}
}

func TestIndexValidates(t *testing.T) {
	f := newFake(t)
	x := f.open(t, f.config())
	f.takeCalls()
	ds := testDatasets()
	err := x.Index(context.Background(), ds["musterstadt.kitas"], &municat.Dataset{Title: municat.NewText("ohne ID")})
	if municat.ErrorCode(err) != municat.EINVALID || municat.ErrorMessage(err) != "Datensatz ohne ID kann nicht indexiert werden." {
		t.Errorf("dataset without id: %v", err)
	}
	if err := x.Index(context.Background(), nil, nil); err != nil {
		t.Errorf("Index(nil, nil): %v", err)
	}
	if err := x.Delete(context.Background(), "", ""); err != nil {
		t.Errorf("Delete of empty ids: %v", err)
	}
	if calls := f.takeCalls(); len(calls) != 0 {
		t.Errorf("nothing to write, but sent %v", paths(calls))
	}
	// The last occurrence of an id decides: published, then withdrawn.
	published := *ds["musterstadt.kitas"]
	withdrawn := published
	withdrawn.State = municat.Withdrawn
	if err := x.Index(context.Background(), &published, &withdrawn); err != nil {
		t.Fatal(err)
	}
	if got := paths(f.takeCalls()); !slices.Equal(got, []string{"POST /indexes/datasets_v1/documents/delete-batch"}) {
		t.Errorf("requests %v, want only the deletion", got)
	}
}

func TestDelete(t *testing.T) {
	f := newFake(t)
	x := f.open(t, f.config())
	ds := testDatasets()
	if err := x.Index(context.Background(), ds["musterstadt.kitas"], ds["musterstadt.baumkataster"]); err != nil {
		t.Fatal(err)
	}
	f.takeCalls()
	if err := x.Delete(context.Background(), "musterstadt.kitas", "", "gibt.es-nicht", "musterstadt.kitas"); err != nil {
		t.Fatal(err)
	}
	calls := f.takeCalls()
	if len(calls) != 1 || calls[0].Path != "/indexes/datasets_v1/documents/delete-batch" ||
		!jsonEqual(calls[0].Body, []string{"musterstadt_2Ekitas", "gibt_2Ees-nicht"}) {
		t.Errorf("delete requests %v %v", paths(calls), calls)
	}
	if n, _ := x.Count(context.Background()); n != 1 {
		t.Errorf("Count after delete = %d, want 1", n)
	}
}

func TestFailedTaskIsReported(t *testing.T) {
	f := newFake(t)
	x := f.open(t, f.config())
	f.failType = "documentAdditionOrUpdate"
	err := x.Index(context.Background(), testDatasets()["musterstadt.kitas"])
	want := regexp.MustCompile("^meilisearch task [0-9]+ failed: invalid_document_id: Document identifier `1@` is invalid. A document identifier can be of type integer or string, only composed of alphanumeric characters \\(a-z A-Z 0-9\\), hyphens \\(-\\) and underscores \\(_\\).$")
	if err == nil || !want.MatchString(err.Error()) {
		t.Errorf("error %v, want it to match %s", err, want)
	}
	if n, _ := x.Count(context.Background()); n != 0 {
		t.Errorf("Count after a failed task = %d, want 0", n)
	}
}

func TestTaskTimeout(t *testing.T) {
	f := newFake(t)
	x := f.open(t, f.config())
	x.cfg.TaskTimeout = 30 * time.Millisecond
	f.stuck = true
	err := x.Index(context.Background(), testDatasets()["musterstadt.kitas"])
	if municat.ErrorCode(err) != municat.EUNAVAILABLE || !strings.Contains(err.Error(), "did not finish within 30ms") {
		t.Errorf("stuck task: %v, want EUNAVAILABLE did not finish", err)
	}
}

func TestDocumentKey(t *testing.T) {
	valid := regexp.MustCompile(`^[A-Za-z0-9_-]{1,511}$`)
	tests := map[string]string{
		"musterstadt.baumkataster": "musterstadt_2Ebaumkataster",
		"ckan.a_b-c":               "ckan_2Ea_5Fb-c",
		"Ä":                        "_C3_84",
		"x/y z":                    "x_2Fy_20z",
	}
	for id, want := range tests {
		if got := documentKey(id); got != want {
			t.Errorf("documentKey(%q) = %q, want %q", id, got, want)
		}
	}
	long := strings.Repeat(".", 200)
	if got := documentKey(long); !strings.HasPrefix(got, "_h") || len(got) != 66 || !valid.MatchString(got) {
		t.Errorf("documentKey of a long id = %q", got)
	}
	seen := map[string]string{}
	for _, id := range []string{"a.b", "a_b", "a_2Eb", "a-b", "A.b", "a..b", "a._2E", long, long + "."} {
		k := documentKey(id)
		if !valid.MatchString(k) {
			t.Errorf("documentKey(%q) = %q is no valid document id", id, k)
		}
		if other, ok := seen[k]; ok {
			t.Errorf("documentKey(%q) = documentKey(%q) = %q", id, other, k)
		}
		seen[k] = id
	}
}
