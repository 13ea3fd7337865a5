package admin

import (
	"net/http"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
)

// auditDays is how many days one page of the audit log shows.
const auditDays = 7

// maxAuditEntries is the most entries one page shows.
const maxAuditEntries = 1000

// auditActions names the audit actions in German.
var auditActions = map[string]string{
	"login":               "Anmeldung",
	"login.failed":        "Anmeldung fehlgeschlagen",
	"logout":              "Abmeldung",
	"account.create":      "Person angelegt",
	"account.update":      "Person geändert",
	"password.change":     "Passwort geändert",
	"token.create":        "API-Token erstellt",
	"token.revoke":        "API-Token widerrufen",
	"organization.create": "Organisation angelegt",
	"organization.update": "Organisation geändert",
	"dataset.create":      "Datensatz angelegt",
	"dataset.update":      "Datensatz geändert",
	"dataset.publish":     "Datensatz veröffentlicht",
	"dataset.schedule":    "Veröffentlichung geplant",
	"dataset.withdraw":    "Datensatz zurückgezogen",
	"dataset.upload":      "Datei hochgeladen",
	"version.publish":     "Dateiversion veröffentlicht",
	"source.create":       "Quelle angelegt",
	"source.update":       "Quelle geändert",
	"source.delete":       "Quelle gelöscht",
	"source.pause":        "Quelle pausiert",
	"source.resume":       "Quelle fortgesetzt",
	"source.run":          "Ernte gestartet",
	"source.dryrun":       "Probelauf",
}

// auditPage is the data of the audit log.
type auditPage struct {
	Base
	Entries []auditRow
	// From and To are the first and last day shown (UTC days).
	From, To time.Time
	// Older and Newer are the links to the neighbouring pages ("" for none).
	Older, Newer string
	// Truncated is true when the days held more entries than shown.
	Truncated bool
	// Orgs are the organisations to filter by; Org is the one chosen.
	Orgs []*municat.Organization
	Org  string
}

// auditRow is one audit entry with what the page shows of it.
type auditRow struct {
	Entry   *municat.AuditEntry
	Action  string
	OrgName string
	// Link is the admin page of the changed object, if there is one.
	Link string
}

// registerAudit registers the audit log.
func (a *admin) registerAudit() {
	a.handle(fiber.MethodGet, "/audit", auth.Policy{SignedIn: true}, a.audit)
}

// audit shows the audit log, newest first, seven days per page: all of it
// to instance admins, the entries of their organisations to organisation
// admins.
func (a *admin) audit(c *fiber.Ctx) error {
	p := auth.PrincipalOf(c)
	if err := requireOrgAdmin(p); err != nil {
		return err
	}
	ctx := c.UserContext()
	today := a.now().UTC().Truncate(24 * time.Hour)
	to := today
	if s := c.Query("until"); s != "" {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return municat.Errorf(municat.EINVALID, "Das Datum %q ist ungültig. Erwartet wird JJJJ-MM-TT, z. B. 2026-12-01.", s)
		}
		if d.Before(today) {
			to = d
		}
	}
	from := to.AddDate(0, 0, -(auditDays - 1))
	orgs, err := a.principalOrgs(ctx, p, municat.RoleAdmin)
	if err != nil {
		return err
	}
	names, err := a.orgNames(ctx)
	if err != nil {
		return err
	}
	page := auditPage{Base: a.base(c, "Protokoll", "audit"), From: from, To: to, Orgs: orgs, Org: c.Query("org")}
	err = a.cfg.Catalog.Audit(ctx, from, to, func(e *municat.AuditEntry) bool {
		if !auditVisible(p, e) || (page.Org != "" && e.Organization != page.Org) {
			return true
		}
		if len(page.Entries) == maxAuditEntries {
			page.Truncated = true
			return false
		}
		page.Entries = append(page.Entries, auditRow{Entry: e, Action: auditAction(e.Action), OrgName: names[e.Organization], Link: a.objectLink(e.Object)})
		return true
	})
	if err != nil {
		return err
	}
	query := ""
	if page.Org != "" {
		query = "&org=" + page.Org
	}
	page.Older = a.path("/audit?until=") + from.AddDate(0, 0, -1).Format(time.DateOnly) + query
	if to.Before(today) {
		newer := to.AddDate(0, 0, auditDays)
		if newer.After(today) {
			newer = today
		}
		page.Newer = a.path("/audit?until=") + newer.Format(time.DateOnly) + query
	}
	return a.page(c, http.StatusOK, "audit", page)
}

// auditVisible reports whether p may see e.
func auditVisible(p *municat.Principal, e *municat.AuditEntry) bool {
	if p.InstanceAdmin {
		return true
	}
	return e.Organization != "" && p.Can(e.Organization, municat.RoleAdmin)
}

// auditAction returns the German name of an action.
func auditAction(action string) string {
	if s, ok := auditActions[action]; ok {
		return s
	}
	return action
}

// objectLink returns the admin page of an audit object such as
// "dataset/stadt-baeume", "" if there is none.
func (a *admin) objectLink(object string) string {
	kind, id, ok := strings.Cut(object, "/")
	if !ok || id == "" {
		return ""
	}
	switch kind {
	case "dataset":
		id, _, _ = strings.Cut(id, "/")
		return a.path("/datasets/", id)
	case "source":
		return a.path("/sources/", id)
	case "account":
		return a.path("/accounts/", id)
	case "organization":
		return a.path("/organizations/", id)
	}
	return ""
}
