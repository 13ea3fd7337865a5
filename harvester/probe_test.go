package harvester_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
)

// MustETagProxy returns the address of a proxy in front of target that
// marks every answer with an ETag, so that the harvest cache would keep it.
func MustETagProxy(t *testing.T, target string) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.ModifyResponse = func(resp *http.Response) error {
		resp.Header.Set("ETag", `"v1"`)
		return nil
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestProbe fetches the first page of a real CKAN test portal through a
// caching client and writes nothing: no run, no page, no dataset, no cache
// entry. A run over the same client does write the cache, so the test can
// fail.
func TestProbe(t *testing.T) {
	e := MustEnv(t)
	client := harvester.NewHTTPClientWith(&harvester.Transport{Cache: e.cat, HostDelay: -1, AllowNets: loopbackNets})
	e.fetch.Client = client
	e.src.URL = MustETagProxy(t, e.srv.URL)

	p, err := e.runner.Probe(context.Background(), e.src)
	if err != nil {
		t.Fatalf("Probe: %v", err)
	}
	if p.Pages != 1 || p.Records != 2 || p.Failed != 0 || len(p.Sample) != 2 || p.Duration <= 0 {
		t.Errorf("probe = %+v, want 1 page with 2 records and 2 titles", p)
	}
	for _, title := range p.Sample {
		if strings.TrimSpace(title) == "" {
			t.Errorf("empty sample title in %q", p.Sample)
		}
	}
	if n := e.store.Puts(""); n != 0 {
		t.Errorf("the probe wrote %d objects, want none", n)
	}
	if n := e.srv.Requests(); n != 1 {
		t.Errorf("the probe made %d requests, want 1 (the first page only)", n)
	}

	MustRun(t, e, harvester.RunOptions{})
	if e.store.Puts(catalog.HTTPCachePrefix) == 0 {
		t.Error("a run over the same client cached nothing: the test cannot tell whether the probe would")
	}
}

// TestProbeFails gives the German message of the failure.
func TestProbeFails(t *testing.T) {
	e := MustEnv(t)
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()

	for _, tc := range []struct {
		name string
		src  *municat.Source
		code string
		says string
	}{
		{"dead", &municat.Source{ID: "dead", Type: municat.SourceCKAN, URL: deadURL}, municat.EUNAVAILABLE, "nicht erreichbar"},
		{"not CKAN", &municat.Source{ID: "notckan", Type: municat.SourceCKAN, URL: e.srv.URL + "/nothing-here"}, municat.EUNAVAILABLE, "HTTP 404"},
		{"unknown type", &municat.Source{ID: "x", Type: "gopher", URL: e.srv.URL}, municat.EINVALID, "Quelltyp"},
	} {
		p, err := e.runner.Probe(context.Background(), tc.src)
		var me *municat.Error
		if !errors.As(err, &me) || me.Code != tc.code || !strings.Contains(me.Message, tc.says) || p != nil {
			t.Errorf("%s: Probe = %+v, %v; want %s saying %q", tc.name, p, err, tc.code, tc.says)
		}
	}
	if n := e.store.Puts(""); n != 0 {
		t.Errorf("failed probes wrote %d objects, want none", n)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	_, err := e.runner.Probe(ctx, e.src)
	if !errors.Is(err, municat.ErrUnavailable) || !strings.Contains(municat.ErrorMessage(err), "abgebrochen") || time.Since(start) > 2*time.Second {
		t.Errorf("Probe with a cancelled context: %v after %v, want a quick EUNAVAILABLE saying abgebrochen", err, time.Since(start))
	}
}
