package bleve

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/municat/municat"
	"github.com/municat/municat/search/sortkey"
)

// MappingVersion is the version of the index mapping below. Bump it whenever
// the mapping, an analyzer or the document layout changes: Open then creates
// a new, empty index directory, reports Created, and the caller rebuilds the
// index from the store.
const MappingVersion = 4

// Analyzer names. They are stored in the index meta data, so renaming one
// needs a MappingVersion bump.
const (
	// analyzerDE: unicode words, lower case, German stop words, German
	// normalisation (ä→a, ae→a, ß→ss), ASCII folding, snowball stemming.
	analyzerDE = "municat_de"
	// analyzerEN: unicode words, possessives removed, lower case, English
	// stop words, ASCII folding, Porter stemming.
	analyzerEN = "municat_en"
	// analyzerFold: unicode words, lower case, ASCII folding; no stemming.
	// Used for languages other than German and English.
	analyzerFold = "municat_fold"
	// analyzerPrefixDE is analyzerDE without stop words and stemming: the
	// form a prefix query compares with the start of indexed German terms,
	// and the analyzer of the unstemmed words field.
	analyzerPrefixDE = "municat_prefix_de"
	// analyzerParts is analyzerDE followed by partsFilter: the stems with
	// their beginnings and ends, the likely parts of German compounds.
	analyzerParts = "municat_parts"
	// foldFilter is the token filter that folds a term to ASCII (é→e).
	foldFilter = "municat_fold"
)

// Field names of the index documents.
const (
	fieldTitleDE       = "title_de"
	fieldTitleEN       = "title_en"
	fieldTitleOther    = "title_other"
	fieldDescriptionDE = "description_de"
	fieldDescriptionEN = "description_en"
	fieldDescOther     = "description_other"
	fieldKeywords      = "keywords" // analysed keywords
	fieldParts         = "parts"    // compound parts of the German text and keywords
	fieldWords         = "words"    // unstemmed words of the German title and keywords
	fieldPublisherText = "publisher_text"
	fieldTitleSort     = "title_sort"
	fieldModified      = "modified"
	fieldIssued        = "issued"
	// fieldRow is stored, not indexed: the dataset's encoded row (see
	// encodeRow), from which Open rebuilds the columns.
	fieldRow = "row"
)

// facetFields maps each facet name to its exact-value (keyword) field.
var facetFields = map[string]string{
	municat.FacetTheme:        "theme",
	municat.FacetOrganization: "organization",
	municat.FacetPublisher:    "publisher",
	municat.FacetFormat:       "format",
	municat.FacetLicense:      "license",
	municat.FacetKeyword:      "keyword",
}

func init() {
	if err := registry.RegisterTokenFilter(foldFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldTokenFilter{}, nil
	}); err != nil {
		panic(err)
	}
}

// foldTokenFilter folds every term to ASCII, e.g. "café" to "cafe" and
// "ß" to "ss".
type foldTokenFilter struct{}

// Filter folds the terms of input in place.
func (foldTokenFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		t.Term = fold(t.Term)
	}
	return input
}

var asciiFolder = asciifolding.New()

// fold returns b folded to ASCII; b itself when it is ASCII already.
func fold(b []byte) []byte {
	for _, c := range b {
		if c >= 0x80 {
			return asciiFolder.Filter(b)
		}
	}
	return b
}

// newMapping returns the index mapping: a static document mapping (only the
// fields below are indexed, nothing is stored but the id and the row) with
// the analyzers above.
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	analyzers := map[string][]any{
		analyzerDE:       {lowercase.Name, de.StopName, de.NormalizeName, foldFilter, de.SnowballStemmerName},
		analyzerEN:       {en.PossessiveName, lowercase.Name, en.StopName, foldFilter, porter.Name},
		analyzerFold:     {lowercase.Name, foldFilter},
		analyzerPrefixDE: {lowercase.Name, de.NormalizeName, foldFilter},
		analyzerParts:    {lowercase.Name, de.StopName, de.NormalizeName, foldFilter, de.SnowballStemmerName, partsFilter},
	}
	for name, filters := range analyzers {
		err := im.AddCustomAnalyzer(name, map[string]any{
			"type":          custom.Name,
			"tokenizer":     unicode.Name,
			"token_filters": filters,
		})
		if err != nil {
			return nil, fmt.Errorf("bleve: analyzer %s: %w", name, err)
		}
	}
	im.DefaultAnalyzer = analyzerDE

	dm := mapping.NewDocumentStaticMapping()
	text := func(analyzer string) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store, f.IncludeInAll, f.IncludeTermVectors, f.DocValues = false, false, false, false
		return f
	}
	exact := func() *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store, f.IncludeInAll, f.IncludeTermVectors, f.DocValues = false, false, false, true
		return f
	}
	for field, analyzer := range map[string]string{
		fieldPublisherText: analyzerDE,
		fieldTitleEN:       analyzerEN, fieldDescriptionEN: analyzerEN,
		fieldTitleOther: analyzerFold, fieldDescOther: analyzerFold,
	} {
		dm.AddFieldMappingsAt(field, text(analyzer))
	}
	// The German text and the keywords go to the parts field as well, the
	// title and the keywords also to the words field.
	for _, field := range []string{fieldTitleDE, fieldDescriptionDE, fieldKeywords} {
		parts := text(analyzerParts)
		parts.Name = fieldParts
		mappings := []*mapping.FieldMapping{text(analyzerDE), parts}
		if field != fieldDescriptionDE {
			words := text(analyzerPrefixDE)
			words.Name = fieldWords
			mappings = append(mappings, words)
		}
		dm.AddFieldMappingsAt(field, mappings...)
	}
	for _, field := range facetFields {
		dm.AddFieldMappingsAt(field, exact())
	}
	dm.AddFieldMappingsAt(fieldTitleSort, exact())
	modified := mapping.NewDateTimeFieldMapping()
	modified.Store, modified.IncludeInAll, modified.DocValues = false, false, true
	dm.AddFieldMappingsAt(fieldModified, modified)
	issued := mapping.NewDateTimeFieldMapping()
	issued.Store, issued.IncludeInAll, issued.DocValues = false, false, true
	dm.AddFieldMappingsAt(fieldIssued, issued)

	row := mapping.NewTextFieldMapping()
	row.Analyzer = keyword.Name
	row.Index, row.Store, row.IncludeInAll, row.IncludeTermVectors, row.DocValues = false, true, false, false, false
	dm.AddFieldMappingsAt(fieldRow, row)

	im.DefaultMapping = dm
	im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic = false, false, false
	if err := im.Validate(); err != nil {
		return nil, fmt.Errorf("bleve: mapping: %w", err)
	}
	return im, nil
}

// document returns the index document of d.
//
// German text (and text under an empty language key) goes to the *_de fields,
// English text to the *_en fields, and text in any other language to the
// *_other fields, which are folded but not stemmed: stemming French or Polish
// with a German stemmer would do more harm than good.
func document(d *municat.Dataset) map[string]any {
	doc := map[string]any{}
	split := func(t municat.Text, fields ...string) {
		de, en, other := t.ByAnalysis()
		for i, text := range []string{de, en, other} {
			if text != "" {
				doc[fields[i]] = text
			}
		}
	}
	split(d.Title, fieldTitleDE, fieldTitleEN, fieldTitleOther)
	split(d.Description, fieldDescriptionDE, fieldDescriptionEN, fieldDescOther)

	set := func(field string, values []string) {
		if v := municat.Distinct(values); len(v) > 0 {
			doc[field] = v
		}
	}
	set(fieldKeywords, d.Keywords)
	set(facetFields[municat.FacetKeyword], d.Keywords)
	set(facetFields[municat.FacetTheme], d.Themes)
	set(facetFields[municat.FacetFormat], d.Formats())
	if d.License != "" {
		doc[facetFields[municat.FacetLicense]] = d.License
	}
	if p := d.PublisherName(); p != "" {
		doc[facetFields[municat.FacetPublisher]] = p
		doc[fieldPublisherText] = p
	}
	if k := sortkey.Of(d.Title.String()); k != "" {
		doc[fieldTitleSort] = k
	}
	if d.Organization != "" {
		doc[facetFields[municat.FacetOrganization]] = d.Organization
	}
	if d.Modified != nil && !d.Modified.IsZero() {
		doc[fieldModified] = d.Modified.UTC()
	}
	if d.Issued != nil && !d.Issued.IsZero() {
		doc[fieldIssued] = d.Issued.UTC()
	}
	return doc
}
