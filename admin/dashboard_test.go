package admin

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// TestDashboard checks the counts, the scheduled list, the problems and
// the attention list of an organisation.
func TestDashboard(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	ctx := context.Background()
	old := coreStart.AddDate(0, 0, -20)
	recent := coreStart.Add(-time.Hour)
	at := coreStart.Add(48 * time.Hour)
	for _, d := range []*municat.Dataset{
		{ID: "alter-entwurf", Title: municat.Text{"de": "Alter Entwurf"}, Organization: "musterstadt", State: municat.Draft, Modified: &old},
		{ID: "neuer-entwurf", Title: municat.Text{"de": "Neuer Entwurf"}, Organization: "musterstadt", State: municat.Draft, Modified: &recent},
		{ID: "geplant", Title: municat.Text{"de": "Haushalt 2027"}, Description: municat.Text{"de": "Plan"}, Organization: "musterstadt", State: municat.Scheduled, PublishAt: &at, License: "dl-by-de/2.0", Modified: &recent},
		{ID: "ohne-lizenz", Title: municat.Text{"de": "Ohne Lizenz"}, Organization: "musterstadt", State: municat.Published, Modified: &recent},
		{ID: "weg", Title: municat.Text{"de": "Weg"}, Organization: "musterstadt", State: municat.Withdrawn},
		{ID: "fremd", Title: municat.Text{"de": "Fremder Datensatz"}, Organization: "nachbarort", State: municat.Draft, Modified: &old},
	} {
		coreOK(t, e.cat.PutDataset(ctx, d))
	}
	coreOK(t, e.cat.PutSource(ctx, &municat.Source{ID: "stadt-ckan", Type: municat.SourceCKAN, URL: "https://ckan.musterstadt.de", Organization: "musterstadt", Name: "CKAN der Stadt"}))
	fin := coreStart.Add(-30 * time.Minute)
	coreOK(t, e.cat.PutRun(ctx, &municat.Run{ID: municat.NewRunID(coreStart.Add(-time.Hour)), SourceID: "stadt-ckan", Started: coreStart.Add(-time.Hour), Finished: &fin, Status: municat.RunFailed, Error: "Der Server antwortet nicht."}))

	emil := e.editor()
	r := e.get(emil, "/admin/")
	r.want(t, http.StatusOK,
		"Stadt Musterstadt", "(Redaktion)",
		`<span class="card-count">2</span> <span class="card-label">Entwürfe</span>`,
		`<span class="card-count">1</span> <span class="card-label">Geplant</span>`,
		`<span class="card-count">1</span> <span class="card-label">Veröffentlicht</span>`,
		`<span class="card-count">1</span> <span class="card-label">Zurückgezogen</span>`,
		"Haushalt 2027", "03.12.2026 10:00 Uhr",
		"Der Entwurf „Alter Entwurf“ wurde seit 20 Tagen nicht bearbeitet.",
		"„Ohne Lizenz“ ist veröffentlicht, hat aber keine Lizenz.",
		"Die letzte Ernte der Quelle „CKAN der Stadt“ am 01.12.2026 09:00 ist fehlgeschlagen: Der Server antwortet nicht.",
		`href="/admin/sources/stadt-ckan/runs/`, "fehlgeschlagen",
		`href="/admin/datasets/ohne-lizenz"`,
	)
	if strings.Contains(r.Body, "Neuer Entwurf“ wurde seit") || strings.Contains(r.Body, "Fremder Datensatz") {
		t.Fatal("the dashboard asks about a recent draft or shows another organisation's data")
	}
	// Errors come first in the attention list.
	if strings.Index(r.Body, "ist fehlgeschlagen") > strings.Index(r.Body, "nicht bearbeitet") {
		t.Fatal("a failed run is not listed first")
	}

	// An instance admin sees every organisation; ?org= narrows it.
	root := e.instanceAdmin()
	e.get(root, "/admin/").want(t, http.StatusOK, "Stadt Musterstadt", "Gemeinde Nachbarort", "Fremder Datensatz")
	if r := e.get(root, "/admin/?org=nachbarort"); strings.Contains(r.Body, "Haushalt 2027") {
		t.Fatal("?org= does not narrow the dashboard")
	}
	e.get(emil, "/admin/?org=nachbarort").want(t, http.StatusNotFound)

	// With more than five organisations, the instance admin chooses one.
	for _, id := range []string{"a-dorf", "b-dorf", "c-dorf", "d-dorf"} {
		coreOK(t, e.cat.PutOrganization(ctx, &municat.Organization{ID: id, Name: "Gemeinde " + id}))
	}
	chooser := e.get(root, "/admin/")
	chooser.want(t, http.StatusOK, "Sie verwalten 6 Organisationen.", `href="/admin/?org=a-dorf"`)
	if strings.Contains(chooser.Body, "Haushalt 2027") {
		t.Fatal("the chooser shows an organisation's data")
	}

	// A person without organisation gets a next step.
	loner := e.account("allein", false)
	e.get(loner, "/admin/").want(t, http.StatusOK, "Ihr Zugang gehört noch zu keiner Organisation.")
}

// BenchmarkDashboard measures the dashboard of an organisation with 1000
// datasets (every one checked with publish.Check) and one source.
func BenchmarkDashboard(b *testing.B) {
	e := newCoreEnv(b)
	ctx := context.Background()
	mod := coreStart.Add(-time.Hour)
	for i := range 1000 {
		d := &municat.Dataset{ID: fmt.Sprintf("datensatz-%04d", i), Title: municat.Text{"de": fmt.Sprintf("Datensatz %d", i)}, Description: municat.Text{"de": "Text"},
			Organization: "musterstadt", State: municat.Published, License: "dl-by-de/2.0", Modified: &mod,
			Distributions: []municat.Distribution{{ID: "csv", Format: "CSV", AccessURL: "https://example.org/d.csv"}}}
		coreOK(b, e.cat.PutDataset(ctx, d))
	}
	u := e.editor()
	b.ResetTimer()
	for b.Loop() {
		e.get(u, "/admin/").want(b, http.StatusOK, `<span class="card-count">1000</span>`)
	}
}
