package server

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

// descriptionLength caps the descriptions in search results, in characters
// per language.
const descriptionLength = 300

// SearchResponse is the answer of GET /api/v1/datasets.
type SearchResponse struct {
	// Total is the number of matching datasets.
	Total int `json:"total"`
	// Page is the number of the page, counting from 1.
	Page int `json:"page"`
	// PerPage is the page size.
	PerPage int `json:"per_page"`
	// Items are the datasets of the page, in order.
	Items []DatasetSummary `json:"items"`
	// Facets maps each facet name (municat.FacetNames) to its values over
	// all matches, most frequent first.
	Facets map[string][]FacetValue `json:"facets"`
}

// DatasetSummary is a dataset as a search result lists it.
type DatasetSummary struct {
	// ID is the id of the dataset.
	ID string `json:"id"`
	// Title is the name of the dataset per language.
	Title municat.Text `json:"title"`
	// Description is the dataset's description per language, shortened
	// to descriptionLength characters.
	Description municat.Text `json:"description,omitempty"`
	// Organization is the id of the dataset's organisation.
	Organization string `json:"organization,omitempty"`
	// Publisher carries the publisher's name only.
	Publisher *municat.Agent `json:"publisher,omitempty"`
	// Themes are the dataset's EU data-theme codes, e.g. "ENVI".
	Themes []string `json:"themes,omitempty"`
	// Formats are the distinct formats of the distributions, in order.
	Formats []string `json:"formats,omitempty"`
	// License is the licence of the dataset as given by the source.
	License string `json:"license,omitempty"`
	// Modified is when the dataset last changed.
	Modified *time.Time `json:"modified,omitempty"`
	// URL is the API URL of the full record.
	URL string `json:"url"`
}

// FacetValue is one value of a facet with the number of matches having it.
// Theme values carry the theme's name as Label.
type FacetValue struct {
	// Value is the facet value, e.g. a theme code.
	Value string `json:"value"`
	// Count is the number of matching datasets having the value.
	Count int `json:"count"`
	// Label is the theme's name per language; empty for other facets.
	Label municat.Text `json:"label,omitempty"`
}

// searchDatasets answers GET /api/v1/datasets.
func (h *handlers) searchDatasets(c *fiber.Ctx) error {
	values, err := queryValues(c)
	if err != nil {
		return err
	}
	q, err := parseSearch(values)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	res, err := h.cfg.Index.Search(ctx, q)
	if err != nil {
		return err
	}
	datasets, err := h.cfg.Catalog.HitSummaries(ctx, res.Hits, h.log)
	if err != nil {
		return err
	}
	out := SearchResponse{
		Total:   res.Total,
		Page:    q.Page,
		PerPage: q.PerPage,
		Items:   make([]DatasetSummary, 0, len(datasets)),
		Facets:  make(map[string][]FacetValue, len(municat.FacetNames)),
	}
	for _, d := range datasets {
		if d.Unreleased() {
			continue // back to draft since the index was updated
		}
		out.Items = append(out.Items, h.summarize(d))
	}
	for _, name := range municat.FacetNames {
		out.Facets[name] = facetValues(name, res.Facets[name])
	}
	h.setPageLinks(c, "/api/v1/datasets", q.Page, lastPage(res.Total, q.PerPage))
	return sendJSON(c, out)
}

// summarize returns the search-result view of d.
func (h *handlers) summarize(d *municat.Dataset) DatasetSummary {
	s := DatasetSummary{
		ID:           d.ID,
		Title:        d.Title,
		Description:  shortenText(d.Description, descriptionLength),
		Organization: d.Organization,
		Themes:       d.Themes,
		Formats:      d.Formats(),
		License:      d.License,
		Modified:     d.Modified,
		URL:          h.datasetURL(d.ID),
	}
	if d.Publisher != nil && !d.Publisher.Name.IsEmpty() {
		s.Publisher = &municat.Agent{Name: d.Publisher.Name}
	}
	return s
}

// facetValues converts the index's facet values, adding theme labels. The
// result is never nil, so every facet is a JSON array.
func facetValues(name string, in []municat.FacetValue) []FacetValue {
	out := make([]FacetValue, 0, len(in))
	for _, v := range in {
		fv := FacetValue{Value: v.Value, Count: v.Count}
		if name == municat.FacetTheme {
			if t, ok := municat.ThemeByCode(v.Value); ok {
				fv.Label = t.Label
			}
		}
		out = append(out, fv)
	}
	return out
}

// shortenText cuts each language's text to at most limit characters, at a
// word boundary where there is one, and marks the cut with "…".
func shortenText(t municat.Text, limit int) municat.Text {
	if t.IsEmpty() {
		return nil
	}
	out := make(municat.Text, len(t))
	for lang, s := range t {
		if s != "" {
			out[lang] = municat.Shorten(s, limit)
		}
	}
	return out
}
