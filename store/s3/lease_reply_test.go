package s3_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/miniotest"
)

// replyCutter is a proxy in front of MinIO that, while armed, forwards a
// conditional PUT of a lease object and then drops the connection instead
// of passing the reply on: the write lands, the client never hears of it.
type replyCutter struct {
	proxy *httputil.ReverseProxy
	armed atomic.Int32 // PUTs still to cut
	cut   atomic.Int32 // PUTs cut
	puts  atomic.Int32 // conditional lease PUTs that reached MinIO
}

func newReplyCutter(minioAddr string) *replyCutter {
	target := &url.URL{Scheme: "http", Host: minioAddr}
	return &replyCutter{proxy: &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(target)
		r.Out.Host = r.In.Host // the request is signed for the proxy's address
	}}}
}

func (p *replyCutter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	conditional := r.Header.Get("If-Match") != "" || r.Header.Get("If-None-Match") != ""
	if r.Method != http.MethodPut || !conditional || !strings.Contains(r.URL.Path, "/leases/") {
		p.proxy.ServeHTTP(w, r)
		return
	}
	p.puts.Add(1)
	if p.armed.Add(-1) < 0 {
		p.armed.Store(0)
		p.proxy.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	p.proxy.ServeHTTP(rec, r) // MinIO writes the object
	p.cut.Add(1)
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	conn.Close()
}

// TestLeaseReplyLost: a renewal or take whose reply is lost after MinIO
// wrote it is sent again by minio-go and refused (the ETag it names is
// gone); the store recognises its own write by the record's token and
// keeps the lease, rather than reporting it lost and cancelling the run
// that holds it.
func TestLeaseReplyLost(t *testing.T) {
	cfg := miniotest.Start(t)
	MustOpen(t, cfg) // creates the bucket
	cutter := newReplyCutter(cfg.Endpoint)
	srv := httptest.NewServer(cutter)
	defer srv.Close()
	cfg.Endpoint = strings.TrimPrefix(srv.URL, "http://")
	s := MustOpen(t, cfg)
	ctx := context.Background()

	cutter.armed.Store(1)
	l, err := s.TakeLease(ctx, "reply", "p1", time.Minute)
	if err != nil {
		t.Fatalf("take, reply lost: %v", err)
	}
	cutter.armed.Store(1)
	if err := s.RenewLease(ctx, l, time.Hour); err != nil {
		t.Fatalf("renew, reply lost: %v (want the renewal kept)", err)
	}
	if n := cutter.cut.Load(); n != 2 {
		t.Fatalf("%d replies cut, want 2: the test did not test the loss", n)
	}
	if n := cutter.puts.Load(); n < 4 {
		t.Errorf("%d conditional PUTs reached MinIO, want ≥ 4 (each cut one sent again)", n)
	}
	if time.Until(l.Expires) < 50*time.Minute {
		t.Errorf("lease expires %v, want the renewed hour", l.Expires)
	}

	// The lease is held, by p1 only, with the version the store returned.
	if _, err := s.TakeLease(ctx, "reply", "p2", time.Minute); !errors.Is(err, municat.ErrConflict) {
		t.Errorf("p2 took the lease p1 holds: %v", err)
	}
	if err := s.RenewLease(ctx, l, time.Hour); err != nil {
		t.Errorf("renew after the lost reply: %v", err)
	}
	if err := s.ReleaseLease(ctx, l); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TakeLease(ctx, "reply", "p2", time.Minute); err != nil {
		t.Errorf("p2 after p1 released: %v", err)
	}
}
