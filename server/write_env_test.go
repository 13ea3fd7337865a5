package server_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/ckan"
	"github.com/municat/municat/indexer"
	"github.com/municat/municat/internal/apitest"
	"github.com/municat/municat/internal/ckantest"
	"github.com/municat/municat/internal/syncbuf"
	"github.com/municat/municat/publish"
	"github.com/municat/municat/search/bleve"
	"github.com/municat/municat/server"
	"github.com/municat/municat/sources"
	"github.com/municat/municat/store/fs"
)

// The organisations of the write tests: A owns the fixture, B is the
// other municipality whose tokens must not touch A's data.
const (
	orgA = "stadt-a"
	orgB = "stadt-b"
)

// The fixture datasets of organisation A.
const (
	publishedID = "baeume"  // published, with an uploaded file in distribution "csv"
	draftID     = "entwurf" // draft, with a file
	scheduledID = "geplant" // scheduled for next year
	laterID     = "spaeter" // published; its distribution "csv" has a version scheduled for later
	sourceA     = "a-ckan"  // organisation A's harvest source
	sourceB     = "b-ckan"  // organisation B's harvest source
	fileCSV     = "baum;art\n1;Linde\n"
)

// writeEnv is a server with the write API over a real file store, Bleve
// index, auth, publish and sources services.
type writeEnv struct {
	app     *fiber.App
	store   *fs.Store
	catalog *catalog.Catalog
	index   *bleve.Index
	auth    *auth.Service
	publish *publish.Service
	routes  *auth.Router
	ckan    *ckantest.Server
	tempDir string
	logs    *syncbuf.Buffer
	// tokens are the secrets of the fixture tokens: "a-editor", "a-admin",
	// "b-editor", "b-admin" and "revoked" (an A admin token, revoked).
	tokens map[string]string
	// version is the id of the scheduled version of laterID.
	version string
}

// writeOptions change the environment of one test.
type writeOptions struct {
	// maxUpload is publish's upload limit (its default if 0).
	maxUpload int64
}

// MustWriteEnv returns the write environment with its fixture.
func MustWriteEnv(tb testing.TB, o writeOptions) *writeEnv {
	tb.Helper()
	ctx := context.Background()
	st, err := fs.Open(tb.TempDir())
	MustOK(tb, err)
	tb.Cleanup(func() { st.Close() })
	idx, err := bleve.NewMemory()
	MustOK(tb, err)
	tb.Cleanup(func() { idx.Close() })
	cat := catalog.New(st)
	logs := &syncbuf.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e := &writeEnv{store: st, catalog: cat, index: idx, logs: logs, tempDir: tb.TempDir(), tokens: map[string]string{}}

	for _, org := range []*municat.Organization{{ID: orgA, Name: "Stadt A"}, {ID: orgB, Name: "Stadt B"}} {
		MustOK(tb, cat.PutOrganization(ctx, org))
	}
	e.ckan = ckantest.New(tb)
	for _, src := range []*municat.Source{
		{ID: sourceA, Type: municat.SourceCKAN, URL: e.ckan.URL, Organization: orgA, Schedule: "0 3 * * *"},
		{ID: sourceB, Type: municat.SourceCKAN, URL: e.ckan.URL, Organization: orgB},
	} {
		MustOK(tb, cat.PutSource(ctx, src))
	}
	e.putFixtureDatasets(tb)

	e.auth, err = auth.New(ctx, auth.Config{Catalog: cat, Logger: log})
	MustOK(tb, err)
	for _, spec := range []struct {
		name string
		org  string
		role municat.Role
	}{{"a-editor", orgA, municat.RoleEditor}, {"a-admin", orgA, municat.RoleAdmin}, {"b-editor", orgB, municat.RoleEditor}, {"b-admin", orgB, municat.RoleAdmin}, {"revoked", orgA, municat.RoleAdmin}} {
		secret, tok, err := e.auth.CreateToken(ctx, auth.TokenSpec{Organization: spec.org, Role: spec.role, Name: spec.name})
		MustOK(tb, err)
		e.tokens[spec.name] = secret
		if spec.name == "revoked" {
			_, err := e.auth.RevokeToken(ctx, nil, tok.ID)
			MustOK(tb, err)
		}
	}
	e.publish = publish.New(publish.Config{Catalog: cat, Indexer: indexer.New(cat, idx, log), Logger: log, MaxUpload: o.maxUpload, TempDir: e.tempDir})
	runner := &harvester.Runner{Catalog: cat, Fetchers: map[string]harvester.Fetcher{municat.SourceCKAN: &ckan.Fetcher{Backoff: time.Millisecond}}, Logger: log}
	srcs := sources.New(sources.Config{Catalog: cat, Runner: runner, Logger: log})
	e.routes = e.auth.NewRouter()
	e.app = server.New(server.Config{
		Catalog: cat, Index: idx, BaseURL: testBaseURL, Logger: log,
		Auth: e.auth, Routes: e.routes, Publish: e.publish, Sources: srcs, TempDir: e.tempDir,
	})
	return e
}

// putFixtureDatasets writes organisation A's datasets and their files and
// indexes the published ones.
func (e *writeEnv) putFixtureDatasets(tb testing.TB) {
	tb.Helper()
	ctx := context.Background()
	next := time.Now().AddDate(1, 0, 0).UTC().Truncate(time.Minute)
	var listed []*municat.Dataset
	for _, d := range []*municat.Dataset{
		{ID: publishedID, State: municat.Published},
		{ID: draftID, State: municat.Draft},
		{ID: scheduledID, State: municat.Scheduled, PublishAt: &next},
		{ID: laterID, State: municat.Published},
	} {
		d.Title = municat.Text{"de": "Datensatz " + d.ID}
		d.Description = municat.Text{"de": "Beschreibung von " + d.ID}
		d.Organization, d.License = orgA, "dl-by-de/2.0"
		key, err := e.catalog.PutFile(ctx, d.ID, "csv", d.ID+".csv", strings.NewReader(fileCSV), int64(len(fileCSV)), "text/csv")
		MustOK(tb, err)
		v := municat.FileVersion{ID: "0123456789abcdef", Key: key, SHA256: "0123456789abcdef" + strings.Repeat("0", 48), ByteSize: int64(len(fileCSV)), MediaType: "text/csv", Stored: time.Now().UTC()}
		dist := municat.Distribution{ID: "csv", Title: municat.Text{"de": "CSV"}, Format: "CSV", MediaType: "text/csv", FileKey: key, Versions: []municat.FileVersion{v}}
		if d.ID == laterID {
			later := "baum;art\n1;Linde\n2;Eiche\n"
			lkey := catalog.FileVersionKey(d.ID, "csv", "fedcba9876543210", "neu.csv")
			MustOK(tb, e.store.Put(ctx, lkey, strings.NewReader(later), int64(len(later)), "text/csv"))
			dist.Versions = append(dist.Versions, municat.FileVersion{ID: "fedcba9876543210", Key: lkey, SHA256: "fedcba9876543210" + strings.Repeat("0", 48),
				ByteSize: int64(len(later)), MediaType: "text/csv", Stored: time.Now().UTC(), PublishAt: &next})
			e.version = "fedcba9876543210"
		}
		d.Distributions = []municat.Distribution{dist}
		MustOK(tb, e.catalog.PutDataset(ctx, d))
		if d.Listed() {
			listed = append(listed, d)
		}
	}
	MustOK(tb, e.index.Index(ctx, listed...))
}

// request is one request of a write test.
type request struct {
	method, target string
	// token names a fixture token ("" = anonymous).
	token string
	// contentType and body are sent as given.
	contentType string
	body        io.Reader
	// header are further header pairs.
	header []string
}

// do sends r through app.Test and returns the response and its body.
func (e *writeEnv) do(tb testing.TB, r request) (*http.Response, []byte) {
	tb.Helper()
	req := httptest.NewRequest(r.method, r.target, r.body)
	if r.token != "" {
		secret, ok := e.tokens[r.token]
		if !ok {
			secret = r.token
		}
		req.Header.Set("Authorization", "Bearer "+secret)
	}
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	for i := 0; i+1 < len(r.header); i += 2 {
		req.Header.Set(r.header[i], r.header[i+1])
	}
	resp, err := e.app.Test(req, -1)
	if err != nil {
		tb.Fatalf("%s %s: %v", r.method, r.target, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	MustOK(tb, err)
	apitest.Validate(tb, req, resp, body)
	return resp, body
}

// MustStatus sends r and fails unless the answer has status want; it
// decodes a JSON answer into v (if not nil).
func (e *writeEnv) MustStatus(tb testing.TB, r request, want int, v any) *http.Response {
	tb.Helper()
	resp, body := e.do(tb, r)
	if resp.StatusCode != want {
		tb.Fatalf("%s %s (%s): status %d, want %d; body %s", r.method, r.target, r.token, resp.StatusCode, want, body)
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			tb.Fatalf("%s %s: decode %s: %v", r.method, r.target, body, err)
		}
	}
	return resp
}

// MustProblem sends r and checks that the answer is a problem with status
// want.
func (e *writeEnv) MustProblem(tb testing.TB, r request, want int) server.Problem {
	tb.Helper()
	var p server.Problem
	resp := e.MustStatus(tb, r, want, &p)
	if ct := resp.Header.Get("Content-Type"); ct != server.ProblemContentType {
		tb.Errorf("%s %s: Content-Type %q", r.method, r.target, ct)
	}
	if p.Status != want || p.Title == "" || p.Detail == "" {
		tb.Errorf("%s %s: incomplete problem %+v", r.method, r.target, p)
	}
	return p
}

// storeKeys returns every key of the store, sorted.
func (e *writeEnv) storeKeys(tb testing.TB) []string {
	tb.Helper()
	var keys []string
	MustOK(tb, e.store.List(context.Background(), "", func(o municat.ObjectInfo) error {
		if !strings.HasPrefix(o.Key, catalog.TokensPrefix) && !strings.HasPrefix(o.Key, catalog.AuditPrefix) {
			keys = append(keys, o.Key)
		}
		return nil
	}))
	slices.Sort(keys)
	return keys
}

// fieldNames returns the field paths of a problem.
func fieldNames(p server.Problem) []string {
	out := make([]string, len(p.Fields))
	for i, f := range p.Fields {
		out[i] = f.Field
	}
	return out
}
