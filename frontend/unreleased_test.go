package frontend_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// TestUnreleasedDatasetsDoNotExist checks that drafts and datasets scheduled
// for later answer 404 on their page and preview, like a dataset that was
// never written, and that a file version scheduled for later is not listed.
func TestUnreleasedDatasetsDoNotExist(t *testing.T) {
	later := time.Now().Add(time.Hour).Truncate(time.Minute)
	draft := &municat.Dataset{ID: "entwurf", Title: municat.Text{"de": "Geheimer Entwurf"}, State: municat.Draft,
		Distributions: []municat.Distribution{{ID: "csv", Format: "CSV", FileKey: "files/entwurf/csv/a.csv"}}}
	scheduled := &municat.Dataset{ID: "geplant", Title: municat.Text{"de": "Geplante Daten"}, State: municat.Scheduled, PublishAt: &later}
	stored := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	live := &municat.Dataset{ID: "live", Title: municat.Text{"de": "Öffentliche Daten"}, State: municat.Published,
		Distributions: []municat.Distribution{{ID: "csv", Format: "CSV", FileKey: "files/live/csv/v1/a.csv", Versions: []municat.FileVersion{
			{ID: "v0", Key: "files/live/csv/v0/a.csv", SHA256: "00", Stored: stored.Add(-time.Hour)},
			{ID: "v1", Key: "files/live/csv/v1/a.csv", SHA256: "11", Stored: stored},
			{ID: "v2", Key: "files/live/csv/v2/a.csv", SHA256: "22", Stored: stored.Add(time.Hour), PublishAt: &later},
		}}}}
	app, _ := MustApp(t, "", draft, scheduled, live)
	for _, target := range []string{"/dataset/entwurf", "/dataset/geplant", "/dataset/entwurf/preview/csv"} {
		resp, body := MustGet(t, app, target)
		if resp.StatusCode != http.StatusNotFound || strings.Contains(body, "Geheimer Entwurf") || strings.Contains(body, "Geplante Daten") {
			t.Errorf("GET %s: status %d, want 404 without the title", target, resp.StatusCode)
		}
	}
	body := MustPage(t, app, "/dataset/live")
	if !strings.Contains(body, "/versions/v0/download") {
		t.Errorf("live dataset page lacks the earlier version v0")
	}
	if strings.Contains(body, "/versions/v2/") {
		t.Errorf("live dataset page lists the version scheduled for later")
	}
}
