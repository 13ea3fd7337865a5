package file

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
)

// Fetcher harvests a file source. The zero value uses http.DefaultClient,
// keeps no versions across runs (no Catalog) and the defaults; production
// code passes harvester.NewHTTPClient() and the Runner's catalogue.
type Fetcher struct {
	// Client makes the requests (http.DefaultClient if nil). Its Timeout
	// bounds a whole download: the 10 minutes of
	// harvester.NewHTTPClient fetch 1 GiB only at about 15 Mbit/s or more.
	Client *http.Client
	// Catalog is read, never written, for the previous version of each
	// dataset: its stored file versions and their HTTP validators. Without
	// it every run stores every file as a new version.
	Catalog *catalog.Catalog
	// MaxBytes caps one data file (harvester.DefaultMaxFileBytes if 0) and,
	// if smaller than harvester.DefaultMaxBytes, the metadata CSV.
	MaxBytes int64
	// Retries and Backoff tune the retries of a failed request (see
	// harvester.GetOptions).
	Retries int
	Backoff time.Duration
	// TempDir holds the downloaded files until the Runner has stored them
	// (os.TempDir() if empty).
	TempDir string
	// Now returns the current time, the time a new version is stored
	// (time.Now if nil).
	Now func() time.Time
}

var _ harvester.Fetcher = (*Fetcher)(nil)

func (f *Fetcher) now() time.Time {
	now := time.Now
	if f.Now != nil {
		now = f.Now
	}
	return now().UTC().Truncate(time.Second)
}

// Fetch downloads the file or files of src and emits one Page with a
// record per file; see harvester.Fetcher for the contract and the package
// doc for the two forms of a source. The downloaded files are deleted when
// emit has returned.
func (f *Fetcher) Fetch(ctx context.Context, src *municat.Source, emit func(*harvester.Page) error) error {
	if ref := strings.TrimSpace(src.Options["metadata"]); ref != "" {
		return f.fetchSidecar(ctx, src, ref, emit)
	}
	return f.fetchConfig(ctx, src, emit)
}

// configOptions are the options of the config form, in the order the page
// summary lists them.
var configOptions = []string{"id", "title", "description", "keywords", "themes", "license", "format", "frequency", "landing_page", "publisher", "contact_email"}

// metaFromOptions reads the metadata of the config form.
func metaFromOptions(src *municat.Source) Meta {
	o := src.Options
	return Meta{
		ID: o["id"], Title: o["title"], Description: o["description"], URL: src.URL,
		Keywords: o["keywords"], Themes: o["themes"], License: o["license"], Format: o["format"],
		Frequency: o["frequency"], LandingPage: o["landing_page"], Publisher: o["publisher"],
		ContactEmail: o["contact_email"],
	}
}

// fetchConfig harvests the config form: src.URL is the file, src.Options
// its metadata. A failed download fails the run.
func (f *Fetcher) fetchConfig(ctx context.Context, src *municat.Source, emit func(*harvester.Page) error) error {
	e, err := mapMeta(metaFromOptions(src), nil)
	if e.remoteID == "" {
		return municat.Errorf(municat.EINVALID, "Die Quelle %q lässt sich nicht ernten: %s", src.ID, municat.ErrorMessage(err))
	}
	page := &harvester.Page{URL: src.URL, Body: configSummary(src), ContentType: "application/json", Ext: "json"}
	if err != nil {
		page.Records = []harvester.Record{{RemoteID: e.remoteID, Err: err, Link: src.URL}}
		return emit(page)
	}
	rec, dl, err := f.record(ctx, src, e)
	if err != nil {
		return err
	}
	defer dl.Remove()
	page.Records = []harvester.Record{rec}
	return emit(page)
}

// configSummary returns the raw page of the config form: the file's
// address and the metadata options as JSON.
func configSummary(src *municat.Source) []byte {
	opts := map[string]string{}
	for _, k := range configOptions {
		if v, ok := src.Options[k]; ok {
			opts[k] = v
		}
	}
	b, err := json.MarshalIndent(struct {
		URL     string            `json:"url"`
		Options map[string]string `json:"options"`
	}{src.URL, opts}, "", "  ")
	if err != nil {
		// Strings only; this cannot happen.
		panic("file: marshal config summary: " + err.Error())
	}
	return b
}

// resolve returns ref resolved against the source's URL, if it is a valid
// one.
func resolve(base, ref string) (string, error) {
	r, err := url.Parse(ref)
	if err == nil {
		if b, berr := url.Parse(base); berr == nil && b.Scheme != "" {
			r = b.ResolveReference(r)
		}
	}
	if err != nil || (r.Scheme != "http" && r.Scheme != "https") || r.Host == "" {
		return "", municat.Errorf(municat.EINVALID, "Die Adresse der Metadaten-Datei %q (Option metadata) ist keine gültige Web-Adresse", ref)
	}
	return r.String(), nil
}
