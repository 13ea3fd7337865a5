package main

import (
	"encoding/json"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/municat/municat/internal/ckantest"
	"github.com/municat/municat/internal/miniotest"
	"github.com/municat/municat/server"
)

// startMinIO starts a MinIO server of the test's own, which the test may
// stop, or skips the test without a minio binary (fails with
// MUNICAT_REQUIRE_MINIO=1).
func startMinIO(t *testing.T) *miniotest.Server {
	t.Helper()
	bin, err := miniotest.FindBinary()
	if err != nil {
		if os.Getenv("MUNICAT_REQUIRE_MINIO") == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	srv, err := miniotest.StartServer(bin, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	return srv
}

// waitJSON polls path on s until ok accepts the status and decoded answer,
// for up to 30 s.
func waitJSON[T any](t *testing.T, s *testServer, path, what string, ok func(status int, v T) bool) T {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var v T
		status := getJSON(s.base+path, &v)
		if ok(status, v) {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("not within 30 s: %s (last: %d %+v)\n%s", what, status, v, s.logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestScaleOutOnMinIO runs the roles as separate servers on one MinIO
// bucket: a server with its own Bleve index shows what another process
// harvested (through the change log), a harvester serves only the health
// checks, and when MinIO stops the server stays ready as "degraded" while
// the harvester, which cannot work without the store, is unavailable.
func TestScaleOutOnMinIO(t *testing.T) {
	minio := startMinIO(t)
	access, secret := minio.Credentials()
	shared := env{
		"MUNICAT_STORE_TYPE": "s3", "MUNICAT_S3_ENDPOINT": minio.Addr(), "MUNICAT_S3_BUCKET": "municat",
		"MUNICAT_S3_ACCESS_KEY": access, "MUNICAT_S3_SECRET_KEY": secret,
		"MUNICAT_FOLLOW_INTERVAL": "100ms",
	}
	ckan := ckantest.New(t)
	config := ckanConfig(t, ckan.URL)
	web := startServe(t, shared.with(env{"MUNICAT_DATA_DIR": t.TempDir()}), time.Minute, "--config", config, "--role", "server")
	harvester := startServe(t, shared.with(env{"MUNICAT_DATA_DIR": t.TempDir()}), time.Minute, "--config", config, "--role", "harvester")

	// `municat harvest` is a third process, with an index of its own.
	n := len(ckan.IDs())
	if s, r := mustHarvest(t, shared.with(env{"MUNICAT_DATA_DIR": t.TempDir()}), config, "ckan-test"); r.code != 0 || s.Added != n {
		t.Fatalf("harvest: exit %d, %+v, want %d added\n%s", r.code, s, n, r.stderr)
	}
	start := time.Now()
	waitJSON(t, web, "/api/v1/datasets?per_page=100", "the server's index shows the datasets harvested elsewhere", func(status int, p searchPage) bool {
		return status == http.StatusOK && p.Total == n
	})
	t.Logf("the server's index had the %d datasets %v after the harvest", n, time.Since(start).Round(time.Millisecond))

	// The harvester serves the health checks only.
	var h server.HealthResponse
	harvester.mustGetJSON(t, "/healthz", http.StatusOK, &h)
	harvester.mustGetJSON(t, "/readyz", http.StatusOK, &h)
	if h.Status != "ready" {
		t.Errorf("harvester /readyz = %+v", h)
	}
	if status := getJSON(harvester.base+"/api/v1/datasets", &struct{}{}); status != http.StatusNotFound {
		t.Errorf("harvester GET /api/v1/datasets = %d, want 404", status)
	}

	minio.Stop()
	got := waitJSON(t, web, "/readyz", "the server is degraded without its store", func(status int, h server.HealthResponse) bool {
		return status == http.StatusOK && h.Status == "degraded"
	})
	if got.Error == "" || got.Error[:6] != "store:" {
		t.Errorf("degraded /readyz error = %q, want it to name the store", got.Error)
	}
	web.mustGetJSON(t, "/api/v1/datasets?per_page=1", http.StatusOK, &searchPage{})
	waitJSON(t, harvester, "/readyz", "the harvester is unavailable without its store", func(status int, h server.HealthResponse) bool {
		return status == http.StatusServiceUnavailable && h.Status == "unavailable"
	})
}

// getJSON GETs url and decodes a JSON answer into v; it returns the status
// (0 if the request failed).
func getJSON(url string, v any) int {
	resp, err := http.Get(url)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	_ = json.NewDecoder(resp.Body).Decode(v)
	return resp.StatusCode
}
