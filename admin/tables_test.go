package admin

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/tabular"
)

func TestDatasetPageShowsTableProgress(t *testing.T) {
	e := newContentEnv(t, contentOptions{Tables: true})
	editor := e.editor()
	path := newDraft(t, e, editor)
	id := strings.TrimPrefix(path, "/admin/datasets/")
	r := e.upload(editor, path+"/upload", map[string]string{"title": "Parkplätze", "upload_publication": "now"},
		&filePart{Name: "neckarsulm.csv", ContentType: "text/csv", Body: fixtureCSV(t)})
	location(t, r)
	// The upload queued the file.
	e.get(editor, path).want(t, http.StatusOK, `<p class="dist-table" role="status">Tabelle für die Zeilen-API: wartet auf die Aufbereitung.</p>`)
	d, err := e.cat.Dataset(context.Background(), id)
	coreOK(t, err)
	st, err := e.tables.Process(context.Background(), id, d.Distributions[1].ID)
	coreOK(t, err)
	if st.State != tabular.Ready {
		t.Fatalf("status %+v", st)
	}
	// neckarsulm.csv has 41 data rows.
	e.get(editor, path).want(t, http.StatusOK, `<p class="dist-table" role="status">Tabelle für die Zeilen-API bereit: 41 Zeilen.</p>`)
}

func TestTableStateTexts(t *testing.T) {
	for _, tc := range []struct {
		st   tabular.Status
		want string
	}{
		{tabular.Status{State: tabular.Processing, BytesDone: 45, BytesTotal: 100, Rows: 120000}, "Tabelle wird aufbereitet: 45 % (120.000 Zeilen gelesen)."},
		{tabular.Status{State: tabular.Ready, Rows: 1234567}, "Tabelle für die Zeilen-API bereit: 1.234.567 Zeilen."},
		{tabular.Status{State: tabular.Failed, Error: "Die Datei ist leer."}, "Die Datei konnte nicht als Tabelle aufbereitet werden: Die Datei ist leer."},
		{tabular.Status{}, ""},
	} {
		if got := tableState(tc.st); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.st, got, tc.want)
		}
	}
}

func TestHarvestedPageShowsTables(t *testing.T) {
	e := newContentEnv(t, contentOptions{Tables: true})
	e.putSource("stadt-ckan", "")
	ctx := context.Background()
	key, err := e.cat.PutFile(ctx, "stadt-ckan.parken", "csv", "parken.csv", bytes.NewReader(fixtureCSV(t)), -1, "text/csv")
	coreOK(t, err)
	d := &municat.Dataset{ID: "stadt-ckan.parken", Title: municat.NewText("Parken"), Organization: "musterstadt",
		SourceID: "stadt-ckan", RemoteID: "parken", State: municat.Published, Distributions: []municat.Distribution{
			{ID: "csv", Title: municat.NewText("Parkplätze als CSV"), AccessURL: "https://example.org/p.csv", Format: "CSV", FileKey: key},
			{ID: "wms", AccessURL: "https://example.org/wms", Format: "WMS_SRVC"},
		}}
	coreOK(t, e.cat.PutDataset(ctx, d))
	editor := e.editor()
	e.get(editor, "/admin/datasets/"+d.ID).want(t, http.StatusOK, "Tabellen für die Zeilen-API",
		`Parkplätze als CSV: <span class="dist-table" role="status">noch nicht aufbereitet`)
	e.tables.Enqueue(ctx, d.ID, "csv")
	e.get(editor, "/admin/datasets/"+d.ID).want(t, http.StatusOK, "wartet auf die Aufbereitung")
	st, err := e.tables.Process(ctx, d.ID, "csv")
	coreOK(t, err)
	if st.State != tabular.Ready {
		t.Fatalf("status %+v", st)
	}
	e.get(editor, "/admin/datasets/"+d.ID).want(t, http.StatusOK, "bereit: 41 Zeilen.")
}
