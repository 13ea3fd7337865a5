package main

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/municat/municat/auth"
)

// adminUpload posts file as the upload form of the dataset of organisation
// A does, as account id, and returns the status and the answer.
func (f *authzFixture) adminUpload(id, name string, file []byte) (int, string) {
	f.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	must(f.t, mw.WriteField("title", "Große Datei"))
	must(f.t, mw.WriteField("upload_publication", "now"))
	fw, err := mw.CreateFormFile("file", name)
	must(f.t, err)
	_, _ = fw.Write(file)
	must(f.t, mw.Close())
	target := "/admin/datasets/datensatz-der-stadt-a/upload?csrf=" + url.QueryEscape(f.sessions[id][1])
	req := httptest.NewRequest(http.MethodPost, target, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: f.sessions[id][0]})
	resp, err := f.w.app.Test(req, -1)
	must(f.t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// bigCSV returns a CSV of at least n bytes.
func bigCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("nr;name;wert\n")
	for i := 0; b.Len() < n; i++ {
		b.WriteString("1234;Straßenbaum an der Birkenallee;17,5\n")
	}
	return b.Bytes()
}

// TestAdminUploadThroughTheWholeApp uploads through the administration's
// form on the wired application: a file larger than the 1 MiB body limit of
// the other routes is streamed and stored; one over the configured upload
// limit is refused with a German page and leaves the store as it was.
func TestAdminUploadThroughTheWholeApp(t *testing.T) {
	f := newAuthzFixture(t, "admin: {max_upload_mb: 4}")
	file := bigCSV(3 << 20)
	if status, body := f.adminUpload(editorA, "gross.csv", file); status != http.StatusSeeOther {
		t.Fatalf("3 MiB upload: status %d: %.400s", status, body)
	}
	d, err := f.a.catalog.Dataset(context.Background(), "datensatz-der-stadt-a")
	must(t, err)
	last := d.Distributions[len(d.Distributions)-1]
	if last.ByteSize != int64(len(file)) || last.Title.String() != "Große Datei" {
		t.Errorf("stored distribution: %d bytes, title %q; want %d bytes", last.ByteSize, last.Title.String(), len(file))
	}

	before := f.snapshot()
	status, body := f.adminUpload(editorA, "zu-gross.csv", bigCSV(5<<20))
	if status != http.StatusRequestEntityTooLarge || !strings.Contains(body, "4 MB") || !strings.Contains(body, "<html") {
		t.Errorf("5 MiB upload over the 4 MiB limit: status %d, want 413 with a German page naming 4 MB: %.600s", status, body)
	}
	if diff := f.changedSince(before); diff != "" {
		t.Errorf("the refused upload changed the store: %s", diff)
	}
}
