package ods

import (
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/jsonvalue"
)

// export is one of the dataset exports Opendatasoft generates from a
// dataset's records.
type export struct {
	// format is the path segment, e.g. "csv".
	format string
	// title names the distribution.
	title string
	// geo says whether the export needs the dataset's "geo" feature.
	geo bool
}

// exports are the record exports listed as distributions, in order.
var exports = []export{
	{format: "csv", title: "CSV-Export"},
	{format: "json", title: "JSON-Export"},
	{format: "geojson", title: "GeoJSON-Export", geo: true},
	{format: "xlsx", title: "Excel-Export (XLSX)"},
}

// distributions returns the ways to get the dataset's data: the record
// exports (CSV, JSON, GeoJSON when the dataset has the "geo" feature,
// Excel) when it has records whose data is visible, and its attachments.
// A dataset with neither gets one distribution that leads to its page on
// the portal, so that it can still be reached. The exports are the
// documented /catalog/datasets/{id}/exports/{format} addresses, without
// the source's API key.
func distributions(ds, meta jsonvalue.Object, site, id, landing string) []municat.Distribution {
	var out []municat.Distribution
	seen := map[string]bool{}
	add := func(d municat.Distribution) {
		if d.AccessURL != "" && !seen[d.ID] {
			seen[d.ID] = true
			out = append(out, d)
		}
	}
	base := strings.TrimRight(site, "/") + "/api/explore/v2.1/catalog/datasets/" + url.PathEscape(id)
	hasRecords, _ := ds.Bool("has_records")
	visible, known := ds.Bool("data_visible")
	if hasRecords && (visible || !known) {
		geo := slices.Contains(ds.Strings("features", false), "geo")
		modified := harvester.FirstTime(meta.Str("data_processed"), meta.Str("modified"))
		for _, e := range exports {
			if e.geo && !geo {
				continue
			}
			u := absoluteURL(base + "/exports/" + e.format)
			code, _ := dcat.FormatCode(e.format)
			add(municat.Distribution{
				ID:          e.format,
				Title:       municat.Text{municat.DefaultLanguage: e.title},
				AccessURL:   u,
				DownloadURL: u,
				Format:      code,
				MediaType:   dcat.MediaTypeOf(code),
				Modified:    modified,
			})
		}
	}
	list, _ := ds.Array("attachments")
	for _, raw := range list {
		if d, ok := attachment(jsonvalue.Parse(raw), base); ok {
			add(d)
		}
	}
	if len(out) == 0 && landing != "" {
		out = append(out, municat.Distribution{
			ID:        "portal",
			Title:     municat.Text{municat.DefaultLanguage: "Datensatzseite im Portal"},
			AccessURL: landing,
			Format:    "HTML",
			MediaType: "text/html",
		})
	}
	return out
}

// attachment maps one attachment ({"id", "title", "mimetype", "url"}) of a
// dataset. An attachment stored on the portal ("odsfile://…") is
// downloaded from {base}/attachments/{id}; one given as a web address is
// taken as it is. ok is false for an attachment without a usable address.
func attachment(a jsonvalue.Object, base string) (municat.Distribution, bool) {
	if a == nil {
		return municat.Distribution{}, false
	}
	id, title := a.Str("id"), a.Str("title")
	u := absoluteURL(a.Str("url"))
	if u == "" && id != "" {
		u = absoluteURL(base + "/attachments/" + url.PathEscape(id))
	}
	if u == "" {
		return municat.Distribution{}, false
	}
	media := strings.ToLower(strings.TrimSpace(strings.Split(a.Str("mimetype"), ";")[0]))
	if !dcat.ValidMediaType(media) {
		media = ""
	}
	format := ""
	for _, v := range []string{media, path.Ext(title), path.Ext(a.Str("url"))} {
		if code, known := dcat.FormatCode(v); known {
			format = code
			break
		}
	}
	if media == "" {
		media = dcat.MediaTypeOf(format)
	}
	key := "attachment-" + id
	if id == "" {
		key = ""
	}
	return municat.Distribution{
		ID:          municat.DistributionID(key, u),
		Title:       newText(municat.DefaultLanguage, title),
		AccessURL:   u,
		DownloadURL: u,
		Format:      format,
		MediaType:   media,
	}, true
}
