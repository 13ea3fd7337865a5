package meili

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	taskPollInterval = 2 * time.Millisecond
	os.Exit(m.Run())
}

// fakeServer plays the Meilisearch HTTP API for the translation tests. It
// answers with the hand-written samples in testdata (see testdata/README.md)
// in their documented shapes, keeps just enough state (indexes with their
// settings and documents, tasks) to follow a sequence of requests, and
// records every request.
type fakeServer struct {
	t   testing.TB
	srv *httptest.Server

	mu       sync.Mutex
	key      string // the key requests must carry, "" for none
	version  string
	indexes  map[string]*fakeIndex
	tasks    map[int64]*fakeTask
	nextTask int64
	calls    []call
	// failType makes the next task of that type fail with the error of
	// testdata/task_failed.json.
	failType string
	// stuck keeps every task processing forever.
	stuck bool
	// hits, if set, are the ranked hits every search answers with, filtered
	// by filterHits if set; else searches answer testdata/search_page.json.
	hits       []fakeHit
	filterHits func(filter string, hits []fakeHit) []fakeHit
	facets     map[string]map[string]int
	// searchFail, if set, is the status and sample file a search answers.
	searchFail *fakeFailure
}

type fakeFailure struct {
	status int
	sample string
}

type fakeHit struct {
	id    string
	score float64
}

type fakeIndex struct {
	pk       string
	settings map[string]any
	docs     map[string]map[string]any
}

type fakeTask struct {
	uid         int64
	index, kind string
	polls       int
	fails       bool
	apply       func() map[string]any // applies the task; returns an error object if it fails
	err         map[string]any
}

// call is a recorded request; Body is the decoded JSON body, if any.
type call struct {
	Method, Path, Query string
	Body                any
}

func (c call) String() string { return c.Method + " " + c.Path }

func newFake(t testing.TB) *fakeServer {
	f := &fakeServer{t: t, version: "1.18.0", indexes: map[string]*fakeIndex{}, tasks: map[int64]*fakeTask{}}
	f.srv = httptest.NewServer(f)
	t.Cleanup(f.srv.Close)
	return f
}

// config returns a Config for the fake with short timeouts.
func (f *fakeServer) config() Config {
	return Config{URL: f.srv.URL, Key: f.key, Timeout: 2 * time.Second, TaskTimeout: 2 * time.Second}
}

// open opens an Index on the fake and fails t on error.
func (f *fakeServer) open(t testing.TB, cfg Config) *Index {
	t.Helper()
	x, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = x.Close() })
	return x
}

// addIndex creates an index in the fake's state, with the given documents.
func (f *fakeServer) addIndex(uid, pk string, settings map[string]any, docs ...map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ix := &fakeIndex{pk: pk, settings: settings, docs: map[string]map[string]any{}}
	if ix.settings == nil {
		ix.settings = map[string]any{}
	}
	for _, d := range docs {
		ix.docs[fmt.Sprint(d[pk])] = d
	}
	f.indexes[uid] = ix
}

// takeCalls returns the recorded requests except task polls and forgets them.
func (f *fakeServer) takeCalls() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.calls {
		if !strings.HasPrefix(c.Path, "/tasks/") {
			out = append(out, c)
		}
	}
	f.calls = nil
	return out
}

// index returns the fake's state of the index uid, or nil.
func (f *fakeServer) index(uid string) *fakeIndex {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.indexes[uid]
}

// sample reads a testdata file as a JSON object or array.
func (f *fakeServer) sample(name string) any {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		f.t.Fatalf("sample %s: %v", name, err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		f.t.Fatalf("sample %s: %v", name, err)
	}
	return v
}

func (f *fakeServer) object(name string) map[string]any { return f.sample(name).(map[string]any) }

func (f *fakeServer) reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeServer) notFound(w http.ResponseWriter, uid string) {
	e := f.object("error_index_not_found.json")
	e["message"] = "Index `" + uid + "` not found."
	f.reply(w, http.StatusNotFound, e)
}

// enqueue answers 202 with a summarised task that apply completes.
func (f *fakeServer) enqueue(w http.ResponseWriter, uid, kind string, apply func() map[string]any) {
	f.nextTask++
	t := &fakeTask{uid: f.nextTask, index: uid, kind: kind, apply: apply, fails: f.failType == kind}
	if t.fails {
		f.failType = ""
	}
	f.tasks[t.uid] = t
	s := f.object("task_enqueued.json")
	s["taskUid"], s["indexUid"], s["type"] = t.uid, uid, kind
	f.reply(w, http.StatusAccepted, s)
}

// ServeHTTP answers one request of the Meilisearch API.
func (f *fakeServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	var body any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &body); err != nil {
			f.t.Errorf("%s %s: body is no JSON: %v", r.Method, r.URL.Path, err)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call{r.Method, r.URL.Path, r.URL.RawQuery, body})
	if r.URL.Path != "/health" && f.key != "" {
		switch auth := r.Header.Get("Authorization"); {
		case auth == "":
			f.reply(w, http.StatusUnauthorized, f.sample("error_missing_authorization_header.json"))
			return
		case auth != "Bearer "+f.key:
			f.reply(w, http.StatusForbidden, f.sample("error_invalid_api_key.json"))
			return
		}
	}
	p := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	route := r.Method + " " + p[0]
	if len(p) > 2 {
		route += " " + strings.Join(p[2:], "/")
	} else if len(p) == 2 {
		route += " *"
	}
	switch route {
	case "GET health":
		f.reply(w, http.StatusOK, f.sample("health.json"))
	case "GET version":
		v := f.object("version.json")
		v["pkgVersion"] = f.version
		f.reply(w, http.StatusOK, v)
	case "GET indexes":
		f.listIndexes(w, r)
	case "POST indexes":
		m, _ := body.(map[string]any)
		uid, _ := m["uid"].(string)
		pk, _ := m["primaryKey"].(string)
		f.enqueue(w, uid, "indexCreation", func() map[string]any {
			if f.indexes[uid] != nil {
				return map[string]any{"message": "Index `" + uid + "` already exists.", "code": "index_already_exists", "type": "invalid_request", "link": "https://docs.meilisearch.com/errors#index_already_exists"}
			}
			f.indexes[uid] = &fakeIndex{pk: pk, settings: map[string]any{}, docs: map[string]map[string]any{}}
			return nil
		})
	case "POST swap-indexes":
		f.swap(w, body)
	case "GET tasks *":
		f.task(w, p[1])
	default:
		f.indexRoute(w, r, route, p, body)
	}
}
