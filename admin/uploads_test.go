package admin

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// fixtureCSV reads a real municipal CSV file from the test data.
func fixtureCSV(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "fixtures", "municipal-data", "neckarsulm.csv"))
	coreOK(t, err)
	return b
}

// newDraft stores a draft through the form and returns its path.
func newDraft(t *testing.T, e *contentEnv, u *coreUser) string {
	t.Helper()
	return location(t, e.post(u, "/admin/datasets", validDatasetForm()))
}

func TestUploadCSV(t *testing.T) {
	e := newContentEnv(t, contentOptions{})
	editor := e.editor()
	path := newDraft(t, e, editor)
	id := strings.TrimPrefix(path, "/admin/datasets/")
	body := fixtureCSV(t)
	sum := sha256.Sum256(body)

	r := e.upload(editor, path+"/upload", map[string]string{"title": "Ladesäulen als CSV", "upload_publication": "now"},
		&filePart{Name: "neckarsulm.csv", ContentType: "text/csv", Body: body})
	if loc := location(t, r); loc != path {
		t.Fatalf("upload redirects to %q", loc)
	}
	e.follow(editor, r).want(t, http.StatusOK, "Die Datei „neckarsulm.csv“ ist gespeichert", "Sie wird mit dem Datensatz veröffentlicht.")
	d, err := e.cat.Dataset(context.Background(), id)
	coreOK(t, err)
	if len(d.Distributions) != 2 {
		t.Fatalf("%d distributions, want 2", len(d.Distributions))
	}
	dist := d.Distributions[1]
	if dist.FileKey == "" || len(dist.Versions) != 1 || dist.Versions[0].SHA256 != hex.EncodeToString(sum[:]) ||
		dist.Versions[0].ByteSize != int64(len(body)) || dist.Title.String() != "Ladesäulen als CSV" {
		t.Fatalf("distribution %+v", dist)
	}
	// The form shows the file's row without an address field, with its
	// versions.
	page := e.get(editor, path)
	versions := path + "/distributions/" + dist.ID + "/versions"
	page.want(t, http.StatusOK, "Hochgeladene Datei im Portal, 1 Version", `href="`+versions+`"`,
		`action="`+path+`/upload?csrf=`+editor.CSRF+`" enctype="multipart/form-data"`,
		`<option value="`+dist.ID+`">als neue Version von „Ladesäulen als CSV“</option>`)
	if strings.Contains(page.Body, `name="dist-1-access_url"`) {
		t.Error("the uploaded file's address is editable")
	}

	// A second version, planned for tomorrow. The CSRF token only in the
	// body is refused (looking for it would mean reading the whole upload
	// first); the form carries it in its action URL.
	changed := append(append([]byte{}, body...), []byte("\n")...)
	fields := map[string]string{"distribution": dist.ID, "upload_publication": "schedule", "upload_date": "2026-12-02", "upload_time": "08:30"}
	if r := e.uploadBody(editor, path+"/upload", fields, &filePart{Name: "neckarsulm.csv", ContentType: "text/csv", Body: changed}); r.StatusCode != http.StatusForbidden {
		t.Errorf("upload with the CSRF token only in the body: status %d, want 403", r.StatusCode)
	}
	r = e.upload(editor, path+"/upload", fields, &filePart{Name: "neckarsulm.csv", ContentType: "text/csv", Body: changed})
	e.follow(editor, r).want(t, http.StatusOK, "02.12.2026 um 08:30 Uhr veröffentlicht")
	v := e.get(editor, versions)
	v.want(t, http.StatusOK, "2 Versionen", "geplant für 02.12.2026 08:30 Uhr", "aktuell", hex.EncodeToString(sum[:]))
	if v.h1() != "Versionen von „Ladesäulen als CSV“" {
		t.Errorf("versions h1 %q", v.h1())
	}
	checkPageHeaders(t, v)
	checkNoInline(t, "versions", v.Body)
	d, _ = e.cat.Dataset(context.Background(), id)
	if got := d.Distributions[1].Versions; len(got) != 2 || got[1].PublishAt == nil || !got[1].PublishAt.Equal(time.Date(2026, 12, 2, 7, 30, 0, 0, time.UTC)) {
		t.Errorf("versions %+v", got)
	}
	e.get(editor, path+"/distributions/gibt-es-nicht/versions").want(t, http.StatusNotFound)
	e.get(e.otherEditor(), versions).want(t, http.StatusForbidden)
}

func TestUploadProblems(t *testing.T) {
	e := newContentEnv(t, contentOptions{MaxUpload: 1 << 10})
	editor := e.editor()
	path := newDraft(t, e, editor)
	id := strings.TrimPrefix(path, "/admin/datasets/")

	// No file.
	r := e.upload(editor, path+"/upload", map[string]string{"upload_publication": "now"}, nil)
	r.want(t, http.StatusUnprocessableEntity, "Bitte wählen Sie eine Datei aus.", `aria-describedby="f-file-hint f-file-error"`)
	if links := errorLinks(r.Body); len(links) != 1 || links[0] != "f-file" {
		t.Errorf("error links %v", links)
	}
	// Over the limit: 413, the message at the file field, nothing stored.
	big := []byte(strings.Repeat("a;b;c\n", 400))
	r = e.upload(editor, path+"/upload", nil, &filePart{Name: "gross.csv", ContentType: "text/csv", Body: big})
	r.want(t, http.StatusRequestEntityTooLarge, "1 KB", `id="f-file-error"`)
	// Binary content named .csv.
	bin := []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00")
	r = e.upload(editor, path+"/upload", nil, &filePart{Name: "daten.csv", ContentType: "text/csv", Body: bin})
	r.want(t, http.StatusUnprocessableEntity, `id="f-file-error"`)
	// A planned upload without a time.
	r = e.upload(editor, path+"/upload", map[string]string{"upload_publication": "schedule"},
		&filePart{Name: "klein.csv", ContentType: "text/csv", Body: []byte("a;b\n1;2\n")})
	r.want(t, http.StatusUnprocessableEntity, `id="f-upload_date-error"`, `value="schedule" checked`)
	d, err := e.cat.Dataset(context.Background(), id)
	coreOK(t, err)
	if len(d.Distributions) != 1 {
		t.Errorf("%d distributions after refused uploads, want 1", len(d.Distributions))
	}
	n := 0
	coreOK(t, e.cat.Store.List(context.Background(), "files/", func(municat.ObjectInfo) error { n++; return nil }))
	if n != 0 {
		t.Errorf("%d files stored after refused uploads", n)
	}
	// Without the CSRF token the upload is refused before anything else.
	e.upload(editor, path+"/upload", map[string]string{"csrf": "falsch"}, &filePart{Name: "klein.csv", Body: []byte("a;b\n")}).
		want(t, http.StatusForbidden, "Das Formular ist abgelaufen.")
	// Another organisation's editor may not upload.
	e.upload(e.otherEditor(), path+"/upload", nil, &filePart{Name: "klein.csv", Body: []byte("a;b\n")}).want(t, http.StatusForbidden)
}
