// Package webtest holds what tests need to talk to the HTTP servers they
// start on 127.0.0.1.
package webtest

import (
	"io"
	"net/http"
	"testing"
)

// MustGet fetches url and returns the response (its body closed) and the
// body; it fails tb when the request or the reading fails.
func MustGet(tb testing.TB, url string) (*http.Response, []byte) {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("GET %s: %v", url, err)
	}
	return resp, body
}
