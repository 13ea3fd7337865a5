package ckan

import (
	"cmp"
	"encoding/hex"
	"path"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/jsonvalue"
)

// distributions maps the package's resources. A deleted resource, or one
// without any usable URL, is left out; a resource listed twice (same id)
// counts once.
func distributions(pkg jsonvalue.Object, site, lang string) []municat.Distribution {
	list, _ := pkg.Array("resources")
	var out []municat.Distribution
	seen := map[string]bool{}
	for _, raw := range list {
		r := jsonvalue.Parse(raw)
		if r == nil || strings.EqualFold(r.Text("state"), "deleted") {
			continue
		}
		access := resolveURL(cmp.Or(r.Text("access_url"), r.Text("url")), site)
		download := resolveURL(r.Text("download_url"), site)
		if access == "" {
			access = download
		}
		if access == "" {
			continue
		}
		id := municat.DistributionID(r.Text("id"), access)
		if seen[id] {
			continue
		}
		seen[id] = true
		media := mediaType(r.Text("mimetype"))
		format := normalizeFormat(r.Text("format"))
		if format == "" {
			format = cmp.Or(formatOfMediaType(media), formatOfURL(access))
		}
		if download == "" && (strings.EqualFold(r.Text("url_type"), "upload") || isFileFormat(format) || isFileFormat(formatOfURL(access))) {
			download = access
		}
		d := municat.Distribution{
			ID:          id,
			Title:       translated(r.ObjText("name_translated"), lang, r.Text("name")),
			Description: translated(r.ObjText("description_translated"), lang, r.Text("description")),
			AccessURL:   access,
			DownloadURL: download,
			Format:      format,
			MediaType:   media,
			License:     cmp.Or(r.Text("license"), r.Text("license_id")),
			Checksum:    checksum(r.Text("hash")),
			Modified:    harvester.FirstTime(r.Text("last_modified"), r.Text("created")),
		}
		if n, ok := r.Int("size"); ok && n > 0 {
			d.ByteSize = n
		}
		out = append(out, d)
	}
	return out
}

// formatOfURL returns the format the URL's file extension names, or "".
func formatOfURL(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	ext := strings.TrimPrefix(path.Ext(u), ".")
	if ext == "" {
		return ""
	}
	f, ok := formatAliases[strings.ToUpper(ext)]
	if !ok {
		return ""
	}
	return f
}

// checksumLengths maps hash algorithms to the length of their hex digests.
var checksumLengths = map[string]int{"md5": 32, "sha1": 40, "sha256": 64, "sha512": 128}

// checksum reads CKAN's resource hash: "algorithm:hex", or a bare hex digest
// whose length tells the algorithm. Anything else gives nil.
func checksum(s string) *municat.Checksum {
	s = strings.ToLower(strings.TrimSpace(s))
	alg, value, ok := strings.Cut(s, ":")
	if !ok {
		alg, value = "", s
	}
	alg = strings.ReplaceAll(alg, "-", "")
	if _, err := hex.DecodeString(value); err != nil || value == "" {
		return nil
	}
	if alg == "" {
		for a, n := range checksumLengths {
			if len(value) == n {
				alg = a
			}
		}
	}
	if n, known := checksumLengths[alg]; !known || len(value) != n {
		return nil
	}
	return &municat.Checksum{Algorithm: alg, Value: value}
}
