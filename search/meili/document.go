package meili

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/search/sortkey"
)

// Field names of the index documents. They are part of the schema: renaming
// one needs a SchemaVersion bump.
const (
	// fieldKey is the primary key: the dataset id in the characters
	// Meilisearch allows in a document id (see documentKey).
	fieldKey           = "key"
	fieldID            = "id"
	fieldTitleDE       = "title_de"
	fieldTitleEN       = "title_en"
	fieldTitleOther    = "title_other"
	fieldDescriptionDE = "description_de"
	fieldDescriptionEN = "description_en"
	fieldDescOther     = "description_other"
	fieldKeywords      = "keywords" // searched; the facet is "keyword"
	fieldPublisherText = "publisher_text"
	fieldTitleSort     = "title_sort"
	fieldModified      = "modified" // Unix seconds
	fieldIssued        = "issued"   // Unix seconds
)

// facetFields maps each facet name to its exact-value (filterable) field.
var facetFields = map[string]string{
	municat.FacetTheme:        "theme",
	municat.FacetOrganization: "organization",
	municat.FacetPublisher:    "publisher",
	municat.FacetFormat:       "format",
	municat.FacetLicense:      "license",
	municat.FacetKeyword:      "keyword",
}

// maxKeyLen is the longest document id Meilisearch accepts, in bytes.
const maxKeyLen = 511

// documentKey returns the Meilisearch document id of a dataset id. A
// document id may only hold ASCII letters, digits, '-' and '_', but dataset
// ids contain dots, so every other byte becomes '_' and two upper-case hex
// digits (and '_' itself "_5F"): "stadt.baeume" is "stadt_2Ebaeume". The
// mapping is one to one. An id whose key would be too long is replaced by
// "_h" and its SHA-256, which no escaped key can equal ('h' is no hex digit).
func documentKey(id string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(id) + 8)
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-':
			b.WriteByte(c)
		default:
			b.WriteByte('_')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0x0f])
		}
	}
	if b.Len() > maxKeyLen {
		sum := sha256.Sum256([]byte(id))
		return "_h" + hex.EncodeToString(sum[:])
	}
	return b.String()
}

// document returns the index document of d: one field per language for title
// and description, the facet fields, the title sort key and the dates as Unix
// seconds, so that range filters and sorting compare numbers.
//
// German text (and text under an empty language key) goes to the *_de
// fields, English text to the *_en fields, text in any other language to the
// *_other fields, as in the Bleve backend.
func document(d *municat.Dataset) map[string]any {
	doc := map[string]any{fieldKey: documentKey(d.ID), fieldID: d.ID}
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
	if l := strings.TrimSpace(d.License); l != "" {
		doc[facetFields[municat.FacetLicense]] = l
	}
	if p := strings.TrimSpace(d.PublisherName()); p != "" {
		doc[facetFields[municat.FacetPublisher]] = p
		doc[fieldPublisherText] = p
	}
	if o := strings.TrimSpace(d.Organization); o != "" {
		doc[facetFields[municat.FacetOrganization]] = o
	}
	if k := sortkey.Of(d.Title.String()); k != "" {
		doc[fieldTitleSort] = k
	}
	if d.Modified != nil && !d.Modified.IsZero() {
		doc[fieldModified] = d.Modified.Unix()
	}
	if d.Issued != nil && !d.Issued.IsZero() {
		doc[fieldIssued] = d.Issued.Unix()
	}
	return doc
}
