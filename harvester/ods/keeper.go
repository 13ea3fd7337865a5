package ods

import (
	"bytes"
	"io"
	"net/http"
	"sync"
)

// maxErrorBody is how much of a failed response keeper keeps.
const maxErrorBody = 4 << 10

// keeper remembers the start of the body of the last failed response
// (status 400 or higher) its client received. harvester.GetBody, which
// makes every request, reports only the status of a failed request;
// Opendatasoft explains the failure in the body (a malformed ODSQL filter,
// a used-up quota), and the data officer needs that explanation.
type keeper struct {
	// client is the Fetcher's client with a transport that keeps the
	// bodies; redirects, timeouts and the connection pool stay the
	// Fetcher's.
	client *http.Client

	mu     sync.Mutex
	status int
	url    string
	body   []byte
}

// newKeeper wraps the transport of c (http.DefaultClient if nil) in a copy
// of c.
func newKeeper(c *http.Client) *keeper {
	if c == nil {
		c = http.DefaultClient
	}
	k := &keeper{}
	wrapped := *c
	base := wrapped.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	wrapped.Transport = &keepTransport{k: k, base: base}
	k.client = &wrapped
	return k
}

// take returns the status, address and body start of the last failed
// response and forgets them; zero values if there was none.
func (k *keeper) take() (status int, url string, body []byte) {
	k.mu.Lock()
	defer k.mu.Unlock()
	status, url, body = k.status, k.url, k.body
	k.status, k.url, k.body = 0, "", nil
	return status, url, body
}

// keepTransport is the RoundTripper of a keeper's client.
type keepTransport struct {
	k    *keeper
	base http.RoundTripper
}

// RoundTrip passes req on and, for a failed response, keeps the start of
// its body and hands on a body that still reads in full.
func (t *keepTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil || resp.StatusCode < 400 {
		return resp, err
	}
	head, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	t.k.mu.Lock()
	t.k.status, t.k.url, t.k.body = resp.StatusCode, req.URL.String(), head
	t.k.mu.Unlock()
	resp.Body = readCloser{io.MultiReader(bytes.NewReader(head), resp.Body), resp.Body}
	return resp, nil
}

// readCloser reads from one reader and closes another.
type readCloser struct {
	io.Reader
	io.Closer
}
