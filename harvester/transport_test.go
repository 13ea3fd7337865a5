package harvester

import (
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/municat/municat/catalog"
	storefs "github.com/municat/municat/store/fs"
)

// etagServer serves body with ETag version, answering 304 to a matching
// If-None-Match, and counts what it saw.
type etagServer struct {
	mu          sync.Mutex
	version     string
	body        string
	full, not   int
	conditional int
}

func (s *etagServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tag := `"` + s.version + `"`
	if r.Header.Get("If-None-Match") != "" {
		s.conditional++
	}
	if r.Header.Get("If-None-Match") == tag {
		s.not++
		w.WriteHeader(http.StatusNotModified)
		return
	}
	s.full++
	w.Header().Set("ETag", tag)
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(s.body))
}

func testCatalog(t *testing.T) *catalog.Catalog {
	st, err := storefs.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return catalog.New(st)
}

// TestTransportConditionalGET: the second request for a URL is
// conditional, a 304 gives the remembered body, a changed resource its new
// one; the memory lives in the catalogue, so a new client (a restarted
// process) uses it too; a dry run remembers nothing.
func TestTransportConditionalGET(t *testing.T) {
	s := &etagServer{version: "v1", body: `{"v":1}`}
	srv := httptest.NewServer(s)
	defer srv.Close()
	cat := testCatalog(t)
	client := func() *http.Client {
		return NewHTTPClientWith(&Transport{Cache: cat, HostDelay: -1, AllowNets: testAllowNets})
	}
	ctx := context.Background()

	dry := withDryRun(ctx, true)
	if body, _, err := GetBody(dry, client(), srv.URL+"/p", GetOptions{}); err != nil || string(body) != `{"v":1}` {
		t.Fatalf("dry run GET: %q %v", body, err)
	}
	if c, _ := cat.CachedResponse(ctx, srv.URL+"/p"); c != nil {
		t.Fatalf("a dry run kept a response")
	}
	for i := range 3 {
		body, ctype, err := GetBody(ctx, client(), srv.URL+"/p", GetOptions{})
		if err != nil || string(body) != `{"v":1}` || ctype != "application/json" {
			t.Fatalf("GET %d: %q %q %v", i, body, ctype, err)
		}
	}
	if s.full != 2 || s.not != 2 || s.conditional != 2 {
		t.Fatalf("server saw %d full, %d not-modified, %d conditional; want 2, 2, 2", s.full, s.not, s.conditional)
	}
	resp, err := client().Get(srv.URL + "/p")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get(RevalidatedHeader) != "1" {
		t.Errorf("revalidated response: %d %v", resp.StatusCode, resp.Header)
	}

	s.mu.Lock()
	s.version, s.body = "v2", `{"v":2}`
	s.mu.Unlock()
	if body, _, err := GetBody(ctx, client(), srv.URL+"/p", GetOptions{}); err != nil || string(body) != `{"v":2}` {
		t.Fatalf("changed resource: %q %v", body, err)
	}
	if c, _ := cat.CachedResponse(ctx, srv.URL+"/p"); c == nil || c.ETag != `"v2"` || string(c.Body) != `{"v":2}` {
		t.Errorf("cache after change: %+v", c)
	}
}

// TestTransportPoliteness: at most HostConns requests to one host at a
// time, their starts HostDelay apart.
func TestTransportPoliteness(t *testing.T) {
	var active, most atomic.Int32
	var mu sync.Mutex
	var starts []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := active.Add(1)
		defer active.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()
	// The server sees each start later than the client made it, by a
	// scheduling delay of a few to (on a busy machine) some 30 ms: the gap
	// it measures is the client's ± that. So the delay is long and the
	// check leaves 50 ms for that noise; without the delay the gaps are
	// the handler's 20 ms.
	const delay = 200 * time.Millisecond
	client := NewHTTPClientWith(&Transport{HostConns: 1, HostDelay: delay, AllowNets: testAllowNets})
	// Open the connection first: a request that dials arrives later than
	// one on an open connection, which would shrink the gap the server
	// sees behind it below what the client kept.
	if _, _, err := GetBody(context.Background(), client, srv.URL, GetOptions{}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	starts = nil
	mu.Unlock()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, _, err := GetBody(context.Background(), client, srv.URL, GetOptions{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Errorf("%d requests at once, want 1", most.Load())
	}
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < delay-50*time.Millisecond {
			t.Errorf("request %d started %s after the one before; want about %s (≥ %s)", i, gap, delay, delay-50*time.Millisecond)
		}
	}
}

// TestTransportKeepsNoSecrets: an API key in the query of a harvested URL
// (Socrata's $$app_token, Opendatasoft's apikey) is not written to the
// store with the cached response, which is still found by its URL.
func TestTransportKeepsNoSecrets(t *testing.T) {
	s := &etagServer{version: "v1", body: `{"v":1}`}
	srv := httptest.NewServer(s)
	defer srv.Close()
	dir := t.TempDir()
	st, err := storefs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cat := catalog.New(st)
	client := NewHTTPClientWith(&Transport{Cache: cat, HostDelay: -1, AllowNets: testAllowNets})
	ctx := context.Background()
	u := srv.URL + "/api?apikey=geheim-0815&$$app_token=tok-4711"
	for range 2 {
		if _, _, err := GetBody(ctx, client, u, GetOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if s.not != 1 {
		t.Errorf("server answered %d not-modified, want 1: the cached response was not found by its URL", s.not)
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if bytes.Contains(b, []byte("geheim-0815")) || bytes.Contains(b, []byte("tok-4711")) {
			t.Errorf("%s holds the API key", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTransportHostConnsAboveFour: a configured HostConns above four is
// reached; no lower cap of the underlying transport overrides it.
func TestTransportHostConnsAboveFour(t *testing.T) {
	const conns = 6
	var active, most atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := active.Add(1)
		defer active.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		// Hold the request until all are in, or give up after a while.
		for deadline := time.Now().Add(2 * time.Second); active.Load() < conns && time.Now().Before(deadline); {
			time.Sleep(5 * time.Millisecond)
		}
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()
	client := NewHTTPClientWith(&Transport{HostConns: conns, HostDelay: -1, AllowNets: testAllowNets})
	var wg sync.WaitGroup
	for range conns {
		wg.Go(func() {
			if _, _, err := GetBody(context.Background(), client, srv.URL, GetOptions{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if most.Load() != conns {
		t.Errorf("%d requests at once, want %d", most.Load(), conns)
	}
}

// testAllowNets opens loopback to the harvest client, for httptest servers.
var testAllowNets = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
