package miniotest

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStartAndStop starts a server of the test's own (this package has no
// TestMain calling Run) and checks that it answers while the test runs and
// is gone once the test has ended.
func TestStartAndStop(t *testing.T) {
	client := &http.Client{Timeout: 2 * time.Second}
	var addr string
	t.Run("running", func(t *testing.T) {
		cfg := Start(t)
		addr = cfg.Endpoint
		if !strings.HasPrefix(addr, "127.0.0.1:") || cfg.Bucket == "" || cfg.AccessKey == "" || len(cfg.SecretKey) < 8 {
			t.Fatalf("Start returned %v", cfg)
		}
		resp, err := client.Get("http://" + addr + "/minio/health/live")
		if err != nil {
			t.Fatalf("server not answering: %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("liveness check: %s", resp.Status)
		}
	})
	if addr == "" {
		return // skipped: no minio binary
	}
	if resp, err := client.Get("http://" + addr + "/minio/health/live"); err == nil {
		resp.Body.Close()
		t.Errorf("server on %s still answers after its test ended", addr)
	}
}

func TestFindBinary(t *testing.T) {
	t.Run("from MUNICAT_MINIO_BIN", func(t *testing.T) {
		t.Setenv("MUNICAT_MINIO_BIN", filepath.Join(t.TempDir(), "no-such-minio"))
		_, err := FindBinary()
		if err == nil || !strings.Contains(err.Error(), "MUNICAT_MINIO_BIN") {
			t.Errorf("FindBinary with a bad MUNICAT_MINIO_BIN: %v, want an error naming the variable", err)
		}
	})
	t.Run("from PATH", func(t *testing.T) {
		dir := t.TempDir()
		fake := filepath.Join(dir, "minio")
		if err := os.WriteFile(fake, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		t.Setenv("MUNICAT_MINIO_BIN", "")
		t.Setenv("PATH", dir)
		if got, err := FindBinary(); err != nil || got != fake {
			t.Errorf("FindBinary() = %q, %v, want %q", got, err, fake)
		}
	})
}
