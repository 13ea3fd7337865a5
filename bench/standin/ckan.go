// Package standin serves a synthetic catalogue (package bench/synth) on
// loopback the way the portals municat harvests serve theirs: as a CKAN
// 2.10 Action API (CKAN) and as a paged DCAT-AP.de catalogue in Turtle
// (DCAT). Every page is made from the generator when it is asked for, so
// a catalogue of a million datasets costs no memory.
package standin

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/bench/synth"
	"github.com/municat/municat/dcat"
)

// CKAN limits, as a CKAN 2.10 instance has them by default.
const (
	// CKANMaxRows caps rows of package_search (ckan.search.rows_max).
	CKANMaxRows = 1000
	// ckanDefaultRows is package_search's rows when the request names none.
	ckanDefaultRows = 10
)

// ckanCreated is metadata_created of dataset 0; dataset i was created i
// seconds later, so that the order of i is the order "metadata_created
// asc" that municat's harvester asks for.
var ckanCreated = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// CKAN serves g's datasets as a CKAN 2.10 Action API under /api/3/action
// (and /api/action): package_search with rows (capped at CKANMaxRows),
// start and fq "organization:<id>", listing the packages in the order of
// their index whatever the sort (it is the order of metadata_created);
// package_show by id or name; status_show; organization_list with
// all_fields, limit and offset. Packages are made on demand per page.
func CKAN(g synth.Generator) http.Handler {
	c := &ckanServer{g: g, byOrg: newOrgIndex(g)}
	mux := http.NewServeMux()
	for _, base := range []string{"/api/3/action/", "/api/action/"} {
		mux.HandleFunc("GET "+base+"package_search", c.packageSearch)
		mux.HandleFunc("GET "+base+"package_show", c.packageShow)
		mux.HandleFunc("GET "+base+"status_show", c.statusShow)
		mux.HandleFunc("GET "+base+"organization_list", c.organizationList)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		ckanError(w, http.StatusNotFound, "Not Found Error", "Not found")
	})
	return mux
}

type ckanServer struct {
	g     synth.Generator
	byOrg *orgIndex
	ahead lookahead
}

// packageSearch answers one page of package_search, and starts making
// the next one (see lookahead).
func (c *ckanServer) packageSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	rows, ok1 := intParam(q.Get("rows"), ckanDefaultRows)
	start, ok2 := intParam(q.Get("start"), 0)
	if !ok1 || !ok2 {
		ckanError(w, http.StatusConflict, "Validation Error", "rows and start must be non-negative integers")
		return
	}
	rows = min(rows, CKANMaxRows)
	fq, sort := q.Get("fq"), q.Get("sort")
	indexes := c.indexes(fq)
	count := c.g.N
	if indexes != nil {
		count = len(indexes)
	}
	key := func(start int) string {
		return strings.Join([]string{r.Host, fq, sort, strconv.Itoa(start), strconv.Itoa(rows)}, "\x00")
	}
	render := func(start int) func() []byte {
		return func() []byte { return c.searchPage(r.Host, sort, indexes, count, start, rows) }
	}
	body, ok := c.ahead.take(key(start))
	if !ok {
		body = render(start)()
	}
	if start+rows < count {
		c.ahead.prepare(key(start+rows), render(start+rows))
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.Write(body)
}

// searchPage makes the package_search response with the packages start
// to start+rows of indexes (of all datasets if nil), count in all.
func (c *ckanServer) searchPage(host, sort string, indexes []int32, count, start, rows int) []byte {
	var b bytes.Buffer
	b.Grow(rows * 5000)
	b.WriteString(`{"help": "http://` + host + `/api/3/action/help_show?name=package_search", "success": true, "result": {"count": ` +
		strconv.Itoa(count) + `, "sort": ` + quote(sort) + `, "facets": {}, "search_facets": {}, "results": [`)
	enc := json.NewEncoder(&b)
	for k := start; k < min(start+rows, count); k++ {
		if k > start {
			b.WriteByte(',')
		}
		i := k
		if indexes != nil {
			i = int(indexes[k])
		}
		enc.Encode(newPackage(c.g.Dataset(i), i, host))
	}
	b.WriteString("]}}")
	return b.Bytes()
}

// indexes returns the datasets an fq "organization:<id>" selects; nil
// (all) for any other fq.
func (c *ckanServer) indexes(fq string) []int32 {
	id, ok := strings.CutPrefix(strings.TrimSpace(fq), "organization:")
	if !ok {
		return nil
	}
	return c.byOrg.of(strings.Trim(id, `"`))
}

// packageShow answers package_show?id= with a package's id or name.
func (c *ckanServer) packageShow(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	if k := strings.LastIndexByte(id, '-'); k >= 0 && len(id)-k-1 > 0 && len(id) != 36 {
		// A name ends in its index; see newPackage.
		if i, err := strconv.Atoi(id[k+1:]); err == nil && i >= 0 && i < c.g.N {
			id = c.g.RemoteID(i)
		}
	}
	i, ok := c.g.IndexOf(id)
	if !ok {
		ckanError(w, http.StatusNotFound, "Not Found Error", "Not found")
		return
	}
	ckanResult(w, r, "package_show", newPackage(c.g.Dataset(i), i, r.Host))
}

// statusShow answers status_show as a CKAN 2.10 with ckanext-dcat does.
func (c *ckanServer) statusShow(w http.ResponseWriter, r *http.Request) {
	ckanResult(w, r, "status_show", map[string]any{
		"ckan_version": "2.10.4", "site_title": "Synthetischer Datenkatalog", "site_description": "",
		"site_url": "http://" + r.Host, "locale_default": "de", "error_emails_to": nil,
		"extensions": []string{"scheming_datasets", "dcat", "dcat_json_interface", "structured_data"},
	})
}

// organizationList answers organization_list: names, or with all_fields
// objects with package_count, sorted by name; limit and offset page it.
func (c *ckanServer) organizationList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, ok1 := intParam(q.Get("limit"), CKANMaxRows)
	offset, ok2 := intParam(q.Get("offset"), 0)
	if !ok1 || !ok2 {
		ckanError(w, http.StatusConflict, "Validation Error", "limit and offset must be non-negative integers")
		return
	}
	orgs := c.g.Organizations()
	sortByID(orgs)
	orgs = orgs[min(offset, len(orgs)):min(offset+limit, len(orgs))]
	if q.Get("all_fields") != "true" && q.Get("all_fields") != "True" {
		names := make([]string, len(orgs))
		for k, o := range orgs {
			names[k] = o.ID
		}
		ckanResult(w, r, "organization_list", names)
		return
	}
	out := make([]ckanOrganization, len(orgs))
	for k := range orgs {
		out[k] = newOrganization(&orgs[k])
		out[k].PackageCount = len(c.byOrg.of(orgs[k].ID))
	}
	ckanResult(w, r, "organization_list", out)
}

// intParam reads a non-negative integer parameter, def if it is empty.
func intParam(s string, def int) (int, bool) {
	if s == "" {
		return def, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0
}

// ckanResult writes a successful Action API response.
func ckanResult(w http.ResponseWriter, r *http.Request, action string, result any) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	json.NewEncoder(w).Encode(map[string]any{
		"help":    "http://" + r.Host + "/api/3/action/help_show?name=" + action,
		"success": true,
		"result":  result,
	})
}

// ckanError writes an Action API error.
func ckanError(w http.ResponseWriter, status int, typ, message string) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"success": false,
		"error":   map[string]string{"__type": typ, "message": message},
	})
}

// quote returns s as a JSON string.
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// orgIndex lists the datasets of each organisation, made at the first
// request that needs it.
type orgIndex struct {
	g     synth.Generator
	once  sync.Once
	lists map[string][]int32
}

func newOrgIndex(g synth.Generator) *orgIndex { return &orgIndex{g: g} }

// of returns the indexes of the datasets of organisation id, in order.
func (x *orgIndex) of(id string) []int32 {
	x.once.Do(func() {
		x.lists = map[string][]int32{}
		for i := range x.g.N {
			o := x.g.OrganizationOf(i)
			x.lists[o] = append(x.lists[o], int32(i))
		}
	})
	if list, ok := x.lists[id]; ok {
		return list
	}
	return []int32{}
}

// licenseTitle returns the German name of a dcat-ap.de licence id.
func licenseTitle(id string) string {
	if l, ok := dcat.LicenseFor(id); ok {
		return l.Name
	}
	return id
}

// sortByID sorts organisations by id, as organization_list does by name.
func sortByID(orgs []municat.Organization) {
	slices.SortFunc(orgs, func(a, b municat.Organization) int { return strings.Compare(a.ID, b.ID) })
}
