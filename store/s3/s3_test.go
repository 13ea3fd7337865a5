package s3_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/miniotest"
	"github.com/municat/municat/store/s3"
	"github.com/municat/municat/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(miniotest.Run(m)) }

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) municat.Store {
		return MustOpen(t, miniotest.Start(t))
	})
}

func TestLeaser(t *testing.T) {
	storetest.RunLeaser(t, func(t *testing.T) municat.Leaser {
		return MustOpen(t, miniotest.Start(t))
	})
}

// MustOpen opens the store in cfg and closes it when tb ends.
func MustOpen(tb testing.TB, cfg s3.Config) *s3.Store {
	tb.Helper()
	s, err := s3.Open(context.Background(), cfg)
	if err != nil {
		tb.Fatalf("Open(%v): %v", cfg, err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// closedPort returns an address on which nothing listens.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestOpenUnreachable(t *testing.T) {
	cfg := s3.Config{
		Endpoint:  closedPort(t),
		Bucket:    "municat",
		AccessKey: "municat",
		SecretKey: "secret-Xq7vR2pL9w",
	}
	start := time.Now()
	_, err := s3.Open(context.Background(), cfg)
	elapsed := time.Since(start)
	if err == nil {
		t.Fatal("Open against a closed port succeeded")
	}
	t.Logf("error after %v: %v", elapsed.Round(time.Millisecond), err)
	if elapsed > 5*time.Second {
		t.Errorf("Open took %v to fail, want a few seconds at most", elapsed)
	}
	if !errors.Is(err, municat.ErrUnavailable) {
		t.Errorf("error %v does not match municat.ErrUnavailable", err)
	}
	if msg := err.Error(); !strings.Contains(msg, cfg.Endpoint) || !strings.Contains(msg, "unreachable") {
		t.Errorf("error %q does not say that %s is unreachable", msg, cfg.Endpoint)
	}
	if strings.Contains(err.Error(), cfg.SecretKey) {
		t.Errorf("error %q holds the secret key", err)
	}
}

func TestOpenWrongSecret(t *testing.T) {
	cfg := miniotest.Start(t)
	cfg.SecretKey = "wrong-" + cfg.SecretKey
	_, err := s3.Open(context.Background(), cfg)
	if err == nil {
		t.Fatal("Open with a wrong secret key succeeded")
	}
	if !errors.Is(err, municat.ErrUnavailable) || !strings.Contains(err.Error(), "refused access") {
		t.Errorf("error %v does not say that access was refused", err)
	}
	if strings.Contains(err.Error(), cfg.SecretKey) {
		t.Errorf("error %q holds the secret key", err)
	}
}

func TestOpenExistingBucket(t *testing.T) {
	cfg := miniotest.Start(t)
	storetest.MustPut(t, MustOpen(t, cfg), "kept", []byte("kept"), "text/plain")
	// The second Open finds the bucket and keeps what it holds.
	if got, _ := storetest.MustGet(t, MustOpen(t, cfg), "kept"); string(got) != "kept" {
		t.Errorf("Get after reopening = %q, want %q", got, "kept")
	}
}

func TestOpenInvalidConfig(t *testing.T) {
	for _, cfg := range []s3.Config{
		{Bucket: "municat"},
		{Endpoint: "127.0.0.1:9000"},
		{Endpoint: "http://127.0.0.1:9000/path", Bucket: "municat", SecretKey: "secret-Xq7vR2pL9w"},
	} {
		_, err := s3.Open(context.Background(), cfg)
		if !errors.Is(err, municat.ErrInvalid) {
			t.Errorf("Open(%v): %v, want municat.ErrInvalid", cfg, err)
		}
		if err != nil && cfg.SecretKey != "" && strings.Contains(err.Error(), cfg.SecretKey) {
			t.Errorf("error %q holds the secret key", err)
		}
	}
}

func TestConfigStringHidesSecret(t *testing.T) {
	cfg := s3.Config{Endpoint: "minio:9000", Bucket: "b", AccessKey: "a", SecretKey: "secret-Xq7vR2pL9w"}
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%v", &cfg), cfg.String()} {
		if strings.Contains(s, cfg.SecretKey) {
			t.Errorf("formatted Config %q holds the secret key", s)
		}
		if !strings.Contains(s, "minio:9000") {
			t.Errorf("formatted Config %q does not name the endpoint", s)
		}
	}
}
