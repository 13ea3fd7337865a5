package bench

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"time"

	"github.com/municat/municat/bench/standin"
	"github.com/municat/municat/bench/synth"
	"github.com/municat/municat/store/s3"
)

// minioReadyTimeout caps MinIO's start.
const minioReadyTimeout = 60 * time.Second

// minio runs the second configuration: MinIO as the store. It harvests the
// CKAN stand-in (MinION datasets, N if 0) and exports them as Turtle.
func (r *runner) minio(ctx context.Context) error {
	if r.MinIO == "" {
		r.note("MinIO configuration skipped: %s", cmp.Or(r.MinIOSkipped, "no minio binary"))
		return nil
	}
	store, stop, err := r.startMinIO(ctx)
	if err != nil {
		return err
	}
	defer stop()
	n := cmp.Or(r.MinION, r.N)
	ckan := httptest.NewServer(standin.CKAN(synth.Generator{N: n, Seed: r.Seed}))
	defer ckan.Close()
	cfg, err := r.writeConfig("s3-ckan", Config{S3: store, Sources: []Source{{ID: "bench-ckan", Type: "ckan", URL: ckan.URL}}})
	if err != nil {
		return err
	}
	if err := r.harvest(ctx, cfg, "bench-ckan", "minio.harvest.ckan", "minio-harvest-ckan", n); err != nil {
		return err
	}
	s, _, err := r.startServe(ctx, cfg, "minio-serve")
	if err != nil {
		return err
	}
	defer s.Stop(stopTimeout)
	rate, err := r.export(ctx, s.base, "ttl", n)
	if err != nil {
		return err
	}
	r.figures.Add("minio.export.ttl.rate", rate, UnitDatasets, "every page of /catalog.ttl, MinIO store")
	return s.Stop(stopTimeout)
}

// startMinIO starts MinIO with its files in the work directory and waits
// until it accepts signed requests (s3.Open succeeds, which also makes the
// bucket).
func (r *runner) startMinIO(ctx context.Context) (*S3, func(), error) {
	dir, err := r.dir("minio")
	if err != nil {
		return nil, nil, err
	}
	addr, err := FreeAddr()
	if err != nil {
		return nil, nil, err
	}
	console, err := FreeAddr()
	if err != nil {
		return nil, nil, err
	}
	secret := make([]byte, 16)
	rand.Read(secret)
	store := &S3{Endpoint: addr, Bucket: "municat-bench", AccessKey: "municat-bench", SecretKey: hex.EncodeToString(secret)}
	p, err := StartProcess(r.MinIO, []string{"server", "--address", addr, "--console-address", console, "--certs-dir", filepath.Join(dir, "certs"), "--quiet", filepath.Join(dir, "data")},
		[]string{"MINIO_ROOT_USER=" + store.AccessKey, "MINIO_ROOT_PASSWORD=" + store.SecretKey, "MINIO_BROWSER=off", "MINIO_UPDATE=off"})
	if err != nil {
		return nil, nil, err
	}
	stop := func() { p.Stop(10 * time.Second) }
	deadline := time.Now().Add(minioReadyTimeout)
	for {
		tryCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
		st, err := s3.Open(tryCtx, s3.Config{Endpoint: addr, Bucket: store.Bucket, AccessKey: store.AccessKey, SecretKey: store.SecretKey})
		cancel()
		if err == nil {
			st.Close()
			return store, stop, nil
		}
		if time.Now().After(deadline) {
			stop()
			return nil, nil, fmt.Errorf("MinIO on %s not ready after %v: %v\n%s", addr, minioReadyTimeout, err, p.Output())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
