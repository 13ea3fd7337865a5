package admin

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/ckan"
	"github.com/municat/municat/internal/ckantest"
	"github.com/municat/municat/publish"
	"github.com/municat/municat/search/bleve"
	"github.com/municat/municat/sources"
	"github.com/municat/municat/tabular"
)

// contentEnv is the admin pages over real services, like coreEnv, with a
// harvester that can fetch CKAN portals, a test CKAN portal on 127.0.0.1
// and the search index at hand.
type contentEnv struct {
	*coreEnv
	sources *sources.Service
	index   *bleve.Index
	ckan    *ckantest.Server
	tables  *tabular.Service // with contentOptions.Tables
}

// contentOptions tune newContentEnv.
type contentOptions struct {
	// MaxUpload is the upload limit of the publish service (its default
	// if 0).
	MaxUpload int64
	// Tables makes a tabular service (contentEnv.tables), to which the
	// publish service hands every new file.
	Tables bool
}

// newContentEnv returns an environment with the organisations
// "musterstadt" and "nachbarort" and a test CKAN portal.
func newContentEnv(tb testing.TB, o contentOptions) *contentEnv {
	tb.Helper()
	cat, idx, ix, clock, log := newTestStore(tb)
	as, err := auth.New(context.Background(), auth.Config{Catalog: cat, Now: clock.Now, Logger: log})
	coreOK(tb, err)
	var tables *tabular.Service
	var onFile func(context.Context, string, string)
	if o.Tables {
		tables = tabular.New(cat, tabular.Options{Logger: log})
		onFile = tables.Enqueue
	}
	pub := publish.New(publish.Config{Catalog: cat, Indexer: ix, Now: clock.Now, Logger: log, TempDir: tb.TempDir(), MaxUpload: o.MaxUpload, OnFile: onFile})
	runner := &harvester.Runner{
		Catalog:  cat,
		Fetchers: map[string]harvester.Fetcher{municat.SourceCKAN: &ckan.Fetcher{Backoff: time.Millisecond}},
		Logger:   log,
		Now:      clock.Now,
	}
	src := sources.New(sources.Config{Catalog: cat, Runner: runner, Now: clock.Now, Logger: log,
		OnResult: func(r *harvester.Result) { _ = ix.Apply(context.Background(), r.Changed, r.Withdrawn) }})
	e := &contentEnv{
		coreEnv: &coreEnv{tb: tb, cat: cat, auth: as, routes: as.NewRouter(), publish: pub, clock: clock},
		sources: src, index: idx, ckan: ckantest.New(tb), tables: tables,
	}
	e.app = fiber.New(fiber.Config{Immutable: true, StreamRequestBody: true, DisablePreParseMultipartForm: true, BodyLimit: 1 << 20})
	coreOK(tb, Register(e.app, Config{
		Catalog: cat, Index: idx, Auth: as, Routes: e.routes, Publish: pub, Sources: src, Tables: tables,
		SiteName: municat.Text{"de": "Offene Daten Musterstadt"}, Logger: log, Now: clock.Now,
		SourceTypes: []string{municat.SourceCKAN, municat.SourceDCAT}, CatalogueCSS: catalogueCSS(tb),
	}))
	putTestOrganizations(tb, cat)
	return e
}

// otherEditor is an editor of the other organisation.
func (e *contentEnv) otherEditor() *coreUser {
	return e.account("olga-other", false, municat.Membership{Organization: "nachbarort", Role: municat.RoleEditor})
}

// putSource stores a source of musterstadt on the test portal directly.
func (e *contentEnv) putSource(id string, managed string) *municat.Source {
	e.tb.Helper()
	s := &municat.Source{ID: id, Type: municat.SourceCKAN, URL: e.ckan.URL, Organization: "musterstadt", Name: "Portal " + id, Schedule: "0 3 * * *", Managed: managed}
	coreOK(e.tb, e.cat.PutSource(context.Background(), s))
	return s
}

// filePart is the file of a multipart form.
type filePart struct {
	Name, ContentType string
	Body              []byte
}

// upload posts a multipart form as u, as the upload form does: with u's
// CSRF token in the action URL and the form (unless fields has "csrf"),
// and the file (none if nil).
func (e *contentEnv) upload(u *coreUser, target string, fields map[string]string, file *filePart) coreResponse {
	e.tb.Helper()
	if _, ok := fields["csrf"]; !ok && u != nil {
		target += "?csrf=" + url.QueryEscape(u.CSRF)
	}
	return e.uploadBody(u, target, fields, file)
}

// uploadBody posts a multipart form as u with u's CSRF token only in the
// form (unless fields has "csrf"), and the file (none if nil).
func (e *contentEnv) uploadBody(u *coreUser, target string, fields map[string]string, file *filePart) coreResponse {
	e.tb.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if _, ok := fields["csrf"]; !ok && u != nil {
		coreOK(e.tb, w.WriteField("csrf", u.CSRF))
	}
	for k, v := range fields {
		coreOK(e.tb, w.WriteField(k, v))
	}
	if file != nil {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="file"; filename="`+file.Name+`"`)
		if file.ContentType != "" {
			h.Set("Content-Type", file.ContentType)
		}
		part, err := w.CreatePart(h)
		coreOK(e.tb, err)
		_, err = part.Write(file.Body)
		coreOK(e.tb, err)
	}
	coreOK(e.tb, w.Close())
	req := httptest.NewRequest(http.MethodPost, target, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	if u != nil {
		req.Header.Set("Cookie", u.Cookie)
	}
	resp, err := e.app.Test(req, 10_000)
	coreOK(e.tb, err)
	b, err := io.ReadAll(resp.Body)
	coreOK(e.tb, err)
	resp.Body.Close()
	return coreResponse{Response: resp, Body: string(b)}
}

// location returns the redirect target of a 303 answer, failing otherwise.
func location(tb testing.TB, r coreResponse) string {
	tb.Helper()
	if r.StatusCode != http.StatusSeeOther {
		tb.Fatalf("%s %s: status %d, want 303\n%s", r.Request.Method, r.Request.URL, r.StatusCode, coreShort(r.Body))
	}
	return r.Header.Get("Location")
}

// flashOf returns the flash cookie of a redirect ("name=value"), to send
// with the next request.
func flashOf(r coreResponse) string {
	for _, c := range r.Cookies() {
		if c.Name == flashCookie {
			return c.Name + "=" + c.Value
		}
	}
	return ""
}

// follow gets the target of a redirect as u, with its flash notice.
func (e *contentEnv) follow(u *coreUser, r coreResponse) coreResponse {
	e.tb.Helper()
	return e.do(u, http.MethodGet, location(e.tb, r), nil, flashOf(r))
}

// errorLinks returns the fragment targets of the error summary's links.
func errorLinks(body string) []string {
	i := strings.Index(body, `class="error-summary"`)
	if i < 0 {
		return nil
	}
	end := strings.Index(body[i:], "</div>")
	var out []string
	for _, part := range strings.Split(body[i:i+end], `href="#`)[1:] {
		out = append(out, part[:strings.Index(part, `"`)])
	}
	return out
}
