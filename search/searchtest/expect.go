package searchtest

import (
	"cmp"
	"slices"
	"strings"

	"github.com/municat/municat"
)

// This file computes what a search must return, from the datasets alone: the
// reference every backend is compared with.

// facetValuesOf returns the values dataset d has for facet name.
func facetValuesOf(d *municat.Dataset, name string) []string {
	switch name {
	case municat.FacetTheme:
		return d.Themes
	case municat.FacetOrganization:
		return nonEmpty(d.Organization)
	case municat.FacetPublisher:
		return nonEmpty(d.PublisherName())
	case municat.FacetFormat:
		return d.Formats()
	case municat.FacetLicense:
		return nonEmpty(d.License)
	case municat.FacetKeyword:
		return d.Keywords
	}
	panic("searchtest: unknown facet " + name)
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// matchesFilters reports whether d has at least one of the values of every
// facet in filters.
func matchesFilters(d *municat.Dataset, filters map[string][]string) bool {
	for name, want := range filters {
		have := facetValuesOf(d, name)
		if !slices.ContainsFunc(want, func(v string) bool { return slices.Contains(have, v) }) {
			return false
		}
	}
	return true
}

// filtered returns the datasets of ds that match filters.
func filtered(ds []*municat.Dataset, filters map[string][]string) []*municat.Dataset {
	var out []*municat.Dataset
	for _, d := range ds {
		if matchesFilters(d, filters) {
			out = append(out, d)
		}
	}
	return out
}

// expectedFacets returns the facets over ds: every facet of FacetNames, its
// values by count descending and value ascending, at most size of them.
func expectedFacets(ds []*municat.Dataset, size int) map[string][]municat.FacetValue {
	out := map[string][]municat.FacetValue{}
	for _, name := range municat.FacetNames {
		counts := map[string]int{}
		for _, d := range ds {
			seen := map[string]bool{}
			for _, v := range facetValuesOf(d, name) {
				if !seen[v] {
					seen[v] = true
					counts[v]++
				}
			}
		}
		values := []municat.FacetValue{}
		for v, n := range counts {
			values = append(values, municat.FacetValue{Value: v, Count: n})
		}
		slices.SortFunc(values, compareFacetValues)
		out[name] = values[:min(size, len(values))]
	}
	return out
}

// compareFacetValues orders by count descending, then value ascending.
func compareFacetValues(a, b municat.FacetValue) int {
	if c := cmp.Compare(b.Count, a.Count); c != 0 {
		return c
	}
	return cmp.Compare(a.Value, b.Value)
}

// titleKey is the key SortTitle orders by: the German title (else the first
// one), case ignored, with ä, ö, ü as a, o, u and ß as ss (DIN 5007-1, the
// order of a German dictionary).
func titleKey(d *municat.Dataset) string {
	return strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss").
		Replace(strings.ToLower(d.Title.String()))
}

// sortedIDs returns the ids of ds ordered by key (reversed if desc), equal
// keys by id ascending.
func sortedIDs[K cmp.Ordered](ds []*municat.Dataset, key func(*municat.Dataset) K, desc bool) []string {
	sorted := slices.Clone(ds)
	slices.SortFunc(sorted, func(a, b *municat.Dataset) int {
		c := cmp.Compare(key(a), key(b))
		if desc {
			c = -c
		}
		if c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return ids(sorted)
}

// issuedKey is the key SortIssued orders by.
func issuedKey(d *municat.Dataset) int64 { return d.Issued.UnixNano() }

// modifiedKey is the key SortModified orders by.
func modifiedKey(d *municat.Dataset) int64 { return d.Modified.UnixNano() }

// ids returns the ids of ds, in order.
func ids(ds []*municat.Dataset) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

// sortedSet returns a sorted copy of ids.
func sortedSet(ids []string) []string {
	s := slices.Clone(ids)
	slices.Sort(s)
	return s
}
