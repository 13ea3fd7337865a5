package server_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat/server"
)

// fixtureFile reads a file of testdata/fixtures/municipal-data.
func fixtureFile(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "fixtures", "municipal-data", name))
	MustOK(tb, err)
	return b
}

// uploadBody returns a multipart form with the file and the text fields
// (name, value pairs) after it, as curl -F sends them.
func uploadBody(tb testing.TB, name string, content []byte, fields ...string) (contentType string, body *bytes.Buffer) {
	tb.Helper()
	body = &bytes.Buffer{}
	w := multipart.NewWriter(body)
	fw, err := w.CreateFormFile("file", name)
	MustOK(tb, err)
	_, err = fw.Write(content)
	MustOK(tb, err)
	for i := 0; i+1 < len(fields); i += 2 {
		MustOK(tb, w.WriteField(fields[i], fields[i+1]))
	}
	MustOK(tb, w.Close())
	return w.FormDataContentType(), body
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// TestUpload: a real CSV uploaded as a new distribution is stored with its
// SHA-256 as a version and downloadable byte for byte; a second file is a
// new version of it; the same bytes again make no new version.
func TestUpload(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	csv := fixtureFile(t, "neckarsulm.csv")
	ct, body := uploadBody(t, "neckarsulm.csv", csv, "title", "Parkplätze Neckarsulm")
	var up server.UploadResponse
	resp := e.MustStatus(t, request{method: http.MethodPost, target: "/api/v1/datasets/" + publishedID + "/distributions", token: "a-editor", contentType: ct, body: body}, http.StatusCreated, &up)
	if up.Version.SHA256 != sha256Hex(csv) || up.Version.ID != sha256Hex(csv)[:16] || up.Version.ByteSize != int64(len(csv)) || !up.Version.Current {
		t.Fatalf("version %+v", up.Version)
	}
	if up.Distribution == "" || up.Distribution == "csv" || len(up.Dataset.Distributions) != 2 {
		t.Fatalf("distribution %q of %+v", up.Distribution, up.Dataset.Distributions)
	}
	if resp.Header.Get("Location") != up.Version.DownloadURL {
		t.Errorf("Location %q, want %q", resp.Header.Get("Location"), up.Version.DownloadURL)
	}
	base := "/api/v1/datasets/" + publishedID + "/distributions/" + up.Distribution

	var list server.ListResponse[server.FileVersion]
	MustGetJSON(t, e.app, base+"/versions", http.StatusOK, &list)
	if list.Total != 1 || list.Items[0].SHA256 != sha256Hex(csv) {
		t.Fatalf("versions %+v", list)
	}
	for _, target := range []string{base + "/download", strings.TrimPrefix(up.Version.DownloadURL, testBaseURL)} {
		resp, got := MustDo(t, e.app, http.MethodGet, target)
		if resp.StatusCode != http.StatusOK || !bytes.Equal(got, csv) {
			t.Errorf("GET %s: %d, %d bytes, want the %d uploaded", target, resp.StatusCode, len(got), len(csv))
		}
	}

	// A new version of the distribution.
	second := fixtureFile(t, "bietigheim-bissingen.csv")
	ct, body = uploadBody(t, "bietigheim-bissingen.csv", second)
	e.MustStatus(t, request{method: http.MethodPost, target: base + "/versions", token: "a-editor", contentType: ct, body: body}, http.StatusCreated, &up)
	MustGetJSON(t, e.app, base+"/versions", http.StatusOK, &list)
	if list.Total != 2 || list.Items[0].SHA256 != sha256Hex(second) || !list.Items[0].Current || list.Items[1].Current {
		t.Fatalf("versions after the second upload %+v", list)
	}
	if _, got := MustDo(t, e.app, http.MethodGet, base+"/download"); !bytes.Equal(got, second) {
		t.Errorf("download serves %d bytes, not the new version", len(got))
	}
	// The same bytes again: 200, no new version.
	ct, body = uploadBody(t, "bietigheim-bissingen.csv", second)
	e.MustStatus(t, request{method: http.MethodPost, target: base + "/versions", token: "a-editor", contentType: ct, body: body}, http.StatusOK, &up)
	MustGetJSON(t, e.app, base+"/versions", http.StatusOK, &list)
	if list.Total != 2 {
		t.Errorf("%d versions after the same file again", list.Total)
	}
	if entries, _ := os.ReadDir(e.tempDir); len(entries) != 0 {
		t.Errorf("%d files left in the temp dir", len(entries))
	}
}

// TestUploadScheduledVersion: a version scheduled for later is stored but
// exists only for the organisation until its minute.
func TestUploadScheduledVersion(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	later := time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)
	next := []byte("baum;art\n1;Linde\n2;Eiche\n3;Ahorn\n")
	ct, body := uploadBody(t, "baeume.csv", next, "publish_at", later)
	var up server.UploadResponse
	e.MustStatus(t, request{method: http.MethodPost, target: "/api/v1/datasets/" + publishedID + "/distributions/csv/versions", token: "a-editor", contentType: ct, body: body}, http.StatusCreated, &up)
	if up.Version.PublishAt == nil || up.Version.Current {
		t.Fatalf("version %+v", up.Version)
	}
	target := strings.TrimPrefix(up.Version.DownloadURL, testBaseURL)
	MustProblem(t, e.app, http.MethodGet, target, http.StatusNotFound)
	if resp, got := e.do(t, request{method: http.MethodGet, target: target, token: "a-editor"}); resp.StatusCode != http.StatusOK || !bytes.Equal(got, next) {
		t.Errorf("editor: %d %q", resp.StatusCode, got)
	}
	if _, got := MustDo(t, e.app, http.MethodGet, "/api/v1/datasets/"+publishedID+"/distributions/csv/download"); string(got) != fileCSV {
		t.Errorf("the public download changed before the minute: %q", got)
	}
}

// TestUploadErrors: a form without a file, with an unknown field or a bad
// time is refused, and nothing is stored.
func TestUploadErrors(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	before := e.storeKeys(t)
	target := "/api/v1/datasets/" + publishedID + "/distributions"
	noFile := &bytes.Buffer{}
	w := multipart.NewWriter(noFile)
	w.WriteField("title", "x")
	w.Close()
	p := e.MustProblem(t, request{method: http.MethodPost, target: target, token: "a-editor", contentType: w.FormDataContentType(), body: noFile}, http.StatusUnprocessableEntity)
	if fmt.Sprint(fieldNames(p)) != "[file]" {
		t.Errorf("no file: %+v", p)
	}
	ct, body := uploadBody(t, "a.csv", []byte("a;b\n"), "titel", "x")
	p = e.MustProblem(t, request{method: http.MethodPost, target: target, token: "a-editor", contentType: ct, body: body}, http.StatusBadRequest)
	if fmt.Sprint(fieldNames(p)) != "[titel]" {
		t.Errorf("unknown field: %+v", p)
	}
	ct, body = uploadBody(t, "a.csv", []byte("a;b\n"), "publish_at", "morgen früh")
	p = e.MustProblem(t, request{method: http.MethodPost, target: target, token: "a-editor", contentType: ct, body: body}, http.StatusUnprocessableEntity)
	if fmt.Sprint(fieldNames(p)) != "[publish_at]" {
		t.Errorf("bad time: %+v", p)
	}
	p = e.MustProblem(t, request{method: http.MethodPost, target: target, token: "a-editor", contentType: "application/json", body: strings.NewReader("{}")}, http.StatusBadRequest)
	if !strings.Contains(p.Detail, "multipart/form-data") {
		t.Errorf("json: %+v", p)
	}
	ct, body = uploadBody(t, "seite.csv", []byte("<html><script>alert(1)</script></html>"))
	e.MustProblem(t, request{method: http.MethodPost, target: target, token: "a-editor", contentType: ct, body: body}, http.StatusBadRequest)
	e.MustProblem(t, request{method: http.MethodPost, target: "/api/v1/datasets/" + publishedID + "/distributions/gibts-nicht/versions", token: "a-editor", contentType: ct, body: body}, http.StatusNotFound)
	if after := e.storeKeys(t); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("the store changed: %v", after)
	}
	if entries, _ := os.ReadDir(e.tempDir); len(entries) != 0 {
		t.Errorf("%d files left in the temp dir", len(entries))
	}
}

// TestUploadOverTheLimit: a file over publish's limit is refused with 413
// and a German message naming the limit, and the store holds what it held.
func TestUploadOverTheLimit(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{maxUpload: 4 << 10})
	before := e.storeKeys(t)
	csv := fixtureFile(t, "neckarsulm.csv") // 20 KB
	ct, body := uploadBody(t, "neckarsulm.csv", csv, "title", "zu groß")
	p := e.MustProblem(t, request{method: http.MethodPost, target: "/api/v1/datasets/" + publishedID + "/distributions", token: "a-editor", contentType: ct, body: body}, http.StatusRequestEntityTooLarge)
	if p.Detail != "Die Datei ist größer als die erlaubten 4 KB. Bitte teilen Sie die Daten auf mehrere Dateien auf oder packen Sie sie (z. B. als ZIP)." {
		t.Errorf("detail %q", p.Detail)
	}
	if after := e.storeKeys(t); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("the store changed:\nbefore %v\nafter  %v", before, after)
	}
	if entries, _ := os.ReadDir(e.tempDir); len(entries) != 0 {
		t.Errorf("%d files left in the temp dir", len(entries))
	}
}

// TestUploadStreamOverTheLimit: an upload of more than 1 MiB over a real
// connection is refused with 413 once the file passes the limit (chunked),
// or at once when its Content-Length says it will (only 64 KiB of it are
// sent); nothing is stored.
func TestUploadStreamOverTheLimit(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{maxUpload: 64 << 10})
	before := e.storeKeys(t)
	addr := strings.TrimPrefix(MustServe(t, e.app), "http://")
	head := "POST /api/v1/datasets/" + publishedID + "/distributions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + e.tokens["a-editor"] +
		"\r\nContent-Type: multipart/form-data; boundary=x\r\n"
	for _, tt := range []struct {
		name, head string
		sent       int
		chunked    bool
	}{
		{"chunked", head + "Transfer-Encoding: chunked\r\n\r\n", 2 << 20, true},
		{"content length", head + fmt.Sprintf("Content-Length: %d\r\n\r\n", 200<<20), 64 << 10, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := rawRequest(t, addr, tt.head, repeated(filePart("gross.csv"), "1;Linde;Hauptstraße\n", "\r\n--x--\r\n", tt.sent), tt.chunked)
			if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "Die Datei ist größer als die erlaubten 64 KB.") {
				t.Errorf("status %d: %s", resp.StatusCode, body)
			}
			if !resp.Close {
				t.Error("the connection stays open with the rest of the body unread")
			}
		})
	}
	if after := e.storeKeys(t); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("the store changed: %v", after)
	}
	if entries, _ := os.ReadDir(e.tempDir); len(entries) != 0 {
		t.Errorf("%d files left in the temp dir", len(entries))
	}
}

// filePart is the start of a multipart body (boundary "x") with a file
// part named name, up to the file's content.
func filePart(name string) string {
	return "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\nContent-Type: text/csv\r\n\r\n"
}

// TestUploadStreamsToDisk: an 8 MiB upload over a real connection, with
// and without Content-Length, is stored whole with the right SHA-256 while
// the process allocates a fraction of its size: the file goes from the
// connection to disk and into the store without being held in memory.
func TestUploadStreamsToDisk(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	addr := strings.TrimPrefix(MustServe(t, e.app), "http://")
	const size = 8 << 20
	line := "1;Linde;Hauptstraße 12;Musterstadt;2026-01-01\n"
	prefix, suffix := filePart("gross.csv"), "\r\n--x--\r\n"
	fileSize := (size - len(prefix) - len(suffix)) / len(line) * len(line)
	sum := sha256.New()
	io.Copy(sum, repeated("", line, "", fileSize))
	for _, chunked := range []bool{false, true} {
		length := fmt.Sprintf("Content-Length: %d\r\n", len(prefix)+fileSize+len(suffix))
		if chunked {
			length = "Transfer-Encoding: chunked\r\n"
		}
		start := allocated()
		resp, got := rawRequest(t, addr, "POST /api/v1/datasets/"+publishedID+"/distributions HTTP/1.1\r\nHost: x\r\n"+
			"Authorization: Bearer "+e.tokens["a-editor"]+"\r\nContent-Type: multipart/form-data; boundary=x\r\n"+length+"\r\n",
			repeated(prefix, line, suffix, len(prefix)+fileSize+len(suffix)), chunked)
		used := allocated() - start
		var up server.UploadResponse
		if resp.StatusCode != http.StatusCreated || json.Unmarshal(got, &up) != nil {
			t.Fatalf("chunked %v: status %d: %.500s", chunked, resp.StatusCode, got)
		}
		t.Logf("chunked %v: allocated %d KiB for a %d KiB upload", chunked, used>>10, size>>10)
		if up.Version.SHA256 != hex.EncodeToString(sum.Sum(nil)) || up.Version.ByteSize != int64(fileSize) {
			t.Errorf("version %+v, want %d bytes", up.Version, fileSize)
		}
		if used > size/4 {
			t.Errorf("allocated %d KiB for a %d KiB upload", used>>10, size>>10)
		}
	}
}
