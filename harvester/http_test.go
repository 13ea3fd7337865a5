package harvester_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// server answers request n (from 1) with handler(n, w, r).
func server(t *testing.T, handler func(n int, w http.ResponseWriter, r *http.Request)) (string, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handler(int(n.Add(1)), w, r)
	}))
	t.Cleanup(s.Close)
	return s.URL, &n
}

var quickRetry = harvester.GetOptions{Backoff: time.Millisecond}

func TestGetBodyHeadersAndBody(t *testing.T) {
	url, _ := server(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, "%s|%s", r.UserAgent(), r.Header.Get("Accept"))
	})
	body, ctype, err := harvester.GetBody(context.Background(), harvester.NewHTTPClientWith(&harvester.Transport{AllowNets: loopbackNets}), url, quickRetry)
	if err != nil {
		t.Fatal(err)
	}
	if want := "municat/" + municat.Version + "|application/json"; string(body) != want || ctype != "application/json" {
		t.Errorf("got %q (%s), want %q", body, ctype, want)
	}
}

func TestGetBodyRetries(t *testing.T) {
	cases := []struct {
		name      string
		status    func(n int) int
		header    string
		wantCalls int32
		wantErr   string
	}{
		{"5xx then ok", func(n int) int { return map[bool]int{true: 503, false: 200}[n < 3] }, "", 3, ""},
		{"5xx every time", func(int) int { return 500 }, "", 3, "Die Quelle antwortete mit HTTP 500 auf"},
		{"429 then ok", func(n int) int { return map[bool]int{true: 429, false: 200}[n < 2] }, "", 2, ""},
		{"404 is not retried", func(int) int { return 404 }, "", 1, "HTTP 404"},
		{"Retry-After beyond the cap", func(int) int { return 503 }, "3600", 1, "erst in 1h0m0s erneut"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			url, calls := server(t, func(n int, w http.ResponseWriter, r *http.Request) {
				if c.header != "" {
					w.Header().Set("Retry-After", c.header)
				}
				w.WriteHeader(c.status(n))
				fmt.Fprint(w, "x")
			})
			_, _, err := harvester.GetBody(context.Background(), nil, url+"/p", quickRetry)
			if got := calls.Load(); got != c.wantCalls {
				t.Errorf("%d requests, want %d", got, c.wantCalls)
			}
			switch {
			case c.wantErr == "" && err != nil:
				t.Errorf("error %v, want none", err)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr) || !errors.Is(err, municat.ErrUnavailable)):
				t.Errorf("error %v, want ErrUnavailable containing %q", err, c.wantErr)
			case c.wantErr != "" && !strings.Contains(municat.ErrorMessage(err), url+"/p"):
				t.Errorf("message %q does not name the URL", municat.ErrorMessage(err))
			}
		})
	}
}

func TestGetBodyHonoursRetryAfter(t *testing.T) {
	url, _ := server(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "ok")
	})
	start := time.Now()
	body, _, err := harvester.GetBody(context.Background(), nil, url, quickRetry)
	if err != nil || string(body) != "ok" {
		t.Fatalf("got %q, %v", body, err)
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("retried after %v, want the 1s Retry-After", d)
	}
}

func TestGetBodyTooLarge(t *testing.T) {
	for _, chunked := range []bool{false, true} {
		url, calls := server(t, func(_ int, w http.ResponseWriter, r *http.Request) {
			if chunked {
				w.(http.Flusher).Flush() // no Content-Length
			}
			fmt.Fprint(w, strings.Repeat("x", 2048))
		})
		_, _, err := harvester.GetBody(context.Background(), nil, url, harvester.GetOptions{MaxBytes: 1024, Backoff: time.Millisecond})
		if !errors.Is(err, municat.ErrTooLarge) || !strings.Contains(err.Error(), "1 KiB") {
			t.Errorf("chunked %v: error %v, want ErrTooLarge naming 1 KiB", chunked, err)
		}
		if calls.Load() != 1 {
			t.Errorf("chunked %v: %d requests, want 1", chunked, calls.Load())
		}
	}
}

func TestGetBodyTimeoutAndCancel(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	url, calls := server(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	client := &http.Client{Timeout: 50 * time.Millisecond}
	_, _, err := harvester.GetBody(context.Background(), client, url, quickRetry)
	if !errors.Is(err, municat.ErrUnavailable) || !strings.Contains(err.Error(), "nicht rechtzeitig") {
		t.Errorf("error %v, want a timeout", err)
	}
	if calls.Load() != 3 {
		t.Errorf("%d requests, want 3: timeouts are retried", calls.Load())
	}

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, _, err = harvester.GetBody(ctx, nil, url, quickRetry)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v, want the context's", err)
	}

	if _, _, err := harvester.GetBody(context.Background(), nil, "file:///etc/passwd", quickRetry); !errors.Is(err, municat.ErrInvalid) {
		t.Errorf("file URL: error %v, want ErrInvalid", err)
	}
}

// TestGetBodyKeepsErrorBody: the start of a failed answer's body reaches
// the caller, who may know how its API explains failures.
func TestGetBodyKeepsErrorBody(t *testing.T) {
	url, _ := server(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"message": "ODSQL-Fehler"}`+strings.Repeat(" ", 8<<10))
	})
	_, _, err := harvester.GetBody(context.Background(), nil, url, harvester.GetOptions{})
	var se *harvester.StatusError
	if !errors.As(err, &se) || se.Status != http.StatusBadRequest || !strings.HasPrefix(string(se.Body), `{"message": "ODSQL-Fehler"}`) || len(se.Body) != 4<<10 {
		t.Fatalf("error %v, want a StatusError with the body's first 4 KiB", err)
	}
}
