package file_test

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

// exportPath is where the file servers of these tests publish the nightly
// export.
const exportPath = "/export/neckarsulm.csv"

// neckarsulmSum is the sha256 of neckarsulm.csv as testdata/SOURCES.md
// lists it.
const neckarsulmSum = "c002ec2103ec6fac30fa8da46905d680be0d04e9d3139bb12fc51bd71e4f005c"

// configSource returns a source of the config form for the file at
// fileURL.
func configSource(fileURL string) *municat.Source {
	return &municat.Source{
		ID: "stadt-export", Type: municat.SourceFile, URL: fileURL, Organization: "stadt-neckarsulm",
		Options: map[string]string{
			"title":         "Parkplätze und Parkhäuser in Neckarsulm",
			"description":   "Nächtlicher Export des Parkraummanagements: Stellplätze, Öffnungszeiten, Gebühren.",
			"keywords":      "Parken, Parkhaus, Verkehr",
			"themes":        "TRAN, Regionen und Städte",
			"license":       "dl-by-de/2.0",
			"frequency":     "täglich",
			"landing_page":  "https://www.neckarsulm.de/parken",
			"publisher":     "Stadt Neckarsulm",
			"contact_email": "Open Data <opendata@neckarsulm.de>",
		},
	}
}

// changedExport is the export of the next night: the fixture without its
// last row.
func changedExport(tb testing.TB, data []byte) []byte {
	tb.Helper()
	trimmed := bytes.TrimRight(data, "\r\n")
	i := bytes.LastIndexByte(trimmed, '\n')
	if i < 0 {
		tb.Fatal("fixture has a single line")
	}
	return data[:i+1]
}

// TestThreeRunsKeepTwoVersions is the file source's must-show: a nightly
// export that changes once between three runs gives exactly two stored
// versions; the dataset's modified date moves once; the third run asks
// conditionally and downloads nothing.
func TestThreeRunsKeepTwoVersions(t *testing.T) {
	v1 := MustFixture(t, "neckarsulm.csv")
	v2 := changedExport(t, v1)
	srv := MustFileServer(t)
	srv.Set(exportPath, v1, "text/csv; charset=utf-8")
	e := MustEnv(t)
	src := configSource(srv.URL + exportPath)
	const id = "stadt-export.neckarsulm"
	t1, t2, t3 := t0, t0.Add(24*time.Hour), t0.Add(48*time.Hour)

	run := MustRun(t, e, src, t1)
	if run.Status != municat.RunSucceeded || counts(run) != (municat.RunCounts{Added: 1}) || run.Pages != 1 {
		t.Fatalf("run 1: %s %q, counts %+v, %d pages; want succeeded, 1 added, 1 page", run.Status, run.Error, run.Counts, run.Pages)
	}
	if reqs := srv.Requests(); len(reqs) != 1 || reqs[0].ifNoneMatch != "" || reqs[0].status != http.StatusOK {
		t.Errorf("run 1 requests %+v, want one unconditional GET", reqs)
	}
	d := MustDataset(t, e.cat, id)
	if got := d.Title.String(); got != "Parkplätze und Parkhäuser in Neckarsulm" {
		t.Errorf("title %q", got)
	}
	if strings.Join(d.Keywords, "|") != "Parken|Parkhaus|Verkehr" || strings.Join(d.Themes, "|") != "TRAN|REGI" {
		t.Errorf("keywords %q, themes %q", d.Keywords, d.Themes)
	}
	if d.License != "dl-by-de/2.0" || d.Frequency != "DAILY" || d.LandingPage != "https://www.neckarsulm.de/parken" {
		t.Errorf("license %q, frequency %q, landing page %q", d.License, d.Frequency, d.LandingPage)
	}
	if d.PublisherName() != "Stadt Neckarsulm" || d.ContactPoint == nil || *d.ContactPoint != (municat.Contact{Name: "Open Data", Email: "opendata@neckarsulm.de"}) {
		t.Errorf("publisher %q, contact %+v", d.PublisherName(), d.ContactPoint)
	}
	if len(d.Distributions) != 1 {
		t.Fatalf("%d distributions, want 1", len(d.Distributions))
	}
	dist := d.Distributions[0]
	key1 := catalog.FileVersionKey(id, "file", neckarsulmSum[:16], "neckarsulm.csv")
	if dist.FileKey != key1 || dist.DownloadURL != "" || dist.AccessURL != src.URL {
		t.Errorf("file key %q, download URL %q, access URL %q; want %q, empty, the export", dist.FileKey, dist.DownloadURL, dist.AccessURL, key1)
	}
	if dist.Format != "CSV" || dist.MediaType != "text/csv" || dist.ByteSize != 20653 || dist.Checksum == nil || *dist.Checksum != (municat.Checksum{Algorithm: "sha256", Value: neckarsulmSum}) {
		t.Errorf("format %q, media type %q, size %d, checksum %+v", dist.Format, dist.MediaType, dist.ByteSize, dist.Checksum)
	}
	if len(dist.Versions) != 1 || dist.Versions[0].ETag != `"`+neckarsulmSum[:16]+`"` || dist.Versions[0].MediaType != "text/csv; charset=utf-8" {
		t.Errorf("versions %+v, want one with the server's ETag and media type", dist.Versions)
	}
	if !d.Modified.Equal(t1) || !d.Issued.Equal(t1) || !dist.Modified.Equal(t1) {
		t.Errorf("modified %s, issued %s, file modified %s; want %s", d.Modified, d.Issued, dist.Modified, t1)
	}
	MustStored(t, e.store, key1, v1)

	srv.Set(exportPath, v2, "text/csv; charset=utf-8")
	run = MustRun(t, e, src, t2)
	if run.Status != municat.RunSucceeded || counts(run) != (municat.RunCounts{Updated: 1}) {
		t.Fatalf("run 2: %s %q, counts %+v; want succeeded, 1 updated", run.Status, run.Error, run.Counts)
	}
	if reqs := srv.Requests(); len(reqs) != 1 || reqs[0].ifNoneMatch != `"`+neckarsulmSum[:16]+`"` || reqs[0].status != http.StatusOK {
		t.Errorf("run 2 requests %+v, want one GET with the ETag of version 1, answered with the new file", reqs)
	}

	run = MustRun(t, e, src, t3)
	if run.Status != municat.RunSucceeded || counts(run) != (municat.RunCounts{Unchanged: 1}) {
		t.Fatalf("run 3: %s %q, counts %+v; want succeeded, 1 unchanged", run.Status, run.Error, run.Counts)
	}
	if reqs := srv.Requests(); len(reqs) != 1 || reqs[0].ifNoneMatch != `"`+sha(v2)[:16]+`"` || reqs[0].status != http.StatusNotModified {
		t.Errorf("run 3 requests %+v, want one GET with the ETag of version 2, answered 304", reqs)
	}

	d = MustDataset(t, e.cat, id)
	dist = d.Distributions[0]
	if len(dist.Versions) != 2 {
		t.Fatalf("%d versions after three runs, want 2: %+v", len(dist.Versions), dist.Versions)
	}
	want := [][]byte{v1, v2}
	for i, v := range dist.Versions {
		if v.SHA256 != sha(want[i]) || v.ID != sha(want[i])[:16] || v.ByteSize != int64(len(want[i])) {
			t.Errorf("version %d: %+v, want the sha256 and size of file %d", i+1, v, i+1)
		}
		MustStored(t, e.store, v.Key, want[i])
	}
	if !dist.Versions[0].Stored.Equal(t1) || !dist.Versions[1].Stored.Equal(t2) {
		t.Errorf("versions stored at %s and %s, want %s and %s", dist.Versions[0].Stored, dist.Versions[1].Stored, t1, t2)
	}
	if dist.FileKey != dist.Versions[1].Key || dist.ByteSize != int64(len(v2)) || dist.Checksum.Value != sha(v2) {
		t.Errorf("distribution shows %q (%d bytes, %s), want the newest version", dist.FileKey, dist.ByteSize, dist.Checksum.Value)
	}
	if !d.Modified.Equal(t2) || !dist.Modified.Equal(t2) || !d.Issued.Equal(t1) {
		t.Errorf("modified %s (file %s), issued %s; want modified %s (run 2 only), issued %s", d.Modified, dist.Modified, d.Issued, t2, t1)
	}
}

func TestSameBytesWithoutValidatorsAreUnchanged(t *testing.T) {
	data := MustFixture(t, "neckarsulm.csv")
	srv := MustFileServer(t)
	srv.SetFile(exportPath, served{body: data, ctype: "application/octet-stream"})
	e := MustEnv(t)
	src := configSource(srv.URL + exportPath)

	MustRun(t, e, src, t0)
	run := MustRun(t, e, src, t0.Add(time.Hour))
	if counts(run) != (municat.RunCounts{Unchanged: 1}) {
		t.Errorf("run 2 counts %+v, want 1 unchanged: the same bytes are no new version", run.Counts)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 || reqs[1].status != http.StatusOK || reqs[1].ifNoneMatch != "" {
		t.Errorf("requests %+v, want two plain downloads", reqs)
	}
	d := MustDataset(t, e.cat, "stadt-export.neckarsulm")
	dist := d.Distributions[0]
	if len(dist.Versions) != 1 || !d.Modified.Equal(t0) {
		t.Errorf("%d versions, modified %s; want 1 and %s", len(dist.Versions), d.Modified, t0)
	}
	// A server saying octet-stream: the media type follows the format.
	if dist.MediaType != "text/csv" || dist.Versions[0].MediaType != "text/csv" {
		t.Errorf("media types %q and %q, want text/csv from the .csv name", dist.MediaType, dist.Versions[0].MediaType)
	}
}

func TestMetadataChangeKeepsTheFile(t *testing.T) {
	data := MustFixture(t, "neckarsulm.csv")
	srv := MustFileServer(t)
	srv.Set(exportPath, data, "text/csv")
	e := MustEnv(t)
	src := configSource(srv.URL + exportPath)
	MustRun(t, e, src, t0)

	src.Options["description"] = "Stellplätze der Stadt Neckarsulm, jede Nacht neu exportiert."
	run := MustRun(t, e, src, t0.Add(time.Hour))
	if counts(run) != (municat.RunCounts{Updated: 1}) {
		t.Errorf("counts %+v, want 1 updated", run.Counts)
	}
	d := MustDataset(t, e.cat, "stadt-export.neckarsulm")
	dist := d.Distributions[0]
	if d.Description.String() != src.Options["description"] {
		t.Errorf("description %q", d.Description.String())
	}
	if len(dist.Versions) != 1 || !dist.Modified.Equal(t0) || !d.Modified.Equal(t0) {
		t.Errorf("%d versions, file modified %s, modified %s; want 1 version, both %s", len(dist.Versions), dist.Modified, d.Modified, t0)
	}
}

func TestConfigDownloadFailureFailsTheRun(t *testing.T) {
	data := MustFixture(t, "neckarsulm.csv")
	srv := MustFileServer(t)
	srv.Set(exportPath, data, "text/csv")
	e := MustEnv(t)
	src := configSource(srv.URL + exportPath)
	MustRun(t, e, src, t0)

	srv.SetFile(exportPath, served{status: http.StatusNotFound})
	run := MustRun(t, e, src, t0.Add(time.Hour))
	if run.Status != municat.RunFailed || !strings.Contains(run.Error, "HTTP 404") || !strings.Contains(run.Error, "nichts zurückgezogen") {
		t.Errorf("run %s %q, want failed naming HTTP 404, nothing withdrawn", run.Status, run.Error)
	}
	if d := MustDataset(t, e.cat, "stadt-export.neckarsulm"); !d.IsPublished() || len(d.Distributions[0].Versions) != 1 {
		t.Errorf("dataset %s with %d versions, want it published with its version", d.State, len(d.Distributions[0].Versions))
	}
}

func TestConfigSizeCap(t *testing.T) {
	srv := MustFileServer(t)
	srv.Set(exportPath, MustFixture(t, "neckarsulm.csv"), "text/csv")
	e := MustEnv(t)
	e.fetch.MaxBytes = 16 << 10
	run := MustRun(t, e, configSource(srv.URL+exportPath), t0)
	if run.Status != municat.RunFailed || !strings.Contains(run.Error, "größer als die erlaubten 16 KiB") {
		t.Errorf("run %s %q, want failed: the 20 KiB file is over the 16 KiB cap", run.Status, run.Error)
	}
	if _, err := e.cat.Dataset(t.Context(), "stadt-export.neckarsulm"); !errors.Is(err, municat.ErrNotFound) {
		t.Errorf("dataset: %v, want none", err)
	}
}

func TestConfigRecordProblems(t *testing.T) {
	srv := MustFileServer(t)
	srv.Set("/daten/Bäume 2024.geojson", MustFixture(t, "jena.geojson"), "application/geo+json")
	e := MustEnv(t)
	src := &municat.Source{ID: "baeume", Type: municat.SourceFile, URL: srv.URL + "/daten/B%C3%A4ume%202024.geojson", Organization: "stadt",
		Options: map[string]string{"themes": "Bäume"}}
	run := MustRun(t, e, src, t0)
	if counts(run) != (municat.RunCounts{Failed: 1}) || len(run.RecordErrors) != 1 {
		t.Fatalf("counts %+v, errors %+v; want 1 failed", run.Counts, run.RecordErrors)
	}
	re := run.RecordErrors[0]
	if re.RemoteID != "baeume-2024" || !strings.Contains(re.Message, "Der Titel (title) fehlt") || !strings.Contains(re.Message, `Die Kategorie "Bäume" (theme) ist unbekannt`) {
		t.Errorf("record error %+v, want both problems under the id from the file name", re)
	}
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("%d requests, want none for a record that cannot be mapped", len(reqs))
	}

	src.Options = map[string]string{"title": "Bäume", "format": "GeoJSON"}
	run = MustRun(t, e, src, t0.Add(time.Hour))
	if counts(run) != (municat.RunCounts{Added: 1}) {
		t.Fatalf("counts %+v %+v, want 1 added", run.Counts, run.RecordErrors)
	}
	d := MustDataset(t, e.cat, "baeume.baeume-2024")
	if dist := d.Distributions[0]; dist.Format != "GEOJSON" || dist.MediaType != "application/geo+json" || dist.Title.String() != "Bäume 2024.geojson" {
		t.Errorf("format %q, media type %q, title %q", dist.Format, dist.MediaType, dist.Title.String())
	}

	src.URL = srv.URL + "/"
	src.Options = map[string]string{"title": "Ohne Dateinamen"}
	run = MustRun(t, e, src, t0.Add(2*time.Hour))
	if run.Status != municat.RunFailed || !strings.Contains(run.Error, "Kennung (id)") {
		t.Errorf("run %s %q, want failed asking for the id option", run.Status, run.Error)
	}
}
