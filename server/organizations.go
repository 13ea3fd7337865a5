package server

import (
	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

// ListResponse is the answer of the list endpoints: all records, in id
// order (runs: newest first), and their number.
type ListResponse[T any] struct {
	// Items are the records; never null.
	Items []T `json:"items"`
	// Total is the number of records.
	Total int `json:"total"`
}

// newList returns a ListResponse whose Items is never null in JSON.
func newList[T any](items []T) ListResponse[T] {
	if items == nil {
		items = []T{}
	}
	return ListResponse[T]{Items: items, Total: len(items)}
}

// listOrganizations answers GET /api/v1/organizations.
func (h *handlers) listOrganizations(c *fiber.Ctx) error {
	orgs, err := h.cfg.Catalog.Organizations(c.UserContext())
	if err != nil {
		return err
	}
	return sendJSON(c, newList[*municat.Organization](orgs))
}
