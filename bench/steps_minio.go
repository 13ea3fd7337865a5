package bench

import (
	"cmp"
	"context"
	"net/http/httptest"

	"github.com/municat/municat/bench/standin"
	"github.com/municat/municat/bench/synth"
	"github.com/municat/municat/internal/miniotest"
)

// minio runs the second configuration: MinIO as the store. It harvests the
// CKAN stand-in (MinION datasets, N if 0) and exports them as Turtle.
func (r *runner) minio(ctx context.Context) error {
	if r.MinIO == "" {
		r.note("MinIO configuration skipped: %s", cmp.Or(r.MinIOSkipped, "no minio binary"))
		return nil
	}
	store, stop, err := r.startMinIO()
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

// startMinIO starts MinIO with its files in the work directory (see
// miniotest.StartServer; municat makes the bucket when it opens the store).
func (r *runner) startMinIO() (*S3, func(), error) {
	dir, err := r.dir("minio")
	if err != nil {
		return nil, nil, err
	}
	srv, err := miniotest.StartServer(r.MinIO, dir)
	if err != nil {
		return nil, nil, err
	}
	user, password := srv.Credentials()
	return &S3{Endpoint: srv.Addr(), Bucket: "municat-bench", AccessKey: user, SecretKey: password}, srv.Stop, nil
}
