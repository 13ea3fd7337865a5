package bench

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/municat/municat/internal/weblink"
	"github.com/municat/municat/server"
)

// Limits of the serve steps.
const (
	readyTimeout = 10 * time.Minute // a 1M index may take long to open
	stopTimeout  = time.Minute      // profiles are written at exit
	idleWait     = 2 * time.Second
)

// serveProcess is a running `municat serve`.
type serveProcess struct {
	*Process
	base string // http://host:port
}

// startServe starts `municat serve` with cfg (and extra arguments) and
// waits until /readyz answers 200; it returns the time to ready.
func (r *runner) startServe(ctx context.Context, cfg, profile string, extra ...string) (*serveProcess, time.Duration, error) {
	listen, err := listenOf(cfg)
	if err != nil {
		return nil, 0, err
	}
	p, err := StartProcess(r.bin, append([]string{"serve", "--config", cfg}, extra...), r.profileEnv(profile))
	if err != nil {
		return nil, 0, err
	}
	s := &serveProcess{Process: p, base: "http://" + listen}
	ready, err := p.WaitReady(ctx, s.base+"/readyz", readyTimeout)
	if err != nil {
		p.Stop(stopTimeout)
		return nil, 0, err
	}
	return s, ready, nil
}

// serveAndMeasure serves the harvested catalogue and measures cold start,
// idle memory, the export and the search load.
func (r *runner) serveAndMeasure(ctx context.Context, cfg string) error {
	s, ready, err := r.startServe(ctx, cfg, "serve")
	if err != nil {
		return err
	}
	defer s.Stop(stopTimeout)
	r.figures.Add("serve.cold_start", float64(ready.Microseconds())/1000, UnitMillis, "exec to first 200 of /readyz, existing index")
	time.Sleep(cmp.Or(r.IdleWait, idleWait))
	rss, err := s.MemoryMB("VmRSS")
	if err != nil {
		return err
	}
	r.figures.Add("serve.idle_rss", rss, UnitMB, "VmRSS after ready and 2 s idle")
	for _, format := range []string{"ttl", "rdf"} {
		rate, err := r.export(ctx, s.base, format, r.N)
		if err != nil {
			return err
		}
		r.figures.Add("export."+format+".rate", rate, UnitDatasets, "every page of /catalog."+format+", per_page=1000")
	}
	peak, err := s.MemoryMB("VmHWM")
	if err != nil {
		return err
	}
	r.figures.Add("export.peak_rss", peak, UnitMB, "VmHWM of the server after the export")
	if err := r.searchLoad(ctx, s.base); err != nil {
		return err
	}
	r.client.CloseIdleConnections() // a graceful shutdown need not wait for them
	return s.Stop(stopTimeout)
}

// datasetMarks are what starts each dataset in the export formats.
var datasetMarks = map[string][]byte{
	"ttl": []byte("> a dcat:Dataset ;"),
	"rdf": []byte("<dcat:Dataset rdf:about="),
}

// export fetches every page of /catalog.<format>, following the Link
// header's next link, counts the datasets and returns datasets per second.
func (r *runner) export(ctx context.Context, base, format string, n int) (float64, error) {
	next := fmt.Sprintf("%s/catalog.%s?per_page=%d", base, format, server.MaxCatalogPerPage)
	count, pages := 0, 0
	start := time.Now()
	for next != "" {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, next, nil)
		if err != nil {
			return 0, err
		}
		resp, err := r.client.Do(req)
		if err != nil {
			return 0, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return 0, err
		}
		if resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("GET %s: status %d", next, resp.StatusCode)
		}
		count += bytes.Count(body, datasetMarks[format])
		pages++
		next = ""
		links, _ := weblink.Parse(resp.Header.Get("Link"))
		for _, l := range links {
			if l.Rel == weblink.Next {
				next = l.URL
			}
		}
	}
	elapsed := time.Since(start)
	if count != n {
		return 0, fmt.Errorf("export %s: %d datasets in %d pages, want %d", format, count, pages, n)
	}
	r.logf("   export %s: %d datasets in %d pages, %.1f s", format, count, pages, elapsed.Seconds())
	return float64(count) / elapsed.Seconds(), nil
}

// firstDatasets returns the first (up to 100) datasets that match the
// search parameters params.
func (r *runner) firstDatasets(ctx context.Context, base, params string) ([]server.DatasetSummary, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/datasets?per_page=100&"+params, nil)
	if err != nil {
		return nil, err
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var page server.SearchResponse
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil || resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /api/v1/datasets?%s: status %d, %v", params, resp.StatusCode, err)
	}
	if len(page.Items) == 0 {
		return nil, fmt.Errorf("GET /api/v1/datasets?%s: no datasets", params)
	}
	return page.Items, nil
}

// listenOf reads the listen address back from a configuration file the
// harness wrote.
func listenOf(cfg string) (string, error) {
	b, err := os.ReadFile(cfg)
	if err != nil {
		return "", err
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "listen: "); ok {
			return strings.Trim(strings.TrimSpace(v), `"`), nil
		}
	}
	return "", fmt.Errorf("%s names no listen address", cfg)
}
