// Package schemaorg describes datasets as schema.org JSON-LD, the markup
// search engines and Google Dataset Search read from a dataset page.
//
// Dataset returns compact JSON for a <script type="application/ld+json">
// block; Script returns that block. The JSON is safe to embed in HTML: it
// holds no raw '<', '>' or '&' (they are written as \u003c, \u003e and
// \u0026), so no value from a harvested source can end the script element.
package schemaorg

import (
	"encoding/json"
	"errors"
	"html/template"
	"strings"
	"unicode/utf8"

	"github.com/municat/municat"
	"github.com/municat/municat/frontend/markup"
)

// Context is the JSON-LD context of the output. It is an identifier only:
// neither municat nor the visitor's browser fetches it.
const Context = "https://schema.org"

// Description lengths Google Dataset Search wants, in characters.
const (
	// MinDescription is the shortest description Google accepts; shorter
	// ones are completed from the title, publisher, catalogue and keywords.
	MinDescription = 50
	// MaxDescription is the longest description written; longer ones are
	// shortened at a word boundary.
	MaxDescription = 5000
)

// ErrNoDataset is returned for a nil dataset.
var ErrNoDataset = errors.New("schemaorg: no dataset")

// ErrNoName is returned for a dataset without title, identifier and id:
// schema.org Dataset requires a name.
var ErrNoName = errors.New("schemaorg: dataset has no name")

// Options says how a dataset is described. All fields are optional; with
// the zero Options the output has no @id, url, catalogue or licence.
type Options struct {
	// PageURL is the absolute URL of the dataset's page on the portal,
	// written as @id and url.
	PageURL string
	// CatalogName and CatalogURL name the portal for includedInDataCatalog.
	CatalogName string
	// CatalogURL is the portal's home page URL.
	CatalogURL string
	// Lang is the language the texts are picked in (see municat.Text.Get);
	// empty means municat.DefaultLanguage. It also decides the language of
	// the words added to a too-short description ("de" or "en").
	Lang string
	// DownloadURL returns the URL to download a distribution from, e.g.
	// municat's own URL for a file it stores. When it is nil or returns "",
	// the distribution's DownloadURL, else its AccessURL, is used.
	DownloadURL func(dist *municat.Distribution) string
	// LicenseURL maps a licence id or IRI as stored in the dataset to the
	// licence's URL, reporting false for an unknown licence. When it is nil
	// or reports false, a licence that is itself an http(s) URL is used as
	// is and any other is left out.
	LicenseURL func(id string) (string, bool)
	// LicenseName maps a licence id or IRI to the licence's name, or "".
	// With a name the licence is written as a CreativeWork with name and
	// url, else as its URL.
	LicenseName func(id string) string
	// MediaType maps a distribution's format code (e.g. "CSV") to an IANA
	// media type (e.g. "text/csv"), or "", for distributions that have a
	// format but no media type. When it is nil or returns "", the format
	// code itself is written as encodingFormat.
	MediaType func(format string) string
}

// Dataset returns the schema.org Dataset description of d as compact
// JSON-LD for a <script type="application/ld+json"> element, with '<', '>'
// and '&' escaped so that the JSON can be embedded in HTML as it is (in
// html/template as a template.JS value, or use Script).
//
// The description is d's description as plain text, between MinDescription
// and MaxDescription characters where the dataset allows: a short one is
// completed from title, publisher, catalogue and keywords. URLs that are
// not absolute http(s) URLs are left out. Dataset reports ErrNoDataset for
// a nil d and ErrNoName when d has no title, identifier or id.
func Dataset(d *municat.Dataset, opts Options) ([]byte, error) {
	if d == nil {
		return nil, ErrNoDataset
	}
	ds := describe(d, &opts)
	if ds.Name == "" {
		return nil, ErrNoName
	}
	return json.Marshal(ds)
}

// Script returns the JSON-LD of d (see Dataset) wrapped in a
// <script type="application/ld+json"> element, ready to be placed in a
// page's head. The JSON holds no '<', so the element cannot be broken out
// of.
func Script(d *municat.Dataset, opts Options) (template.HTML, error) {
	b, err := Dataset(d, opts)
	if err != nil {
		return "", err
	}
	return template.HTML(`<script type="application/ld+json">` + string(b) + `</script>`), nil
}

// describe builds the schema.org Dataset node of d.
func describe(d *municat.Dataset, opts *Options) *dataset {
	lang := opts.Lang
	if lang == "" {
		lang = municat.DefaultLanguage
	}
	free := true
	ds := &dataset{
		Context:               Context,
		Type:                  "Dataset",
		ID:                    httpURL(opts.PageURL),
		URL:                   httpURL(opts.PageURL),
		Name:                  clean(firstNonEmpty(d.Title.Get(lang), d.Identifier, d.ID)),
		Identifier:            oneOrMany(identifiers(d)),
		Keywords:              keywords(d.Keywords),
		License:               license(d.License, opts),
		IsAccessibleForFree:   &free,
		Creator:               organization(firstAgent(d.Creator, d.Publisher), lang),
		Publisher:             organization(d.Publisher, lang),
		DatePublished:         date(d.Issued),
		DateModified:          date(d.Modified),
		TemporalCoverage:      temporal(d.Temporal),
		SpatialCoverage:       spatial(d.Spatial),
		Distribution:          distributions(d.Distributions, opts, lang),
		InLanguage:            oneOrMany(nonEmpty(d.Languages)),
		Version:               strings.TrimSpace(d.Version),
		IncludedInDataCatalog: catalog(opts),
	}
	if u := httpURL(d.LandingPage); u != "" && u != ds.URL {
		ds.SameAs = u
	}
	ds.Description = description(d, ds, opts, lang)
	return ds
}

// firstNonEmpty returns the first of ss that is not blank, trimmed.
func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// clean collapses runs of white space in s to single spaces.
func clean(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// nonEmpty returns the trimmed, non-empty, distinct strings of ss, in order.
func nonEmpty(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		s = clean(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// oneOrMany returns nil for no strings, the string for one, else the slice:
// the shapes schema.org properties with one or more values take.
func oneOrMany(ss []string) any {
	switch len(ss) {
	case 0:
		return nil
	case 1:
		return ss[0]
	default:
		return ss
	}
}

// httpURL returns u trimmed if it is an absolute http or https URL, else "".
func httpURL(u string) string {
	u = strings.TrimSpace(u)
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok || rest == "" || strings.ContainsAny(u, " \t\n\r\"<>\\") {
		return ""
	}
	if strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") {
		return u
	}
	return ""
}

// identifiers returns the dataset's identifier and other identifiers, or
// its municat id when it has neither.
func identifiers(d *municat.Dataset) []string {
	ids := nonEmpty(append([]string{d.Identifier}, d.OtherIdentifiers...))
	if len(ids) == 0 {
		return nonEmpty([]string{d.ID})
	}
	return ids
}

// keywords returns the distinct non-empty keywords.
func keywords(kw []string) []string { return nonEmpty(kw) }

// description returns the plain-text description for ds (whose other
// fields are set), completed when it is shorter than MinDescription and
// shortened when longer than MaxDescription.
func description(d *municat.Dataset, ds *dataset, opts *Options, lang string) string {
	desc := markup.PlainText(d.Description.Get(lang))
	if len([]rune(desc)) < MinDescription {
		desc = complete(desc, ds, opts, lang)
	}
	return municat.Shorten(desc, MaxDescription)
}

// complete makes a description out of a too-short one (possibly empty) and
// what else is known: title, publisher, catalogue and keywords.
func complete(desc string, ds *dataset, opts *Options, lang string) string {
	w := words[lang]
	if w == nil {
		w = words[municat.DefaultLanguage]
	}
	var parts []string
	if ds.Name != "" && !strings.EqualFold(ds.Name, desc) {
		parts = append(parts, sentence(ds.Name))
	}
	if desc != "" {
		parts = append(parts, sentence(desc))
	}
	by := ""
	if ds.Publisher != nil {
		by = ds.Publisher.Name
	}
	cat := clean(opts.CatalogName)
	switch {
	case by != "" && cat != "":
		parts = append(parts, sentence(w.dataset+" "+w.by+" "+by+", "+w.in+" "+cat))
	case by != "":
		parts = append(parts, sentence(w.dataset+" "+w.by+" "+by))
	case cat != "":
		parts = append(parts, sentence(w.dataset+" "+w.in+" "+cat))
	}
	if len(ds.Keywords) > 0 {
		parts = append(parts, sentence(w.keywords+": "+strings.Join(ds.Keywords, ", ")))
	}
	return strings.Join(parts, " ")
}

// sentence returns s ending in a full stop unless it ends in punctuation.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if r, _ := utf8.DecodeLastRuneInString(s); s == "" || strings.ContainsRune(".!?…", r) {
		return s
	}
	return s + "."
}

// words are the words complete adds, per language.
var words = map[string]*struct{ dataset, by, in, keywords string }{
	"de": {"Datensatz", "von", "veröffentlicht in", "Schlagwörter"},
	"en": {"Dataset", "by", "published in", "Keywords"},
}
