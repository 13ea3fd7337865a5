package upload_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/upload"
)

// result is what the test handlers answer.
type result struct {
	Code    string              `json:"code,omitempty"`
	Message string              `json:"message,omitempty"`
	Fields  map[string][]string `json:"fields,omitempty"`
	File    *fileResult         `json:"file,omitempty"`
	Body    int                 `json:"body,omitempty"`
}

type fileResult struct {
	Field, Name, ContentType, SHA256 string
	Size                             int64
	Spool                            bool
}

// MustApp returns an app that streams request bodies, as the server does,
// with test routes over the package's functions.
func MustApp(tb testing.TB, o upload.Options) *fiber.App {
	tb.Helper()
	app := fiber.New(fiber.Config{StreamRequestBody: true, DisablePreParseMultipartForm: true, BodyLimit: 1 << 10, DisableStartupMessage: true})
	answer := func(c *fiber.Ctx, r result, err error) error {
		if err != nil {
			r.Code, r.Message = municat.ErrorCode(err), municat.ErrorMessage(err)
		}
		upload.Finish(c)
		return c.JSON(r)
	}
	app.Post("/read", func(c *fiber.Ctx) error {
		b, err := upload.Read(c, 1000)
		return answer(c, result{Body: len(b)}, err)
	})
	app.Post("/form", func(c *fiber.Ctx) error {
		v, err := upload.Form(c, 1000)
		return answer(c, result{Fields: v}, err)
	})
	app.Post("/ignore", func(c *fiber.Ctx) error { return answer(c, result{}, nil) })
	app.Post("/upload", func(c *fiber.Ctx) error {
		var r result
		err := upload.Multipart(c, o, func(v url.Values, f *upload.File) error {
			r.Fields = v
			if f == nil {
				return nil
			}
			h := sha256.New()
			if _, err := io.Copy(h, f.Body); err != nil {
				return err
			}
			r.File = &fileResult{Field: f.Field, Name: f.Name, ContentType: f.ContentType, Size: f.Size, SHA256: hex.EncodeToString(h.Sum(nil))}
			entries, err := os.ReadDir(o.TempDir)
			r.File.Spool = err == nil && len(entries) == 1
			return nil
		})
		return answer(c, r, err)
	})
	return app
}

// MustDo sends a request through app.Test and decodes the result.
func MustDo(tb testing.TB, app *fiber.App, target, contentType string, body io.Reader) result {
	tb.Helper()
	req := httptest.NewRequest(http.MethodPost, target, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := app.Test(req, -1)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var r result
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		tb.Fatal(err)
	}
	return r
}

// part is one part of a multipart test body.
type part struct {
	name, fileName, contentType, body string
	file                              bool
}

// multipartBody builds a multipart/form-data body.
func multipartBody(tb testing.TB, parts ...part) (string, *bytes.Buffer) {
	tb.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		cd := fmt.Sprintf(`form-data; name=%q`, p.name)
		if p.file {
			cd += fmt.Sprintf(`; filename=%q`, p.fileName)
			h.Set("Content-Type", p.contentType)
		}
		h.Set("Content-Disposition", cd)
		pw, err := w.CreatePart(h)
		if err != nil {
			tb.Fatal(err)
		}
		io.WriteString(pw, p.body)
	}
	w.Close()
	return w.FormDataContentType(), &buf
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestMultipart(t *testing.T) {
	csv := "baum;art\n1;Linde\n2;Eiche\n"
	tests := []struct {
		name      string
		parts     []part
		wantCode  string
		wantMsg   string
		wantFile  *fileResult
		wantField map[string][]string
	}{
		{"file first, fields after", []part{
			{name: "file", file: true, fileName: "bäume.csv", contentType: "text/csv", body: csv},
			{name: "title", body: "Bäume"}, {name: "publish_at", body: "2027-01-01T08:00:00+01:00"},
		}, "", "", &fileResult{Field: "file", Name: "bäume.csv", ContentType: "text/csv", Size: int64(len(csv)), SHA256: sha(csv), Spool: true},
			map[string][]string{"title": {"Bäume"}, "publish_at": {"2027-01-01T08:00:00+01:00"}}},
		{"windows path", []part{{name: "file", file: true, fileName: `C:\Daten\bäume.csv`, body: csv}},
			"", "", &fileResult{Field: "file", Name: "bäume.csv", Size: int64(len(csv)), SHA256: sha(csv), Spool: true}, nil},
		{"empty file input", []part{{name: "title", body: "x"}, {name: "file", file: true, contentType: "application/octet-stream"}},
			"", "", nil, map[string][]string{"title": {"x"}}},
		{"file at the limit", []part{{name: "file", file: true, fileName: "a.txt", body: strings.Repeat("a", 100)}},
			"", "", &fileResult{Field: "file", Name: "a.txt", Size: 100, SHA256: sha(strings.Repeat("a", 100)), Spool: true}, nil},
		{"file over the limit", []part{{name: "file", file: true, fileName: "a.txt", body: strings.Repeat("a", 101)}},
			municat.ETOOLARGE, "Die Datei ist größer als die erlaubten 100 Bytes. Bitte teilen Sie die Daten auf mehrere Dateien auf oder packen Sie sie (z. B. als ZIP).", nil, nil},
		{"two files", []part{{name: "file", file: true, fileName: "a.csv", body: "a"}, {name: "file", file: true, fileName: "b.csv", body: "b"}},
			municat.EINVALID, "Bitte senden Sie nur eine Datei je Anfrage.", nil, nil},
		{"file in another field", []part{{name: "datei", file: true, fileName: "a.csv", body: "a"}},
			municat.EINVALID, `Die Datei gehört in das Feld "file", nicht in "datei".`, nil, nil},
		{"field too long", []part{{name: "title", body: strings.Repeat("x", 31)}},
			municat.ETOOLARGE, `Das Feld "title" ist länger als die erlaubten 30 Bytes.`, nil, nil},
		{"too many fields", []part{{name: "a"}, {name: "b"}, {name: "c"}, {name: "d"}},
			municat.ETOOLARGE, "Das Formular hat mehr als 3 Felder.", nil, nil},
		{"no field name", []part{{name: "", body: "x"}},
			municat.EINVALID, "Ein Teil des Formulars hat keinen Feldnamen (Content-Disposition: form-data; name=…).", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			app := MustApp(t, upload.Options{FileField: "file", MaxFile: 100, MaxField: 30, MaxFields: 3, TempDir: dir})
			ct, body := multipartBody(t, tt.parts...)
			got := MustDo(t, app, "/upload", ct, body)
			if got.Code != tt.wantCode || got.Message != tt.wantMsg {
				t.Errorf("error %q %q, want %q %q", got.Code, got.Message, tt.wantCode, tt.wantMsg)
			}
			if fmt.Sprint(got.File) != fmt.Sprint(tt.wantFile) {
				t.Errorf("file %+v, want %+v", got.File, tt.wantFile)
			}
			if tt.wantCode == "" && fmt.Sprint(got.Fields) != fmt.Sprint(tt.wantField) {
				t.Errorf("fields %v, want %v", got.Fields, tt.wantField)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("temp dir holds %d files after the request", len(entries))
			}
		})
	}
}

func TestMultipartRefusesOtherBodies(t *testing.T) {
	app := MustApp(t, upload.Options{FileField: "file", MaxFile: 100, TempDir: t.TempDir()})
	got := MustDo(t, app, "/upload", "application/json", strings.NewReader(`{}`))
	want := `Bitte senden Sie das Formular als multipart/form-data (Content-Type "application/json" passt nicht), z. B. mit curl -F file=@daten.csv.`
	if got.Code != municat.EINVALID || got.Message != want {
		t.Errorf("got %+v", got)
	}
	got = MustDo(t, app, "/upload", "multipart/form-data; boundary=xyz", strings.NewReader("--xyz\r\nkaputt"))
	if got.Code != municat.EINVALID || got.Message != "Das Formular (multipart/form-data) ist fehlerhaft aufgebaut." {
		t.Errorf("got %+v", got)
	}
}

func TestForm(t *testing.T) {
	app := MustApp(t, upload.Options{})
	ct, mp := multipartBody(t, part{name: "title", body: "Bäume"})
	ctFile, mpFile := multipartBody(t, part{name: "file", file: true, fileName: "a.csv", body: "x"})
	tests := []struct {
		name, contentType string
		body              io.Reader
		want              result
	}{
		{"urlencoded", "application/x-www-form-urlencoded", strings.NewReader("title=B%C3%A4ume&themes=ENVI&themes=TRAN"),
			result{Fields: map[string][]string{"title": {"Bäume"}, "themes": {"ENVI", "TRAN"}}}},
		{"multipart without file", ct, mp, result{Fields: map[string][]string{"title": {"Bäume"}}}},
		{"empty", "", strings.NewReader(""), result{}},
		{"too large", "application/x-www-form-urlencoded", strings.NewReader("a=" + strings.Repeat("x", 999)),
			result{Code: municat.ETOOLARGE, Message: "Der Inhalt der Anfrage ist größer als die erlaubten 1000 Bytes. Bitte senden Sie weniger Daten auf einmal."}},
		{"bad encoding", "application/x-www-form-urlencoded", strings.NewReader("a=%zz"),
			result{Code: municat.EINVALID, Message: "Das Formular ist fehlerhaft kodiert. Bitte senden Sie es erneut."}},
		{"json", "application/json", strings.NewReader("{}"),
			result{Code: municat.EINVALID, Message: `Bitte senden Sie das Formular als application/x-www-form-urlencoded (Content-Type "application/json" passt nicht).`}},
		{"file", ctFile, mpFile, result{Code: municat.EINVALID, Message: `Dieses Formular nimmt keine Dateien an (Feld "file").`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MustDo(t, app, "/form", tt.contentType, tt.body)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{
		1: "1 Byte", 100: "100 Bytes", 1 << 10: "1 KB", 64 << 10: "64 KB", 1536: "1,5 KB",
		1 << 20: "1 MB", 100 << 20: "100 MB", 1572864: "1,5 MB", 2 << 30: "2 GB",
	} {
		if got := upload.FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}
