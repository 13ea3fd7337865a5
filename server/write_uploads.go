package server

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/internal/upload"
	"github.com/municat/municat/publish"
)

// UploadResponse is the answer of an upload: the dataset as GET
// /api/v1/datasets/{id} shows it, the distribution that holds the file and
// the version the file became.
type UploadResponse struct {
	// Dataset is the dataset record after the upload.
	Dataset *municat.Dataset `json:"dataset"`
	// Distribution is the id of the distribution that holds the file.
	Distribution string `json:"distribution"`
	// Version is the file's version; Current is false while it is
	// scheduled for later (PublishAt).
	Version FileVersion `json:"version"`
}

// uploadFields are the text fields of an upload form.
var uploadFields = []string{"title", "publish_at"}

// uploadDistribution answers POST /api/v1/datasets/{id}/distributions: a
// multipart/form-data body with the file in the field "file" and the
// optional fields "title" (the new distribution's German title) and
// "publish_at" (RFC 3339: the file becomes public at that minute). It
// answers 201 with an UploadResponse and the version's URL in Location.
func (h *handlers) uploadDistribution(c *fiber.Ctx) error {
	return h.upload(c, "")
}

// uploadVersion answers POST
// /api/v1/datasets/{id}/distributions/{dist}/versions: a new version of
// the distribution's file (same form as uploadDistribution; "title" is
// not taken). It answers 201, or 200 when the file equals the current
// version (no new version is made).
func (h *handlers) uploadVersion(c *fiber.Ctx) error {
	return h.upload(c, param(c, "dist"))
}

// upload reads the upload form and hands the file to publish. The file is
// spooled to disk while the form is read and never held in memory; a file
// over publish's limit is refused with 413 before anything is stored.
func (h *handlers) upload(c *fiber.Ctx, distID string) error {
	ctx, p, id := c.UserContext(), auth.PrincipalOf(c), param(c, "id")
	before, err := h.cfg.Catalog.Dataset(ctx, id)
	if err != nil {
		return err
	}
	if distID != "" {
		if _, err := findDistribution(before, distID); err != nil {
			return err
		}
	}
	upload.AllowTime(c, UploadTimeout)
	opts := upload.Options{FileField: "file", MaxFile: h.cfg.Publish.MaxUpload(), TempDir: h.cfg.TempDir}
	var d *municat.Dataset
	var v *municat.FileVersion
	err = upload.Multipart(c, opts, func(fields url.Values, f *upload.File) error {
		u, err := uploadForm(fields, f, distID)
		if err != nil {
			return err
		}
		d, v, err = h.cfg.Publish.Upload(ctx, p, id, u)
		return err
	})
	if err != nil {
		return err
	}
	dist := distributionOf(d, v)
	if dist == nil {
		return fmt.Errorf("upload of dataset %s: version %s not in the record", id, v.ID)
	}
	out := UploadResponse{Dataset: h.present(d), Distribution: dist.ID, Version: h.newFileVersion(d, dist, v)}
	if hasVersion(before, dist.ID, v.ID) {
		return sendChange(c, out)
	}
	return created(c, out.Version.DownloadURL, out)
}

// uploadForm checks the fields of an upload form and returns the upload.
func uploadForm(fields url.Values, f *upload.File, distID string) (publish.Upload, error) {
	var unknown []municat.FieldError
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		if !slices.Contains(uploadFields, name) {
			unknown = append(unknown, municat.FieldError{Field: name, Message: fmt.Sprintf("Das Feld %q gibt es nicht. Erlaubt sind file, title und publish_at.", name)})
		}
	}
	if len(unknown) > 0 {
		return publish.Upload{}, newInputError(unknown)
	}
	var bad []municat.FieldError
	u := publish.Upload{Distribution: distID}
	if f == nil {
		bad = append(bad, municat.FieldError{Field: "file", Message: "Die Datei fehlt. Bitte senden Sie sie im Feld „file“, z. B. mit curl -F file=@daten.csv."})
	} else {
		u.Name, u.Body, u.ContentType = f.Name, f.Body, f.ContentType
	}
	if title := strings.TrimSpace(fields.Get("title")); title != "" {
		u.Title = municat.NewText(title)
	}
	if s := strings.TrimSpace(fields.Get("publish_at")); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			bad = append(bad, municat.FieldError{Field: "publish_at", Message: fmt.Sprintf("%q ist kein gültiger Zeitpunkt. Bitte im Format 2026-12-24T08:00:00+01:00 angeben.", s)})
		} else {
			u.PublishAt = &t
		}
	}
	if len(bad) > 0 {
		return u, &municat.ValidationError{Subject: "Das Formular", Fields: bad}
	}
	return u, nil
}

// distributionOf returns the distribution of d that holds version v.
func distributionOf(d *municat.Dataset, v *municat.FileVersion) *municat.Distribution {
	for i := range d.Distributions {
		for _, dv := range d.Distributions[i].Versions {
			if dv.ID == v.ID && dv.Key == v.Key {
				return &d.Distributions[i]
			}
		}
	}
	return nil
}

// hasVersion reports whether the distribution distID of d has the version.
func hasVersion(d *municat.Dataset, distID, versionID string) bool {
	dist, err := findDistribution(d, distID)
	return err == nil && slices.ContainsFunc(dist.Versions, func(v municat.FileVersion) bool { return v.ID == versionID })
}
