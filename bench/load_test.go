package bench

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	var lat []time.Duration
	for i := 1; i <= 100; i++ {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	for _, tc := range []struct {
		p    float64
		want time.Duration
	}{
		{50, 50 * time.Millisecond},
		{95, 95 * time.Millisecond},
		{99, 99 * time.Millisecond},
		{100, 100 * time.Millisecond},
		{0.5, 1 * time.Millisecond},
	} {
		if got := Percentile(lat, tc.p); got != tc.want {
			t.Errorf("Percentile(1..100 ms, %g) = %v, want %v", tc.p, got, tc.want)
		}
	}
	if got := Percentile([]time.Duration{3, 7, 9}, 50); got != 7 {
		t.Errorf("median of 3, 7, 9 = %v, want 7", got)
	}
	if got := Percentile(nil, 99); got != 0 {
		t.Errorf("Percentile(nil) = %v, want 0", got)
	}
}

func TestDriveCountsRequestsAndErrors(t *testing.T) {
	var calls atomic.Int64
	res := Drive(context.Background(), 4, 50*time.Millisecond, func(worker, seq int) error {
		calls.Add(1)
		if seq == 0 && worker == 2 {
			return errors.New("boom")
		}
		time.Sleep(time.Millisecond)
		return nil
	})
	if res.Requests != int(calls.Load()) || res.Requests < 4 {
		t.Errorf("Requests = %d, calls %d", res.Requests, calls.Load())
	}
	if res.Errors != 1 || res.FirstError != "boom" {
		t.Errorf("Errors = %d (%q), want 1 (boom)", res.Errors, res.FirstError)
	}
	for i := 1; i < len(res.Latencies); i++ {
		if res.Latencies[i] < res.Latencies[i-1] {
			t.Fatal("latencies are not sorted")
		}
	}
	if res.RPS() <= 0 || res.Clients != 4 {
		t.Errorf("RPS %g, Clients %d", res.RPS(), res.Clients)
	}
}

func TestDriveHTTPTreatsNon200AsError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	client := NewHTTPClient(2)
	ok := DriveHTTP(context.Background(), client, 2, 30*time.Millisecond, func(int, int) Request { return Request{URL: srv.URL + "/"} })
	if ok.Errors != 0 || ok.Requests == 0 {
		t.Errorf("200 answers: %d requests, %d errors (%s)", ok.Requests, ok.Errors, ok.FirstError)
	}
	bad := DriveHTTP(context.Background(), client, 2, 30*time.Millisecond, func(int, int) Request { return Request{URL: srv.URL + "/missing"} })
	if bad.Errors != bad.Requests || bad.Errors == 0 {
		t.Errorf("404 answers: %d requests, %d errors", bad.Requests, bad.Errors)
	}
}
