package faults

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

// runRecord is a run record as stored, with the tick of a scheduled run.
type runRecord struct {
	municat.Run
	// Scheduled is the schedule tick that started the run (RFC 3339), ""
	// for a run by hand.
	Scheduled string `json:"scheduled"`
}

// readRuns returns the run records of the source, oldest first.
func readRuns(t *testing.T, st municat.Store) ([]runRecord, error) {
	t.Helper()
	ctx := timeout(t, 30*time.Second)
	var keys []string
	err := st.List(ctx, catalog.RunsPrefix+sourceID+"/", func(o municat.ObjectInfo) error {
		if strings.HasSuffix(o.Key, ".json") {
			keys = append(keys, o.Key)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var runs []runRecord
	for _, k := range keys {
		var r runRecord
		if err := getJSON(t, st, k, &r); err != nil {
			return nil, err
		}
		runs = append(runs, r)
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].ID < runs[j].ID })
	return runs, nil
}

// getJSON reads the object at key into v.
func getJSON(t *testing.T, st municat.Store, key string, v any) error {
	rc, _, err := st.Get(timeout(t, 30*time.Second), key)
	if err != nil {
		return err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return fmt.Errorf("read %s: %w", key, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s does not parse: %w", key, err)
	}
	return nil
}

// checkObjects reads every object of the store: every JSON object must
// parse, every dataset record must be a dataset with its id. It returns
// how many objects it read.
func checkObjects(t *testing.T, st municat.Store) int {
	t.Helper()
	var keys []string
	if err := st.List(timeout(t, 60*time.Second), "", func(o municat.ObjectInfo) error {
		keys = append(keys, o.Key)
		return nil
	}); err != nil {
		t.Fatalf("list the store: %v", err)
	}
	for _, k := range keys {
		switch {
		case strings.HasPrefix(k, catalog.DatasetsPrefix) && strings.HasSuffix(k, ".json"):
			var d municat.Dataset
			if err := getJSON(t, st, k, &d); err != nil {
				t.Errorf("dataset record: %v", err)
			} else if catalog.DatasetKey(d.ID) != k {
				t.Errorf("%s holds dataset %q", k, d.ID)
			}
		case strings.HasSuffix(k, ".json"):
			var v any
			if err := getJSON(t, st, k, &v); err != nil {
				t.Errorf("JSON object: %v", err)
			}
		default:
			rc, _, err := st.Get(timeout(t, 30*time.Second), k)
			if err == nil {
				_, err = io.Copy(io.Discard, rc)
				rc.Close()
			}
			if err != nil {
				t.Errorf("read %s: %v", k, err)
			}
		}
	}
	return len(keys)
}

// publishedIDs returns the ids of the published datasets in the store.
func publishedIDs(t *testing.T, st municat.Store) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	var keys []string
	if err := st.List(timeout(t, 60*time.Second), catalog.DatasetsPrefix, func(o municat.ObjectInfo) error {
		keys = append(keys, o.Key)
		return nil
	}); err != nil {
		t.Fatalf("list the datasets: %v", err)
	}
	for _, k := range keys {
		var d municat.Dataset
		if err := getJSON(t, st, k, &d); err != nil {
			t.Errorf("dataset record: %v", err)
			continue
		}
		if d.State == municat.Published {
			ids[d.ID] = true
		}
	}
	return ids
}

// searchPage is one answer of GET /api/v1/datasets.
type searchPage struct {
	Total int `json:"total"`
	Items []struct {
		ID string `json:"id"`
	} `json:"items"`
}

// search returns the total and the ids of a search of p.
func (p *proc) search(query string) (int, []string, error) {
	var page searchPage
	if err := p.getJSON("/api/v1/datasets?"+query, &page); err != nil {
		return 0, nil, err
	}
	ids := make([]string, len(page.Items))
	for i, it := range page.Items {
		ids[i] = it.ID
	}
	return page.Total, ids, nil
}

// searchAll returns the ids of all datasets search finds (at most 1000).
func (p *proc) searchAll() (map[string]bool, error) {
	ids := map[string]bool{}
	for page := 1; page <= 10; page++ {
		total, got, err := p.search(url.Values{"per_page": {"100"}, "page": {fmt.Sprint(page)}}.Encode())
		if err != nil {
			return nil, err
		}
		for _, id := range got {
			ids[id] = true
		}
		if len(ids) >= total || len(got) == 0 {
			break
		}
	}
	return ids, nil
}

// lastRun returns the newest run, or nil.
func lastRun(runs []runRecord) *runRecord {
	if len(runs) == 0 {
		return nil
	}
	return &runs[len(runs)-1]
}

// describeRuns sums runs up for a failure message.
func describeRuns(runs []runRecord) string {
	var b strings.Builder
	for _, r := range runs[max(0, len(runs)-8):] {
		fmt.Fprintf(&b, "\n  %s %s pages=%d sched=%q err=%q", r.ID, r.Status, r.Pages, r.Scheduled, r.Error)
	}
	return fmt.Sprintf("%d runs, the last:%s", len(runs), b.String())
}
