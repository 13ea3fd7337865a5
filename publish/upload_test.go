package publish_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/publish"
)

// csvUpload returns an upload of content as baeume.csv.
func csvUpload(dist, content string) publish.Upload {
	return publish.Upload{Distribution: dist, Name: "baeume.csv", Body: strings.NewReader(content), ContentType: "text/csv"}
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// published creates a published dataset of anna's.
func (e *env) published(t testing.TB, title string) *municat.Dataset {
	t.Helper()
	in := input(title)
	in.State = municat.Published
	return e.mustCreate(t, anna, in)
}

func TestUploadVersions(t *testing.T) {
	e := newEnv(t, 0, nil)
	ctx := context.Background()
	d := e.published(t, "Bäume")
	e.clock.Set(start.Add(time.Minute))
	const v1 = "Art;Pflanzjahr\nLinde;1990\n"
	got, v, err := e.svc.Upload(ctx, anna, d.ID, csvUpload("", v1))
	if err != nil {
		t.Fatal(err)
	}
	wantKey := "files/baeume/baeume-csv/" + sha(v1)[:16] + "/baeume.csv"
	if v.ID != sha(v1)[:16] || v.SHA256 != sha(v1) || v.ByteSize != int64(len(v1)) || v.Key != wantKey || v.MediaType != "text/csv" || !v.Stored.Equal(start.Add(time.Minute)) || v.PublishAt != nil {
		t.Fatalf("version %+v", v)
	}
	dist := got.Distributions[0]
	if dist.ID != "baeume-csv" || dist.Title.String() != "baeume.csv" || dist.FileKey != wantKey || dist.Format != "CSV" || dist.MediaType != "text/csv" ||
		dist.ByteSize != int64(len(v1)) || dist.Checksum.Value != sha(v1) || len(dist.Versions) != 1 || !got.Modified.Equal(v.Stored) {
		t.Fatalf("distribution %+v", dist)
	}
	if body := e.read(t, wantKey); body != v1 {
		t.Fatalf("stored %q", body)
	}
	if errs, _ := publish.Check(e.stored(t, d.ID), e.clock.Now()); len(errs) != 0 {
		t.Fatalf("record after upload invalid: %v", errs)
	}

	// A second file makes a second version; the same bytes again make none.
	const v2 = "Art;Pflanzjahr\nLinde;1990\nEiche;2001\n"
	_, second, err := e.svc.Upload(ctx, anna, d.ID, csvUpload(dist.ID, v2))
	if err != nil {
		t.Fatal(err)
	}
	keys := e.keys(t)
	nAudit := len(e.audit(t))
	got, same, err := e.svc.Upload(ctx, anna, d.ID, csvUpload(dist.ID, v2))
	if err != nil {
		t.Fatal(err)
	}
	if same.ID != second.ID || len(got.Distributions[0].Versions) != 2 || got.Distributions[0].FileKey != second.Key || !slices.Equal(keys, e.keys(t)) || len(e.audit(t)) != nAudit {
		t.Fatalf("same bytes made a version: %+v", got.Distributions[0].Versions)
	}
	// Back to the first bytes: a third entry with a counted id, same key.
	got, third, err := e.svc.Upload(ctx, anna, d.ID, csvUpload(dist.ID, v1))
	if err != nil {
		t.Fatal(err)
	}
	if third.ID != v.ID+"-2" || third.Key != v.Key || len(got.Distributions[0].Versions) != 3 || got.Distributions[0].FileKey != v.Key {
		t.Fatalf("third version %+v", third)
	}
	if e.read(t, v.Key) != v1 {
		t.Fatal("first version's file changed")
	}
	if len(e.tempLeft(t)) != 0 {
		t.Fatalf("temp files left: %v", e.tempLeft(t))
	}
}

func TestUploadTooLarge(t *testing.T) {
	e := newEnv(t, 1<<10, nil)
	ctx := context.Background()
	d := e.published(t, "Groß")
	_, v, err := e.svc.Upload(ctx, anna, d.ID, csvUpload("", "a\n"+strings.Repeat("x", 1<<10-2)))
	if err != nil {
		t.Fatalf("exactly the limit: %v", err)
	}
	before := e.keys(t)
	_, _, err = e.svc.Upload(ctx, anna, d.ID, csvUpload("", "a\n"+strings.Repeat("x", 1<<10-1)))
	wantCode(t, err, municat.ETOOLARGE)
	if msg := municat.ErrorMessage(err); !strings.HasPrefix(msg, "Die Datei ist größer als 1 KB") {
		t.Fatalf("message %q", msg)
	}
	_, _, err = e.svc.Upload(ctx, anna, d.ID, csvUpload("baeume-csv", strings.Repeat("y", 5<<10)))
	wantCode(t, err, municat.ETOOLARGE)
	if after := e.keys(t); !slices.Equal(before, after) {
		t.Fatalf("store changed:\n%v\n%v", before, after)
	}
	if left := e.tempLeft(t); len(left) != 0 {
		t.Fatalf("temp files left: %v", left)
	}
	if got := e.stored(t, d.ID); len(got.Distributions) != 1 || got.Distributions[0].FileKey != v.Key {
		t.Fatalf("record changed: %+v", got.Distributions)
	}
}

func TestUploadRefused(t *testing.T) {
	e := newEnv(t, 0, nil)
	ctx := context.Background()
	d := e.published(t, "Abgelehnt")
	cases := []struct {
		name, body, want string
	}{
		{"daten.csv", "a;b\n\x00\x01\x02\x03", "keine CSV-Datei"},
		{"daten.csv", "<!DOCTYPE html><html><script>alert(1)</script>", "Webseite"},
		{"seite.html", "Art;Jahr\n", "Webseite"},
		{"bild.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG"},
		{"karte.xml", "<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'><script>x</script></svg>", "HTML oder SVG"},
		{"tool.exe", "MZ\x90\x00\x03", "Programm"},
		{"daten.bin", "MZ\x90\x00\x03\x00\x00\x00", "Programm"},
		{"installer", "\x7fELF\x02\x01\x01", "Programm"},
		{"tabelle.xlsx", "Art;Jahr\nLinde;1990\n", "keine Excel (XLSX)-Datei"},
		{"daten.json", "Art;Jahr\n", "muss mit { oder [ beginnen"},
		{"bericht.pdf", "PK\x03\x04", "keine PDF-Datei"},
		{"flaechen.shp", "\x00\x00\x27\x0a", "Shapefile"},
		{"leer.csv", "", "leer"},
	}
	before := e.keys(t)
	for _, c := range cases {
		_, _, err := e.svc.Upload(ctx, anna, d.ID, publish.Upload{Name: c.name, Body: strings.NewReader(c.body)})
		wantCode(t, err, municat.EINVALID)
		if msg := municat.ErrorMessage(err); !strings.Contains(msg, c.want) {
			t.Errorf("%s: message %q lacks %q", c.name, msg, c.want)
		}
	}
	if after := e.keys(t); !slices.Equal(before, after) {
		t.Fatalf("store changed:\n%v\n%v", before, after)
	}
	if left := e.tempLeft(t); len(left) != 0 {
		t.Fatalf("temp files left: %v", left)
	}
}

func TestUploadAccepted(t *testing.T) {
	e := newEnv(t, 0, nil)
	ctx := context.Background()
	d := e.published(t, "Angenommen")
	cases := []struct {
		name, body, format, mediaType string
	}{
		{"MZ-Liste.csv", "MZ;Anzahl\n1;2\n", "CSV", "text/csv"},
		{"punkte.geojson", "\xef\xbb\xbf {\"type\":\"FeatureCollection\"}", "GEOJSON", "application/geo+json"},
		{"tabelle.xlsx", "PK\x03\x04\x14\x00rest", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"alt.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", "XLS", "application/vnd.ms-excel"},
		{"flaechen.shp.zip", "PK\x03\x04\x14\x00", "SHP", "application/zip"},
		{"bericht.pdf", "%PDF-1.7\n", "PDF", "application/pdf"},
		{"C:\\Users\\amt\\export.csv", "a;b\n", "CSV", "text/csv"},
		{"messwerte.dat", "1 2 3\n", "TXT", "text/plain"},
	}
	for _, c := range cases {
		got, v, err := e.svc.Upload(ctx, anna, d.ID, publish.Upload{Name: c.name, Body: bytes.NewReader([]byte(c.body))})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		dist := got.Distributions[len(got.Distributions)-1]
		if dist.Format != c.format || v.MediaType != c.mediaType || strings.Contains(v.Key, "\\") || strings.Contains(v.Key, "Users") {
			t.Errorf("%s: format %q media type %q key %q", c.name, dist.Format, v.MediaType, v.Key)
		}
	}
	if got := e.stored(t, d.ID); len(got.Distributions) != len(cases) {
		t.Fatalf("%d distributions", len(got.Distributions))
	}
}

func TestScheduledVersion(t *testing.T) {
	e := newEnv(t, 0, nil)
	ctx := context.Background()
	d := e.published(t, "Fahrplan")
	_, v1, err := e.svc.Upload(ctx, anna, d.ID, csvUpload("", "Linie;Takt\n1;10\n"))
	if err != nil {
		t.Fatal(err)
	}
	dist := "baeume-csv"
	due := time.Date(2026, 3, 10, 9, 5, 0, 0, time.UTC)
	u := csvUpload(dist, "Linie;Takt\n1;5\n")
	u.PublishAt = at(due.Add(45 * time.Second))
	got, v2, err := e.svc.Upload(ctx, anna, d.ID, u)
	if err != nil {
		t.Fatal(err)
	}
	if v2.PublishAt == nil || !v2.PublishAt.Equal(due) || got.Distributions[0].FileKey != v1.Key || !got.Modified.Equal(*d.Modified) {
		t.Fatalf("scheduled version %+v, file %s", v2, got.Distributions[0].FileKey)
	}
	if q := e.queue(t); !slices.Equal(q, []string{"publish/20260310T0905Z/fahrplan~" + dist + "~" + v2.ID + ".json"}) {
		t.Fatalf("queue %v", q)
	}
	// A version uploaded meanwhile is current at once, before the scheduled one.
	e.clock.Set(start.Add(time.Minute))
	got, v3, err := e.svc.Upload(ctx, anna, d.ID, csvUpload(dist, "Linie;Takt\n1;7\n"))
	if err != nil {
		t.Fatal(err)
	}
	ids := func(d *municat.Dataset) []string {
		var out []string
		for _, v := range d.Distributions[0].Versions {
			out = append(out, v.ID)
		}
		return out
	}
	if !slices.Equal(ids(got), []string{v1.ID, v3.ID, v2.ID}) || got.Distributions[0].FileKey != v3.Key {
		t.Fatalf("versions %v file %s", ids(got), got.Distributions[0].FileKey)
	}
	e.clock.Set(due.Add(-time.Millisecond))
	if n, err := e.svc.PublishDue(ctx); n != 0 || err != nil || e.stored(t, d.ID).Distributions[0].FileKey != v3.Key {
		t.Fatalf("released early: %d %v", n, err)
	}
	e.clock.Set(due.Add(time.Second))
	if n, err := e.svc.PublishDue(ctx); n != 1 || err != nil {
		t.Fatalf("release: %d %v", n, err)
	}
	got = e.stored(t, d.ID)
	f := got.Distributions[0]
	if f.FileKey != v2.Key || f.Checksum.Value != v2.SHA256 || f.ByteSize != v2.ByteSize || f.Versions[2].PublishAt != nil ||
		!slices.Equal(ids(got), []string{v1.ID, v3.ID, v2.ID}) || !f.Modified.Equal(due.Add(time.Second)) || !got.Modified.Equal(due.Add(time.Second)) || len(e.queue(t)) != 0 {
		t.Fatalf("released: %+v queue %v", f, e.queue(t))
	}
	if e.read(t, f.FileKey) != "Linie;Takt\n1;5\n" {
		t.Fatal("wrong file current")
	}
	// A new distribution cannot start with a scheduled file.
	u = csvUpload("", "x\n")
	u.PublishAt = at(due.Add(time.Hour))
	_, _, err = e.svc.Upload(ctx, anna, d.ID, u)
	wantCode(t, err, municat.EINVALID)
	_, _, err = e.svc.Upload(ctx, anna, d.ID, csvUpload("gibt-es-nicht", "x\n"))
	wantCode(t, err, municat.ENOTFOUND)
}

// failingStore fails every Put of a dataset record once armed.
type failingStore struct {
	municat.Store
	armed *atomic.Bool
}

func (s failingStore) Put(ctx context.Context, key string, r io.Reader, size int64, ct string) error {
	if s.armed.Load() && strings.HasPrefix(key, "datasets/") {
		return municat.Errorf(municat.EUNAVAILABLE, "Der Speicher ist voll.")
	}
	return s.Store.Put(ctx, key, r, size, ct)
}

func TestUploadRecordFailureRemovesFile(t *testing.T) {
	armed := &atomic.Bool{}
	e := newEnv(t, 0, func(s municat.Store) municat.Store { return failingStore{s, armed} })
	ctx := context.Background()
	d := e.published(t, "Speicher")
	_, v1, err := e.svc.Upload(ctx, anna, d.ID, csvUpload("", "a\n1\n"))
	if err != nil {
		t.Fatal(err)
	}
	armed.Store(true)
	before := e.keys(t)
	_, _, err = e.svc.Upload(ctx, anna, d.ID, csvUpload("", "a\n2\n"))
	wantCode(t, err, municat.EUNAVAILABLE)
	u := csvUpload("baeume-csv", "a\n3\n")
	u.PublishAt = at(start.Add(time.Hour))
	_, _, err = e.svc.Upload(ctx, anna, d.ID, u)
	wantCode(t, err, municat.EUNAVAILABLE)
	// The same bytes as an older version: their file stays.
	_, _, err = e.svc.Upload(ctx, anna, d.ID, csvUpload("", "a\n1\n"))
	wantCode(t, err, municat.EUNAVAILABLE)
	if after := e.keys(t); !slices.Equal(before, after) {
		t.Fatalf("store changed:\n%v\n%v", before, after)
	}
	if e.read(t, v1.Key) != "a\n1\n" {
		t.Fatal("older version's file gone")
	}
	if left := e.tempLeft(t); len(left) != 0 {
		t.Fatalf("temp files left: %v", left)
	}
}
