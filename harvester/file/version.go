package file

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/harvester"
)

// distID is the id of the one distribution of a file dataset. It does not
// depend on the file's address, so the versions stay together when the
// file moves.
const distID = "file"

// genericTypes are media types that say nothing about a file; a format's
// own media type is used instead.
var genericTypes = map[string]bool{"": true, "application/octet-stream": true, "binary/octet-stream": true, "application/download": true}

// previous returns the distribution of the dataset with id as the
// catalogue holds it from an earlier run of src, or nil if there is none.
func (f *Fetcher) previous(ctx context.Context, src *municat.Source, id string) (*municat.Distribution, error) {
	if f.Catalog == nil {
		return nil, nil
	}
	d, err := f.Catalog.Dataset(ctx, id)
	if errors.Is(err, municat.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, &previousError{fmt.Errorf("file: read the previous version of dataset %s: %w", id, err)}
	}
	if d.SourceID != src.ID {
		return nil, nil
	}
	for i := range d.Distributions {
		if d.Distributions[i].ID == distID && len(d.Distributions[i].Versions) > 0 {
			return &d.Distributions[i], nil
		}
	}
	return nil, nil
}

// previousError is a failure to read the previous version of a dataset
// from the catalogue: it ends the run, whatever the form, because a run
// without the versions would start the file's history anew.
type previousError struct{ err error }

// Error returns the cause's message.
func (e *previousError) Error() string { return e.err.Error() }

// Unwrap returns the cause.
func (e *previousError) Unwrap() error { return e.err }

// record downloads the file of e and returns the record of its dataset:
// with the previous versions unchanged and no file when the source
// answered 304 or sent the newest version's bytes again, else with a new
// version appended and its file attached. The caller removes the returned
// download (nil if none is kept) after emitting the record. A failed
// download returns its error.
func (f *Fetcher) record(ctx context.Context, src *municat.Source, e *entry) (harvester.Record, *harvester.Downloaded, error) {
	id := municat.DatasetID(src.ID, e.remoteID)
	prev, err := f.previous(ctx, src, id)
	if err != nil {
		return harvester.Record{}, nil, err
	}
	opts := harvester.DownloadOptions{Dir: f.TempDir, MaxBytes: f.MaxBytes, Retries: f.Retries, Backoff: f.Backoff}
	var last *municat.FileVersion
	if prev != nil {
		last = &prev.Versions[len(prev.Versions)-1]
		// Validators belong to an address: after a move they prove nothing.
		if prev.AccessURL == e.fileURL {
			opts.ETag, opts.LastModified = last.ETag, last.LastModified
		}
	}
	dl, err := harvester.Download(ctx, f.Client, e.fileURL, opts)
	if err != nil {
		return harvester.Record{}, nil, err
	}
	if dl.NotModified && last == nil {
		// Download answers 304 only to a conditional request.
		return harvester.Record{}, nil, fmt.Errorf("file: %s: not modified, but no version to keep", e.fileURL)
	}
	d := e.dataset
	dist := municat.Distribution{ID: distID, AccessURL: e.fileURL}
	if e.name != "" {
		dist.Title = municat.NewText(e.name)
	}
	rec := harvester.Record{RemoteID: e.remoteID, Dataset: d, Link: e.fileURL}
	if last != nil && (dl.NotModified || last.SHA256 == dl.SHA256) {
		dl.Remove()
		dl = nil
		dist.Versions = prev.Versions
	} else {
		v := f.version(id, e, dl)
		var versions []municat.FileVersion
		if prev != nil {
			versions = slices.Clone(prev.Versions)
		}
		dist.Versions = append(versions, distinctID(v, versions))
		path := dl.Path
		rec.Files = []harvester.File{{
			Key:         v.Key,
			ContentType: v.MediaType,
			Size:        v.ByteSize,
			Open:        func() (io.ReadCloser, error) { return os.Open(path) },
		}}
	}
	describe(d, &dist, e.format)
	d.Distributions = []municat.Distribution{dist}
	return rec, dl, nil
}

// version returns the new version of the file dl of the dataset with id.
func (f *Fetcher) version(id string, e *entry, dl *harvester.Downloaded) municat.FileVersion {
	now := f.now()
	v := municat.FileVersion{
		ID:           dl.SHA256[:16],
		SHA256:       dl.SHA256,
		ByteSize:     dl.Size,
		MediaType:    strings.TrimSpace(dl.ContentType),
		Stored:       now,
		ETag:         dl.ETag,
		LastModified: dl.LastModified,
	}
	if genericTypes[dcat.MediaTypeFromIRI(v.MediaType)] {
		v.MediaType = dcat.MediaTypeOf(formatOr(e.format, v.MediaType))
	}
	if v.MediaType == "" {
		v.MediaType = "application/octet-stream"
	}
	name := e.name
	if name == "" {
		name = "data"
	}
	v.Key = catalog.FileVersionKey(id, distID, v.ID, name)
	return v
}

// describe fills dist and the dates of d from the newest of dist.Versions.
// The dates are those of the versions, so an unchanged file leaves them
// as they were and the dataset's content hash with them.
func describe(d *municat.Dataset, dist *municat.Distribution, format string) {
	first, last := dist.Versions[0], dist.Versions[len(dist.Versions)-1]
	dist.FileKey = last.Key
	dist.ByteSize = last.ByteSize
	dist.Checksum = &municat.Checksum{Algorithm: "sha256", Value: last.SHA256}
	dist.Format = formatOr(format, last.MediaType)
	dist.MediaType = dcat.MediaTypeOf(dist.Format)
	if mt := dcat.MediaTypeFromIRI(last.MediaType); dist.MediaType == "" && !genericTypes[mt] {
		dist.MediaType = mt
	}
	issued, modified := first.Stored, last.Stored
	dist.Issued, dist.Modified = &issued, &modified
	d.Issued, d.Modified = &issued, &modified
}

// formatOr returns format, or else the file-type code of the media type
// mt if the EU table knows it.
func formatOr(format, mt string) string {
	if format != "" {
		return format
	}
	if code, known := dcat.FormatCode(mt); known {
		return code
	}
	return ""
}

// distinctID returns v with an id none of the earlier versions has: a file
// that went back to the bytes of an earlier version (A, B, A) gets that
// version's id with a count ("…-2"), so that each entry can be addressed.
// Its key stays that of the same bytes.
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
