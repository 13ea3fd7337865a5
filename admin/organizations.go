package admin

import (
	"context"
	"errors"
	"net/http"
	"net/mail"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
)

// organizationsPage is the data of the list of organisations.
type organizationsPage struct {
	Base
	Orgs []*municat.Organization
}

// organizationPage is the data of the organisation form.
type organizationPage struct {
	Base
	// New is true for the form that creates one.
	New bool
	// Org holds the values shown.
	Org *municat.Organization
	// Description is the German description.
	Description string
}

// registerOrganizations registers the organisation pages (instance
// admins only).
func (a *admin) registerOrganizations() {
	p := auth.Policy{InstanceAdmin: true}
	a.handle(fiber.MethodGet, "/organizations", p, a.organizations)
	a.handle(fiber.MethodGet, "/organizations/new", p, a.organizationNew)
	a.handle(fiber.MethodPost, "/organizations", p, a.organizationCreate)
	a.handle(fiber.MethodGet, "/organizations/:id", p, a.organizationEdit)
	a.handle(fiber.MethodPost, "/organizations/:id", p, a.organizationUpdate)
}

// organizations lists the organisations.
func (a *admin) organizations(c *fiber.Ctx) error {
	orgs, err := a.principalOrgs(c.UserContext(), auth.PrincipalOf(c), municat.RoleAdmin)
	if err != nil {
		return err
	}
	return a.page(c, http.StatusOK, "organizations", organizationsPage{Base: a.base(c, "Organisationen", "organizations"), Orgs: orgs})
}

// organizationNew shows the empty form.
func (a *admin) organizationNew(c *fiber.Ctx) error {
	return a.page(c, http.StatusOK, "organization", organizationPage{Base: a.base(c, "Neue Organisation", "organizations"), New: true, Org: &municat.Organization{}})
}

// organizationEdit shows the form of one organisation.
func (a *admin) organizationEdit(c *fiber.Ctx) error {
	o, err := a.cfg.Catalog.Organization(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return a.page(c, http.StatusOK, "organization", organizationPage{Base: a.base(c, "Organisation „"+orgLabel(o)+"“ bearbeiten", "organizations"), Org: o, Description: o.Description["de"]})
}

// organizationCreate stores a new organisation.
func (a *admin) organizationCreate(c *fiber.Ctx) error {
	form, err := a.form(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	o := &municat.Organization{ID: strings.TrimSpace(form.Get("id"))}
	orgFromForm(o, form)
	var fields []municat.FieldError
	switch _, err := a.cfg.Catalog.Organization(ctx, o.ID); {
	case o.ID == "new":
		fields = append(fields, municat.FieldError{Field: "id", Message: "Die Kennung „new“ ist für die Verwaltung reserviert. Bitte wählen Sie eine andere, z. B. den Namen der Gemeinde."})
	case err == nil:
		fields = append(fields, municat.FieldError{Field: "id", Message: "Die Kennung „" + o.ID + "“ ist schon vergeben. Bitte wählen Sie eine andere."})
	case !errors.Is(err, municat.ErrNotFound) && municat.ValidID(o.ID):
		return err
	}
	if err := a.saveOrganization(ctx, c, o, nil, fields); err != nil {
		var ve *municat.ValidationError
		if errors.As(err, &ve) {
			p := organizationPage{Base: a.base(c, "Neue Organisation", "organizations"), New: true, Org: o, Description: form.Get("description")}
			p.Errors = ve.Fields
			return a.page(c, http.StatusUnprocessableEntity, "organization", p)
		}
		return err
	}
	return a.redirect(c, "/organizations", "Die Organisation „"+orgLabel(o)+"“ ist angelegt. Legen Sie jetzt Personen für sie an.")
}

// organizationUpdate stores the changes of an organisation.
func (a *admin) organizationUpdate(c *fiber.Ctx) error {
	ctx := c.UserContext()
	old, err := a.cfg.Catalog.Organization(ctx, c.Params("id"))
	if err != nil {
		return err
	}
	if old.Managed == municat.ManagedByConfig {
		return municat.Errorf(municat.ECONFLICT, "Die Organisation „%s“ ist in der Konfigurationsdatei festgelegt und wird bei jedem Start von dort übernommen. Bitte ändern Sie sie dort.", orgLabel(old))
	}
	form, err := a.form(c)
	if err != nil {
		return err
	}
	o := *old
	o.Description = municat.Text{}
	for k, v := range old.Description {
		o.Description[k] = v
	}
	orgFromForm(&o, form)
	if err := a.saveOrganization(ctx, c, &o, old, nil); err != nil {
		var ve *municat.ValidationError
		if errors.As(err, &ve) {
			p := organizationPage{Base: a.base(c, "Organisation „"+orgLabel(old)+"“ bearbeiten", "organizations"), Org: &o, Description: form.Get("description")}
			p.Errors = ve.Fields
			return a.page(c, http.StatusUnprocessableEntity, "organization", p)
		}
		return err
	}
	return a.redirect(c, "/organizations", "Die Änderungen an „"+orgLabel(&o)+"“ sind gespeichert.")
}

// orgFromForm sets the fields of o from the form (all but the id).
func orgFromForm(o *municat.Organization, form url.Values) {
	o.Name = strings.TrimSpace(form.Get("name"))
	o.Homepage = strings.TrimSpace(form.Get("homepage"))
	o.Email = strings.TrimSpace(form.Get("email"))
	o.AGS = strings.TrimSpace(form.Get("ags"))
	o.ContributorID = strings.TrimSpace(form.Get("contributor_id"))
	desc := strings.TrimSpace(form.Get("description"))
	if o.Description == nil {
		o.Description = municat.Text{}
	}
	if desc == "" {
		delete(o.Description, "de")
	} else {
		o.Description["de"] = desc
	}
	if len(o.Description) == 0 {
		o.Description = nil
	}
}

// saveOrganization validates and writes o (old is the stored record, nil
// for a new one) and records it in the audit log. extra are problems the
// caller found; they are returned with the validation's.
func (a *admin) saveOrganization(ctx context.Context, c *fiber.Ctx, o, old *municat.Organization, extra []municat.FieldError) error {
	fields := extra
	var ve *municat.ValidationError
	if err := o.Validate(); errors.As(err, &ve) {
		fields = append(fields, ve.Fields...)
	} else if err != nil {
		return err
	}
	if o.Email != "" {
		if _, err := mail.ParseAddress(o.Email); err != nil {
			fields = append(fields, municat.FieldError{Field: "email", Message: "„" + o.Email + "“ ist keine gültige E-Mail-Adresse, z. B. opendata@musterstadt.de."})
		}
	}
	if o.ContributorID != "" {
		if u, err := url.Parse(o.ContributorID); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			fields = append(fields, municat.FieldError{Field: "contributor_id", Message: "Die Contributor-ID muss eine Adresse sein, z. B. http://dcat-ap.de/def/contributors/musterstadt. Die Liste steht unter https://www.dcat-ap.de/def/contributors/."})
		}
	}
	if len(fields) > 0 {
		return &municat.ValidationError{Subject: "Organisation", Fields: fields}
	}
	if err := a.cfg.Catalog.PutOrganization(ctx, o); err != nil {
		return err
	}
	p := auth.PrincipalOf(c)
	e := &municat.AuditEntry{Time: a.now(), Actor: p.Actor(), ActorName: p.Name, Organization: o.ID, Object: "organization/" + o.ID}
	if old == nil {
		e.Action, e.Summary = "organization.create", "Organisation „"+orgLabel(o)+"“ angelegt."
	} else {
		e.Action, e.Summary, e.Fields = "organization.update", "Organisation „"+orgLabel(o)+"“ geändert.", orgChanges(old, o)
	}
	if err := a.cfg.Catalog.AppendAudit(ctx, e); err != nil {
		a.log.Error("audit entry failed", "action", e.Action, "err", err)
	}
	return nil
}

// orgChanges returns the JSON names of the fields that differ.
func orgChanges(old, o *municat.Organization) []string {
	var out []string
	for _, f := range []struct {
		name     string
		was, now string
	}{
		{"name", old.Name, o.Name}, {"homepage", old.Homepage, o.Homepage}, {"email", old.Email, o.Email},
		{"ags", old.AGS, o.AGS}, {"contributor_id", old.ContributorID, o.ContributorID},
		{"description", old.Description["de"], o.Description["de"]},
	} {
		if f.was != f.now {
			out = append(out, f.name)
		}
	}
	return out
}
