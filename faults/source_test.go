package faults

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/ckantest"
)

// sourceID is the id of the CKAN source of every test.
const sourceID = "faults-ckan"

// ckanSource is a loopback CKAN portal whose answers can be slowed down.
type ckanSource struct {
	*ckantest.Server
	delay atomic.Int64 // per request, in nanoseconds
}

// newCKAN starts a CKAN portal holding the fixture packages and n made-up
// ones with notes of noteSize bytes, rows packages per search page.
func newCKAN(t *testing.T, n, rows, noteSize int) *ckanSource {
	t.Helper()
	s := &ckanSource{Server: ckantest.New(t)}
	s.SetMaxRows(rows)
	s.OnRequest(func(int) { time.Sleep(time.Duration(s.delay.Load())) })
	s.add(t, 0, n, noteSize)
	return s
}

// add puts the made-up packages from..to-1 (see newCKAN).
func (s *ckanSource) add(t *testing.T, from, to, noteSize int) {
	t.Helper()
	var base map[string]any
	if err := json.Unmarshal(ckantest.MustPackages(t)[0], &base); err != nil {
		t.Fatal(err)
	}
	for i := from; i < to; i++ {
		p := map[string]any{}
		for k, v := range base {
			p[k] = v
		}
		p["id"] = fmt.Sprintf("faults-%04d", i)
		p["name"] = fmt.Sprintf("faults-datensatz-%04d", i)
		p["title"] = fmt.Sprintf("Fehlertest Datensatz %d", i)
		p["notes"] = fmt.Sprintf("Datensatz %d des Fehlertests. ", i) + strings.Repeat("Lorem ipsum dolor sit amet. ", noteSize/28+1)[:noteSize]
		p["metadata_created"] = fmt.Sprintf("2025-01-01T00:%02d:%02d.000000", i/60%60, i%60)
		p["metadata_modified"] = p["metadata_created"]
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Put(b); err != nil {
			t.Fatal(err)
		}
	}
}

// setDelay makes every request of the portal wait d.
func (s *ckanSource) setDelay(d time.Duration) { s.delay.Store(int64(d)) }

// datasetIDs returns the catalogue ids of the packages the portal holds.
func (s *ckanSource) datasetIDs() []string {
	var ids []string
	for _, id := range s.IDs() {
		ids = append(ids, municat.DatasetID(sourceID, id))
	}
	return ids
}

// writeConfig writes a configuration with one organisation and the CKAN
// source at url harvested on schedule ("" for by hand only), and returns
// its path.
func writeConfig(t *testing.T, url, schedule string) string {
	t.Helper()
	sched := ""
	if schedule != "" {
		sched = fmt.Sprintf("    schedule: %q\n", schedule)
	}
	yaml := fmt.Sprintf(`organizations:
  - id: testland
    name: Testland
api:
  rate_limit:
    reads: -1
    writes: -1
harvest:
  host_delay: 1ms
  host_connections: 2
sources:
  - id: %s
    type: ckan
    url: %s
    organization: testland
%s`, sourceID, url, sched)
	path := filepath.Join(t.TempDir(), "municat.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// baseEnv returns the MUNICAT_* variables every process gets: its own data
// directory, loopback harvesting allowed, short leases, merged with more.
func baseEnv(t *testing.T, more ...map[string]string) map[string]string {
	env := map[string]string{
		"MUNICAT_DATA_DIR":           t.TempDir(),
		"MUNICAT_HARVEST_ALLOW_NETS": "127.0.0.0/8",
		"MUNICAT_LEASE_TTL":          leaseTTL.String(),
		"MUNICAT_FOLLOW_INTERVAL":    "1s",
		"MUNICAT_LOG_LEVEL":          "info",
	}
	for _, m := range more {
		for k, v := range m {
			env[k] = v
		}
	}
	return env
}

// leaseTTL is the lease time of every process (MUNICAT_LEASE_TTL).
const leaseTTL = 3 * time.Second
