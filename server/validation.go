package server

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// ValidationResponse is the answer of GET /api/v1/datasets/{id}/validation:
// the DCAT-AP.de problems of the dataset as the catalogue publishes it.
// Datasets with problems are published all the same; this shows what to fix.
type ValidationResponse struct {
	// Dataset is the id of the dataset.
	Dataset string `json:"dataset"`
	// Conforms is true when there is no violation (warnings allowed).
	Conforms bool `json:"conforms"`
	// Violations and Warnings count the problems of each severity.
	Violations int `json:"violations"`
	Warnings   int `json:"warnings"`
	// Problems lists every problem; never null.
	Problems []dcat.Problem `json:"problems"`
}

// validateDataset answers GET /api/v1/datasets/{id}/validation, checking
// the dataset with dcat.Check for its organisation (404 for a draft or
// scheduled dataset, but to its organisation).
func (h *handlers) validateDataset(c *fiber.Ctx) error {
	ctx := c.UserContext()
	d, err := h.visibleDataset(c, param(c, "id"))
	if err != nil {
		return err
	}
	var org *municat.Organization
	if d.Organization != "" {
		org, err = h.cfg.Catalog.Organization(ctx, d.Organization)
		if errors.Is(err, municat.ErrNotFound) {
			h.log.Warn("dataset names an unknown organisation", "dataset", d.ID, "organization", d.Organization)
			org, err = nil, nil
		}
		if err != nil {
			return err
		}
	}
	out := ValidationResponse{Dataset: d.ID, Problems: dcat.Check(d, org)}
	if out.Problems == nil {
		out.Problems = []dcat.Problem{}
	}
	for _, p := range out.Problems {
		switch p.Severity {
		case dcat.Violation:
			out.Violations++
		case dcat.Warning:
			out.Warnings++
		}
	}
	out.Conforms = out.Violations == 0
	return sendJSON(c, out)
}
