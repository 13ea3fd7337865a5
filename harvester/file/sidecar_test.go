package file_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"golang.org/x/text/encoding/charmap"
)

// sidecarSource returns a source of the sidecar form whose metadata CSV is
// /meta/metadaten.csv on srv, named relative to the source's URL.
func sidecarSource(srv *fileServer) *municat.Source {
	return &municat.Source{
		ID: "export-meta", Type: municat.SourceFile, URL: srv.URL + "/meta/", Organization: "stadt",
		Options: map[string]string{"metadata": "metadaten.csv"},
	}
}

// sidecarHeader is a German header row, with a UTF-8 byte-order mark as
// Excel writes it.
const sidecarHeader = "\ufeffKennung;Titel;Beschreibung;Datei;Schlagwörter;Kategorie;Lizenz;Aktualisierung;Herausgeber;Kontakt-E-Mail\r\n"

// sidecarRows are three good rows and, in row 5, one without a title. The
// Jena file is relative to the CSV, the Freiburg one absolute ({srv} is
// replaced) and without an id.
const sidecarRows = "parken-neckarsulm;Parkplätze Neckarsulm;Stellplätze und Parkhäuser;neckarsulm.csv;Parken;Verkehr;dl-by-de/2.0;täglich;Stadt Neckarsulm;verkehr@neckarsulm.de\r\n" +
	"parken-jena;Parkplätze Jena;\"Parkplätze der Stadt Jena; als GeoJSON\";geo/jena.geojson;\"Parken; Geodaten\";TRAN;cc-by/4.0;monatlich;Stadt Jena;\r\n" +
	";Behindertenparkplätze Freiburg;;{srv}/freiburg/freiburg_disabled_static.geojson;Barrierefreiheit,Parken;SOCI;;;Stadt Freiburg;\r\n" +
	"kaputt;;Titel fehlt;kaputt.csv;;;;;;\r\n"

// MustSidecarServer serves the three data files of sidecarRows and the
// metadata CSV header+rows.
func MustSidecarServer(t *testing.T, rows string) *fileServer {
	t.Helper()
	srv := MustFileServer(t)
	srv.Set("/meta/neckarsulm.csv", MustFixture(t, "neckarsulm.csv"), "text/csv")
	srv.Set("/meta/geo/jena.geojson", MustFixture(t, "jena.geojson"), "application/geo+json")
	srv.Set("/freiburg/freiburg_disabled_static.geojson", MustFixture(t, "freiburg_disabled_static.geojson"), "application/json")
	srv.Set("/meta/metadaten.csv", []byte(strings.ReplaceAll(sidecarHeader+rows, "{srv}", srv.URL)), "text/csv; charset=utf-8")
	return srv
}

func TestSidecarRowsAndABadRow(t *testing.T) {
	srv := MustSidecarServer(t, sidecarRows)
	e := MustEnv(t)
	src := sidecarSource(srv)

	run := MustRun(t, e, src, t0)
	if run.Status != municat.RunSucceeded || counts(run) != (municat.RunCounts{Added: 3, Failed: 1}) || run.Pages != 1 {
		t.Fatalf("run 1: %s %q, counts %+v, %d pages; want succeeded, 3 added, 1 failed, 1 page", run.Status, run.Error, run.Counts, run.Pages)
	}
	if len(run.RecordErrors) != 1 || run.RecordErrors[0].RemoteID != "kaputt" || !strings.Contains(run.RecordErrors[0].Message, "Zeile 5 der Metadaten-Datei: Der Titel (title) fehlt.") {
		t.Errorf("record errors %+v, want row 5 without a title", run.RecordErrors)
	}
	csvBody := strings.ReplaceAll(sidecarHeader+sidecarRows, "{srv}", srv.URL)
	MustStored(t, e.store, catalog.RawKey(src.ID, run.ID, 1, "csv"), []byte(csvBody))

	ns := MustDataset(t, e.cat, "export-meta.parken-neckarsulm")
	if ns.Title.String() != "Parkplätze Neckarsulm" || strings.Join(ns.Themes, "|") != "TRAN" || ns.Frequency != "DAILY" ||
		ns.ContactPoint == nil || ns.ContactPoint.Email != "verkehr@neckarsulm.de" || ns.PublisherName() != "Stadt Neckarsulm" {
		t.Errorf("neckarsulm: title %q, themes %q, frequency %q, contact %+v, publisher %q", ns.Title.String(), ns.Themes, ns.Frequency, ns.ContactPoint, ns.PublisherName())
	}
	if dist := ns.Distributions[0]; dist.AccessURL != srv.URL+"/meta/neckarsulm.csv" || dist.ByteSize != 20653 || dist.Checksum.Value != neckarsulmSum {
		t.Errorf("neckarsulm file: %s, %d bytes, sha256 %s", dist.AccessURL, dist.ByteSize, dist.Checksum.Value)
	}
	jena := MustDataset(t, e.cat, "export-meta.parken-jena")
	if jena.Description.String() != "Parkplätze der Stadt Jena; als GeoJSON" || strings.Join(jena.Keywords, "|") != "Parken|Geodaten" ||
		jena.License != "cc-by/4.0" || jena.Frequency != "MONTHLY" || jena.ContactPoint != nil {
		t.Errorf("jena: description %q, keywords %q, license %q, frequency %q, contact %+v", jena.Description.String(), jena.Keywords, jena.License, jena.Frequency, jena.ContactPoint)
	}
	jd := jena.Distributions[0]
	if jd.AccessURL != srv.URL+"/meta/geo/jena.geojson" || jd.Format != "GEOJSON" || jd.MediaType != "application/geo+json" || jd.ByteSize != 33170 {
		t.Errorf("jena file: %s, %s, %s, %d bytes", jd.AccessURL, jd.Format, jd.MediaType, jd.ByteSize)
	}
	MustStored(t, e.store, jd.FileKey, MustFixture(t, "jena.geojson"))
	fr := MustDataset(t, e.cat, "export-meta.freiburg_disabled_static")
	if strings.Join(fr.Keywords, "|") != "Barrierefreiheit|Parken" || strings.Join(fr.Themes, "|") != "SOCI" || fr.License != "" {
		t.Errorf("freiburg: keywords %q, themes %q, license %q", fr.Keywords, fr.Themes, fr.License)
	}
	if fd := fr.Distributions[0]; fd.AccessURL != srv.URL+"/freiburg/freiburg_disabled_static.geojson" || fd.Format != "GEOJSON" || fd.ByteSize != 142444 {
		t.Errorf("freiburg file: %s, %s, %d bytes", fd.AccessURL, fd.Format, fd.ByteSize)
	}

	// Run 2: the Jena file is gone for a night, and a row repeats an id.
	srv.SetFile("/meta/geo/jena.geojson", served{status: http.StatusNotFound})
	rows := sidecarRows + "parken-neckarsulm;Noch einmal Neckarsulm;;neckarsulm.csv;;;;;;\r\n"
	srv.Set("/meta/metadaten.csv", []byte(strings.ReplaceAll(sidecarHeader+rows, "{srv}", srv.URL)), "text/csv")
	srv.Requests()
	run = MustRun(t, e, src, t0.Add(24*time.Hour))
	if run.Status != municat.RunSucceeded || counts(run) != (municat.RunCounts{Unchanged: 2, Failed: 3}) {
		t.Fatalf("run 2: %s %q, counts %+v; want succeeded, 2 unchanged, 3 failed", run.Status, run.Error, run.Counts)
	}
	msgs := map[string]string{}
	for _, re := range run.RecordErrors {
		msgs[re.RemoteID] += re.Message
	}
	if m := msgs["parken-jena"]; !strings.Contains(m, "Zeile 3 der Metadaten-Datei") || !strings.Contains(m, "HTTP 404") || !strings.Contains(m, "bleibt bestehen") {
		t.Errorf("jena error %q, want row 3, HTTP 404, previous version kept", m)
	}
	if m := msgs[""]; !strings.Contains(m, "Zeile 6 der Metadaten-Datei") || !strings.Contains(m, `"parken-neckarsulm" steht schon in Zeile 2`) {
		t.Errorf("duplicate error %q, want row 6 naming row 2", m)
	}
	if jena := MustDataset(t, e.cat, "export-meta.parken-jena"); !jena.IsPublished() || len(jena.Distributions[0].Versions) != 1 {
		t.Errorf("jena %s with %d versions, want still published", jena.State, len(jena.Distributions[0].Versions))
	}
	for _, r := range srv.Requests() {
		if r.path != "/meta/metadaten.csv" && r.path != "/meta/geo/jena.geojson" && r.status != http.StatusNotModified {
			t.Errorf("run 2 request %+v, want 304 for the unchanged files", r)
		}
	}

	// Run 3: a row with a missing separator names no dataset; the run is
	// incomplete and withdraws neither Jena nor Freiburg, left out.
	rows = "parken-neckarsulm;Parkplätze Neckarsulm;Stellplätze und Parkhäuser;neckarsulm.csv;Parken;Verkehr;dl-by-de/2.0;täglich;Stadt Neckarsulm;verkehr@neckarsulm.de\r\n" +
		"\r\n" +
		"parken-ulm;Parkplätze Ulm;ulm.csv;;;;;;\r\n"
	srv.Set("/meta/metadaten.csv", []byte(sidecarHeader+rows), "text/csv")
	run = MustRun(t, e, src, t0.Add(48*time.Hour))
	if run.Status != municat.RunFailed || counts(run) != (municat.RunCounts{Unchanged: 1, Failed: 1}) {
		t.Fatalf("run 3: %s %q, counts %+v; want failed, 1 unchanged, 1 failed", run.Status, run.Error, run.Counts)
	}
	if !strings.Contains(run.Error, "Zeile 4 der Metadaten-Datei") || !strings.Contains(run.Error, "nichts zurückgezogen") {
		t.Errorf("run 3 error %q, want row 4 named and nothing withdrawn", run.Error)
	}
	if len(run.RecordErrors) != 1 || !strings.Contains(run.RecordErrors[0].Message, "Zeile 4 der Metadaten-Datei hat 9 Spalten, die Kopfzeile aber 10") {
		t.Errorf("record errors %+v, want row 4 with 9 cells", run.RecordErrors)
	}
	for _, id := range []string{"export-meta.parken-jena", "export-meta.freiburg_disabled_static"} {
		if d := MustDataset(t, e.cat, id); !d.IsPublished() {
			t.Errorf("%s is %s after an incomplete run, want published", id, d.State)
		}
	}
}

func TestSidecarWindows1252(t *testing.T) {
	data := MustFixture(t, "bietigheim-bissingen.csv")
	meta := "id,titel,datei,beschreibung,Landing Page\r\n" +
		"parken-bietigheim,Parkhäuser in Bietigheim-Bissingen,/daten/bietigheim-bissingen.csv,\"Belegung der Parkplätze – alle fünf Minuten, Größe: klein\",https://www.bietigheim-bissingen.de/parken\r\n"
	enc, err := charmap.Windows1252.NewEncoder().String(meta)
	if err != nil {
		t.Fatal(err)
	}
	srv := MustFileServer(t)
	srv.Set("/daten/bietigheim-bissingen.csv", data, "text/csv; charset=windows-1252")
	srv.Set("/meta/metadaten.csv", []byte(enc), "text/csv")
	e := MustEnv(t)
	src := sidecarSource(srv)
	src.URL = "https://stadt.example/ignored/"
	src.Options["metadata"] = srv.URL + "/meta/metadaten.csv"

	run := MustRun(t, e, src, t0)
	if counts(run) != (municat.RunCounts{Added: 1}) {
		t.Fatalf("counts %+v %+v %q, want 1 added", run.Counts, run.RecordErrors, run.Error)
	}
	d := MustDataset(t, e.cat, "export-meta.parken-bietigheim")
	if d.Title.String() != "Parkhäuser in Bietigheim-Bissingen" || d.Description.String() != "Belegung der Parkplätze – alle fünf Minuten, Größe: klein" {
		t.Errorf("title %q, description %q; want the umlauts and the dash of Windows-1252", d.Title.String(), d.Description.String())
	}
	if d.LandingPage != "https://www.bietigheim-bissingen.de/parken" {
		t.Errorf("landing page %q", d.LandingPage)
	}
	dist := d.Distributions[0]
	if dist.AccessURL != srv.URL+"/daten/bietigheim-bissingen.csv" || dist.ByteSize != 884 || dist.Checksum.Value != "d126043e2ca536193d8fb8b3cf02e5e7f64ea0d9eb147d9b537665b8c5fb0131" {
		t.Errorf("file %s, %d bytes, sha256 %s", dist.AccessURL, dist.ByteSize, dist.Checksum.Value)
	}
	if dist.MediaType != "text/csv" || dist.Versions[0].MediaType != "text/csv; charset=windows-1252" {
		t.Errorf("media types %q and %q, want the charset kept on the version", dist.MediaType, dist.Versions[0].MediaType)
	}
	// The file is stored byte for byte, not re-encoded.
	MustStored(t, e.store, dist.FileKey, data)
	_, info, err := e.store.Get(context.Background(), dist.FileKey)
	if err != nil || info.ContentType != "text/csv; charset=windows-1252" {
		t.Errorf("stored content type %q (%v)", info.ContentType, err)
	}
}

func TestSidecarSizeCap(t *testing.T) {
	srv := MustFileServer(t)
	srv.Set("/meta/bietigheim.csv", MustFixture(t, "bietigheim-bissingen.csv"), "text/csv")
	srv.Set("/meta/neckarsulm.csv", MustFixture(t, "neckarsulm.csv"), "text/csv")
	srv.Set("/meta/metadaten.csv", []byte("title;url\nBietigheim;bietigheim.csv\nNeckarsulm;neckarsulm.csv\n"), "text/csv")
	e := MustEnv(t)
	e.fetch.MaxBytes = 16 << 10
	run := MustRun(t, e, sidecarSource(srv), t0)
	if run.Status != municat.RunSucceeded || counts(run) != (municat.RunCounts{Added: 1, Failed: 1}) {
		t.Fatalf("run %s %q, counts %+v; want succeeded, 1 added, 1 failed", run.Status, run.Error, run.Counts)
	}
	if re := run.RecordErrors[0]; re.RemoteID != "neckarsulm" || !strings.Contains(re.Message, "Zeile 3") || !strings.Contains(re.Message, "größer als die erlaubten 16 KiB") {
		t.Errorf("record error %+v, want row 3 over the 16 KiB cap", re)
	}
}

func TestSidecarUnusable(t *testing.T) {
	cases := []struct {
		name, body, want string
	}{
		{"no url column", "titel;beschreibung\nA;B\n", "fehlt die Spalte url (oder datei)"},
		{"a column twice", "title;Titel;url\nA;B;c.csv\n", `zwei Spalten für dasselbe Feld: "title" und "Titel"`},
		{"empty", "", "ist leer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := MustFileServer(t)
			srv.Set("/meta/metadaten.csv", []byte(c.body), "text/csv")
			run := MustRun(t, MustEnv(t), sidecarSource(srv), t0)
			if run.Status != municat.RunFailed || !strings.Contains(run.Error, c.want) || !strings.Contains(run.Error, "/meta/metadaten.csv") {
				t.Errorf("run %s %q, want failed with %q and the address", run.Status, run.Error, c.want)
			}
		})
	}
}
