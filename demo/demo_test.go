package demo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	fsstore "github.com/municat/municat/store/fs"
)

// countingStore counts the Puts made through it, by key.
type countingStore struct {
	municat.Store
	mu   sync.Mutex
	puts []string
}

func (s *countingStore) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	s.mu.Lock()
	s.puts = append(s.puts, key)
	s.mu.Unlock()
	return s.Store.Put(ctx, key, r, size, contentType)
}

func (s *countingStore) reset() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.puts
	s.puts = nil
	return p
}

func newStore(t *testing.T) *countingStore {
	t.Helper()
	s, err := fsstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &countingStore{Store: s}
}

func mustCatalogue(t *testing.T) ([]*municat.Organization, []*municat.Dataset) {
	t.Helper()
	orgs, datasets, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	return orgs, datasets
}

// The fictional area the demo data must lie in (Lower Saxony, around the
// town of Birkenhude and its district).
var area = municat.BoundingBox{West: 8.9, South: 52.4, East: 9.45, North: 52.8}

func inArea(lon, lat float64) bool {
	return lon >= area.West && lon <= area.East && lat >= area.South && lat <= area.North
}

func TestCatalogue(t *testing.T) {
	orgs, datasets := mustCatalogue(t)
	if len(orgs) < 4 {
		t.Errorf("%d organisations, want at least 4", len(orgs))
	}
	if len(datasets) < 60 {
		t.Errorf("%d datasets, want at least 60", len(datasets))
	}
	orgIDs := map[string]bool{}
	for _, o := range orgs {
		if err := o.Validate(); err != nil {
			t.Error(err)
		}
		if orgIDs[o.ID] {
			t.Errorf("organisation %q twice", o.ID)
		}
		orgIDs[o.ID] = true
		if !strings.HasSuffix(hostOf(o.Homepage), ".example") {
			t.Errorf("organisation %q: homepage %q is not on a reserved .example domain", o.ID, o.Homepage)
		}
		if o.AGS == "" || !strings.HasPrefix(o.AGS, "03") {
			t.Errorf("organisation %q: AGS %q is not a Lower Saxony key", o.ID, o.AGS)
		}
	}

	ids := map[string]bool{}
	titles := map[string]string{}
	themes := map[string]int{}
	used := map[string]bool{}
	licences := map[string]bool{"dl-by-de/2.0": true, "dl-zero-de/2.0": true, "cc-by/4.0": true, "cc-zero": true}
	from := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	until := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, d := range datasets {
		if err := d.Validate(); err != nil {
			t.Error(err)
		}
		if !municat.ValidDatasetID(d.ID) || strings.Contains(d.ID, ".") {
			t.Errorf("dataset id %q must be valid and contain no dot", d.ID)
		}
		if ids[d.ID] {
			t.Errorf("dataset %q twice", d.ID)
		}
		ids[d.ID] = true
		title := d.Title.Get("de")
		if title == "" || d.Description.Get("de") == "" {
			t.Errorf("dataset %q: German title or description missing", d.ID)
		}
		if other, ok := titles[title]; ok {
			t.Errorf("datasets %q and %q share the title %q", other, d.ID, title)
		}
		titles[title] = d.ID
		if !orgIDs[d.Organization] {
			t.Errorf("dataset %q: organisation %q does not exist", d.ID, d.Organization)
		}
		used[d.Organization] = true
		if n := len(d.Themes); n < 1 || n > 2 {
			t.Errorf("dataset %q: %d themes, want 1 or 2", d.ID, n)
		}
		for _, th := range d.Themes {
			themes[th]++
		}
		if n := len(d.Keywords); n < 3 || n > 8 {
			t.Errorf("dataset %q: %d keywords, want 3 to 8", d.ID, n)
		}
		if n := len(d.Distributions); n < 1 || n > 4 {
			t.Errorf("dataset %q: %d distributions, want 1 to 4", d.ID, n)
		}
		if !licences[d.License] {
			t.Errorf("dataset %q: unexpected licence %q", d.ID, d.License)
		}
		if d.AccessRights != municat.AccessPublic || d.State != municat.Published || d.Frequency == "" {
			t.Errorf("dataset %q: access rights %q, state %q, frequency %q", d.ID, d.AccessRights, d.State, d.Frequency)
		}
		if d.ContentHash != d.Hash() {
			t.Errorf("dataset %q: ContentHash is not Hash()", d.ID)
		}
		if d.Publisher == nil || d.Publisher.Name.IsEmpty() || d.ContactPoint == nil || !strings.HasSuffix(d.ContactPoint.Email, ".example") {
			t.Errorf("dataset %q: publisher or contact point missing or not fictional", d.ID)
		}
		if d.Spatial == nil || d.Spatial.BBox == nil {
			t.Errorf("dataset %q: no bounding box", d.ID)
		} else if b := d.Spatial.BBox; !inArea(b.West, b.South) || !inArea(b.East, b.North) {
			t.Errorf("dataset %q: bounding box %+v outside the demo area", d.ID, *b)
		}
		if d.Issued == nil || d.Modified == nil || d.Modified.Before(*d.Issued) ||
			d.Issued.Before(from) || !d.Modified.Before(until) {
			t.Errorf("dataset %q: issued %v, modified %v", d.ID, d.Issued, d.Modified)
		}
		if !strings.HasSuffix(hostOf(d.LandingPage), ".example") {
			t.Errorf("dataset %q: landing page %q is not fictional", d.ID, d.LandingPage)
		}
		for _, dist := range d.Distributions {
			if dist.Format == "" || dist.Title.IsEmpty() {
				t.Errorf("dataset %q, distribution %q: format or title missing", d.ID, dist.ID)
			}
			for _, u := range []string{dist.AccessURL, dist.DownloadURL} {
				if u != "" && !strings.HasSuffix(hostOf(u), ".example") {
					t.Errorf("dataset %q, distribution %q: URL %q is not fictional", d.ID, dist.ID, u)
				}
			}
		}
	}
	if len(themes) < 10 {
		t.Errorf("%d distinct themes (%v), want at least 10", len(themes), themes)
	}
	for id := range orgIDs {
		if !used[id] {
			t.Errorf("organisation %q has no dataset", id)
		}
	}
}

func hostOf(u string) string {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	if i := strings.IndexAny(u, "/?#"); i >= 0 {
		u = u[:i]
	}
	return u
}

func TestCatalogueReturnsFreshValues(t *testing.T) {
	_, a := mustCatalogue(t)
	a[0].Title["de"] = "geändert"
	_, b := mustCatalogue(t)
	if b[0].Title["de"] == "geändert" {
		t.Error("Catalogue shares values between calls")
	}
}

// TestBundledFiles checks each file-backed distribution against the
// embedded file and each embedded file for plausible content.
func TestBundledFiles(t *testing.T) {
	_, datasets := mustCatalogue(t)
	referenced := map[string]bool{}
	withFiles := 0
	for _, d := range datasets {
		has := false
		for _, dist := range d.Distributions {
			if dist.FileKey == "" {
				if dist.AccessURL == "" {
					t.Errorf("dataset %q, distribution %q: neither file nor access URL", d.ID, dist.ID)
				}
				continue
			}
			has = true
			name := path.Base(dist.FileKey)
			if want := catalog.FileKey(d.ID, dist.ID, name); dist.FileKey != want {
				t.Errorf("dataset %q: FileKey %q, want %q", d.ID, dist.FileKey, want)
			}
			if dist.AccessURL != "" || dist.DownloadURL != "" {
				t.Errorf("dataset %q, distribution %q: file-backed distribution has a URL", d.ID, dist.ID)
			}
			body, err := data.ReadFile(filesDir + "/" + name)
			if err != nil {
				t.Errorf("dataset %q: %v", d.ID, err)
				continue
			}
			referenced[name] = true
			checkSum(t, d.ID+"/"+dist.ID, &dist, body)
			if dist.MediaType == "" {
				t.Errorf("dataset %q, distribution %q: no media type", d.ID, dist.ID)
			}
		}
		if has {
			withFiles++
		}
	}
	if withFiles < 8 {
		t.Errorf("%d datasets with bundled files, want at least 8", withFiles)
	}

	entries, err := fs.ReadDir(data, filesDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		if !referenced[name] {
			t.Errorf("%s is bundled but no distribution refers to it", name)
		}
		body, err := data.ReadFile(filesDir + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if len(body) > 30<<10 {
			t.Errorf("%s has %d bytes, want at most 30 KiB", name, len(body))
		}
		if !utf8.Valid(body) || bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
			t.Errorf("%s is not UTF-8 without BOM", name)
		}
		switch path.Ext(name) {
		case ".csv":
			checkCSV(t, name, body)
		case ".geojson":
			checkGeoJSON(t, name, body)
		default:
			t.Errorf("%s: unexpected file type", name)
		}
	}
}

func checkSum(t *testing.T, what string, dist *municat.Distribution, body []byte) {
	t.Helper()
	sum := sha256.Sum256(body)
	if dist.Checksum == nil || dist.Checksum.Algorithm != "sha256" || dist.Checksum.Value != hex.EncodeToString(sum[:]) {
		t.Errorf("%s: checksum %+v does not match the file", what, dist.Checksum)
	}
	if dist.ByteSize != int64(len(body)) {
		t.Errorf("%s: byte size %d, file has %d bytes", what, dist.ByteSize, len(body))
	}
}

func checkCSV(t *testing.T, name string, body []byte) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = ';'
	rows, err := r.ReadAll() // also checks every row has the header's field count
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	min := 5
	if name == "baumkataster.csv" {
		min = 50
	}
	if len(rows)-1 < min {
		t.Errorf("%s: %d data rows, want at least %d", name, len(rows)-1, min)
	}
}

func checkGeoJSON(t *testing.T, name string, body []byte) {
	t.Helper()
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Type     string `json:"type"`
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(body, &fc); err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) < 5 {
		t.Errorf("%s: type %q with %d features, want a FeatureCollection of at least 5", name, fc.Type, len(fc.Features))
	}
	for i, f := range fc.Features {
		if f.Type != "Feature" || len(f.Properties) == 0 {
			t.Errorf("%s: feature %d is not a Feature with properties", name, i)
		}
		var pts [][2]float64
		switch f.Geometry.Type {
		case "Point":
			var p [2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				t.Errorf("%s: feature %d: %v", name, i, err)
			}
			pts = append(pts, p)
		case "Polygon":
			var rings [][][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &rings); err != nil {
				t.Errorf("%s: feature %d: %v", name, i, err)
			}
			for _, ring := range rings {
				if len(ring) < 4 || ring[0] != ring[len(ring)-1] {
					t.Errorf("%s: feature %d: ring not closed", name, i)
				}
				pts = append(pts, ring...)
			}
		default:
			t.Errorf("%s: feature %d: unexpected geometry %q", name, i, f.Geometry.Type)
		}
		for _, p := range pts {
			if !inArea(p[0], p[1]) {
				t.Errorf("%s: feature %d: point %v (lon, lat) outside the demo area", name, i, p)
				break
			}
		}
	}
}

func TestLoad(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	cat := catalog.New(s)
	orgs, datasets := mustCatalogue(t)

	st, err := Load(ctx, cat)
	if err != nil {
		t.Fatal(err)
	}
	if st.Organizations != len(orgs) || st.Datasets != len(datasets) || st.Files < 8 {
		t.Errorf("stats %+v, want %d organisations, %d datasets, at least 8 files", st, len(orgs), len(datasets))
	}
	if st.OrganizationsWritten != st.Organizations || st.DatasetsWritten != st.Datasets || st.FilesWritten != st.Files {
		t.Errorf("first load wrote %+v, want everything", st)
	}
	if n := len(s.reset()); n != st.Organizations+st.Datasets+st.Files {
		t.Errorf("first load made %d puts, want %d", n, st.Organizations+st.Datasets+st.Files)
	}

	stored, err := cat.Organizations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(orgs) {
		t.Errorf("%d organisations in the store, want %d", len(stored), len(orgs))
	}
	n := 0
	err = cat.Datasets(ctx, func(d *municat.Dataset) error {
		n++
		if !d.IsPublished() || d.ContentHash != d.Hash() {
			t.Errorf("stored dataset %q: state %q, hash ok %v", d.ID, d.State, d.ContentHash == d.Hash())
		}
		for _, dist := range d.Distributions {
			if dist.FileKey == "" {
				continue
			}
			r, info, err := s.Get(ctx, dist.FileKey)
			if err != nil {
				t.Errorf("dataset %q: file %s: %v", d.ID, dist.FileKey, err)
				continue
			}
			body, err := io.ReadAll(r)
			r.Close()
			if err != nil {
				t.Fatal(err)
			}
			checkSum(t, dist.FileKey, &dist, body)
			if !strings.HasPrefix(info.ContentType, dist.MediaType) {
				t.Errorf("%s: content type %q, media type %q", dist.FileKey, info.ContentType, dist.MediaType)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(datasets) {
		t.Errorf("%d datasets in the store, want %d", n, len(datasets))
	}

	// A second load finds everything in place and writes nothing.
	st2, err := Load(ctx, cat)
	if err != nil {
		t.Fatal(err)
	}
	if st2.OrganizationsWritten != 0 || st2.DatasetsWritten != 0 || st2.FilesWritten != 0 {
		t.Errorf("second load wrote %+v, want nothing", st2)
	}
	if puts := s.reset(); len(puts) != 0 {
		t.Errorf("second load made puts: %v", puts)
	}
}

// TestLoadRepairs changes and removes demo records and checks that Load
// rewrites exactly those.
func TestLoadRepairs(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	cat := catalog.New(s)
	if _, err := Load(ctx, cat); err != nil {
		t.Fatal(err)
	}
	s.reset()

	d, err := cat.Dataset(ctx, "baumkataster")
	if err != nil {
		t.Fatal(err)
	}
	d.Title["de"] = "Bäume"
	d.ContentHash = d.Hash()
	if err := cat.PutDataset(ctx, d); err != nil {
		t.Fatal(err)
	}
	w, err := cat.Dataset(ctx, "spielplaetze")
	if err != nil {
		t.Fatal(err)
	}
	w.State = municat.Withdrawn
	if err := cat.PutDataset(ctx, w); err != nil {
		t.Fatal(err)
	}
	var key string
	for _, dist := range d.Distributions {
		if dist.FileKey != "" {
			key = dist.FileKey
		}
	}
	if err := s.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	o, err := cat.Organization(ctx, "stadt-birkenhude")
	if err != nil {
		t.Fatal(err)
	}
	o.Name = "Stadt Anderswo"
	if err := cat.PutOrganization(ctx, o); err != nil {
		t.Fatal(err)
	}
	s.reset()

	st, err := Load(ctx, cat)
	if err != nil {
		t.Fatal(err)
	}
	if st.DatasetsWritten != 2 || st.FilesWritten != 1 || st.OrganizationsWritten != 1 {
		t.Errorf("repair wrote %+v, want 2 datasets, 1 file, 1 organisation", st)
	}
	if puts := s.reset(); len(puts) != 4 {
		t.Errorf("repair made puts %v, want 4", puts)
	}
	if d, err = cat.Dataset(ctx, "baumkataster"); err != nil || d.Title["de"] != "Baumkataster" {
		t.Errorf("baumkataster not restored: %v", err)
	}
	if w, err = cat.Dataset(ctx, "spielplaetze"); err != nil || !w.IsPublished() {
		t.Errorf("spielplaetze not republished: %v", err)
	}
	if _, err := s.Stat(ctx, key); err != nil {
		t.Errorf("file %s not restored: %v", key, err)
	}
}

func TestLoadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Load(ctx, catalog.New(newStore(t))); !errors.Is(err, context.Canceled) {
		t.Errorf("Load with a cancelled context: %v, want context.Canceled", err)
	}
}
