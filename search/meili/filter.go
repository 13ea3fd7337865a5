package meili

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/municat/municat"
	"github.com/municat/municat/search/german"
)

// quote returns v as a double-quoted value of a Meilisearch filter
// expression. The filter parser first ends the string at the first '"' not
// preceded by '\' and turns '\"' into '"', then unescapes '\\' to '\' (and
// rejects other escapes, which is why every backslash must be doubled since
// Meilisearch 1.4). So backslashes are doubled first and quotes escaped
// second: the value reads back exactly, whatever it holds, and can never end
// the string early or smuggle in an operator.
func quote(v string) string {
	var b strings.Builder
	b.Grow(len(v) + 2)
	b.WriteByte('"')
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		default:
			b.WriteByte(v[i])
		}
	}
	b.WriteByte('"')
	return b.String()
}

// filterExpr returns the filter expression of the facet filters and
// modifiedSince: the conjunction over the filtered facets (in the order of
// municat.FacetNames) of the disjunction of their values, or "" when nothing
// is filtered. An unknown facet is an EINVALID error.
func filterExpr(filters map[string][]string, modifiedSince time.Time) (string, error) {
	for name := range filters {
		if _, ok := facetFields[name]; !ok {
			return "", municat.Errorf(municat.EINVALID, "Unbekannter Filter %q.", name)
		}
	}
	var conj []string
	for _, name := range municat.FacetNames {
		values := municat.Distinct(filters[name])
		if len(values) == 0 {
			continue
		}
		quoted := make([]string, len(values))
		for i, v := range values {
			quoted[i] = quote(v)
		}
		conj = append(conj, facetFields[name]+" IN ["+strings.Join(quoted, ", ")+"]")
	}
	if !modifiedSince.IsZero() {
		// Dates are stored as whole seconds; a fraction of a second in
		// modifiedSince is dropped, so the bound stays inclusive.
		conj = append(conj, fieldModified+" >= "+strconv.FormatInt(modifiedSince.Unix(), 10))
	}
	return strings.Join(conj, " AND "), nil
}

// and joins the non-empty expressions with AND, each in parentheses when
// there are several.
func and(exprs ...string) string {
	var parts []string
	for _, e := range exprs {
		if e != "" {
			parts = append(parts, e)
		}
	}
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	for i := range parts {
		parts[i] = "(" + parts[i] + ")"
	}
	return strings.Join(parts, " AND ")
}

// afterExpr is the keyset condition of After: ids after it in the order of
// the sort (before it with desc). Comparing strings with < and > needs
// Meilisearch 1.15; Search checks the hits again, see searchAfter.
func afterExpr(after string, desc bool) string {
	if desc {
		return fieldID + " < " + quote(after)
	}
	return fieldID + " > " + quote(after)
}

// sortParams returns the sort parameter for q, or nil for a text search by
// relevance (the ranking rules rank; Search breaks ties by id itself).
// Every sort ends with the id ascending, so equal keys come in the order
// the Index interface promises. Datasets lacking the sort field come last in
// either direction: Meilisearch puts documents without the field after all
// others, whatever the order. An unknown sort is an EINVALID error.
func sortParams(q municat.Query, hasText bool) ([]string, error) {
	dir := "asc"
	if q.Desc {
		dir = "desc"
	}
	byID := fieldID + ":asc"
	switch q.Sort {
	case "", municat.SortRelevance:
		if hasText {
			return nil, nil
		}
		return []string{fieldModified + ":desc", byID}, nil
	case municat.SortTitle:
		return []string{fieldTitleSort + ":" + dir, byID}, nil
	case municat.SortModified:
		return []string{fieldModified + ":" + dir, byID}, nil
	case municat.SortIssued:
		return []string{fieldIssued + ":" + dir, byID}, nil
	case municat.SortID:
		return []string{fieldID + ":" + dir}, nil
	}
	return nil, municat.Errorf(municat.EINVALID, "Unbekannte Sortierung %q.", q.Sort)
}

// stopWords is the set of German stop words, as configured in the index.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range german.StopWords() {
		m[strings.ToLower(w)] = true
	}
	return m
}()

// queryText returns the text to send as q: text trimmed, or "" when it has
// no word but stop words, so that such a query matches every dataset like
// an empty one (as with the Bleve backend) instead of nothing.
func queryText(text string) string {
	text = strings.TrimSpace(text)
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	for _, w := range words {
		if !stopWords[strings.ToLower(w)] {
			return text
		}
	}
	return ""
}
