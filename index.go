package municat

import (
	"context"
	"time"
)

// Facet names. Each is also a filter on Query and an API parameter.
const (
	FacetTheme        = "theme"
	FacetOrganization = "organization"
	FacetPublisher    = "publisher"
	FacetFormat       = "format"
	FacetLicense      = "license"
	FacetKeyword      = "keyword"
)

// FacetNames lists the facets every Index computes, in display order.
var FacetNames = []string{FacetTheme, FacetOrganization, FacetPublisher, FacetFormat, FacetLicense, FacetKeyword}

// Sort orders.
const (
	// SortRelevance orders by score, best first; without a text query it
	// orders like SortModified descending.
	SortRelevance = "relevance"
	// SortTitle orders by the German title (else the first one), A to Z.
	SortTitle = "title"
	// SortModified orders by modification date, oldest first.
	SortModified = "modified"
	// SortIssued orders by first publication date (Dataset.Issued), oldest
	// first; datasets without one sort last.
	SortIssued = "issued"
	// SortID orders by dataset id, A to Z: an order that a dataset's changes
	// never move, for harvesters paging through the whole catalogue.
	SortID = "id"
)

// Query is a search over the published datasets.
type Query struct {
	// Text is the user's full-text query; empty matches every dataset.
	Text string
	// Filters maps a facet name to values; a dataset matches when it has at
	// least one of the values of every named facet (OR within a facet, AND
	// across facets).
	Filters map[string][]string
	// ModifiedSince, if not zero, restricts the result to datasets modified
	// at or after it (datasets without a modification date never match).
	ModifiedSince time.Time
	// Sort is SortRelevance (default), SortTitle, SortModified, SortIssued
	// or SortID.
	Sort string
	// After, with SortID, restricts the page to datasets whose id sorts
	// after it (before it with Desc): keyset paging, whose cost does not
	// grow with the depth of the page as Page does. Page is then ignored:
	// the result is the PerPage datasets following After. Total and Facets
	// still cover every match. After with another sort is ErrInvalid.
	After string
	// Desc reverses the order of SortTitle, SortModified, SortIssued and
	// SortID.
	Desc bool
	// Page counts from 1; PerPage is the page size.
	Page, PerPage int
	// FacetSize caps the values returned per facet (0 = a default of 20).
	FacetSize int
}

// SearchResult is one page of hits with the facets over all matches.
type SearchResult struct {
	// Total is the number of matching datasets.
	Total int
	// Hits are the datasets of the requested page, in order.
	Hits []Hit
	// Facets maps each name of FacetNames to its values, most frequent
	// first, ties by value ascending.
	Facets map[string][]FacetValue
}

// Hit is one matching dataset.
type Hit struct {
	// ID is the id of the dataset.
	ID string
	// Score is the relevance of the match; higher is more relevant.
	Score float64
	// Dataset is the dataset as the index holds it for a result list — ID,
	// Title, Description (shortened to 300 characters as municat.Shorten
	// does), Organization, Publisher name, Themes, Keywords, the
	// distributions' formats, License, Modified, Issued — or nil when the
	// backend keeps none (callers then read the store).
	Dataset *Dataset
}

// FacetValue is one value of a facet with the number of matches having it.
type FacetValue struct {
	// Value is the facet value, e.g. a theme code.
	Value string `json:"value"`
	// Count is the number of matching datasets having the value.
	Count int `json:"count"`
}

// Index is the search index: a projection of the published datasets in the
// store, rebuildable from it at any time.
//
// Every implementation passes the shared suite in search/searchtest, which
// checks these promises:
//   - Search orders equal sort keys by ID ascending, so every backend returns
//     the same order; pages do not overlap and together hold all matches.
//   - Text search matches German and English word forms (stemming) and is
//     case- and accent-insensitive as far as the engine allows.
//   - Index replaces documents with the same ID.
type Index interface {
	// Index adds or replaces the given datasets. Datasets that are not
	// listed (see Dataset.Listed: withdrawn, archived, or the duplicate of
	// another source's dataset) are removed instead.
	Index(ctx context.Context, datasets ...*Dataset) error
	// Delete removes the datasets with the given ids; missing ids are ignored.
	Delete(ctx context.Context, ids ...string) error
	// Search runs q. It returns ErrInvalid for an unknown facet or sort.
	Search(ctx context.Context, q Query) (*SearchResult, error)
	// Count returns the number of indexed datasets.
	Count(ctx context.Context) (int, error)
	// IDs returns the ids of all indexed datasets, sorted (for reconciling
	// the index with the store).
	IDs(ctx context.Context) ([]string, error)
	// Close flushes and releases the index.
	Close() error
}

// Rebuilder is implemented by an Index that can be rebuilt out of place: a
// rebuild fills a fresh, empty build while searches go on against the
// current content, and Commit swaps the build in at once. An Index without
// it is rebuilt in place (every dataset written again, stale ids deleted).
type Rebuilder interface {
	// StartRebuild returns a new, empty build. Datasets indexed or deleted
	// through the Index while the build is open are written to the build
	// too, so that no change made during a rebuild is lost by the swap.
	// Only one build may be open at a time; a second StartRebuild returns
	// an ECONFLICT error.
	StartRebuild(ctx context.Context) (IndexBuild, error)
}

// IndexBuild is an index being rebuilt out of place (see Rebuilder).
type IndexBuild interface {
	// Index adds datasets to the build; datasets that are not listed are
	// left out.
	Index(ctx context.Context, datasets ...*Dataset) error
	// Commit swaps the build in: from then on searches see exactly the
	// datasets of the build. The build is closed afterwards.
	Commit(ctx context.Context) error
	// Abort drops the build; the current content stays. Aborting a
	// committed or aborted build does nothing.
	Abort(ctx context.Context) error
}
