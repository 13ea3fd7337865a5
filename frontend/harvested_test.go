package frontend_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

// TestDatasetPageEarlierVersions: a file source's earlier versions are
// listed under the distribution with their dates and download links; the
// current one is the main download.
func TestDatasetPageEarlierVersions(t *testing.T) {
	cur := municat.FileVersion{ID: "bbbbbbbbbbbbbbbb", Key: "files/nacht.export/csv/bbbbbbbbbbbbbbbb/export.csv", ByteSize: 2048, Stored: time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)}
	old := municat.FileVersion{ID: "aaaaaaaaaaaaaaaa", Key: "files/nacht.export/csv/aaaaaaaaaaaaaaaa/export.csv", ByteSize: 1024, Stored: time.Date(2026, 3, 1, 3, 0, 0, 0, time.UTC)}
	d := &municat.Dataset{ID: "nacht.export", Title: municat.NewText("Nächtlicher Export"), State: municat.Published,
		Distributions: []municat.Distribution{{ID: "csv", Format: "CSV", AccessURL: "https://stadt.example/export.csv", FileKey: cur.Key, Versions: []municat.FileVersion{old, cur}}}}
	app, _ := MustApp(t, "", d)
	body := MustPage(t, app, "/dataset/nacht.export")
	for _, want := range []string{
		"<summary>Frühere Versionen der Datei</summary>",
		`<a href="/api/v1/datasets/nacht.export/distributions/csv/versions/aaaaaaaaaaaaaaaa/download">Stand vom <time datetime="2026-03-01">`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(body, "versions/bbbbbbbbbbbbbbbb") {
		t.Errorf("the current version is listed as an earlier one")
	}
}

// TestDuplicatePages: the page of a dataset found to be the duplicate of
// another source's sends browsers to the one listed, which names the
// other source.
func TestDuplicatePages(t *testing.T) {
	first := &municat.Dataset{ID: "stadt.haushalt", SourceID: "stadt", Identifier: "urn:stadt:haushalt", Title: municat.NewText("Haushalt"), State: municat.Published}
	dup := &municat.Dataset{ID: "land.haushalt", SourceID: "land", Identifier: "urn:stadt:haushalt", LandingPage: "https://land.example/haushalt",
		Title: municat.NewText("Haushalt (Land)"), State: municat.Published, DuplicateOf: first.ID}
	app, _, cat := MustAppCatalog(t, "", first, dup)
	ctx := context.Background()
	MustOK(t, cat.PutSource(ctx, &municat.Source{ID: "land", Name: "Landesportal", Type: municat.SourceCKAN, URL: "https://land.example", Organization: "land"}))
	for i, d := range []*municat.Dataset{first, dup} {
		cl := catalog.Claim{Dataset: d.ID, Source: d.SourceID, Since: time.Date(2026, 1, 1+i, 0, 0, 0, 0, time.UTC)}
		_, err := cat.UpdateClaims(ctx, catalog.ClaimRefs(d)[0], func(s *catalog.ClaimSet) bool { return s.Add(cl) })
		MustOK(t, err)
	}
	resp, _ := MustGet(t, app, "/dataset/land.haushalt")
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/dataset/stadt.haushalt" {
		t.Errorf("duplicate page: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	body := MustPage(t, app, "/dataset/stadt.haushalt")
	if !strings.Contains(body, "Auch veröffentlicht über") || !strings.Contains(body, `href="https://land.example/haushalt" rel="noopener noreferrer">Landesportal</a>`) {
		t.Errorf("listed page does not name the other source:\n%s", body)
	}
}
