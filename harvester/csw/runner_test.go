package csw_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/store/fs"
)

// MustRunner returns a Runner over a file store with a CSW fetcher.
func MustRunner(tb testing.TB) (*harvester.Runner, *catalog.Catalog) {
	tb.Helper()
	st, err := fs.Open(tb.TempDir())
	if err != nil {
		tb.Fatalf("fs.Open: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	cat := catalog.New(st)
	return &harvester.Runner{
		Catalog:  cat,
		Fetchers: map[string]harvester.Fetcher{municat.SourceCSW: quick()},
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	}, cat
}

// TestRunnerGeoNetwork harvests the GeoNetwork sequence through the real
// Runner: the datasets land published under their stable ids, a second
// run changes nothing, a failed listing withdraws nothing, and a record
// gone from a complete listing is withdrawn.
func TestRunnerGeoNetwork(t *testing.T) {
	r, cat := MustRunner(t)
	ctx := context.Background()
	srv := newServer(t, geoPages(t))
	src := &municat.Source{ID: "somme", Type: municat.SourceCSW, URL: srv.URL + "/csw", Organization: "ddtm-80", Options: map[string]string{"page_size": "2"}}

	res, err := r.Run(ctx, src, harvester.RunOptions{})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if res.Run.Status != municat.RunSucceeded || res.Run.Pages != 3 || res.Run.Counts.Added != 6 || res.Run.Counts.Failed != 0 {
		t.Fatalf("first run: %s, %d pages, %+v, %q", res.Run.Status, res.Run.Pages, res.Run.Counts, res.Run.Error)
	}
	for _, e := range geonetworkRecords {
		id := municat.DatasetID(src.ID, e.id)
		d, err := cat.Dataset(ctx, id)
		if err != nil {
			t.Fatalf("dataset %s: %v", id, err)
		}
		if !d.IsPublished() || d.SourceID != src.ID || d.RemoteID != e.id || d.Organization != "ddtm-80" || d.Title[e.lang] != e.title {
			t.Errorf("dataset %s: state %s, source %s, remote id %s, organisation %s, title %v", id, d.State, d.SourceID, d.RemoteID, d.Organization, d.Title)
		}
		if d.ContentHash == "" || d.LandingPage != e.landing || len(d.Distributions) != len(e.dists) {
			t.Errorf("dataset %s: hash %q, landing page %q, %d distributions", id, d.ContentHash, d.LandingPage, len(d.Distributions))
		}
	}

	res, err = r.Run(ctx, src, harvester.RunOptions{})
	if err != nil || res.Run.Status != municat.RunSucceeded || res.Run.Counts.Unchanged != 6 || res.Run.Counts.Added != 0 || len(res.Changed) != 0 {
		t.Fatalf("second run: %v, %s, %+v, changed %v", err, res.Run.Status, res.Run.Counts, res.Changed)
	}

	// Page 5 is gone: the listing is incomplete and nothing is withdrawn.
	delete(srv.pages, 5)
	res, err = r.Run(ctx, src, harvester.RunOptions{})
	if err != nil || res.Run.Status != municat.RunFailed || res.Run.Counts.Withdrawn != 0 || !strings.Contains(res.Run.Error, "HTTP 404") {
		t.Fatalf("incomplete run: %v, %s, %+v, %q", err, res.Run.Status, res.Run.Counts, res.Run.Error)
	}

	// Naours left the catalogue: a complete listing of 5 withdraws it.
	five := func(b []byte) []byte {
		return []byte(strings.Replace(string(b), `numberOfRecordsMatched="6"`, `numberOfRecordsMatched="5"`, 1))
	}
	p5 := string(five(MustFixture(t, geoPage5)))
	naours := strings.LastIndex(p5, "<gmd:MD_Metadata")
	srv.pages = map[int][]byte{1: five(MustFixture(t, geoPage1)), 3: five(MustFixture(t, geoPage3)),
		5: []byte(p5[:naours] + "</csw:SearchResults></csw:GetRecordsResponse>")}
	res, err = r.Run(ctx, src, harvester.RunOptions{})
	if err != nil || res.Run.Status != municat.RunSucceeded || res.Run.Counts.Withdrawn != 1 || res.Run.Counts.Unchanged != 5 {
		t.Fatalf("run without Naours: %v, %s, %+v, %q", err, res.Run.Status, res.Run.Counts, res.Run.Error)
	}
	gone := municat.DatasetID(src.ID, "fr-120066022-ldd-1d31b525-5f0e-4fd2-8ab4-cad099333b5c")
	if len(res.Withdrawn) != 1 || res.Withdrawn[0] != gone {
		t.Errorf("withdrawn %v, want %s", res.Withdrawn, gone)
	}
}

// TestRunnerRecordErrors: a record without title is listed in the run
// with its GetRecordById link, the others are published.
func TestRunnerRecordErrors(t *testing.T) {
	r, cat := MustRunner(t)
	ctx := context.Background()
	body := strings.Replace(string(MustFixture(t, fisBroker)), "<gco:CharacterString>3D-Stadtmodell Berlin</gco:CharacterString>", "", 1)
	srv := newServer(t, map[int][]byte{1: []byte(body)})
	src := &municat.Source{ID: "fis-broker", Type: municat.SourceCSW, URL: srv.URL + "/csw?portal=berlin", Organization: "berlin",
		Options: map[string]string{"hierarchy_levels": "dataset,service,application"}}
	res, err := r.Run(ctx, src, harvester.RunOptions{})
	if err != nil || res.Run.Status != municat.RunSucceeded || res.Run.Counts.Added != 2 || res.Run.Counts.Failed != 1 {
		t.Fatalf("run: %v, %s, %+v, %q", err, res.Run.Status, res.Run.Counts, res.Run.Error)
	}
	if len(res.Run.RecordErrors) != 1 {
		t.Fatalf("record errors %+v", res.Run.RecordErrors)
	}
	re := res.Run.RecordErrors[0]
	if re.RemoteID != "aac23975-94e4-3707-96fa-e447e43d6013" || !strings.Contains(re.Message, "keinen Titel") ||
		!strings.Contains(re.Link, "request=GetRecordById") || !strings.Contains(re.Link, "id=aac23975-94e4-3707-96fa-e447e43d6013") || !strings.Contains(re.Link, "portal=berlin") {
		t.Errorf("record error %+v", re)
	}
	for _, id := range []string{"f2a8a483-74b9-3c7d-9b40-113c60a55c9e", "8a7ea996-7955-4fbb-8980-7be09be6f193"} {
		d, err := cat.Dataset(ctx, municat.DatasetID(src.ID, id))
		if err != nil || !d.IsPublished() || d.License != "dl-by-de/2.0" {
			t.Errorf("dataset %s: %v %+v", id, err, d)
		}
	}
}
