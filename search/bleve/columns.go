package bleve

import (
	"math"
	"slices"
	"time"

	"github.com/municat/municat"
)

// noTime marks a missing date in a row.
const noTime = math.MinInt64

// numFacets is the number of facets, len(municat.FacetNames).
const numFacets = 6

// langText is one language's text of a municat.Text.
type langText struct{ lang, text string }

// rowData is what the index keeps of a dataset besides its Bleve document:
// the values of its facet fields, the keys of the field sorts and its hit
// projection. It is derived from the dataset's Bleve document, so the
// values are exactly those Bleve indexes.
type rowData struct {
	id               string
	facets           [numFacets][]string // per municat.FacetNames
	modified, issued int64               // unix nanoseconds or noTime
	titleSort        string
	title, publisher []langText // the publisher's name
	description      []langText // shortened to descriptionLength
}

// row is the cold part of a dataset's columns: what only the hits of a
// page need.
type row struct {
	id               string
	titleSort        string
	title, publisher []langText
	description      []langText
}

// facetValue is a value of a facet (its index in municat.FacetNames).
type facetValue struct {
	facet int
	value string
}

// columns hold a row per dataset ever indexed: the facet and sort columns
// that Search scans instead of asking Bleve for facets and field sorts. A
// row keeps its number for its id; a deleted dataset's row is marked dead
// and comes alive again when the id is indexed again.
//
// The columns a scan reads for every row are kept apart from the rest, in
// slices of their own: whether the row is live, its dates and its facet
// values, numbered across all facets by one dictionary.
type columns struct {
	rows             []row
	live             []bool
	modified, issued []int64    // unix nanoseconds or noTime
	values           [][]uint32 // numbers of the row's facet values
	rowOf            map[string]int32
	valueOf          map[facetValue]uint32
	dict             []facetValue // by number
	liveCount        int
}

// newColumns returns empty columns.
func newColumns() *columns {
	return &columns{rowOf: map[string]int32{}, valueOf: map[facetValue]uint32{}}
}

// intern returns the number of v, adding it if it is new.
func (c *columns) intern(v facetValue) uint32 {
	if id, ok := c.valueOf[v]; ok {
		return id
	}
	id := uint32(len(c.dict))
	c.valueOf[v] = id
	c.dict = append(c.dict, v)
	return id
}

// grow makes room for n more rows.
func (c *columns) grow(n int) {
	c.rows = slices.Grow(c.rows, n)
	c.live = slices.Grow(c.live, n)
	c.modified = slices.Grow(c.modified, n)
	c.issued = slices.Grow(c.issued, n)
	c.values = slices.Grow(c.values, n)
	rowOf := make(map[string]int32, len(c.rowOf)+n)
	for id, r := range c.rowOf {
		rowOf[id] = r
	}
	c.rowOf = rowOf
}

// put adds or replaces the row of r.id.
func (c *columns) put(r *rowData) {
	n, ok := c.rowOf[r.id]
	if !ok {
		n = int32(len(c.rows))
		c.rows = append(c.rows, row{})
		c.live = append(c.live, false)
		c.modified = append(c.modified, noTime)
		c.issued = append(c.issued, noTime)
		c.values = append(c.values, nil)
		c.rowOf[r.id] = n
	}
	if !c.live[n] {
		c.liveCount++
	}
	c.live[n] = true
	count := 0
	for _, values := range r.facets {
		count += len(values)
	}
	ids := make([]uint32, 0, count)
	for f, values := range r.facets {
		for _, v := range values {
			ids = append(ids, c.intern(facetValue{f, v}))
		}
	}
	c.values[n] = ids
	c.modified[n], c.issued[n] = r.modified, r.issued
	c.rows[n] = row{id: r.id, titleSort: r.titleSort, title: r.title, publisher: r.publisher, description: r.description}
}

// remove marks the row of id dead, if there is one.
func (c *columns) remove(id string) {
	n, ok := c.rowOf[id]
	if !ok || !c.live[n] {
		return
	}
	c.rows[n] = row{id: id}
	c.live[n], c.values[n] = false, nil
	c.modified[n], c.issued[n] = noTime, noTime
	c.liveCount--
}

// newRowData returns the row data of d, taken from doc, its Bleve document.
func newRowData(d *municat.Dataset, doc map[string]any) *rowData {
	r := &rowData{id: d.ID, modified: noTime, issued: noTime}
	for f, name := range municat.FacetNames {
		switch v := doc[facetFields[name]].(type) {
		case string:
			r.facets[f] = []string{v}
		case []string:
			r.facets[f] = v
		}
	}
	if t, ok := doc[fieldModified].(time.Time); ok {
		r.modified = t.UnixNano()
	}
	if t, ok := doc[fieldIssued].(time.Time); ok {
		r.issued = t.UnixNano()
	}
	r.titleSort, _ = doc[fieldTitleSort].(string)
	r.title = langTexts(d.Title, 0)
	r.description = langTexts(d.Description, descriptionLength)
	if d.Publisher != nil && !d.Publisher.Name.IsEmpty() {
		r.publisher = langTexts(d.Publisher.Name, 0)
	}
	return r
}

// descriptionLength caps the descriptions of hit projections, in
// characters per language, as the search results show them.
const descriptionLength = 300

// langTexts returns the languages of t in order, each shortened to limit
// characters with municat.Shorten unless limit is 0. With a limit, empty
// texts are left out.
func langTexts(t municat.Text, limit int) []langText {
	var out []langText
	for lang, s := range t {
		if limit > 0 {
			if s == "" {
				continue
			}
			s = municat.Shorten(s, limit)
		}
		out = append(out, langText{lang, s})
	}
	slices.SortFunc(out, func(a, b langText) int {
		if a.lang < b.lang {
			return -1
		}
		if a.lang > b.lang {
			return 1
		}
		return 0
	})
	return out
}

// text returns ls as a municat.Text, nil when ls is empty.
func text(ls []langText) municat.Text {
	if len(ls) == 0 {
		return nil
	}
	t := make(municat.Text, len(ls))
	for _, l := range ls {
		t[l.lang] = l.text
	}
	return t
}

// dataset returns the hit projection of row n (see municat.Hit.Dataset).
func (c *columns) dataset(n int32) *municat.Dataset {
	w := &c.rows[n]
	d := &municat.Dataset{ID: w.id, Title: text(w.title), Description: text(w.description)}
	if w.publisher != nil {
		d.Publisher = &municat.Agent{Name: text(w.publisher)}
	}
	for _, id := range c.values[n] {
		v := c.dict[id]
		switch municat.FacetNames[v.facet] {
		case municat.FacetTheme:
			d.Themes = append(d.Themes, v.value)
		case municat.FacetKeyword:
			d.Keywords = append(d.Keywords, v.value)
		case municat.FacetFormat:
			d.Distributions = append(d.Distributions, municat.Distribution{Format: v.value})
		case municat.FacetLicense:
			d.License = v.value
		case municat.FacetOrganization:
			d.Organization = v.value
		}
	}
	d.Modified, d.Issued = timeOf(c.modified[n]), timeOf(c.issued[n])
	return d
}

// timeOf returns the time of unix nanoseconds ns in UTC, nil for noTime.
func timeOf(ns int64) *time.Time {
	if ns == noTime {
		return nil
	}
	t := time.Unix(0, ns).UTC()
	return &t
}
