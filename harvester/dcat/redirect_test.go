package dcat_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/municat/municat/internal/dcattest"
)

// TestFetchRelativeLinksAfterRedirect: a catalogue URL that redirects to
// another path resolves the relative next links of its pages against
// where the page came from, not against the URL first asked for.
func TestFetchRelativeLinksAfterRedirect(t *testing.T) {
	srv := dcattest.New(t)
	ds := dcattest.Datasets("https://k.example", 5)
	servePaged(srv, ds, 2, dcattest.CKANDCAT, "text/turtle", len(ds),
		func(i int) string { return "/v2/seite" + string(rune('0'+i)) + ".ttl" },
		func(i int) string { return "seite" + string(rune('0'+i)) + ".ttl" }) // relative
	srv.HandleFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/katalog" {
			http.Redirect(w, r, "/v2/seite1.ttl", http.StatusMovedPermanently)
			return
		}
		http.NotFound(w, r)
	})
	got, err := fetch(t, quick(), srv.URL+"/katalog")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, d := range ds {
		want = append(want, d.IRI)
	}
	if !slices.Equal(got.IDs, want) || len(got.Pages) != 3 {
		t.Fatalf("fetched %v over %d pages, want %v over 3", got.IDs, len(got.Pages), want)
	}
	for _, path := range []string{"/v2/seite2.ttl", "/v2/seite3.ttl"} {
		if srv.Hits(path) != 1 {
			t.Errorf("%s fetched %d times, want once", path, srv.Hits(path))
		}
	}
}
