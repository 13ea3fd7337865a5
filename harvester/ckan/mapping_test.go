package ckan

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/ckantest"
)

const testSite = "https://ckan.example.org"

// MustShowResult returns the package of a package_show fixture.
func MustShowResult(tb testing.TB, fixture string) json.RawMessage {
	tb.Helper()
	var show struct {
		Result json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(ckantest.ReadFixture(tb, fixture), &show); err != nil {
		tb.Fatal(err)
	}
	return show.Result
}

// MustMap maps pkg and checks the dataset passes validation.
func MustMap(tb testing.TB, pkg json.RawMessage) *municat.Dataset {
	tb.Helper()
	d, remoteID, err := mapPackage(pkg, testSite)
	if err != nil {
		tb.Fatalf("mapPackage: %v", err)
	}
	if d.RemoteID != remoteID {
		tb.Errorf("RemoteID = %q, returned %q", d.RemoteID, remoteID)
	}
	d.ID = municat.DatasetID("test", remoteID)
	if err := d.Validate(); err != nil {
		tb.Fatalf("mapped dataset is invalid: %v", err)
	}
	return d
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestMapGovDataPackage(t *testing.T) {
	d := MustMap(t, MustShowResult(t, ckantest.GovDataShowFixture))

	if got, want := d.Title["de"], "LGB: HGW Chrom - Ebene: LGB: HGW Chrom"; got != want || len(d.Title) != 1 {
		t.Errorf("Title = %v, want {de: %q}", d.Title, want)
	}
	if got := d.Description["de"]; len(got) < 100 || !strings.HasPrefix(got, "Böden entstanden in Jahrtausenden") {
		t.Errorf("Description = %.40q…", got)
	}
	if d.RemoteID != ckantest.GovDataPackageID || d.Identifier != ckantest.GovDataPackageID {
		t.Errorf("RemoteID, Identifier = %q, %q, want the package id", d.RemoteID, d.Identifier)
	}
	if len(d.Keywords) != 21 || d.Keywords[0] != "90-perzentil" || d.Keywords[20] != "zink" {
		t.Errorf("Keywords = %d %v, want 21 from 90-perzentil to zink", len(d.Keywords), d.Keywords)
	}
	if want := []string{"EDUC", "TECH", "REGI"}; !slices.Equal(d.Themes, want) {
		t.Errorf("Themes = %v, want %v (bildung_wissenschaft, geo)", d.Themes, want)
	}
	if d.Temporal == nil || d.Temporal.Start == nil || d.Temporal.End == nil ||
		!d.Temporal.Start.Equal(date(2000, 1, 1)) || !d.Temporal.End.Equal(date(2013, 10, 25)) {
		t.Errorf("Temporal = %+v, want 2000-01-01..2013-10-25", d.Temporal)
	}
	if d.Spatial == nil || d.Spatial.BBox == nil {
		t.Fatalf("Spatial = %+v, want a bounding box", d.Spatial)
	}
	want := municat.BoundingBox{West: 5.565274, South: 47.141214, East: 15.571372, North: 55.058927}
	if b := *d.Spatial.BBox; math.Abs(b.West-want.West) > 1e-9 || math.Abs(b.South-want.South) > 1e-9 ||
		math.Abs(b.East-want.East) > 1e-9 || math.Abs(b.North-want.North) > 1e-9 {
		t.Errorf("BBox = %+v, want %+v", b, want)
	}
	if !slices.Equal(d.Spatial.Names, []string{"Boeblingen"}) {
		t.Errorf("Spatial.Names = %v, want [Boeblingen]", d.Spatial.Names)
	}
	if wantURIs := []string{"http://de.wikipedia.org/wiki/NUTS:DE", "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/03254021"}; !slices.Equal(d.Spatial.URIs, wantURIs) {
		t.Errorf("Spatial.URIs = %v, want %v", d.Spatial.URIs, wantURIs)
	}
	if d.Publisher == nil || d.Publisher.Name["de"] != "Landesamt für Geologie und Bergbau" || d.Publisher.Email != "office@lgb-rlp.de" {
		t.Errorf("Publisher = %+v, want the author with its e-mail (no organization)", d.Publisher)
	}
	if c := d.ContactPoint; c == nil || c.Name != "Landesamt für Geologie und Bergbau" || c.Email != "office@lgb-rlp.de" {
		t.Errorf("ContactPoint = %+v", c)
	}
	if d.License != "cc-nc" {
		t.Errorf("License = %q, want cc-nc", d.License)
	}
	if d.Issued == nil || !d.Issued.Equal(time.Date(2014, 4, 29, 13, 28, 38, 663027000, time.UTC)) {
		t.Errorf("Issued = %v, want 2014-04-29T13:28:38.663027Z", d.Issued)
	}
	if d.LandingPage != testSite+"/dataset/13dfb16a-c4f1-36b4-eda2-01ff5b1b294f" {
		t.Errorf("LandingPage = %q, want the package page on the portal (url is null)", d.LandingPage)
	}

	urls := ckantest.GovDataResourceURLs(t)
	if len(d.Distributions) != 3 || len(urls) != 3 {
		t.Fatalf("%d distributions for %d resources, want 3", len(d.Distributions), len(urls))
	}
	wantFormats := []string{"KARTENVIEWER", "WMS_SRVC", "HTML"}
	for i, dist := range d.Distributions {
		if dist.AccessURL != urls[i] {
			t.Errorf("distribution %d: AccessURL = %q, want %q", i, dist.AccessURL, urls[i])
		}
		if dist.DownloadURL != "" {
			t.Errorf("distribution %d (%s): DownloadURL = %q, want none for a viewer, service or page", i, dist.Format, dist.DownloadURL)
		}
		if dist.Format != wantFormats[i] {
			t.Errorf("distribution %d: Format = %q, want %q", i, dist.Format, wantFormats[i])
		}
		if dist.Modified == nil || dist.Modified.Year() != 2014 {
			t.Errorf("distribution %d: Modified = %v, want the resource's created time", i, dist.Modified)
		}
	}
	if d.Distributions[0].ID != "b4db736e-46ae-406d-91a4-99d45942a700" {
		t.Errorf("distribution 0: ID = %q, want the resource id", d.Distributions[0].ID)
	}
	if d.Distributions[1].Description["de"] != "WMS Capabilities Link zur Integration in GIS oder Webapplikationen" {
		t.Errorf("distribution 1: Description = %v", d.Distributions[1].Description)
	}
}

func TestMapDemoPackages(t *testing.T) {
	var search struct {
		Result struct {
			Results []json.RawMessage `json:"results"`
		} `json:"result"`
	}
	if err := json.Unmarshal(ckantest.ReadFixture(t, ckantest.SearchFixture), &search); err != nil {
		t.Fatal(err)
	}
	byName := map[string]*municat.Dataset{}
	for _, p := range search.Result.Results {
		d := MustMap(t, p)
		byName[d.LandingPage] = d
	}

	species := MustMap(t, MustShowResult(t, ckantest.DemoShowFixture))
	if species.Title["de"] != "100 Validated Species of Plants" {
		t.Errorf("Title = %v", species.Title)
	}
	if species.Publisher == nil || species.Publisher.Name["de"] != "TKKIM" || species.Publisher.Email != "misoh049@gmail.com" {
		t.Errorf("Publisher = %+v, want the author (no organization)", species.Publisher)
	}
	if species.License != "other-open" {
		t.Errorf("License = %q", species.License)
	}
	if !slices.Equal(species.Keywords, []string{"flower", "image recognition", "machine learning"}) {
		t.Errorf("Keywords = %v", species.Keywords)
	}
	dist := species.Distributions[0]
	if dist.Format != "CSV" || dist.DownloadURL == "" || dist.DownloadURL != dist.AccessURL || dist.ID != "bf4d5116-634e-43f2-a41c-9ae22d362083" {
		t.Errorf("distribution = %+v, want a CSV upload with a download URL", dist)
	}
	if species.Modified == nil || !species.Modified.Equal(time.Date(2017, 8, 5, 3, 19, 33, 886925000, time.UTC)) {
		t.Errorf("Modified = %v", species.Modified)
	}

	legco := byName["http://www.legco.gov.hk/research-publications/chinese/1617in10-regulation-of-sale-of-overseas-properties-20170426-c.pdf"]
	if legco == nil {
		t.Fatalf("no dataset with the package's url as landing page; got %v", keys(byName))
	}
	if legco.License != "cc-by" || legco.Distributions[0].Format != "PDF" {
		t.Errorf("legco: License %q, format %q", legco.License, legco.Distributions[0].Format)
	}
	if legco.ContactPoint != nil || legco.Publisher != nil {
		t.Errorf("legco: empty author and maintainer give ContactPoint %+v, Publisher %+v; want none", legco.ContactPoint, legco.Publisher)
	}

	sdb := byName[testSite+"/dataset/2016-regione-asia-est-oceania-classi-di-eta"]
	if sdb == nil {
		t.Fatalf("no dataset with its portal page as landing page; got %v", keys(byName))
	}
	if sdb.Publisher == nil || sdb.Publisher.Name["de"] != "SDB" {
		t.Errorf("sdb: Publisher = %+v, want the organization's title", sdb.Publisher)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestGovDataGroupsAreKnown checks that every category group of GovData has
// an entry in the theme table (mapped, or deliberately to none).
func TestGovDataGroupsAreKnown(t *testing.T) {
	var list struct {
		Result []struct {
			Name string `json:"name"`
		} `json:"result"`
	}
	if err := json.Unmarshal(ckantest.ReadFixture(t, ckantest.GovDataGroupsFixture), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Result) != 14 {
		t.Fatalf("%d groups in the fixture, want 14", len(list.Result))
	}
	for _, g := range list.Result {
		codes := groupTheme(g.Name)
		if len(codes) == 0 && g.Name != "verbraucher" {
			t.Errorf("GovData group %q maps to no theme", g.Name)
		}
		for _, c := range codes {
			if _, ok := municat.ThemeByCode(c); !ok {
				t.Errorf("group %q maps to unknown theme %q", g.Name, c)
			}
		}
	}
}
