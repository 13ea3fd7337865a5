package upload_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/upload"
)

// MustServe serves app on 127.0.0.1 and returns its address.
func MustServe(tb testing.TB, app *fiber.App) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go app.Listener(ln)
	tb.Cleanup(func() { app.Shutdown() })
	return ln.Addr().String()
}

// rawResponse writes head and then body chunks of size n until stop
// closes (or count chunks are sent), and returns the response it reads.
func rawResponse(tb testing.TB, addr, head string, chunk []byte, count int, chunked bool) (*http.Response, []byte) {
	tb.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	go func() {
		w := bufio.NewWriter(conn)
		w.WriteString(head)
		for range count {
			if chunked {
				fmt.Fprintf(w, "%x\r\n", len(chunk))
			}
			if _, err := w.Write(chunk); err != nil {
				return
			}
			if chunked {
				w.WriteString("\r\n")
			}
		}
		if chunked {
			w.WriteString("0\r\n\r\n")
		}
		w.Flush()
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		tb.Fatal(err)
	}
	return resp, body
}

func TestReadLimits(t *testing.T) {
	addr := MustServe(t, MustApp(t, upload.Options{}))
	chunk := bytes.Repeat([]byte("x"), 100)
	tooLarge := "Der Inhalt der Anfrage ist größer als die erlaubten 1000 Bytes. Bitte senden Sie weniger Daten auf einmal."
	tests := []struct {
		name      string
		head      string
		count     int
		chunked   bool
		want      result
		wantClose bool
	}{
		{"length within", "POST /read HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n", 10, false, result{Body: 1000}, false},
		{"length over: answered before the body is sent",
			"POST /read HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n", 20, false, result{Code: municat.ETOOLARGE, Message: tooLarge}, true},
		{"chunked within", "POST /read HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", 10, true, result{Body: 1000}, false},
		{"chunked over", "POST /read HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", 11, true, result{Code: municat.ETOOLARGE, Message: tooLarge}, true},
		{"compressed", "POST /read HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: 100\r\n\r\n", 1, false,
			result{Code: municat.EINVALID, Message: "Komprimierte Anfragen (Content-Encoding: gzip) werden nicht angenommen. Bitte senden Sie den Inhalt unkomprimiert."}, true},
		{"unread body closes the connection", "POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n", 1000, false, result{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := rawResponse(t, addr, tt.head, chunk, tt.count, tt.chunked)
			var got result
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatalf("%v: %s", err, body)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if resp.Close != tt.wantClose {
				t.Errorf("Connection: close = %v, want %v", resp.Close, tt.wantClose)
			}
		})
	}
}

// TestAllowTime: a body that arrives slower than the server's read timeout
// is read whole after AllowTime, and broken off without it.
func TestAllowTime(t *testing.T) {
	app := fiber.New(fiber.Config{StreamRequestBody: true, DisablePreParseMultipartForm: true, BodyLimit: 1 << 10,
		ReadTimeout: 300 * time.Millisecond, DisableStartupMessage: true})
	read := func(allow bool) fiber.Handler {
		return func(c *fiber.Ctx) error {
			if allow {
				upload.AllowTime(c, 5*time.Second)
			}
			b, err := upload.Read(c, 10000)
			r := result{Body: len(b)}
			if err != nil {
				r.Code, r.Message = municat.ErrorCode(err), municat.ErrorMessage(err)
			}
			return c.JSON(r)
		}
	}
	app.Post("/allow", read(true))
	app.Post("/deny", read(false))
	addr := MustServe(t, app)
	for _, tt := range []struct {
		path string
		want result
	}{
		{"/allow", result{Body: 3000}},
		{"/deny", result{Code: municat.EINVALID, Message: "Die Anfrage kam nicht vollständig an. Bitte senden Sie sie erneut."}},
	} {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: 3000\r\n\r\n%s", tt.path, strings.Repeat("a", 2000))
		time.Sleep(600 * time.Millisecond) // past the read timeout
		conn.Write([]byte(strings.Repeat("a", 1000)))
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.path, err)
		}
		var got result
		json.NewDecoder(resp.Body).Decode(&got)
		conn.Close()
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s: %+v, want %+v", tt.path, got, tt.want)
		}
	}
}
