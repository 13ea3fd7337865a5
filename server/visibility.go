package server

import (
	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
)

// Draft and scheduled datasets (municat.Dataset.Unreleased) and scheduled
// file versions (municat.FileVersion.PublishAt set) do not exist for the
// public: every public read route answers 404 for them, as for an unknown
// id. Only a principal who may edit the dataset's organisation sees them
// (the preview of the administration), and the answer is then not cached.

// privateCacheControl keeps answers that depend on who asks out of shared
// caches.
const privateCacheControl = "private, no-store"

// canPreview reports whether the request's principal may see the
// unreleased state of datasets of org: an editor of org.
func canPreview(c *fiber.Ctx, org string) bool {
	return auth.PrincipalOf(c).Can(org, municat.RoleEditor)
}

// datasetNotFound is the error for a dataset that does not exist for the
// request; it reads as the catalog's for an unknown id.
func datasetNotFound(id string) error {
	return municat.NotFound("Datensatz %q nicht gefunden.", id)
}

// visibleDataset reads the dataset with id as the request may see it: an
// unreleased dataset is ENOTFOUND unless the principal sees it as its
// organisation does (canPreview), and for the public the scheduled file
// versions are left out (see municat.Dataset.PublicView).
func (h *handlers) visibleDataset(c *fiber.Ctx, id string) (*municat.Dataset, error) {
	d, err := h.cfg.Catalog.Dataset(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	if canPreview(c, d.Organization) {
		return d, nil
	}
	if d.Unreleased() {
		return nil, datasetNotFound(id)
	}
	return d.PublicView(), nil
}

// cacheControl sets the Cache-Control of a successful read: shared caches
// may keep the answer for a minute unless it depends on who asks.
func cacheControl(c *fiber.Ctx) {
	if auth.PrincipalOf(c) != nil {
		c.Set(fiber.HeaderCacheControl, privateCacheControl)
		return
	}
	c.Set(fiber.HeaderCacheControl, apiCacheControl)
}
