// Package ckan harvests a CKAN portal through its Action API: it pages
// through package_search and maps every package to a municat.Dataset (see
// mapping.go).
//
// Offset paging over a listing that may change during the run is the risky
// part, so Fetch is strict: it sorts by creation time (new packages land at
// the end), advances by what each page returned (servers cap rows), and
// reports the listing incomplete when the count changes between pages (a
// package deleted mid-run shifts the pages and hides another one), when a
// page comes back empty too early, when the paging does not end, or when
// fewer distinct packages arrived than the source counts. An incomplete
// listing withdraws nothing.
//
// Source options: "fq" is passed on as package_search's filter query, e.g.
// "organization:stadt-musterstadt" to harvest one organisation of a state
// portal.
package ckan

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/jsonvalue"
)

// Defaults of a Fetcher.
const (
	// DefaultPageSize is the rows asked for per page: CKAN's default cap
	// (ckan.search.rows_max), so that a large portal takes a tenth of the
	// requests and page writes of rows=100. A server with a lower cap
	// returns fewer; Fetch pages by what came back.
	DefaultPageSize = 1000
	// DefaultMaxPages stops a listing that does not end.
	DefaultMaxPages = 10000
)

// searchSort orders packages so that packages created during a run come
// last and do not shift the pages still to fetch; the id breaks ties.
const searchSort = "metadata_created asc, id asc"

// Fetcher fetches a CKAN portal. The zero value uses http.DefaultClient
// and the defaults; production code passes harvester.NewHTTPClient().
type Fetcher struct {
	// Client makes the requests (http.DefaultClient if nil).
	Client *http.Client
	// PageSize is the rows asked for per page (DefaultPageSize if 0).
	PageSize int
	// MaxBytes caps one response (harvester.DefaultMaxBytes if 0).
	MaxBytes int64
	// MaxPages caps the pages of one listing (DefaultMaxPages if 0).
	MaxPages int
	// Retries and Backoff tune the retries of a failed request (see
	// harvester.GetOptions).
	Retries int
	Backoff time.Duration
}

var _ harvester.Fetcher = (*Fetcher)(nil)

// Fetch lists every package of the portal at src.URL with package_search
// and emits one Page per response; see harvester.Fetcher for the contract.
// src.URL may be the portal's root, with or without a trailing slash, or
// already end in /api/3 or /api/3/action.
func (f *Fetcher) Fetch(ctx context.Context, src *municat.Source, emit func(*harvester.Page) error) error {
	api, site, err := Endpoints(src.URL)
	if err != nil {
		return err
	}
	rows := f.PageSize
	if rows <= 0 {
		rows = DefaultPageSize
	}
	maxPages := f.MaxPages
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	opts := harvester.GetOptions{MaxBytes: f.MaxBytes, Accept: "application/json", Retries: f.Retries, Backoff: f.Backoff}
	seen := map[string]bool{}
	start, count := 0, 0
	for page := 1; ; page++ {
		if page > maxPages {
			return municat.Errorf(municat.EUNAVAILABLE, "Die Quelle %s lieferte nach %d Seiten noch immer Datensätze (gemeldet: %d); der Abruf wurde abgebrochen", site, maxPages, count)
		}
		u := searchURL(api, rows, start, src.Options["fq"])
		body, ctype, err := harvester.GetBody(ctx, f.Client, u, opts)
		if err != nil {
			return err
		}
		res, err := decodeSearch(body, u)
		if err != nil {
			return err
		}
		before := count
		count = res.count
		p := &harvester.Page{URL: u, Body: body, ContentType: ctype, Ext: "json"}
		if p.ContentType == "" {
			p.ContentType = "application/json"
		}
		for _, raw := range res.results {
			rec, listed := record(raw, site)
			if rec.RemoteID != "" {
				seen[rec.RemoteID] = true
			}
			if listed {
				p.Records = append(p.Records, rec)
			}
		}
		if err := emit(p); err != nil {
			return err
		}
		if page > 1 && count != before {
			return municat.Errorf(municat.EUNAVAILABLE, "Die Zahl der Datensätze der Quelle änderte sich während des Abrufs (von %d auf %d), so dass Datensätze übersprungen worden sein können. Der nächste Lauf holt das nach", before, count)
		}
		start += len(res.results)
		if start >= count {
			break
		}
		if len(res.results) == 0 {
			return municat.Errorf(municat.EUNAVAILABLE, "Die Quelle lieferte ab Treffer %d keine Datensätze mehr, obwohl sie %d meldet (%s); die Liste ist unvollständig", start, count, u)
		}
	}
	if len(seen) < count {
		return municat.Errorf(municat.EUNAVAILABLE, "Die Quelle meldet %d Datensätze, lieferte aber nur %d verschiedene; vermutlich änderte sich ihr Bestand während des Abrufs. Der nächste Lauf holt das nach", count, len(seen))
	}
	return nil
}

// record maps one package of a search result. listed is false for a
// package that is not public (private, draft or deleted): it is left out,
// so that the run withdraws it.
func record(raw json.RawMessage, site string) (rec harvester.Record, listed bool) {
	d, remoteID, err := mapPackage(raw, site)
	if !isPublic(raw) {
		return harvester.Record{RemoteID: remoteID}, false
	}
	rec = harvester.Record{RemoteID: remoteID, Dataset: d, Err: err}
	if remoteID != "" {
		rec.Link = strings.TrimRight(site, "/") + "/dataset/" + url.PathEscape(remoteID)
	}
	return rec, true
}

// Endpoints returns the Action API base ("…/api/3/action") and the portal's
// root for a source URL, which may or may not end in "/" or already contain
// "/api/3" or "/api/3/action". It returns an error matching
// municat.ErrInvalid for a URL that is not http(s).
func Endpoints(sourceURL string) (api, site string, err error) {
	u, err := url.Parse(strings.TrimSpace(sourceURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", "", municat.Errorf(municat.EINVALID, "Die Adresse %q der Quelle ist keine gültige Web-Adresse", sourceURL)
	}
	p := strings.TrimRight(u.Path, "/")
	for _, marker := range []string{"/api/3/action", "/api/action", "/api/3", "/api"} {
		if i := strings.Index(p+"/", marker+"/"); i >= 0 {
			p = p[:i]
			break
		}
	}
	root := url.URL{Scheme: u.Scheme, User: u.User, Host: u.Host, Path: p}
	site = root.String()
	return site + "/api/3/action", site, nil
}

// searchURL returns the URL of one package_search page.
func searchURL(api string, rows, start int, fq string) string {
	q := url.Values{}
	q.Set("rows", strconv.Itoa(rows))
	q.Set("start", strconv.Itoa(start))
	q.Set("sort", searchSort)
	if fq != "" {
		q.Set("fq", fq)
	}
	return api + "/package_search?" + q.Encode()
}

// search is the part of a package_search response Fetch needs.
type search struct {
	count   int
	results []json.RawMessage
}

// decodeSearch reads a package_search response, keeping every package as
// raw JSON so that one odd package cannot spoil the page.
func decodeSearch(body []byte, u string) (*search, error) {
	var resp jsonvalue.Object
	if err := json.Unmarshal(body, &resp); err != nil || resp == nil {
		return nil, municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s ist kein gültiges JSON-Objekt; ist die Adresse der Quelle die einer CKAN-Instanz?", u)
	}
	if success, ok := resp.Bool("success"); !ok || !success {
		msg := resp.ObjText("error").Text("message")
		if msg == "" {
			msg = resp.Text("error")
		}
		if msg == "" {
			msg = "ohne Begründung"
		}
		return nil, municat.Errorf(municat.EUNAVAILABLE, "Die CKAN-Schnittstelle meldete einen Fehler auf %s: %s", u, clip(msg, 300))
	}
	result := resp.ObjText("result")
	count, ok := result.Int("count")
	if result == nil || !ok || count < 0 {
		return nil, municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s enthält keine gültige Trefferzahl (result.count)", u)
	}
	results, ok := result.Array("results")
	if !ok {
		return nil, municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s enthält keine Trefferliste (result.results)", u)
	}
	if count > 1<<40 {
		return nil, municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s meldet unglaubwürdig viele Treffer (%d)", u, count)
	}
	return &search{count: int(count), results: results}, nil
}

// clip shortens s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
