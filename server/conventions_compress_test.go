package server_test

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

// decode returns body decoded by its Content-Encoding, with the standard
// gzip reader and the brotli reference port.
func decode(tb testing.TB, resp *http.Response, body []byte) []byte {
	tb.Helper()
	var r io.Reader
	switch enc := resp.Header.Get("Content-Encoding"); enc {
	case "":
		return body
	case "br":
		r = brotli.NewReader(bytes.NewReader(body))
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		MustOK(tb, err)
		r = zr
	default:
		tb.Fatalf("Content-Encoding %q", enc)
	}
	out, err := io.ReadAll(r)
	MustOK(tb, err)
	return out
}

func TestCompression(t *testing.T) {
	e := MustEnv(t, nil)
	for _, target := range []string{
		"/api/v1/datasets?per_page=100",
		"/api/v1/datasets/" + baumID,
		"/dataset/" + baumID + ".rdf",
		"/api/v1/datasets/gibt-es-nicht?" + strings.Repeat("x=1&", 300), // a problem over 1 KiB
	} {
		t.Run(target[:min(len(target), 40)], func(t *testing.T) {
			plain, identity := MustDo(t, e.app, http.MethodGet, target)
			if len(identity) < 1024 || plain.Header.Get("Content-Encoding") != "" {
				t.Fatalf("identity answer: %d bytes, Content-Encoding %q", len(identity), plain.Header.Get("Content-Encoding"))
			}
			for _, tc := range []struct{ accept, want string }{
				{"gzip, deflate, br, zstd", "gzip"},
				{"br, gzip;q=0.8", "br"},
				{"gzip", "gzip"},
				{"br;q=0.5, gzip", "gzip"},
				{"gzip;q=0.5, *", "br"},
				{"identity", ""},
				{"br;q=0, gzip;q=0", ""},
			} {
				resp, body := MustDo(t, e.app, http.MethodGet, target, "Accept-Encoding", tc.accept)
				if got := resp.Header.Get("Content-Encoding"); got != tc.want {
					t.Fatalf("Accept-Encoding %q: Content-Encoding %q, want %q", tc.accept, got, tc.want)
				}
				if tc.want != "" && len(body) >= len(identity) {
					t.Errorf("%s: %d bytes, identity %d", tc.want, len(body), len(identity))
				}
				if !bytes.Equal(decode(t, resp, body), identity) {
					t.Fatalf("Accept-Encoding %q: decoded body differs from the identity answer", tc.accept)
				}
				if !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
					t.Fatalf("Vary %q lacks Accept-Encoding", resp.Header.Get("Vary"))
				}
				if resp.Header.Get("ETag") != plain.Header.Get("ETag") || resp.Header.Get("Content-Type") != plain.Header.Get("Content-Type") {
					t.Fatalf("ETag or Content-Type differs from the identity answer")
				}
			}
		})
	}
	// A small answer stays as it is but says that it could vary.
	resp, _ := MustDo(t, e.app, http.MethodGet, "/api/v1/organizations", "Accept-Encoding", "br")
	if resp.Header.Get("Content-Encoding") != "" || !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("small answer: Content-Encoding %q, Vary %q", resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"))
	}
}

func TestNoCompressionOfFilesAndStreams(t *testing.T) {
	e := MustEnv(t, nil)
	ctx := context.Background()
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	w, err := zw.Create("baeume.csv")
	MustOK(t, err)
	_, err = io.WriteString(w, strings.Repeat(csvBody, 500))
	MustOK(t, err)
	MustOK(t, zw.Close())
	const id = "stadt-ckan.archiv"
	_, err = e.catalog.PutFile(ctx, id, "zip", "baeume.zip", bytes.NewReader(zipped.Bytes()), int64(zipped.Len()), "application/zip")
	MustOK(t, err)
	MustOK(t, e.catalog.PutDataset(ctx, &municat.Dataset{
		ID: id, Title: municat.Text{"de": "Archiv"}, State: municat.Published, Organization: "stadt-musterstadt",
		Distributions: []municat.Distribution{{ID: "zip", Format: "ZIP", MediaType: "application/zip",
			FileKey: catalog.FileKey(id, "zip", "baeume.zip")}},
	}))
	target := "/api/v1/datasets/" + id + "/distributions/zip/download"
	resp, body := MustDo(t, e.app, http.MethodGet, target, "Accept-Encoding", "br, gzip")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "" {
		t.Fatalf("GET %s: %d with Content-Encoding %q", target, resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
	if !bytes.Equal(body, zipped.Bytes()) {
		t.Fatalf("the zip file came back changed")
	}
}

// TestCompressedCatalogue checks that the streamed catalogue pages are
// compressed as they are made and decode to the identity page.
func TestCompressedCatalogue(t *testing.T) {
	e := MustEnv(t, nil)
	for _, target := range []string{"/catalog.ttl", "/catalog.rdf?per_page=2", "/catalog.jsonld"} {
		plain, identity := MustDo(t, e.app, http.MethodGet, target)
		if plain.StatusCode != http.StatusOK || plain.Header.Get("Content-Encoding") != "" {
			t.Fatalf("GET %s: %d, Content-Encoding %q", target, plain.StatusCode, plain.Header.Get("Content-Encoding"))
		}
		for _, coding := range []string{"br", "gzip"} {
			resp, body := MustDo(t, e.app, http.MethodGet, target, "Accept-Encoding", coding)
			if resp.Header.Get("Content-Encoding") != coding || !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
				t.Fatalf("GET %s with %s: Content-Encoding %q, Vary %q", target, coding, resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"))
			}
			if !bytes.Equal(decode(t, resp, body), identity) || len(body) >= len(identity) {
				t.Fatalf("GET %s with %s: %d bytes that do not decode to the %d of the identity page", target, coding, len(body), len(identity))
			}
		}
	}
	resp, _ := MustDo(t, e.app, http.MethodHead, "/catalog.ttl", "Accept-Encoding", "gzip")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("HEAD: %d, Content-Encoding %q; want what GET would send", resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
}

// TestCompressedCatalogueBrokenOff checks that a compressed page that
// fails half-way is broken off like an identity one (TestCatalogBrokenOff):
// the compressed stream lacks its end, so no client takes it as complete.
func TestCompressedCatalogueBrokenOff(t *testing.T) {
	e := MustEnv(t, nil)
	MustOK(t, e.index.Index(context.Background(), &municat.Dataset{ID: "stadt-ckan.kaputt", Title: municat.Text{"de": "Kaputt"}, State: municat.Published}))
	base := MustServe(t, e.app)
	for _, coding := range []string{"br", "gzip"} {
		req, err := http.NewRequest(http.MethodGet, base+"/catalog.nt", nil)
		MustOK(t, err)
		req.Header.Set("Accept-Encoding", coding) // set by hand: the transport does not decode
		resp, err := http.DefaultClient.Do(req)
		MustOK(t, err)
		var r io.Reader = brotli.NewReader(resp.Body)
		if coding == "gzip" {
			zr, err := gzip.NewReader(resp.Body)
			MustOK(t, err)
			r = zr
		}
		body, err := io.ReadAll(r)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != coding || err == nil {
			t.Fatalf("%s: status %d, Content-Encoding %q, read error %v; want 200 and a broken-off body",
				coding, resp.StatusCode, resp.Header.Get("Content-Encoding"), err)
		}
		if !strings.Contains(string(body), testBaseURL+"/dataset/stadt-ckan.haushalt>") {
			t.Errorf("%s: the body lacks the datasets before the broken one:\n%s", coding, body)
		}
	}
}
