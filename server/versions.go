package server

import (
	"net/url"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

// FileVersion is one stored version of a distribution's file as the API
// lists it.
type FileVersion struct {
	// ID names the version within its distribution.
	ID string `json:"id"`
	// SHA256 is the hex SHA-256 of the file.
	SHA256 string `json:"sha256"`
	// ByteSize is the file's length in bytes.
	ByteSize int64 `json:"byte_size"`
	// MediaType is the file's media type.
	MediaType string `json:"media_type,omitempty"`
	// Stored is when municat stored the version.
	Stored time.Time `json:"stored"`
	// Current marks the version the distribution serves now.
	Current bool `json:"current"`
	// DownloadURL is where to get this version.
	DownloadURL string `json:"download_url"`
	// PublishAt is when a version scheduled for later becomes current;
	// only the dataset's organisation sees such a version.
	PublishAt *time.Time `json:"publish_at,omitempty"`
}

// published returns the dataset with id if its files are served: it is
// published, or unreleased and the request may preview it (see
// visibleDataset, which also hides the scheduled versions from the
// public).
func (h *handlers) published(c *fiber.Ctx, id string) (*municat.Dataset, error) {
	d, err := h.visibleDataset(c, id)
	if err != nil {
		return nil, err
	}
	if !d.IsPublished() && !d.Unreleased() {
		return nil, municat.NotFound("Der Datensatz %q wurde zurückgezogen; seine Dateien sind nicht mehr abrufbar.", id)
	}
	return d, nil
}

// newFileVersion returns the API view of version v of dist of d.
func (h *handlers) newFileVersion(d *municat.Dataset, dist *municat.Distribution, v *municat.FileVersion) FileVersion {
	return FileVersion{
		ID: v.ID, SHA256: v.SHA256, ByteSize: v.ByteSize, MediaType: v.MediaType, Stored: v.Stored,
		Current:     isCurrent(dist, v),
		DownloadURL: h.datasetURL(d.ID) + "/distributions/" + url.PathEscape(dist.ID) + "/versions/" + url.PathEscape(v.ID) + "/download",
		PublishAt:   v.PublishAt,
	}
}

// isCurrent reports whether v is the version dist serves now: the one
// whose file is dist.FileKey, else (records without a file key) the newest
// released one.
func isCurrent(dist *municat.Distribution, v *municat.FileVersion) bool {
	if dist.FileKey != "" {
		return v.Key == dist.FileKey
	}
	for i := len(dist.Versions) - 1; i >= 0; i-- {
		if dist.Versions[i].Released() {
			return dist.Versions[i].ID == v.ID
		}
	}
	return false
}

// listVersions answers GET
// /api/v1/datasets/{id}/distributions/{dist}/versions with the stored
// versions of the distribution's file, newest first (an empty list for a
// distribution without versions).
func (h *handlers) listVersions(c *fiber.Ctx) error {
	d, err := h.published(c, param(c, "id"))
	if err != nil {
		return err
	}
	dist, err := findDistribution(d, param(c, "dist"))
	if err != nil {
		return err
	}
	out := make([]FileVersion, 0, len(dist.Versions))
	for _, v := range slices.Backward(dist.Versions) {
		out = append(out, h.newFileVersion(d, dist, &v))
	}
	now := time.Now()
	setLastModified(c, datasetModified(d, now), now)
	return sendJSON(c, newList(out))
}

// downloadVersion answers GET
// /api/v1/datasets/{id}/distributions/{dist}/versions/{version}/download
// with that version of the file.
func (h *handlers) downloadVersion(c *fiber.Ctx) error {
	id, distID, versionID := param(c, "id"), param(c, "dist"), param(c, "version")
	d, err := h.published(c, id)
	if err != nil {
		return err
	}
	dist, err := findDistribution(d, distID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(dist.Versions, func(v municat.FileVersion) bool { return v.ID == versionID })
	if i < 0 {
		return municat.NotFound("Die Distribution %q des Datensatzes %q hat keine Version %q.", distID, id, versionID)
	}
	v := dist.Versions[i]
	sum := &municat.Checksum{Algorithm: "sha256", Value: v.SHA256}
	return h.sendFile(c, v.Key, v.MediaType, sum, municat.NotFound("Die Version %q der Distribution %q des Datensatzes %q fehlt im Speicher.", versionID, distID, id))
}
