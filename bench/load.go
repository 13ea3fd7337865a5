package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// LoadResult is what a closed-loop load of one kind of request measured.
type LoadResult struct {
	// Clients is the number of concurrent clients.
	Clients int
	// Requests is the number of requests that completed (errors included).
	Requests int
	// Errors counts failed requests (for HTTP: any answer but 200).
	Errors int
	// FirstError describes the first failure, if any.
	FirstError string
	// Elapsed is the time the load ran.
	Elapsed time.Duration
	// Latencies holds the latency of every completed request, sorted.
	Latencies []time.Duration
}

// RPS returns the completed requests per second.
func (r LoadResult) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// Percentile returns the exact p-th percentile (0 < p ≤ 100) of the
// latencies by the nearest-rank method, 0 without latencies.
func (r LoadResult) Percentile(p float64) time.Duration {
	return Percentile(r.Latencies, p)
}

// Percentile returns the p-th percentile of sorted by the nearest-rank
// method: the smallest value with at least p % of the values at or below it.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := int(p/100*float64(n) + 0.999999999) // ceil without float surprises at exact ranks
	rank = min(max(rank, 1), n)
	return sorted[rank-1]
}

// Drive runs clients workers in a closed loop for d: each calls do with its
// worker number and its own request counter, waits for it, and calls again
// until d has passed. It returns every latency and the errors do returned.
func Drive(ctx context.Context, clients int, d time.Duration, do func(worker, seq int) error) LoadResult {
	type workerResult struct {
		lat      []time.Duration
		errors   int
		firstErr error
	}
	results := make([]workerResult, clients)
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range clients {
		wg.Go(func() {
			res := &results[w]
			res.lat = make([]time.Duration, 0, 1024)
			for seq := 0; ctx.Err() == nil; seq++ {
				t0 := time.Now()
				if t0.After(deadline) {
					return
				}
				err := do(w, seq)
				res.lat = append(res.lat, time.Since(t0))
				if err != nil {
					res.errors++
					if res.firstErr == nil {
						res.firstErr = err
					}
				}
			}
		})
	}
	wg.Wait()
	out := LoadResult{Clients: clients, Elapsed: time.Since(start)}
	for _, r := range results {
		out.Latencies = append(out.Latencies, r.lat...)
		out.Errors += r.errors
		if r.firstErr != nil && out.FirstError == "" {
			out.FirstError = r.firstErr.Error()
		}
	}
	out.Requests = len(out.Latencies)
	slices.Sort(out.Latencies)
	return out
}

// NewHTTPClient returns the one keep-alive client a load uses: enough idle
// connections for every client, no transparent compression (on loopback it
// would only measure gzip).
func NewHTTPClient(maxClients int) *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns:        maxClients * 2,
			MaxIdleConnsPerHost: maxClients * 2,
			MaxConnsPerHost:     0,
			IdleConnTimeout:     90 * time.Second,
			DisableCompression:  true,
		},
	}
}

// Request is one request of a load: a URL and the Accept header to send.
type Request struct {
	// URL is the absolute URL to GET.
	URL string
	// Accept is the Accept header ("" for none).
	Accept string
}

// DriveHTTP runs a closed-loop GET load against the URLs next returns for
// each worker and request counter; any answer but 200 is an error.
func DriveHTTP(ctx context.Context, client *http.Client, clients int, d time.Duration, next func(worker, seq int) Request) LoadResult {
	return Drive(ctx, clients, d, func(worker, seq int) error {
		return get(ctx, client, next(worker, seq))
	})
}

// get makes one request and reads the whole answer.
func get(ctx context.Context, client *http.Client, r Request) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL, nil)
	if err != nil {
		return err
	}
	if r.Accept != "" {
		req.Header.Set("Accept", r.Accept)
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", r.URL, resp.StatusCode)
	}
	return err
}
