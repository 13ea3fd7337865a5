package admin

import (
	"context"
	"errors"
	"sort"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
)

// registerContent registers the content routes of the admin area: harvest
// sources (with their runs) and datasets (with uploads and file versions).
// Fixed paths come before the parameterised ones they would match.
func (a *admin) registerContent() {
	signedIn := auth.Policy{SignedIn: true}
	srcAdmin := auth.Policy{Role: municat.RoleAdmin, OrgOf: a.sourceOrg}
	srcEditor := auth.Policy{Role: municat.RoleEditor, OrgOf: a.sourceOrg}
	dsEditor := auth.Policy{Role: municat.RoleEditor, OrgOf: a.datasetOrg}

	a.handle(fiber.MethodGet, "/sources", signedIn, a.sourcesList)
	a.handle(fiber.MethodPost, "/sources", signedIn, a.sourceCreate)
	a.handle(fiber.MethodGet, "/sources/new", signedIn, a.sourceNew)
	a.handle(fiber.MethodPost, "/sources/schedule-preview", signedIn, a.schedulePreview)
	a.handle(fiber.MethodGet, "/sources/:id", srcEditor, a.sourceShow)
	a.handle(fiber.MethodPost, "/sources/:id", srcAdmin, a.sourceUpdate)
	a.handle(fiber.MethodPost, "/sources/:id/test", srcEditor, a.sourceTest)
	a.handle(fiber.MethodPost, "/sources/:id/dry-run", srcEditor, a.sourceDryRun)
	a.handle(fiber.MethodPost, "/sources/:id/run", srcEditor, a.sourceRun)
	a.handle(fiber.MethodPost, "/sources/:id/pause", srcAdmin, a.sourcePause(true))
	a.handle(fiber.MethodPost, "/sources/:id/resume", srcAdmin, a.sourcePause(false))
	a.handle(fiber.MethodPost, "/sources/:id/delete", srcAdmin, a.sourceDelete)
	a.handle(fiber.MethodGet, "/sources/:id/runs", srcEditor, a.runsList)
	a.handle(fiber.MethodGet, "/sources/:id/runs/:run", srcEditor, a.runShow)

	a.handle(fiber.MethodGet, "/datasets", signedIn, a.datasetsList)
	a.handle(fiber.MethodPost, "/datasets", signedIn, a.datasetCreate)
	a.handle(fiber.MethodGet, "/datasets/new", signedIn, a.datasetNew)
	a.handle(fiber.MethodPost, "/datasets/check", signedIn, a.datasetCheck)
	a.handle(fiber.MethodGet, "/datasets/:id", dsEditor, a.datasetShow)
	a.handle(fiber.MethodPost, "/datasets/:id", dsEditor, a.datasetUpdate)
	a.handle(fiber.MethodPost, "/datasets/:id/withdraw", dsEditor, a.datasetWithdraw)
	a.handle(fiber.MethodPost, "/datasets/:id/upload", dsEditor, a.datasetUpload)
	a.handle(fiber.MethodGet, "/datasets/:id/distributions/:dist/versions", dsEditor, a.versionsList)
}

// sourceOrg returns the organisation of the source named by the route's
// :id (ENOTFOUND for an unknown source).
func (a *admin) sourceOrg(c *fiber.Ctx) (string, error) {
	s, err := a.cfg.Catalog.Source(c.UserContext(), c.Params("id"))
	if err != nil {
		return "", err
	}
	return s.Organization, nil
}

// datasetOrg returns the organisation of the dataset named by the route's
// :id (ENOTFOUND for an unknown dataset).
func (a *admin) datasetOrg(c *fiber.Ctx) (string, error) {
	d, err := a.cfg.Catalog.Dataset(c.UserContext(), c.Params("id"))
	if err != nil {
		return "", err
	}
	return d.Organization, nil
}

// orgOptions returns the organisations in which p has at least role want
// (every organisation for an instance admin), sorted by name, with
// selected marked.
func (a *admin) orgOptions(ctx context.Context, p *municat.Principal, want municat.Role, selected string) ([]option, error) {
	orgs, err := a.principalOrgs(ctx, p, want)
	if err != nil {
		return nil, err
	}
	out := make([]option, 0, len(orgs))
	for _, o := range orgs {
		out = append(out, option{Value: o.ID, Label: orgLabel(o), Selected: o.ID == selected})
	}
	// A role in an organisation that has no record yet still counts.
	if p != nil && !p.InstanceAdmin {
		for org, r := range p.Roles {
			if r.Covers(want) && !hasOrg(out, org) {
				out = append(out, option{Value: org, Label: org, Selected: org == selected})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	if len(out) == 1 {
		out[0].Selected = true
	}
	return out, nil
}

func hasOrg(list []option, id string) bool {
	for _, o := range list {
		if o.Value == id {
			return true
		}
	}
	return false
}

// validationFields returns the fields of a *municat.ValidationError in
// err's chain, and whether there is one.
func validationFields(err error) ([]municat.FieldError, bool) {
	var v *municat.ValidationError
	if errors.As(err, &v) {
		return v.Fields, true
	}
	return nil, false
}

// option is one entry of a select, a checkbox group or a radio group.
type option struct {
	Value, Label string
	Selected     bool
}

// forbidden is the error of a page that needs a role the principal has in
// no organisation.
func forbidden(what string) error {
	return municat.Errorf(municat.EFORBIDDEN, "Sie haben in keiner Organisation die Rolle, %s. Bitte wenden Sie sich an die Administration Ihrer Organisation.", what)
}
