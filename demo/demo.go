// Package demo holds the bundled demonstration catalogue that
// `municat serve --demo` loads, so that a newcomer without network access
// sees a working portal with realistic content.
//
// The catalogue belongs to the Stadt Birkenhude, a fictional town on the
// Weser in the equally fictional Landkreis Moorgeest in Lower Saxony. The
// town, its offices and companies, the district, every person, address,
// measurement and figure are made up. Their identifiers are fictional too:
// the AGS 03259012 (and 03259 for the district) belongs to no real
// municipality, the contributor ids under http://dcat-ap.de/def/contributors/
// are not registered, and all web and e-mail addresses use the reserved
// .example domain, so no link leads to a real site.
//
// The data lives in data/catalog.json (organisations and datasets in
// municat's JSON shape) and data/files (small CSV and GeoJSON files that
// municat stores and serves itself). A distribution in catalog.json that has
// a "file" member names one of those files; Catalogue and Load turn it into
// a FileKey with ByteSize and Checksum computed from the embedded bytes and
// leave its access and download URLs empty, so that the server offers its
// own download URL.
//
// Dataset ids contain no dot, so they can never collide with the ids of
// harvested datasets, which are "{source}.{remote}" (see municat.DatasetID).
package demo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

//go:embed data/catalog.json data/files
var data embed.FS

// Publisher is the id of the organisation that runs the demo portal: the
// town itself, named as the catalogue's publisher in the DCAT-AP export.
const Publisher = "stadt-birkenhude"

const (
	catalogueFile = "data/catalog.json"
	filesDir      = "data/files"
)

// Stats says what the demo catalogue holds and what Load wrote.
type Stats struct {
	// Organizations, Datasets and Files are the numbers of organisations,
	// datasets and data files in the demo catalogue.
	Organizations int
	Datasets      int
	Files         int
	// OrganizationsWritten, DatasetsWritten and FilesWritten count the
	// records Load wrote because they were missing from the store or
	// differed from the bundled ones. Loading into a store that already
	// holds the demo catalogue writes nothing.
	OrganizationsWritten int
	DatasetsWritten      int
	FilesWritten         int
}

// rawDistribution is a distribution as catalog.json writes it: municat's
// shape plus the name of a bundled file.
type rawDistribution struct {
	municat.Distribution
	// File is the name of a file in data/files holding the data.
	File string `json:"file,omitempty"`
}

// rawDataset is a dataset as catalog.json writes it.
type rawDataset struct {
	municat.Dataset
	Distributions []rawDistribution `json:"distributions"`
}

// rawCatalogue is the top level of catalog.json.
type rawCatalogue struct {
	// Comment is a note for people reading the file.
	Comment       string                  `json:"comment"`
	Organizations []*municat.Organization `json:"organizations"`
	Datasets      []rawDataset            `json:"datasets"`
}

// file is a bundled data file and the distribution it belongs to.
type file struct {
	datasetID, distID, name string
	contentType             string
	body                    []byte
}

// key returns the file's store key.
func (f *file) key() string { return catalog.FileKey(f.datasetID, f.distID, f.name) }

// bundle is the parsed demo catalogue.
type bundle struct {
	orgs     []*municat.Organization
	datasets []*municat.Dataset
	files    []file
}

// Catalogue parses the embedded demo catalogue and returns its
// organisations and its datasets, in the order of the file. Every call
// returns new values, which the caller may change.
//
// The datasets are ready to store: State is municat.Published, ContentHash
// is set, and each distribution with a bundled file has its FileKey,
// ByteSize and sha256 Checksum. An error means the embedded data is broken.
func Catalogue() (orgs []*municat.Organization, datasets []*municat.Dataset, err error) {
	b, err := parse()
	if err != nil {
		return nil, nil, err
	}
	return b.orgs, b.datasets, nil
}

// parse reads and checks the embedded catalogue.
func parse() (*bundle, error) {
	raw, err := data.ReadFile(catalogueFile)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var rc rawCatalogue
	if err := dec.Decode(&rc); err != nil {
		return nil, fmt.Errorf("demo: parse %s: %w", catalogueFile, err)
	}

	b := &bundle{orgs: rc.Organizations}
	orgIDs := make(map[string]bool, len(rc.Organizations))
	for _, o := range rc.Organizations {
		if err := o.Validate(); err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		}
		if orgIDs[o.ID] {
			return nil, fmt.Errorf("demo: organisation %q appears twice", o.ID)
		}
		orgIDs[o.ID] = true
	}

	ids := make(map[string]bool, len(rc.Datasets))
	for i := range rc.Datasets {
		rd := &rc.Datasets[i]
		d := rd.Dataset
		d.Distributions = make([]municat.Distribution, len(rd.Distributions))
		for j, rdist := range rd.Distributions {
			dist := rdist.Distribution
			if rdist.File != "" {
				f, err := bundledFile(d.ID, &dist, rdist.File)
				if err != nil {
					return nil, err
				}
				b.files = append(b.files, f)
			}
			d.Distributions[j] = dist
		}
		d.State = municat.Published
		d.ContentHash = d.Hash()

		if err := d.Validate(); err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		}
		if strings.Contains(d.ID, ".") {
			return nil, fmt.Errorf("demo: dataset id %q contains a dot", d.ID)
		}
		if ids[d.ID] {
			return nil, fmt.Errorf("demo: dataset %q appears twice", d.ID)
		}
		ids[d.ID] = true
		if !orgIDs[d.Organization] {
			return nil, fmt.Errorf("demo: dataset %q belongs to unknown organisation %q", d.ID, d.Organization)
		}
		b.datasets = append(b.datasets, &d)
	}
	return b, nil
}

// bundledFile reads the bundled file name for the distribution dist of
// dataset datasetID and fills in the distribution's FileKey, ByteSize and
// Checksum.
func bundledFile(datasetID string, dist *municat.Distribution, name string) (file, error) {
	if name != path.Base(name) || strings.HasPrefix(name, ".") {
		return file{}, fmt.Errorf("demo: dataset %q: bad file name %q", datasetID, name)
	}
	if dist.AccessURL != "" || dist.DownloadURL != "" {
		return file{}, fmt.Errorf("demo: dataset %q, distribution %q: a bundled file takes no access or download URL", datasetID, dist.ID)
	}
	body, err := data.ReadFile(filesDir + "/" + name)
	if err != nil {
		return file{}, fmt.Errorf("demo: dataset %q: %w", datasetID, err)
	}
	sum := sha256.Sum256(body)
	dist.FileKey = catalog.FileKey(datasetID, dist.ID, name)
	dist.ByteSize = int64(len(body))
	dist.Checksum = &municat.Checksum{Algorithm: "sha256", Value: hex.EncodeToString(sum[:])}
	return file{
		datasetID:   datasetID,
		distID:      dist.ID,
		name:        name,
		contentType: contentType(dist.MediaType),
		body:        body,
	}, nil
}

// contentType returns the content type to store a file of mediaType with.
// All bundled text files are UTF-8.
func contentType(mediaType string) string {
	if strings.HasPrefix(mediaType, "text/") && !strings.Contains(mediaType, "charset") {
		return mediaType + "; charset=utf-8"
	}
	return mediaType
}

// Load writes the demo catalogue into cat: the organisations, the bundled
// data files and the datasets, published. Files are written before the
// datasets that refer to them.
//
// Load is idempotent: it reads each record first and writes only those that
// are missing or differ (for datasets: whose ContentHash or State differs),
// so loading twice leaves the same records and the second load writes
// nothing. Records in the store that are not part of the demo are left
// alone.
func Load(ctx context.Context, cat *catalog.Catalog) (Stats, error) {
	b, err := parse()
	if err != nil {
		return Stats{}, err
	}
	st := Stats{Organizations: len(b.orgs), Datasets: len(b.datasets), Files: len(b.files)}

	for i := range b.files {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		f := &b.files[i]
		same, err := sameFile(ctx, cat.Store, f)
		if err != nil {
			return st, err
		}
		if same {
			continue
		}
		if _, err := cat.PutFile(ctx, f.datasetID, f.distID, f.name, bytes.NewReader(f.body), int64(len(f.body)), f.contentType); err != nil {
			return st, fmt.Errorf("demo: store %s: %w", f.key(), err)
		}
		st.FilesWritten++
	}

	for _, o := range b.orgs {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		same, err := sameOrganization(ctx, cat, o)
		if err != nil {
			return st, err
		}
		if same {
			continue
		}
		if err := cat.PutOrganization(ctx, o); err != nil {
			return st, fmt.Errorf("demo: store organisation %q: %w", o.ID, err)
		}
		st.OrganizationsWritten++
	}

	for _, d := range b.datasets {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		old, err := cat.Dataset(ctx, d.ID)
		switch {
		case err == nil:
			if old.ContentHash == d.ContentHash && old.State == d.State {
				continue
			}
		case !errors.Is(err, municat.ErrNotFound):
			return st, fmt.Errorf("demo: read dataset %q: %w", d.ID, err)
		}
		if err := cat.PutDataset(ctx, d); err != nil {
			return st, fmt.Errorf("demo: store dataset %q: %w", d.ID, err)
		}
		st.DatasetsWritten++
	}
	return st, nil
}

// sameFile reports whether the store already holds f with its bytes and
// content type.
func sameFile(ctx context.Context, s municat.Store, f *file) (bool, error) {
	r, info, err := s.Get(ctx, f.key())
	if errors.Is(err, municat.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("demo: read %s: %w", f.key(), err)
	}
	defer r.Close()
	if info.ContentType != f.contentType || (info.Size >= 0 && info.Size != int64(len(f.body))) {
		return false, nil
	}
	have, err := io.ReadAll(io.LimitReader(r, int64(len(f.body))+1))
	if err != nil {
		return false, fmt.Errorf("demo: read %s: %w", f.key(), err)
	}
	return bytes.Equal(have, f.body), nil
}

// sameOrganization reports whether the store already holds o unchanged.
func sameOrganization(ctx context.Context, cat *catalog.Catalog, o *municat.Organization) (bool, error) {
	old, err := cat.Organization(ctx, o.ID)
	if errors.Is(err, municat.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("demo: read organisation %q: %w", o.ID, err)
	}
	a, err := json.Marshal(old)
	if err != nil {
		return false, err
	}
	b, err := json.Marshal(o)
	if err != nil {
		return false, err
	}
	return bytes.Equal(a, b), nil
}
