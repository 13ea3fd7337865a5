package ckanapi_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/ckan"
	"github.com/municat/municat/internal/demotest"
	"github.com/municat/municat/store/fs"
)

// MustServe serves e's app on a local port until the test ends and
// returns its URL. The app's BaseURL must be that URL, so newEnv is called
// with it.
func MustServeDemo(tb testing.TB) (*env, string) {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	cat, idx := demotest.MustLoad(tb)
	e := newEnv(tb, cat, idx, base)
	go func() { _ = e.app.Listener(ln) }()
	tb.Cleanup(func() { _ = e.app.ShutdownWithTimeout(5 * time.Second) })
	return e, base
}

// TestCKANRoundTrip harvests a municat instance with municat's own CKAN
// harvester, through package_search, into a second catalogue, and checks
// that every published dataset arrives with the same content.
func TestCKANRoundTrip(t *testing.T) {
	e, base := MustServeDemo(t)
	st, err := fs.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	second := catalog.New(st)
	r := &harvester.Runner{
		Catalog:  second,
		Fetchers: map[string]harvester.Fetcher{municat.SourceCKAN: &ckan.Fetcher{PageSize: 20, Backoff: time.Millisecond}},
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	src := &municat.Source{ID: "birkenhude", Type: municat.SourceCKAN, URL: base, Organization: "landkreis-moorgeest"}
	res, err := r.Run(context.Background(), src, harvester.RunOptions{})
	if err != nil || res.Run.Status != municat.RunSucceeded {
		t.Fatalf("harvest: %v, run %+v", err, res.Run)
	}
	listed := e.MustListed(t)
	if res.Run.Counts.Added != len(listed) || res.Run.Pages != (len(listed)+19)/20 {
		t.Errorf("run added %d datasets in %d pages, want %d in %d", res.Run.Counts.Added, res.Run.Pages, len(listed), (len(listed)+19)/20)
	}
	orgs, err := e.cat.Organizations(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	orgNames := map[string]string{}
	for _, o := range orgs {
		orgNames[o.ID] = o.Name
	}
	for id, want := range listed {
		got, err := second.Dataset(context.Background(), municat.DatasetID(src.ID, id))
		if err != nil {
			t.Errorf("%s was not harvested: %v", id, err)
			continue
		}
		compareHarvested(t, base, want, got, orgNames[want.Organization])
	}
}

// compareHarvested checks that got, harvested from the CKAN API, carries
// the content of want.
func compareHarvested(t *testing.T, base string, want, got *municat.Dataset, orgName string) {
	t.Helper()
	check := func(field string, w, g any) {
		t.Helper()
		if fmt.Sprint(w) != fmt.Sprint(g) {
			t.Errorf("%s %s: harvested %v, want %v", want.ID, field, g, w)
		}
	}
	check("remote id", want.ID, got.RemoteID)
	check("title", want.Title, got.Title)
	check("description", want.Description, got.Description)
	check("keywords", want.Keywords, got.Keywords)
	check("themes", want.Themes, got.Themes)
	check("licence", want.License, got.License)
	check("modified", want.Modified, got.Modified)
	check("issued", want.Issued, got.Issued)
	check("identifier", want.Identifier, got.Identifier)
	check("frequency", want.Frequency, got.Frequency)
	check("access rights", want.AccessRights, got.AccessRights)
	check("languages", want.Languages, got.Languages)
	check("conforms to", want.ConformsTo, got.ConformsTo)
	check("landing page", want.LandingPage, got.LandingPage)
	publisher := orgName
	if want.Publisher != nil {
		publisher = want.Publisher.Name.String()
	}
	check("publisher (organisation)", publisher, got.PublisherName())
	if want.ContactPoint != nil {
		check("contact email", want.ContactPoint.Email, got.ContactPoint.Email)
	}
	if want.Temporal != nil {
		check("temporal", *want.Temporal, *got.Temporal)
	}
	if want.Spatial != nil {
		if got.Spatial == nil {
			t.Errorf("%s: spatial lost", want.ID)
		} else {
			check("spatial bbox", want.Spatial.BBox, got.Spatial.BBox)
			check("spatial names", want.Spatial.Names, got.Spatial.Names)
			for _, u := range want.Spatial.URIs {
				if !slices.Contains(got.Spatial.URIs, u) {
					t.Errorf("%s: spatial URI %s lost: %v", want.ID, u, got.Spatial.URIs)
				}
			}
		}
	}
	if len(got.Distributions) != len(want.Distributions) {
		t.Errorf("%s: %d distributions, want %d", want.ID, len(got.Distributions), len(want.Distributions))
		return
	}
	for i, wd := range want.Distributions {
		gd := got.Distributions[i]
		link := wd.URL()
		if wd.FileKey != "" {
			link = base + "/api/v1/datasets/" + url.PathEscape(want.ID) + "/distributions/" + url.PathEscape(wd.ID) + "/download"
		}
		check("distribution "+wd.ID+" id", wd.ID, gd.ID)
		check("distribution "+wd.ID+" URL", link, gd.URL())
		check("distribution "+wd.ID+" format", wd.Format, gd.Format)
		check("distribution "+wd.ID+" title", wd.Title.String(), gd.Title.String())
		check("distribution "+wd.ID+" media type", wd.MediaType, gd.MediaType)
		check("distribution "+wd.ID+" size", wd.ByteSize, gd.ByteSize)
		check("distribution "+wd.ID+" checksum", wd.Checksum, gd.Checksum)
		check("distribution "+wd.ID+" modified", wd.Modified, gd.Modified)
	}
}
