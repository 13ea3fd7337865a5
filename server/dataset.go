package server

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

// getDataset answers GET /api/v1/datasets/{id} with the full record in the
// municat.Dataset shape. A withdrawn dataset is returned too, with state
// "withdrawn", so that old links explain what became of it; a draft or
// scheduled one only to its organisation (see visibleDataset).
func (h *handlers) getDataset(c *fiber.Ctx) error {
	d, err := h.visibleDataset(c, param(c, "id"))
	if err != nil {
		return err
	}
	now := time.Now()
	setLastModified(c, datasetModified(d, now), now)
	return sendJSON(c, h.present(d))
}

// present returns d as the API shows it: the state is always named, and a
// distribution whose file municat holds (FileKey set) and that has no
// download URL of its own gets the URL of the download endpoint as
// download_url, and as access_url if it has none (not so for a withdrawn
// dataset, whose files are no longer served; a draft or scheduled one,
// which only its organisation sees, gets them for the preview). The store
// keeps the record as it was.
func (h *handlers) present(d *municat.Dataset) *municat.Dataset {
	out := *d
	if out.State == "" {
		out.State = municat.Published
	}
	if len(d.Distributions) > 0 {
		out.Distributions = make([]municat.Distribution, len(d.Distributions))
		copy(out.Distributions, d.Distributions)
	}
	for i := range out.Distributions {
		dist := &out.Distributions[i]
		if dist.FileKey == "" || dist.DownloadURL != "" || !d.IsPublished() && !d.Unreleased() {
			continue
		}
		dist.DownloadURL = h.downloadURL(d.ID, dist.ID)
		if dist.AccessURL == "" {
			dist.AccessURL = dist.DownloadURL
		}
	}
	return &out
}
