package notify

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // the mail shows times in Europe/Berlin

	"github.com/municat/municat"
)

// t0 is when the sample run started: 14:50 in Berlin.
var t0 = time.Date(2026, 11, 25, 13, 50, 0, 0, time.UTC)

const sampleError = "Die Quelle https://ckan.stadt.example antwortete mit HTTP 503 (Dienst nicht verfügbar). Es wurde nichts zurückgezogen."

// sampleEvent returns a failed run of the source „Stadtportal“.
func sampleEvent() Event {
	fin := t0.Add(2*time.Minute + 9*time.Second)
	return Event{
		Source: municat.Source{ID: "stadt-ckan", Type: municat.SourceCKAN, URL: "https://ckan.stadt.example", Name: "Stadtportal", Organization: "stadt"},
		Run: municat.Run{
			ID: "20261125T135000Z-3f2a9c", SourceID: "stadt-ckan", Started: t0, Finished: &fin,
			Status: municat.RunFailed, Pages: 3, Error: sampleError,
			Counts: municat.RunCounts{Added: 1, Updated: 2, Unchanged: 40, Withdrawn: 0, Failed: 1, Flagged: 5},
		},
		Previous: municat.RunSucceeded,
	}
}

// recovered returns e turned into a succeeded run after a failed one.
func recovered(e Event) Event {
	e.Previous = municat.RunFailed
	e.Run.Status = municat.RunSucceeded
	e.Run.Error = ""
	e.Run.ID = "20261125T145000Z-77aa01"
	return e
}

// quietLogger discards log lines.
func quietLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// hookRequest is one request the webhook receiver got.
type hookRequest struct {
	Method, Path string
	Header       http.Header
	Body         []byte
}

// hookReceiver is a webhook receiver on loopback that answers with the
// given statuses in turn (the last one repeats).
type hookReceiver struct {
	*httptest.Server
	statuses []int
	mu       sync.Mutex
	reqs     []hookRequest
}

// MustStartHook starts a webhook receiver answering statuses in turn (204
// if none) and stops it when the test ends.
func MustStartHook(tb testing.TB, statuses ...int) *hookReceiver {
	tb.Helper()
	h := &hookReceiver{statuses: statuses}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.reqs = append(h.reqs, hookRequest{Method: r.Method, Path: r.URL.RequestURI(), Header: r.Header.Clone(), Body: body})
		n := len(h.reqs)
		h.mu.Unlock()
		status := http.StatusNoContent
		if len(h.statuses) > 0 {
			status = h.statuses[min(n, len(h.statuses))-1]
		}
		if status >= 300 && status < 400 {
			w.Header().Set("Location", "/elsewhere")
		}
		w.WriteHeader(status)
	}))
	tb.Cleanup(h.Close)
	return h
}

// Requests returns the requests received so far.
func (h *hookReceiver) Requests() []hookRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]hookRequest(nil), h.reqs...)
}

// newNotifier returns a Notifier for tests with a short retry delay and a
// clock the test moves.
func newNotifier(now *time.Time) *Notifier {
	return &Notifier{
		BaseURL:    "https://daten.stadt.example/",
		Logger:     quietLogger(),
		Now:        func() time.Time { return *now },
		retryDelay: 20 * time.Millisecond,
	}
}
