package ckanapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/ckanapi"
	"github.com/municat/municat/dcat"
)

// MustPut stores d and indexes it.
func (e *env) MustPut(tb testing.TB, d *municat.Dataset) {
	tb.Helper()
	ctx := context.Background()
	if err := e.cat.PutDataset(ctx, d); err != nil {
		tb.Fatal(err)
	}
	if err := e.idx.Index(ctx, d); err != nil {
		tb.Fatal(err)
	}
}

// harvestedLike returns a dataset with an id as harvests make them: a
// source id, a dot, and a remote id with an underscore.
func harvestedLike(id string, state municat.PublicationState) *municat.Dataset {
	mod := time.Date(2026, 5, 1, 12, 30, 0, 0, time.UTC)
	return &municat.Dataset{
		ID: id, Title: municat.Text{"de": "Baumkataster " + id, "en": "Tree register"}, State: state,
		Organization: "stadt-birkenhude", Keywords: []string{"Bäume"}, Themes: []string{"ENVI"}, License: "dl-zero-de/2.0",
		Modified: &mod,
		Distributions: []municat.Distribution{
			{ID: "csv", AccessURL: "https://example.org/baeume.csv", Format: "CSV", Title: municat.Text{"de": "Bäume"}},
			{ID: "neu", Format: "CSV", Versions: []municat.FileVersion{
				{ID: "v2", Key: "files/" + id + "/neu/v2.csv", PublishAt: &mod},
			}},
		},
	}
}

func TestPackageShow(t *testing.T) {
	e := MustDemoEnv(t)
	id := "quelle.baum_kataster-2026"
	e.MustPut(t, harvestedLike(id, municat.Published))
	name := ckanapi.PackageName(id)
	if name != "quelle__baum_-kataster-2026" || !ckanapi.ValidName(name) {
		t.Fatalf("name %q", name)
	}
	for _, ref := range []string{id, name} {
		for _, target := range []string{
			"/api/3/action/package_show?id=" + url.QueryEscape(ref),
			"/api/action/package_show?id=" + url.QueryEscape(ref),
		} {
			var p ckanapi.Package
			a := e.MustGet(t, target)
			MustResult(t, a, &p)
			if p.ID != id || p.Name != name || p.Title != "Baumkataster "+id || p.TitleTranslated["en"] != "Tree register" {
				t.Errorf("%s: id %q name %q title %q %v", target, p.ID, p.Name, p.Title, p.TitleTranslated)
			}
			if a.header.Get("Last-Modified") != "Fri, 01 May 2026 12:30:00 GMT" {
				t.Errorf("%s: Last-Modified %q", target, a.header.Get("Last-Modified"))
			}
			if !strings.HasSuffix(a.Help, "/api/3/action/help_show?name=package_show") {
				t.Errorf("help %q", a.Help)
			}
			// The distribution whose only file version is scheduled is
			// not shown to the public.
			if len(p.Resources) != 1 || p.Resources[0].ID != "csv" {
				t.Errorf("%s: resources %+v, want only the released one", target, p.Resources)
			}
		}
	}
	for _, ref := range []string{"gibt-es-nicht", "quelle__gibt_-es-nicht", "Gross.Schreibung", "", "x/../y"} {
		a := e.MustGet(t, "/api/3/action/package_show?id="+url.QueryEscape(ref))
		if ref == "" {
			MustFail(t, a, http.StatusConflict, ckanapi.TypeValidation)
			continue
		}
		MustFail(t, a, http.StatusNotFound, ckanapi.TypeNotFound)
		if msg := a.Error["message"].(string); !strings.HasPrefix(msg, "Nicht gefunden: ") {
			t.Errorf("message %q", msg)
		}
	}
}

func TestOnlyPublishedPackagesAreShown(t *testing.T) {
	e := MustDemoEnv(t)
	ctx := context.Background()
	later := time.Now().Add(24 * time.Hour)
	hidden := map[string]*municat.Dataset{}
	for _, state := range []municat.PublicationState{municat.Draft, municat.Scheduled, municat.Withdrawn, municat.Archived} {
		d := harvestedLike("geheim."+string(state), state)
		if state == municat.Scheduled {
			d.PublishAt = &later
		}
		if err := e.cat.PutDataset(ctx, d); err != nil {
			t.Fatal(err)
		}
		hidden[d.ID] = d
	}
	// A withdrawn dataset the index has not dropped yet must not show
	// either.
	stale := harvestedLike("geheim.veraltet", municat.Published)
	e.MustPut(t, stale)
	stale.State = municat.Withdrawn
	if err := e.cat.PutDataset(ctx, stale); err != nil {
		t.Fatal(err)
	}
	hidden[stale.ID] = stale

	for id := range hidden {
		MustFail(t, e.MustGet(t, "/api/3/action/package_show?id="+id), http.StatusNotFound, ckanapi.TypeNotFound)
	}
	res := e.MustSearch(t, url.Values{"rows": {"1000"}, "q": {"Baumkataster"}})
	for _, p := range res.Results {
		if hidden[p.ID] != nil {
			t.Errorf("package_search shows %s", p.ID)
		}
	}
	byRef := e.MustSearch(t, url.Values{"fq": {"id:(geheim.draft OR geheim.veraltet OR geheim.scheduled)"}})
	if byRef.Count != 0 {
		t.Errorf("fq by id shows %v", byRef.ids())
	}
	var names []string
	MustResult(t, e.MustGet(t, "/api/3/action/package_list"), &names)
	// package_list reads only the index, which drops a withdrawn dataset
	// when the withdrawal is indexed; the stale entry may show until then.
	for _, n := range names {
		if strings.HasPrefix(n, "geheim") && n != ckanapi.PackageName(stale.ID) {
			t.Errorf("package_list lists %s", n)
		}
	}
}

func TestPackageList(t *testing.T) {
	e := MustDemoEnv(t)
	listed := e.MustListed(t)
	var want []string
	for _, id := range idsWhere(listed, func(*municat.Dataset) bool { return true }) {
		want = append(want, ckanapi.PackageName(id))
	}
	var all []string
	MustResult(t, e.MustGet(t, "/api/3/action/package_list"), &all)
	if !slices.Equal(all, want) {
		t.Fatalf("package_list = %v, want %v", all, want)
	}
	// Paging with limit and offset, as CKAN clients do.
	var paged []string
	for offset := 0; ; offset += 10 {
		var page []string
		MustResult(t, e.MustGet(t, fmt.Sprintf("/api/3/action/package_list?limit=10&offset=%d", offset)), &page)
		if len(page) == 0 {
			break
		}
		paged = append(paged, page...)
	}
	if !slices.Equal(paged, want) {
		t.Errorf("paged package_list = %v, want %v", paged, want)
	}
	MustFail(t, e.MustGet(t, "/api/3/action/package_list?limit=abc"), http.StatusConflict, ckanapi.TypeValidation)
	MustFail(t, e.MustGet(t, "/api/3/action/package_list?offset=-3"), http.StatusConflict, ckanapi.TypeValidation)
}

func TestCurrentPackageListWithResources(t *testing.T) {
	e := MustDemoEnv(t)
	listed := e.MustListed(t)
	var newest []ckanapi.Package
	MustResult(t, e.MustGet(t, "/api/3/action/current_package_list_with_resources?limit=5"), &newest)
	if len(newest) != 5 {
		t.Fatalf("%d packages, want 5", len(newest))
	}
	latest := ""
	for _, d := range listed {
		if s := d.Modified.UTC().Format("2006-01-02T15:04:05.000000"); s > latest {
			latest = s
		}
	}
	if newest[0].MetadataModified != latest {
		t.Errorf("first modified %s, want the newest %s", newest[0].MetadataModified, latest)
	}
	for i := 1; i < len(newest); i++ {
		if newest[i].MetadataModified > newest[i-1].MetadataModified || len(newest[i].Resources) == 0 {
			t.Errorf("package %d: modified %s after %s, %d resources", i, newest[i].MetadataModified, newest[i-1].MetadataModified, len(newest[i].Resources))
		}
	}
	var next []ckanapi.Package
	MustResult(t, e.MustGet(t, "/api/3/action/current_package_list_with_resources?limit=5&offset=4"), &next)
	if len(next) != 5 || next[0].ID != newest[4].ID {
		t.Errorf("offset 4 starts with %s, want %s", next[0].ID, newest[4].ID)
	}
	var def []ckanapi.Package
	MustResult(t, e.MustGet(t, "/api/3/action/current_package_list_with_resources"), &def)
	if len(def) != 10 {
		t.Errorf("default limit gives %d", len(def))
	}
}

func TestOrganizationList(t *testing.T) {
	e := MustDemoEnv(t)
	listed := e.MustListed(t)
	orgs, err := e.cat.Organizations(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, d := range listed {
		counts[d.Organization]++
	}
	byTitle := slices.Clone(orgs)
	sort.Slice(byTitle, func(i, j int) bool { return strings.ToLower(byTitle[i].Name) < strings.ToLower(byTitle[j].Name) })
	var names []string
	MustResult(t, e.MustGet(t, "/api/3/action/organization_list"), &names)
	if len(names) != len(orgs) || names[0] != byTitle[0].ID {
		t.Errorf("organization_list = %v, want %d names by title", names, len(orgs))
	}
	var full []ckanapi.Organization
	MustResult(t, e.MustGet(t, "/api/3/action/organization_list?all_fields=true&sort=package_count%20desc"), &full)
	if len(full) != len(orgs) {
		t.Fatalf("%d organisations", len(full))
	}
	for i, o := range full {
		if o.PackageCount == nil || *o.PackageCount != counts[o.ID] || o.Name != o.ID || !o.IsOrganization || o.Type != "organization" {
			t.Errorf("organisation %+v, want package_count %d", o, counts[o.ID])
		}
		if i > 0 && *o.PackageCount > *full[i-1].PackageCount {
			t.Errorf("package_count desc: %s (%d) after %s (%d)", o.ID, *o.PackageCount, full[i-1].ID, *full[i-1].PackageCount)
		}
	}
	var page []string
	MustResult(t, e.MustGet(t, "/api/3/action/organization_list?sort=name%20desc&limit=2&offset=1"), &page)
	ids := make([]string, 0, len(orgs))
	for _, o := range orgs {
		ids = append(ids, o.ID)
	}
	sort.Sort(sort.Reverse(sort.StringSlice(ids)))
	if !slices.Equal(page, ids[1:3]) {
		t.Errorf("name desc, limit 2, offset 1 = %v, want %v", page, ids[1:3])
	}
	MustFail(t, e.MustGet(t, "/api/3/action/organization_list?sort=created%20asc"), http.StatusConflict, ckanapi.TypeValidation)
}

func TestOrganizationShow(t *testing.T) {
	e := MustDemoEnv(t)
	listed := e.MustListed(t)
	const id = "stadt-birkenhude"
	want := idsWhere(listed, func(d *municat.Dataset) bool { return d.Organization == id })
	var o ckanapi.Organization
	MustResult(t, e.MustGet(t, "/api/3/action/organization_show?id="+id), &o)
	if o.ID != id || o.PackageCount == nil || *o.PackageCount != len(want) || len(o.Packages) != 0 || o.Title == "" {
		t.Errorf("organization_show = %+v, want %d packages counted", o, len(want))
	}
	MustResult(t, e.MustGet(t, "/api/3/action/organization_show?id="+id+"&include_datasets=true"), &o)
	if len(o.Packages) != min(10, len(want)) {
		t.Errorf("include_datasets: %d packages", len(o.Packages))
	}
	for _, p := range o.Packages {
		if !slices.Contains(want, p.ID) || p.Organization == nil || p.Organization.ID != id {
			t.Errorf("package %s does not belong to %s", p.ID, id)
		}
	}
	MustFail(t, e.MustGet(t, "/api/3/action/organization_show?id=gibt-es-nicht"), http.StatusNotFound, ckanapi.TypeNotFound)
	MustFail(t, e.MustGet(t, "/api/3/action/organization_show?id=..%2Fx"), http.StatusNotFound, ckanapi.TypeNotFound)
	MustFail(t, e.MustGet(t, "/api/3/action/organization_show"), http.StatusConflict, ckanapi.TypeValidation)
}

func TestGroupList(t *testing.T) {
	e := MustDemoEnv(t)
	listed := e.MustListed(t)
	var names []string
	MustResult(t, e.MustGet(t, "/api/3/action/group_list?sort=name"), &names)
	var want []string
	for _, th := range municat.Themes {
		want = append(want, strings.ToLower(th.Code))
	}
	sort.Strings(want)
	if !slices.Equal(names, want) {
		t.Errorf("group_list = %v, want %v", names, want)
	}
	var groups []ckanapi.Group
	MustResult(t, e.MustGet(t, "/api/3/action/group_list?all_fields=true"), &groups)
	if len(groups) != len(municat.Themes) {
		t.Fatalf("%d groups", len(groups))
	}
	for _, g := range groups {
		n := len(idsWhere(listed, func(d *municat.Dataset) bool { return slices.Contains(d.Themes, strings.ToUpper(g.Name)) }))
		if g.PackageCount == nil || *g.PackageCount != n || g.Title == "" || dcat.ThemeCodes(g.Name) == nil {
			t.Errorf("group %+v, want package_count %d", g, n)
		}
	}
}

func TestTagAndLicenseLists(t *testing.T) {
	e := MustDemoEnv(t)
	listed := e.MustListed(t)
	var tags []string
	MustResult(t, e.MustGet(t, "/api/3/action/tag_list"), &tags)
	all := map[string]bool{}
	for _, d := range listed {
		for _, k := range d.Keywords {
			all[k] = true
		}
	}
	if len(tags) != len(all) || !slices.IsSorted(tags) {
		t.Errorf("tag_list has %d tags, want %d sorted", len(tags), len(all))
	}
	var some []string
	MustResult(t, e.MustGet(t, "/api/3/action/tag_list?query=HAUS"), &some)
	if len(some) == 0 {
		t.Error("tag_list?query=HAUS finds nothing")
	}
	for _, tag := range some {
		if !all[tag] || !strings.Contains(strings.ToLower(tag), "haus") {
			t.Errorf("tag_list?query=HAUS gives %q", tag)
		}
	}
	var lics []ckanapi.License
	MustResult(t, e.MustGet(t, "/api/3/action/license_list"), &lics)
	if len(lics) != len(dcat.Licenses) {
		t.Fatalf("%d licences, want %d", len(lics), len(dcat.Licenses))
	}
	for _, d := range listed {
		if !slices.ContainsFunc(lics, func(l ckanapi.License) bool { return l.ID == d.License }) {
			t.Errorf("licence %q of %s is not in license_list", d.License, d.ID)
		}
	}
}

func TestStatusAndHelp(t *testing.T) {
	e := MustDemoEnv(t)
	var st ckanapi.Status
	MustResult(t, e.MustGet(t, "/api/3/action/status_show"), &st)
	if !strings.HasPrefix(st.CKANVersion, "2.10.") || st.SiteURL != testBaseURL || !slices.Contains(st.Extensions, "municat/test") {
		t.Errorf("status_show = %+v", st)
	}
	for _, name := range ckanapi.ActionNames() {
		var help string
		MustResult(t, e.MustGet(t, "/api/3/action/help_show?name="+name), &help)
		if help == "" {
			t.Errorf("no help for %s", name)
		}
	}
	MustFail(t, e.MustGet(t, "/api/3/action/help_show?name=package_create"), http.StatusNotFound, ckanapi.TypeNotFound)
}

func TestUnknownAction(t *testing.T) {
	e := MustDemoEnv(t)
	for _, target := range []string{"/api/3/action/package_create", "/api/action/datastore_search_sql"} {
		a := e.MustGet(t, target)
		MustFail(t, a, http.StatusBadRequest, "")
		if msg := a.Error["message"].(string); !strings.HasPrefix(msg, "Bad request - Action name not known: ") {
			t.Errorf("%s: message %q", target, msg)
		}
	}
	a := e.MustCall(t, http.MethodPost, "/api/3/action/package_create", `{"name": "x"}`)
	MustFail(t, a, http.StatusBadRequest, "")
}

func TestPostParameters(t *testing.T) {
	e := MustDemoEnv(t)
	var get, post, form searchResult
	MustResult(t, e.MustGet(t, "/api/3/action/package_search?fq=res_format:CSV&rows=3&facet.field=%5B%22groups%22%5D"), &get)
	MustResult(t, e.MustCall(t, http.MethodPost, "/api/3/action/package_search",
		`{"fq": "res_format:CSV", "rows": 3, "facet.field": ["groups"], "include_private": true}`), &post)
	if fmt.Sprint(get.ids(), get.Facets) != fmt.Sprint(post.ids(), post.Facets) || len(post.Results) != 3 {
		t.Errorf("POST JSON gives %v %v, GET %v %v", post.ids(), post.Facets, get.ids(), get.Facets)
	}
	req := url.Values{"fq": {"res_format:CSV"}, "rows": {"3"}}
	a := e.mustPostForm(t, "/api/action/package_search", req.Encode())
	MustResult(t, a, &form)
	if !slices.Equal(form.ids(), get.ids()) {
		t.Errorf("POST form gives %v, GET %v", form.ids(), get.ids())
	}
	var p ckanapi.Package
	MustResult(t, e.MustCall(t, http.MethodPost, "/api/3/action/package_show", `{"id": "haushaltsplan-2025"}`), &p)
	if p.ID != "haushaltsplan-2025" {
		t.Errorf("POST package_show gives %s", p.ID)
	}
	MustFail(t, e.MustCall(t, http.MethodPost, "/api/3/action/package_show", `[1, 2]`), http.StatusBadRequest, ckanapi.TypeBadRequest)
	MustFail(t, e.MustCall(t, http.MethodPost, "/api/3/action/package_search", `{"rows": "viele"}`), http.StatusConflict, ckanapi.TypeValidation)
	big := `{"q": "` + strings.Repeat("Baum ", 14<<10) + `"}`
	MustFail(t, e.MustCall(t, http.MethodPost, "/api/3/action/package_search", big), http.StatusBadRequest, ckanapi.TypeBadRequest)
	long := `{"q": "` + strings.Repeat("Baum ", 1000) + `"}`
	MustFail(t, e.MustCall(t, http.MethodPost, "/api/3/action/package_search", long), http.StatusConflict, ckanapi.TypeValidation)
}
