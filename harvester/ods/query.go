package ods

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/municat/municat"
)

// query is what every request of one Fetch shares: the addresses and the
// source options.
type query struct {
	// site is the portal's root, api the Explore API v2.1 base.
	site, api string
	pageSize  int
	where     string
	refine    []string
	orderBy   string
	apikey    string
}

// newQuery reads the source's address and options. pageSize is the
// Fetcher's default page size.
func newQuery(src *municat.Source, pageSize int) (*query, error) {
	api, site, err := Endpoints(src.URL)
	if err != nil {
		return nil, err
	}
	q := &query{site: site, api: api, pageSize: pageSize, orderBy: DefaultOrderBy}
	opt := src.Options
	if v, ok := opt["page_size"]; ok {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 1 || n > MaxPageSize {
			return nil, municat.Errorf(municat.EINVALID, "Die Option page_size der Quelle (%q) muss eine ganze Zahl von 1 bis %d sein", v, MaxPageSize)
		}
		q.pageSize = n
	}
	if q.pageSize <= 0 {
		q.pageSize = DefaultPageSize
	}
	q.pageSize = min(q.pageSize, MaxPageSize)
	q.where = strings.TrimSpace(opt["where"])
	for line := range strings.SplitSeq(opt["refine"], "\n") {
		if line = strings.TrimSpace(line); line != "" {
			q.refine = append(q.refine, line)
		}
	}
	if v, ok := opt["order_by"]; ok {
		q.orderBy = strings.TrimSpace(v)
	}
	q.apikey = strings.TrimSpace(opt["apikey"])
	return q, nil
}

// Endpoints returns the Explore API v2.1 base ("…/api/explore/v2.1") and
// the portal's root for a source URL, which may or may not end in "/", may
// already contain "/api/explore/v2.1" (or another API path), or may be the
// portal's "/explore" page. Query and fragment are dropped. It returns an
// error matching municat.ErrInvalid for a URL that is not http(s).
func Endpoints(sourceURL string) (api, site string, err error) {
	u, err := url.Parse(strings.TrimSpace(sourceURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", "", municat.Errorf(municat.EINVALID, "Die Adresse %q der Quelle ist keine gültige Web-Adresse", sourceURL)
	}
	p := strings.TrimRight(u.Path, "/")
	if i := strings.Index(p+"/", "/api/"); i >= 0 {
		p = p[:i]
	}
	p = strings.TrimSuffix(p, "/explore")
	root := url.URL{Scheme: u.Scheme, User: u.User, Host: u.Host, Path: p}
	site = root.String()
	return site + "/api/explore/v2.1", site, nil
}

// searchURL returns the address of one page of the dataset search.
func (q *query) searchURL(limit, offset int) string {
	v := q.values()
	v.Set("limit", strconv.Itoa(limit))
	v.Set("offset", strconv.Itoa(offset))
	return q.api + "/catalog/datasets?" + v.Encode()
}

// exportURL returns the address of the JSON catalogue export, with the
// same filters and order as the search.
func (q *query) exportURL() string {
	return q.api + "/catalog/exports/json?" + q.values().Encode()
}

// values returns the query parameters every request carries.
func (q *query) values() url.Values {
	v := url.Values{}
	if q.where != "" {
		v.Set("where", q.where)
	}
	for _, r := range q.refine {
		v.Add("refine", r)
	}
	if q.orderBy != "" {
		v.Set("order_by", q.orderBy)
	}
	if q.apikey != "" {
		v.Set("apikey", q.apikey)
	}
	return v
}

// secrets are the forms the API key can take in a text.
func (q *query) secrets() []string {
	if q.apikey == "" {
		return nil
	}
	return []string{q.apikey, url.QueryEscape(q.apikey), url.PathEscape(q.apikey)}
}

// redact returns s with the API key replaced by "***".
func (q *query) redact(s string) string {
	for _, secret := range q.secrets() {
		s = strings.ReplaceAll(s, secret, "***")
	}
	return s
}

// redactErr returns err without the API key: an error whose text holds it
// is replaced by a municat.Error of the same code with the key masked, and
// without its cause (a url.Error, for one, names the whole address).
// Context errors and errors without the key are returned unchanged.
func (q *query) redactErr(err error) error {
	if err == nil || q.apikey == "" || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if q.redact(err.Error()) == err.Error() {
		return err
	}
	return &municat.Error{Code: municat.ErrorCode(err), Message: q.redact(err.Error())}
}
