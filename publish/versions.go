package publish

import (
	"slices"
	"strconv"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// currentVersion returns the version dist serves now, or nil.
func currentVersion(dist *municat.Distribution) *municat.FileVersion {
	for i := len(dist.Versions) - 1; i >= 0; i-- {
		v := &dist.Versions[i]
		if v.Released() && v.Key == dist.FileKey {
			return v
		}
	}
	return nil
}

// addVersion adds v to dist: a released version after the released ones,
// where it becomes the current file; a scheduled one at the end.
func addVersion(dist *municat.Distribution, v municat.FileVersion, format string) {
	if !v.Released() {
		dist.Versions = append(dist.Versions, v)
		return
	}
	i := slices.IndexFunc(dist.Versions, func(x municat.FileVersion) bool { return !x.Released() })
	if i < 0 {
		i = len(dist.Versions)
	}
	dist.Versions = slices.Insert(dist.Versions, i, v)
	makeCurrent(dist, v, format)
}

// makeCurrent makes the released version v dist's current file. format is
// the file's EU file-type code ("" keeps the distribution's).
func makeCurrent(dist *municat.Distribution, v municat.FileVersion, format string) {
	dist.FileKey = v.Key
	dist.ByteSize = v.ByteSize
	dist.Checksum = &municat.Checksum{Algorithm: "sha256", Value: v.SHA256}
	if format == "" {
		format, _ = dcat.FormatCode(v.MediaType)
		if _, known := dcat.FormatCode(format); !known {
			format = ""
		}
	}
	if format != "" {
		dist.Format = format
	}
	dist.MediaType = ""
	if v.MediaType != "application/octet-stream" {
		dist.MediaType = v.MediaType
	}
	stored := v.Stored
	if dist.Issued == nil {
		dist.Issued = &stored
	}
	dist.Modified = &stored
}

// release makes the scheduled version with id of dist current at now: it
// moves behind the released versions and loses its PublishAt. It reports
// whether dist had that version scheduled for at.
func release(dist *municat.Distribution, id string, at, now time.Time) bool {
	i := slices.IndexFunc(dist.Versions, func(x municat.FileVersion) bool {
		return x.ID == id && x.PublishAt != nil && x.PublishAt.Equal(at)
	})
	if i < 0 {
		return false
	}
	v := dist.Versions[i]
	dist.Versions = slices.Delete(dist.Versions, i, i+1)
	v.PublishAt = nil
	j := slices.IndexFunc(dist.Versions, func(x municat.FileVersion) bool { return !x.Released() })
	if j < 0 {
		j = len(dist.Versions)
	}
	dist.Versions = slices.Insert(dist.Versions, j, v)
	makeCurrent(dist, v, "")
	dist.Modified = &now
	return true
}

// distinctID returns v with an id none of the earlier versions has: bytes
// that come back after other versions (A, B, A) get the id of their first
// version with a count ("…-2"), so that each entry can be addressed. The
// key stays that of the same bytes.
func distinctID(v municat.FileVersion, earlier []municat.FileVersion) municat.FileVersion {
	taken := func(id string) bool {
		return slices.ContainsFunc(earlier, func(e municat.FileVersion) bool { return e.ID == id })
	}
	base := v.ID
	for n := 2; taken(v.ID); n++ {
		v.ID = base + "-" + strconv.Itoa(n)
	}
	return v
}
