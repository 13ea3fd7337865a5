package upload

import (
	"bytes"
	"io"
	"net/url"
	"os"
	"strings"
	"testing"
)

// FuzzMultipart feeds arbitrary bodies to the multipart reader: it must
// never panic, never hand fn a file over the limit and never leave a
// spooled file behind.
func FuzzMultipart(f *testing.F) {
	f.Add("--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nBäume\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\na;b\n1;2\n\r\n--b--\r\n")
	f.Add("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n\r\n\r\n--b--\r\n")
	f.Add("--b\r\n\r\n--b--")
	f.Add("")
	dir := f.TempDir()
	o := Options{FileField: "file", MaxFile: 64, MaxField: 32, MaxFields: 4, TempDir: dir}
	f.Fuzz(func(t *testing.T, body string) {
		err := readMultipart(strings.NewReader(body), "multipart/form-data; boundary=b", o, func(v url.Values, file *File) error {
			for k, vals := range v {
				for _, s := range vals {
					if int64(len(s)) > o.MaxField {
						t.Errorf("field %q has %d bytes", k, len(s))
					}
				}
			}
			if file != nil {
				n, err := io.Copy(io.Discard, file.Body)
				if err != nil || n != file.Size || n > o.MaxFile {
					t.Errorf("file of %d bytes (size %d): %v", n, file.Size, err)
				}
			}
			return nil
		})
		_ = err
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Fatalf("%d spooled files left", len(entries))
		}
	})
}

// FuzzForm feeds arbitrary bodies to the form reader: it must not panic
// and must refuse bodies over the cap.
func FuzzForm(f *testing.F) {
	f.Add("application/x-www-form-urlencoded", "title=B%C3%A4ume&themes=ENVI")
	f.Add("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--b--\r\n")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, contentType, body string) {
		const limit = 64
		r := &capped{r: bytes.NewReader([]byte(body)), left: limit, tooLarge: TooLarge(limit), eof: func() {}}
		v, err := parseForm(r, contentType, limit)
		if err == nil && len(body) > limit {
			t.Errorf("a body of %d bytes passed the cap of %d: %v", len(body), limit, v)
		}
	})
}
