package server

import (
	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
)

// registerWrites registers the write API on api (the /api/v1 group), every
// route through Config.Routes with a Bearer-token policy:
//
//	POST   /datasets                                   editor of the body's organisation → 201
//	PUT    /datasets/{id}                              editor of the dataset's organisation
//	POST   /datasets/{id}/withdraw                     editor
//	POST   /datasets/{id}/distributions                editor; multipart upload → 201
//	POST   /datasets/{id}/distributions/{dist}/versions editor; multipart upload → 201
//	GET    /organizations/{org}/datasets?state=        editor of org: datasets in every state
//	POST   /sources                                    admin of the body's organisation → 201
//	PUT    /sources/{id}, DELETE /sources/{id}         admin of the source's organisation
//	POST   /sources/{id}/pause, /resume                admin
//	POST   /sources/{id}/run                           editor → 202 with the run's id and URL
//	POST   /sources/{id}/dry-run                       editor → what a run would change
//	GET    /tokens, POST /tokens                       admin: the tokens of the organisations
//	GET    /tokens/{id}, DELETE /tokens/{id}           admin of the token's organisation
//
// The dataset routes need Config.Publish and the source routes
// Config.Sources; without them they are not registered.
func (h *handlers) registerWrites(api fiber.Router) {
	r := h.cfg.Routes
	role := func(role municat.Role, orgOf func(*fiber.Ctx) (string, error)) auth.Policy {
		return auth.Policy{Token: true, Role: role, OrgOf: orgOf}
	}
	editor, admin := municat.RoleEditor, municat.RoleAdmin
	if h.cfg.Publish != nil {
		r.Handle(api, fiber.MethodPost, "/datasets", role(editor, nil), h.createDataset)
		r.Handle(api, fiber.MethodPut, "/datasets/:id", role(editor, h.datasetOrg), h.updateDataset)
		r.Handle(api, fiber.MethodPost, "/datasets/:id/withdraw", role(editor, h.datasetOrg), h.withdrawDataset)
		r.Handle(api, fiber.MethodPost, "/datasets/:id/distributions", role(editor, h.datasetOrg), h.uploadDistribution)
		r.Handle(api, fiber.MethodPost, "/datasets/:id/distributions/:dist/versions", role(editor, h.datasetOrg), h.uploadVersion)
		r.Handle(api, fiber.MethodGet, "/organizations/:org/datasets", role(editor, orgParam), h.organizationDatasets)
	}
	if h.cfg.Sources != nil {
		r.Handle(api, fiber.MethodPost, "/sources", role(admin, nil), h.createSource)
		r.Handle(api, fiber.MethodPut, "/sources/:id", role(admin, h.sourceOrg), h.updateSource)
		r.Handle(api, fiber.MethodDelete, "/sources/:id", role(admin, h.sourceOrg), h.deleteSource)
		r.Handle(api, fiber.MethodPost, "/sources/:id/pause", role(admin, h.sourceOrg), h.pauseSource(true))
		r.Handle(api, fiber.MethodPost, "/sources/:id/resume", role(admin, h.sourceOrg), h.pauseSource(false))
		r.Handle(api, fiber.MethodPost, "/sources/:id/run", role(editor, h.sourceOrg), h.runSource)
		r.Handle(api, fiber.MethodPost, "/sources/:id/dry-run", role(editor, h.sourceOrg), h.dryRunSource)
	}
	r.Handle(api, fiber.MethodGet, "/tokens", role(admin, nil), h.listTokens)
	r.Handle(api, fiber.MethodPost, "/tokens", role(admin, nil), h.createToken)
	r.Handle(api, fiber.MethodGet, "/tokens/:id", role(admin, h.tokenOrg), h.getToken)
	r.Handle(api, fiber.MethodDelete, "/tokens/:id", role(admin, h.tokenOrg), h.revokeToken)
}

// datasetOrg returns the organisation of the dataset in the path. An
// unknown dataset is ENOTFOUND, and so is a draft or scheduled one the
// principal may not edit: it does not exist for them.
func (h *handlers) datasetOrg(c *fiber.Ctx) (string, error) {
	d, err := h.visibleDataset(c, param(c, "id"))
	if err != nil {
		return "", err
	}
	return d.Organization, nil
}

// sourceOrg returns the organisation of the source in the path; ENOTFOUND
// for an unknown source.
func (h *handlers) sourceOrg(c *fiber.Ctx) (string, error) {
	src, err := h.cfg.Catalog.Source(c.UserContext(), param(c, "id"))
	if err != nil {
		return "", err
	}
	return src.Organization, nil
}

// pathTokenKey is the c.Locals key of the token tokenOrg read.
type pathTokenKey struct{}

// tokenOrg returns the organisation of the token in the path; ENOTFOUND
// for an unknown token. (A token id is 16 random hex digits: telling an
// outsider with 403 that one exists gives nothing away.) It keeps the
// token for the handler (see pathToken).
func (h *handlers) tokenOrg(c *fiber.Ctx) (string, error) {
	t, err := h.cfg.Catalog.Token(c.UserContext(), param(c, "id"))
	if err != nil {
		return "", err
	}
	c.Locals(pathTokenKey{}, t)
	return t.Organization, nil
}

// pathToken returns the token in the path as tokenOrg read it (finding a
// token by id lists the store), else reads it.
func (h *handlers) pathToken(c *fiber.Ctx) (*municat.Token, error) {
	if t, ok := c.Locals(pathTokenKey{}).(*municat.Token); ok {
		return t, nil
	}
	return h.cfg.Catalog.Token(c.UserContext(), param(c, "id"))
}

// orgParam returns the organisation in the path.
func orgParam(c *fiber.Ctx) (string, error) { return param(c, "org"), nil }

// created answers 201 with a Location header and v as JSON; such answers
// are never cached.
func created(c *fiber.Ctx, location string, v any) error {
	c.Location(location)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusCreated).JSON(v)
}

// sendChange answers a change with 200 and v as JSON, never cached.
func sendChange(c *fiber.Ctx, v any) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(v)
}
