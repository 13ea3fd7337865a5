// Package rawbleve is the raw engine baseline of the benchmarks: a plain
// Bleve 2.6.3 index of the synthetic datasets (package bench/synth),
// without any municat code, queried the way a portal would query it. It
// tells where the engine alone stands, so that municat's figures can be
// given as ratios of it, measured in the same run on the same machine.
//
// The index is scorch kept in memory (no directory), as municat's own
// in-memory index is; title, description and keywords are text analysed
// with Bleve's German analyzer "de" (and searched through the composite
// field _all, also analysed as German), theme, organization, format and
// license are keyword fields, modified is a datetime field.
package rawbleve

import (
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/municat/municat"
	"github.com/municat/municat/bench/synth"
)

// BatchSize is the number of documents per index batch.
const BatchSize = 1000

// Hits is the number of hits every query asks for.
const Hits = 20

// FacetSize is the number of values each facet asks for.
const FacetSize = 10

// Facets are the keyword fields the portal and browse queries count.
var Facets = []string{"theme", "organization", "format", "license"}

// Engine is a plain Bleve index of the datasets of one generator.
type Engine struct {
	idx bleve.Index
}

// Build indexes every dataset of g in batches of BatchSize into a new
// in-memory scorch index, and returns it with the time the indexing took:
// from the first batch to the last one being searchable, without the time
// spent generating the datasets.
func Build(g synth.Generator) (*Engine, time.Duration, error) { return BuildAt(g, "") }

// BuildAt is Build with the index in the new directory dir (which must
// not exist), or in memory if dir is "". A million datasets take several
// GB in memory; on disk the operating system pages them.
func BuildAt(g synth.Generator, dir string) (*Engine, time.Duration, error) {
	idx, err := bleve.NewUsing(dir, newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("rawbleve: create index: %w", err)
	}
	var took time.Duration
	for start := 0; start < g.N; start += BatchSize {
		docs := make([]map[string]any, 0, BatchSize)
		ids := make([]string, 0, BatchSize)
		for i := start; i < min(start+BatchSize, g.N); i++ {
			d := g.Dataset(i)
			ids = append(ids, d.ID)
			docs = append(docs, document(d))
		}
		began := time.Now()
		b := idx.NewBatch()
		for k, doc := range docs {
			if err := b.Index(ids[k], doc); err != nil {
				_ = idx.Close()
				return nil, 0, fmt.Errorf("rawbleve: index %s: %w", ids[k], err)
			}
		}
		if err := idx.Batch(b); err != nil {
			_ = idx.Close()
			return nil, 0, fmt.Errorf("rawbleve: batch at %d: %w", start, err)
		}
		took += time.Since(began)
	}
	return &Engine{idx: idx}, took, nil
}

// newMapping returns the index mapping: German text, keyword facets and
// a datetime to sort by.
func newMapping() *mapping.IndexMappingImpl {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = de.AnalyzerName
	text.Store = false
	kw := bleve.NewKeywordFieldMapping()
	kw.Analyzer = keyword.Name
	kw.Store = false
	kw.IncludeInAll = false
	kw.DocValues = true
	date := bleve.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	date.DocValues = true

	doc := bleve.NewDocumentStaticMapping()
	for _, f := range []string{"title", "description", "keywords"} {
		doc.AddFieldMappingsAt(f, text)
	}
	for _, f := range Facets {
		doc.AddFieldMappingsAt(f, kw)
	}
	doc.AddFieldMappingsAt("modified", date)

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = de.AnalyzerName
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}

// document returns the fields of d the index holds.
func document(d *municat.Dataset) map[string]any {
	doc := map[string]any{
		"title":        d.Title.String(),
		"description":  d.Description.String(),
		"keywords":     d.Keywords,
		"theme":        d.Themes,
		"organization": d.Organization,
		"format":       d.Formats(),
		"license":      d.License,
	}
	if d.Modified != nil {
		doc["modified"] = *d.Modified
	}
	return doc
}

// OneWord searches for word (a match query over all text), 20 hits by
// relevance, no facets, and returns the number of matches.
func (e *Engine) OneWord(word string) (int, error) {
	return e.search(bleve.NewSearchRequestOptions(bleve.NewMatchQuery(word), Hits, 0, false))
}

// Portal searches for every one of words (a match query with operator
// AND) in datasets of theme, with the 4 facets and 20 hits by relevance,
// and returns the number of matches.
func (e *Engine) Portal(words, theme string) (int, error) {
	match := bleve.NewMatchQuery(words)
	match.SetOperator(query.MatchQueryOperatorAnd)
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(match, themeQuery(theme)), Hits, 0, false)
	addFacets(req)
	return e.search(req)
}

// Browse lists the datasets of theme without words: the 4 facets and the
// 20 most recently modified, and returns the number of matches.
func (e *Engine) Browse(theme string) (int, error) {
	req := bleve.NewSearchRequestOptions(themeQuery(theme), Hits, 0, false)
	addFacets(req)
	req.SortBy([]string{"-modified"})
	return e.search(req)
}

// Close releases the index.
func (e *Engine) Close() error { return e.idx.Close() }

func (e *Engine) search(req *bleve.SearchRequest) (int, error) {
	res, err := e.idx.Search(req)
	if err != nil {
		return 0, fmt.Errorf("rawbleve: search: %w", err)
	}
	return int(res.Total), nil
}

// themeQuery matches the datasets of one theme.
func themeQuery(theme string) query.Query {
	q := bleve.NewTermQuery(theme)
	q.SetField("theme")
	return q
}

// addFacets asks req for the 4 facets.
func addFacets(req *bleve.SearchRequest) {
	for _, f := range Facets {
		req.AddFacet(f, bleve.NewFacetRequest(f, FacetSize))
	}
}
