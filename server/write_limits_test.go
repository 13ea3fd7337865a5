package server_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat/server"
)

// rawRequest sends head over a new connection to addr, then body (in
// chunked encoding if chunked) until it ends or the server closes, and
// returns the response, read while the body is still being written.
func rawRequest(tb testing.TB, addr, head string, body io.Reader, chunked bool) (*http.Response, []byte) {
	tb.Helper()
	conn, err := net.Dial("tcp", addr)
	MustOK(tb, err)
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	go func() {
		w := bufio.NewWriter(conn)
		w.WriteString(head)
		buf := make([]byte, 8<<10)
		for {
			n, err := body.Read(buf)
			if n > 0 {
				if chunked {
					fmt.Fprintf(w, "%x\r\n", n)
				}
				if _, err := w.Write(buf[:n]); err != nil {
					return
				}
				if chunked {
					w.WriteString("\r\n")
				}
			}
			if err != nil {
				break
			}
		}
		if chunked {
			w.WriteString("0\r\n\r\n")
		}
		w.Flush()
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	MustOK(tb, err)
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		tb.Fatal(err)
	}
	return resp, got
}

// repeated returns a reader of prefix, then line over and over up to size
// bytes in all, then suffix.
func repeated(prefix, line, suffix string, size int) io.Reader {
	n := (size - len(prefix) - len(suffix)) / len(line)
	return io.MultiReader(strings.NewReader(prefix), io.LimitReader(&repeatReader{s: line}, int64(n*len(line))), strings.NewReader(suffix))
}

// repeatReader reads s over and over.
type repeatReader struct {
	s   string
	off int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], r.s[r.off:])
		n += c
		r.off = (r.off + c) % len(r.s)
	}
	return n, nil
}

// allocated returns the bytes allocated by the process so far.
func allocated() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

// TestLargeJSONBody: a 5 MiB JSON body to a JSON route is refused with 413
// without being read into memory: with a Content-Length, the answer comes
// while most of the body has not even been sent; chunked, the server reads
// no more than BodyLimit of it.
func TestLargeJSONBody(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	before := e.storeKeys(t)
	addr := strings.TrimPrefix(MustServe(t, e.app), "http://")
	const size = 5 << 20
	prefix := `{"title": {"de": "Bäume"}, "keywords": [`
	auth := "Authorization: Bearer " + e.tokens["a-editor"] + "\r\nContent-Type: application/json\r\n"
	tooLarge := "Der Inhalt der Anfrage ist größer als die erlaubten 1 MB. Bitte senden Sie weniger Daten auf einmal."
	for _, tt := range []struct {
		name     string
		head     string
		sent     int
		chunked  bool
		maxAlloc uint64
	}{
		// Only 64 KiB of the announced 5 MiB are sent: had the server
		// waited for the rest, the read would time out.
		{"content length", "PUT /api/v1/datasets/" + publishedID + " HTTP/1.1\r\nHost: x\r\n" + auth + fmt.Sprintf("Content-Length: %d\r\n\r\n", size), 64 << 10, false, 1 << 20},
		{"chunked", "POST /api/v1/datasets HTTP/1.1\r\nHost: x\r\n" + auth + "Transfer-Encoding: chunked\r\n\r\n", size, true, 2 << 20},
		{"anonymous", "POST /api/v1/datasets HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", size, true, 2 << 20},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start := allocated()
			resp, body := rawRequest(t, addr, tt.head, repeated(prefix, `"Baum",`, `"Ende"]}`, tt.sent), tt.chunked)
			used := allocated() - start
			if resp.StatusCode != http.StatusRequestEntityTooLarge || resp.Header.Get("Content-Type") != server.ProblemContentType || !strings.Contains(string(body), tooLarge) {
				t.Errorf("status %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
			if !resp.Close {
				t.Error("the connection stays open with the rest of the body unread")
			}
			t.Logf("allocated %d KiB while refusing a %d KiB body", used>>10, size>>10)
			if used > tt.maxAlloc {
				t.Errorf("allocated %d KiB while refusing the body, want at most %d KiB", used>>10, tt.maxAlloc>>10)
			}
		})
	}
	if after := e.storeKeys(t); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("the store changed: %v", after)
	}
}

// TestBodyLimitKeepsSmallBodies: a JSON body within the limit but larger
// than what the server reads ahead, and a chunked one, reach the handler
// whole, and the connection serves the next request.
func TestBodyLimitKeepsSmallBodies(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	srv := MustServe(t, e.app)
	keywords := strings.Repeat(`"Baum",`, 20000) // 140 KB
	body := `{"title": {"de": "Viele Bäume"}, "description": {"de": "x"}, "organization": "stadt-a", "license": "dl-by-de/2.0", "keywords": [` + keywords + `"Ende"]}`
	client := &http.Client{Timeout: 10 * time.Second}
	for _, chunked := range []bool{false, true} {
		var r io.Reader = strings.NewReader(body)
		if chunked {
			r = io.MultiReader(r) // unknown length: sent chunked
		}
		req, err := http.NewRequest(http.MethodPost, srv+"/api/v1/datasets", r)
		MustOK(t, err)
		req.Header.Set("Authorization", "Bearer "+e.tokens["a-editor"])
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		MustOK(t, err)
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated || !strings.Contains(string(got), `"Ende"`) {
			t.Errorf("chunked %v: status %d: %.300s", chunked, resp.StatusCode, got)
		}
		resp, err = client.Get(srv + "/healthz")
		MustOK(t, err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("next request: %d", resp.StatusCode)
		}
	}
}
