package publish_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/indexer"
	"github.com/municat/municat/publish"
	"github.com/municat/municat/search/bleve"
	"github.com/municat/municat/store/fs"
)

// clock is a settable clock for the Service.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// env is a Service over a fresh fs store and an on-disk Bleve index.
type env struct {
	svc   *publish.Service
	cat   *catalog.Catalog
	idx   *bleve.Index
	clock *clock
	tmp   string // the upload temp dir
}

// quiet discards the log lines of the tests.
var quiet = slog.New(slog.DiscardHandler)

// start is the clock's first reading: 30 seconds into a minute.
var start = time.Date(2026, 3, 10, 9, 0, 30, 0, time.UTC)

// The principals of the tests.
var (
	anna   = &municat.Principal{Account: "anna", Name: "Anna Amt", Roles: map[string]municat.Role{"musterstadt": municat.RoleEditor}}
	bernd  = &municat.Principal{Account: "bernd", Name: "Bernd Nachbar", Roles: map[string]municat.Role{"nachbarort": municat.RoleEditor}}
	root   = &municat.Principal{Account: "root", Name: "Root", InstanceAdmin: true}
	robot  = &municat.Principal{TokenID: "0123456789abcdef", Name: "Fachverfahren", Roles: map[string]municat.Role{"musterstadt": municat.RoleAdmin}}
	nobody *municat.Principal
)

// newEnv returns an env with the organisations musterstadt and nachbarort.
// store wraps the fs store if not nil (to inject faults).
func newEnv(t testing.TB, maxUpload int64, wrap func(municat.Store) municat.Store) *env {
	t.Helper()
	st, err := fs.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	var store municat.Store = st
	if wrap != nil {
		store = wrap(st)
	}
	cat := catalog.New(store)
	idx, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idx.Close() })
	ctx := context.Background()
	for _, o := range []*municat.Organization{{ID: "musterstadt", Name: "Stadt Musterstadt"}, {ID: "nachbarort", Name: "Gemeinde Nachbarort"}} {
		if err := cat.PutOrganization(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	e := &env{cat: cat, idx: idx, clock: &clock{now: start}, tmp: t.TempDir()}
	e.svc = publish.New(publish.Config{
		Catalog:   cat,
		Indexer:   indexer.New(cat, idx, quiet),
		Logger:    quiet,
		Now:       e.clock.Now,
		MaxUpload: maxUpload,
		TempDir:   e.tmp,
	})
	return e
}

// input returns a dataset as a client sends it, valid for publishing.
func input(title string) *municat.Dataset {
	return &municat.Dataset{
		Title:        municat.Text{"de": title},
		Description:  municat.Text{"de": "Alle Straßenbäume mit Art und Pflanzjahr."},
		Organization: "musterstadt",
		License:      "dl-by-de/2.0",
		Keywords:     []string{"Bäume"},
		Themes:       []string{"ENVI"},
	}
}

// search returns the ids the index finds for text.
func (e *env) search(t testing.TB, text string) []string {
	t.Helper()
	res, err := e.idx.Search(context.Background(), municat.Query{Text: text, PerPage: 50})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// keys returns every key in the store with its size.
func (e *env) keys(t testing.TB) []string {
	t.Helper()
	var out []string
	err := e.cat.Store.List(context.Background(), "", func(o municat.ObjectInfo) error {
		if !strings.HasPrefix(o.Key, catalog.AuditPrefix) {
			out = append(out, o.Key)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// queue returns the keys of the publish queue.
func (e *env) queue(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, k := range e.keys(t) {
		if strings.HasPrefix(k, catalog.PublishPrefix) {
			out = append(out, k)
		}
	}
	return out
}

// audit returns the audit entries of the test's day, oldest first.
func (e *env) audit(t testing.TB) []*municat.AuditEntry {
	t.Helper()
	var out []*municat.AuditEntry
	err := e.cat.Audit(context.Background(), start.Add(-24*time.Hour), start.Add(48*time.Hour), func(a *municat.AuditEntry) bool {
		out = append(out, a)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(out)
	return out
}

// stored reads the dataset record with id.
func (e *env) stored(t testing.TB, id string) *municat.Dataset {
	t.Helper()
	d, err := e.cat.Dataset(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// read returns the content of the object at key.
func (e *env) read(t testing.TB, key string) string {
	t.Helper()
	r, _, err := e.cat.Store.Get(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// mustCreate creates a dataset and fails the test on error.
func (e *env) mustCreate(t testing.TB, p *municat.Principal, in *municat.Dataset) *municat.Dataset {
	t.Helper()
	d, err := e.svc.CreateDataset(context.Background(), p, in)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// wantCode fails the test unless err has the code.
func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := municat.ErrorCode(err); got != code {
		t.Fatalf("error code %q (%v), want %q", got, err, code)
	}
}

// fields returns the field paths of a *municat.ValidationError.
func fields(t testing.TB, err error) []string {
	t.Helper()
	var v *municat.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("error %v is no ValidationError", err)
	}
	var out []string
	for _, f := range v.Fields {
		if f.Message == "" {
			t.Errorf("field %s has no message", f.Field)
		}
		out = append(out, f.Field)
	}
	return out
}

// tempLeft returns the names of the files in the upload temp dir.
func (e *env) tempLeft(t testing.TB) []string {
	t.Helper()
	entries, err := os.ReadDir(e.tmp)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, en := range entries {
		out = append(out, en.Name())
	}
	return out
}

// newServiceWithClock returns a Service like e's with another clock.
func newServiceWithClock(e *env, now func() time.Time) *publish.Service {
	return publish.New(publish.Config{Catalog: e.cat, Indexer: indexer.New(e.cat, e.idx, quiet), Logger: quiet, Now: now, TempDir: e.tmp})
}
