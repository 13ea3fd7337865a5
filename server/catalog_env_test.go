package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/search/bleve"
	"github.com/municat/municat/server"

	"github.com/gofiber/fiber/v2"
)

// memStore is a municat.Store in memory, for catalogues too large to write
// to disk in a test.
type memStore struct {
	mu      sync.RWMutex
	objects map[string]memObject
}

type memObject struct {
	data []byte
	info municat.ObjectInfo
}

func newMemStore() *memStore { return &memStore{objects: map[string]memObject{}} }

func (s *memStore) Put(ctx context.Context, key string, r io.Reader, _ int64, contentType string) error {
	if err := municat.CheckKey(key); err != nil {
		return err
	}
	data, err := io.ReadAll(municat.ContextReader(ctx, r))
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.objects[key] = memObject{data, municat.ObjectInfo{Key: key, Size: int64(len(data)), Modified: time.Now(), ContentType: contentType}}
	return nil
}

func (s *memStore) Get(_ context.Context, key string) (io.ReadCloser, municat.ObjectInfo, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, ok := s.objects[key]
	if !ok {
		return nil, municat.ObjectInfo{}, municat.NotFound("object %q not found", key)
	}
	return io.NopCloser(bytes.NewReader(o.data)), o.info, nil
}

func (s *memStore) Stat(ctx context.Context, key string) (municat.ObjectInfo, error) {
	_, info, err := s.Get(ctx, key)
	return info, err
}

func (s *memStore) Delete(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.objects, key)
	return nil
}

func (s *memStore) List(_ context.Context, prefix string, fn func(municat.ObjectInfo) error) error {
	s.mu.RLock()
	var infos []municat.ObjectInfo
	for k, o := range s.objects {
		if strings.HasPrefix(k, prefix) {
			infos = append(infos, o.info)
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(infos, func(a, b municat.ObjectInfo) int { return strings.Compare(a.Key, b.Key) })
	for _, info := range infos {
		if err := fn(info); err != nil {
			return err
		}
	}
	return nil
}

func (s *memStore) Close() error { return nil }

// genEnv is a server over a generated catalogue in memory.
type genEnv struct {
	app     *fiber.App
	catalog *catalog.Catalog
	index   *bleve.Index
	ids     []string
	// searched, if set, is called after each search the server runs.
	searched atomic.Pointer[func()]
}

// hookedIndex calls the env's searched hook after each search, so that a
// test can tell the search of a request from the rest of it.
type hookedIndex struct {
	innerIndex
	env *genEnv
}

// innerIndex names the embedded index (a field named Index would hide the
// Index method).
type innerIndex = municat.Index

func (x hookedIndex) Search(ctx context.Context, q municat.Query) (*municat.SearchResult, error) {
	res, err := x.innerIndex.Search(ctx, q)
	if fn := x.env.searched.Load(); fn != nil {
		(*fn)()
	}
	return res, err
}

// genDataset returns generated dataset number i, with the fields a real
// municipal record has.
func genDataset(i int) *municat.Dataset {
	themes := []string{"ENVI", "TRAN", "ECON", "GOVE", "SOCI", "EDUC"}
	modified := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%2000)
	id := fmt.Sprintf("gen.datensatz-%05d", i)
	return &municat.Dataset{
		ID: id, Identifier: "https://quelle.example.org/dataset/" + id,
		Title:        municat.Text{"de": fmt.Sprintf("Messreihe %d der Stadtwerke", i), "en": fmt.Sprintf("Series %d", i)},
		Description:  municat.Text{"de": strings.Repeat(fmt.Sprintf("Beschreibung des Datensatzes %d mit Angaben zu Ort und Zeit. ", i), 4)},
		Keywords:     []string{"Messung", fmt.Sprintf("Reihe %d", i%50), "Umwelt"},
		Themes:       []string{themes[i%len(themes)]},
		Organization: "stadt-musterstadt",
		Publisher:    &municat.Agent{Name: municat.Text{"de": "Stadt Musterstadt"}, URI: "https://musterstadt.de"},
		ContactPoint: &municat.Contact{Name: "Open-Data-Team", Email: "opendata@musterstadt.de"},
		License:      "dl-by-de/2.0", AccessRights: municat.AccessPublic,
		Modified: &modified, Issued: &modified, Frequency: "ANNUAL", Languages: []string{"de"},
		Spatial: &municat.Spatial{Names: []string{"Musterstadt"}},
		Distributions: []municat.Distribution{
			{ID: "csv", Title: municat.Text{"de": "Daten als CSV"}, Format: "CSV", MediaType: "text/csv",
				AccessURL: fmt.Sprintf("https://quelle.example.org/%d.csv", i), DownloadURL: fmt.Sprintf("https://quelle.example.org/%d.csv", i),
				License: "dl-by-de/2.0", ByteSize: int64(1000 + i)},
			{ID: "json", Format: "JSON", AccessURL: fmt.Sprintf("https://quelle.example.org/api/%d", i), License: "dl-by-de/2.0"},
		},
		SourceID: "gen", State: municat.Published,
	}
}

// MustGenEnv returns a server over n generated datasets in a memory store
// and a memory index.
func MustGenEnv(tb testing.TB, n int) *genEnv {
	tb.Helper()
	ctx := context.Background()
	idx, err := bleve.NewMemory()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { idx.Close() })
	cat := catalog.New(newMemStore())
	MustOK(tb, cat.PutOrganization(ctx, &municat.Organization{ID: "stadt-musterstadt", Name: "Stadt Musterstadt", AGS: "03241001"}))
	e := &genEnv{catalog: cat, index: idx}
	batch := make([]*municat.Dataset, 0, 500)
	for i := range n {
		d := genDataset(i)
		MustOK(tb, cat.PutDataset(ctx, d))
		e.ids = append(e.ids, d.ID)
		if batch = append(batch, d); len(batch) == cap(batch) || i == n-1 {
			MustOK(tb, idx.Index(ctx, batch...))
			batch = batch[:0]
		}
	}
	e.app = server.New(server.Config{
		Catalog: cat, Index: hookedIndex{idx, e}, BaseURL: testBaseURL,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	return e
}
