package server

import (
	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
)

// createDataset answers POST /api/v1/datasets: the body has the shape of
// GET /api/v1/datasets/{id} (the fields municat sets itself are ignored,
// see publish.Service.CreateDataset). It answers 201 with the stored
// record and its URL in Location; 403 unless the token is an editor of the
// body's organisation, 422 listing every invalid field.
func (h *handlers) createDataset(c *fiber.Ctx) error {
	var in municat.Dataset
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	// Without an organisation the dataset is invalid: publish lists that
	// with the other fields at fault.
	if in.Organization != "" {
		if err := auth.Require(c, in.Organization, municat.RoleEditor); err != nil {
			return err
		}
	}
	d, err := h.cfg.Publish.CreateDataset(c.UserContext(), auth.PrincipalOf(c), &in)
	if err != nil {
		return err
	}
	return created(c, h.datasetURL(d.ID), h.present(d))
}

// updateDataset answers PUT /api/v1/datasets/{id}: the body replaces the
// dataset's content (same shape and rules as createDataset). It answers
// 200 with the stored record; 409 for a harvested dataset.
func (h *handlers) updateDataset(c *fiber.Ctx) error {
	var in municat.Dataset
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	d, err := h.cfg.Publish.UpdateDataset(c.UserContext(), auth.PrincipalOf(c), param(c, "id"), &in)
	if err != nil {
		return err
	}
	return sendChange(c, h.present(d))
}

// withdrawDataset answers POST /api/v1/datasets/{id}/withdraw: the
// dataset leaves the public catalogue. It answers 200 with the record.
func (h *handlers) withdrawDataset(c *fiber.Ctx) error {
	d, err := h.cfg.Publish.WithdrawDataset(c.UserContext(), auth.PrincipalOf(c), param(c, "id"))
	if err != nil {
		return err
	}
	return sendChange(c, h.present(d))
}

// organizationDatasets answers GET /api/v1/organizations/{org}/datasets
// with the organisation's datasets in every state (or in the one named by
// ?state=), in id order, for its editors.
func (h *handlers) organizationDatasets(c *fiber.Ctx) error {
	values, err := queryValues(c)
	if err != nil {
		return err
	}
	state := municat.PublicationState(values.Get("state"))
	switch state {
	case "", municat.Draft, municat.Scheduled, municat.Published, municat.Withdrawn, municat.Archived:
	default:
		return paramErrors{{Parameter: "state", Detail: "Der Status \"" + string(state) + "\" ist unbekannt. Erlaubt sind draft, scheduled, published, withdrawn und archived."}}
	}
	all, err := h.cfg.Publish.Datasets(c.UserContext(), auth.PrincipalOf(c), param(c, "org"))
	if err != nil {
		return err
	}
	out := make([]*municat.Dataset, 0, len(all))
	for _, d := range all {
		p := h.present(d)
		if state == "" || p.State == state {
			out = append(out, p)
		}
	}
	return sendJSON(c, newList(out))
}
