package ckan

import (
	"encoding/hex"
	"path"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// distributions maps the package's resources. A deleted resource, or one
// without any usable URL, is left out; a resource listed twice (same id)
// counts once.
func distributions(pkg object, site, lang string) []municat.Distribution {
	list, _ := pkg.array("resources")
	var out []municat.Distribution
	seen := map[string]bool{}
	for _, raw := range list {
		r := parseObject(raw)
		if r == nil || strings.EqualFold(r.str("state"), "deleted") {
			continue
		}
		access := resolveURL(first(r.str("access_url"), r.str("url")), site)
		download := resolveURL(r.str("download_url"), site)
		if access == "" {
			access = download
		}
		if access == "" {
			continue
		}
		id := municat.DistributionID(r.str("id"), access)
		if seen[id] {
			continue
		}
		seen[id] = true
		media := mediaType(r.str("mimetype"))
		format := normalizeFormat(r.str("format"))
		if format == "" {
			format = first(formatOfMediaType(media), formatOfURL(access))
		}
		if download == "" && (strings.EqualFold(r.str("url_type"), "upload") || isFileFormat(format) || isFileFormat(formatOfURL(access))) {
			download = access
		}
		d := municat.Distribution{
			ID:          id,
			Title:       translated(r.obj("name_translated"), lang, r.str("name")),
			Description: translated(r.obj("description_translated"), lang, r.str("description")),
			AccessURL:   access,
			DownloadURL: download,
			Format:      format,
			MediaType:   media,
			License:     first(r.str("license"), r.str("license_id")),
			Checksum:    checksum(r.str("hash")),
			Modified:    harvester.FirstTime(r.str("last_modified"), r.str("created")),
		}
		if n, ok := r.integer("size"); ok && n > 0 {
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
