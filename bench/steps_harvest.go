package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"path/filepath"

	"github.com/municat/municat"
	"github.com/municat/municat/bench/standin"
	"github.com/municat/municat/indexer"
)

// dcatPageSize is the page size of the DCAT stand-in.
const dcatPageSize = 100

// fsSteps runs the steps on the fs store: harvest from both stand-ins,
// reindex, then serve the CKAN-harvested directory for cold start, memory,
// export and search load.
func (r *runner) fsSteps(ctx context.Context) error {
	ckan := httptest.NewServer(standin.CKAN(r.gen))
	defer ckan.Close()
	dcatSrv := httptest.NewServer(standin.DCAT(r.gen, dcatPageSize))
	defer dcatSrv.Close()

	ckanCfg, err := r.writeConfig("fs-ckan", Config{Sources: []Source{{ID: "bench-ckan", Type: "ckan", URL: ckan.URL}}})
	if err != nil {
		return err
	}
	if err := r.harvest(ctx, ckanCfg, "bench-ckan", "harvest.ckan.fs", "harvest-ckan", r.N); err != nil {
		return err
	}
	dcatCfg, err := r.writeConfig("fs-dcat", Config{Sources: []Source{{ID: "bench-dcat", Type: "dcat", URL: dcatSrv.URL + "/catalog.ttl"}}})
	if err != nil {
		return err
	}
	if err := r.harvest(ctx, dcatCfg, "bench-dcat", "harvest.dcat.fs", "harvest-dcat", r.N); err != nil {
		return err
	}
	if err := r.reindex(ctx, ckanCfg); err != nil {
		return err
	}
	return r.serveAndMeasure(ctx, ckanCfg)
}

// writeConfig writes a configuration with a fresh data directory and a free
// listen address into the work directory and returns its path.
func (r *runner) writeConfig(name string, c Config) (string, error) {
	dir, err := r.dir(name)
	if err != nil {
		return "", err
	}
	if c.Listen == "" {
		if c.Listen, err = FreeAddr(); err != nil {
			return "", err
		}
	}
	c.DataDir = filepath.Join(dir, "data")
	path := filepath.Join(dir, "municat.yaml")
	return path, c.Write(path)
}

// harvest times `municat harvest` of one source (harvested and indexed when
// it exits) and checks from its JSON summary that all N datasets were added.
func (r *runner) harvest(ctx context.Context, cfg, source, figure, profile string, n int) error {
	r.logf("   municat harvest %s (%d datasets)", source, n)
	elapsed, out, err := RunTimed(ctx, r.bin, []string{"harvest", "--config", cfg, source}, r.profileEnv(profile))
	if err != nil {
		return err
	}
	var sum municat.RunSummary
	if err := json.Unmarshal([]byte(LastLine(out)), &sum); err != nil {
		return fmt.Errorf("harvest %s: last line is no run summary: %q", source, LastLine(out))
	}
	if sum.Status != municat.RunSucceeded || sum.Added != n {
		return fmt.Errorf("harvest %s: status %s, %d added, %d failed, want %d added (%s)", source, sum.Status, sum.Added, sum.Failed, n, LastLine(out))
	}
	r.figures.Add(figure+".rate", float64(n)/elapsed.Seconds(), UnitDatasets, fmt.Sprintf("%d datasets harvested and searchable, %s", n, source))
	r.figures.Add(figure+".seconds", elapsed.Seconds(), UnitSeconds, "wall time of `municat harvest "+source+"`")
	r.logf("   %s: %.1f s, %.0f datasets/s", source, elapsed.Seconds(), float64(n)/elapsed.Seconds())
	return nil
}

// reindex times `municat reindex` (a rebuild of the index from the store).
func (r *runner) reindex(ctx context.Context, cfg string) error {
	elapsed, out, err := RunTimed(ctx, r.bin, []string{"reindex", "--config", cfg}, r.profileEnv("reindex"))
	if err != nil {
		return err
	}
	var st indexer.Stats
	if err := json.Unmarshal([]byte(LastLine(out)), &st); err != nil || st.Indexed != r.N {
		return fmt.Errorf("reindex: indexed %d of %d (%q)", st.Indexed, r.N, LastLine(out))
	}
	r.figures.Add("reindex.rate", float64(r.N)/elapsed.Seconds(), UnitDocuments, "`municat reindex`, rebuild from the fs store")
	r.figures.Add("reindex.seconds", elapsed.Seconds(), UnitSeconds, "")
	return nil
}
