// Package socrata harvests a Socrata portal (Tyler Data & Insights)
// through its Discovery API, /api/catalog/v1, and maps every asset of the
// catalogue to a municat.Dataset (see mapping.go).
//
// Fetch pages with limit and offset over the listing's resultSetSize and is
// strict about it, like the CKAN harvester: it reports the listing
// incomplete when resultSetSize changes between pages, when a page comes
// back empty before resultSetSize is reached, when a page repeats an
// earlier one (a server ignoring the offset), when there are more than
// MaxPages pages, or when fewer distinct assets arrived than resultSetSize
// counts. An incomplete listing withdraws nothing.
//
// The Discovery API orders by relevance unless told otherwise; without a
// search term the order is the search index's and stays put between pages
// as long as the catalogue does not change, and a change shows up in
// resultSetSize or the distinct count. The API may refuse very deep
// offsets on huge catalogues; the run then fails with the server's HTTP
// status and withdraws nothing.
//
// The listing carries all the mapping uses; Fetch does not fetch an
// asset's /api/views/{id}.json for more, which would cost one request per
// asset.
//
// Source options:
//   - "domain": the portal's domain for the domains and search_context
//     parameters; by default the host of the source URL. Set it when the
//     source URL is a central Discovery host such as
//     https://api.us.socrata.com.
//   - "only": the asset types to list, comma-separated as the API takes
//     them ("dataset", "map", "dataset,map", …); default "dataset". Assets of
//     other types that arrive anyway are skipped, so that a complete run
//     withdraws them.
//   - "order": passed on as the API's order parameter, e.g. "createdAt"
//     or "dataset_id", for a stable order on catalogues that change often.
//   - "app_token": a Socrata app token, which raises the request limits.
//     Socrata takes it as the X-App-Token header or as the $$app_token
//     query parameter; harvester.GetBody sends no custom headers, so Fetch
//     uses the parameter. It is left out of the page URLs stored with a run
//     and out of error messages.
//   - "language": the language of the texts (ISO 639-1, e.g. "en");
//     default municat.DefaultLanguage.
package socrata

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// Defaults of a Fetcher.
const (
	// DefaultPageSize is the limit asked for per page.
	DefaultPageSize = 100
	// DefaultMaxPages stops a listing that does not end.
	DefaultMaxPages = 10000
)

// Fetcher fetches a Socrata portal. The zero value uses http.DefaultClient
// and the defaults; production code passes harvester.NewHTTPClient().
type Fetcher struct {
	// Client makes the requests (http.DefaultClient if nil).
	Client *http.Client
	// PageSize is the limit asked for per page (DefaultPageSize if 0).
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

// Fetch lists every asset of the portal at src.URL (its root, e.g.
// https://data.cityofboston.gov) with the Discovery API and emits one Page
// per response; see harvester.Fetcher for the contract and the package
// comment for the options.
func (f *Fetcher) Fetch(ctx context.Context, src *municat.Source, emit func(*harvester.Page) error) error {
	root, host, err := portal(src.URL)
	if err != nil {
		return err
	}
	domain := cmp.Or(strings.TrimSpace(src.Options["domain"]), host)
	only := cmp.Or(strings.TrimSpace(src.Options["only"]), "dataset")
	token := strings.TrimSpace(src.Options["app_token"])
	limit := f.PageSize
	if limit <= 0 {
		limit = DefaultPageSize
	}
	maxPages := f.MaxPages
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	m := newMapper(domain, src.Options["language"], only)
	opts := harvester.GetOptions{MaxBytes: f.MaxBytes, Accept: "application/json", Retries: f.Retries, Backoff: f.Backoff}
	seen := map[string]bool{}
	pageOf := map[string]int{} // the ids of a page, joined → its number
	offset, total := 0, 0
	for page := 1; ; page++ {
		if page > maxPages {
			return municat.Errorf(municat.EUNAVAILABLE, "Die Quelle %s lieferte nach %d Seiten noch immer Datensätze (gemeldet: %d); der Abruf wurde abgebrochen", root, maxPages, total)
		}
		shown := catalogURL(root, domain, only, src.Options["order"], limit, offset)
		body, ctype, err := harvester.GetBody(ctx, f.Client, withToken(shown, token), opts)
		if err != nil {
			return hideToken(err, token)
		}
		res, err := decodeCatalog(body, shown)
		if err != nil {
			return err
		}
		before := total
		total = res.total
		if page > 1 && total != before {
			return municat.Errorf(municat.EUNAVAILABLE, "Die Zahl der Datensätze der Quelle änderte sich während des Abrufs (von %d auf %d), so dass Datensätze übersprungen worden sein können. Der nächste Lauf holt das nach", before, total)
		}
		p := &harvester.Page{URL: shown, Body: body, ContentType: cmp.Or(ctype, "application/json"), Ext: "json"}
		var ids []string
		for _, raw := range res.results {
			rec, listed := m.record(raw)
			if rec.RemoteID != "" {
				seen[rec.RemoteID] = true
				ids = append(ids, rec.RemoteID)
			}
			if listed {
				p.Records = append(p.Records, rec)
			}
		}
		if len(ids) > 0 {
			key := strings.Join(ids, "\n")
			if earlier, ok := pageOf[key]; ok {
				return municat.Errorf(municat.EUNAVAILABLE, "Seite %d der Liste (%s) enthält genau dieselben Datensätze wie Seite %d; die Quelle blättert nicht richtig weiter (wird offset ignoriert?). Der Abruf wurde abgebrochen", page, shown, earlier)
			}
			pageOf[key] = page
		}
		if err := emit(p); err != nil {
			return err
		}
		offset += len(res.results)
		if offset >= total {
			break
		}
		if len(res.results) == 0 {
			return municat.Errorf(municat.EUNAVAILABLE, "Die Quelle lieferte ab Treffer %d keine Datensätze mehr, obwohl sie %d meldet (%s); die Liste ist unvollständig", offset, total, shown)
		}
	}
	if len(seen) < total {
		return municat.Errorf(municat.EUNAVAILABLE, "Die Quelle meldet %d Datensätze, lieferte aber nur %d verschiedene; vermutlich änderte sich ihr Bestand während des Abrufs. Der nächste Lauf holt das nach", total, len(seen))
	}
	return nil
}

// portal returns the root URL (scheme and host) and the host name of a
// source URL; an error matching municat.ErrInvalid for one that is not
// http(s).
func portal(sourceURL string) (root, host string, err error) {
	u, err := url.Parse(strings.TrimSpace(sourceURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", "", municat.Errorf(municat.EINVALID, "Die Adresse %q der Quelle ist keine gültige Web-Adresse", sourceURL)
	}
	r := url.URL{Scheme: u.Scheme, User: u.User, Host: u.Host}
	return r.String(), u.Hostname(), nil
}

// catalogURL returns the URL of one Discovery API page, without the app
// token.
func catalogURL(root, domain, only, order string, limit, offset int) string {
	q := url.Values{}
	q.Set("domains", domain)
	q.Set("search_context", domain)
	q.Set("only", only)
	if order = strings.TrimSpace(order); order != "" {
		q.Set("order", order)
	}
	q.Set("limit", strconv.Itoa(limit))
	q.Set("offset", strconv.Itoa(offset))
	return root + "/api/catalog/v1?" + q.Encode()
}

// withToken adds the app token to u as Socrata's $$app_token parameter.
func withToken(u, token string) string {
	if token == "" {
		return u
	}
	return u + "&$$app_token=" + url.QueryEscape(token)
}

// hideToken returns err with the app token blotted out of its message and
// cause, keeping its code.
func hideToken(err error, token string) error {
	var e *municat.Error
	if token == "" || !errors.As(err, &e) {
		return err
	}
	blot := strings.NewReplacer(url.QueryEscape(token), "…", token, "…")
	out := &municat.Error{Code: e.Code, Message: blot.Replace(e.Message)}
	if e.Err != nil {
		out.Err = errors.New(blot.Replace(e.Err.Error()))
	}
	return out
}
