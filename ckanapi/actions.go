package ckanapi

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// action answers one CKAN action from its parameters.
type action func(a *api, ctx context.Context, r *reader) (any, error)

// actions maps the action names to their handlers and help texts. It is
// filled by init: help_show reads it.
var actions map[string]actionEntry

// actionEntry is an action's handler and help text.
type actionEntry struct {
	run  action
	help string
}

func init() {
	actions = map[string]actionEntry{
		"package_search":                      {(*api).packageSearch, "Sucht Datensätze. Parameter: q (Suchtext), fq (Filter feld:wert, siehe Dokumentation), rows (Standard 10, höchstens 1000), start, sort, facet.field (JSON-Liste), facet.limit."},
		"package_show":                        {(*api).packageShow, "Liefert einen Datensatz. Parameter: id (Kennung oder Name)."},
		"package_list":                        {(*api).packageList, "Listet die Namen aller Datensätze. Parameter: limit, offset."},
		"current_package_list_with_resources": {(*api).currentPackages, "Listet Datensätze mit Ressourcen, zuletzt geänderte zuerst. Parameter: limit (Standard 10, höchstens 1000), offset."},
		"organization_list":                   {(*api).organizationList, "Listet die Organisationen. Parameter: sort (name, title, package_count, jeweils asc/desc), limit, offset, all_fields, include_dataset_count."},
		"organization_show":                   {(*api).organizationShow, "Liefert eine Organisation. Parameter: id (Kennung oder Name), include_datasets."},
		"group_list":                          {(*api).groupList, "Listet die Gruppen: die 13 EU-Themen, benannt mit ihrem Code in Kleinbuchstaben. Parameter: sort, limit, offset, all_fields."},
		"tag_list":                            {(*api).tagList, "Listet die Schlagwörter. Parameter: query (Wortanfang)."},
		"license_list":                        {(*api).licenseList, "Listet die Lizenzen der DCAT-AP.de-Lizenzliste."},
		"status_show":                         {(*api).statusShow, "Liefert Version und Erweiterungen der Schnittstelle."},
		"help_show":                           {(*api).helpShow, "Liefert die Beschreibung einer Aktion. Parameter: name."},
	}
}

// ActionNames returns the names of the supported actions, sorted.
func ActionNames() []string {
	return slices.Sorted(maps.Keys(actions))
}

// handle answers GET and POST /api/3/action/:action.
func (a *api) handle(c *fiber.Ctx) error {
	name := c.Params("action")
	act, ok := actions[name]
	if !ok {
		return a.fail(c, name, badRequest("Bad request - Action name not known: "+clip(name, 100)+
			" (unbekannte Aktion; unterstützt werden "+strings.Join(ActionNames(), ", ")+")"))
	}
	p, err := requestParams(c)
	if err != nil {
		return a.fail(c, name, err)
	}
	r := newReader(p)
	result, err := act.run(a, c.UserContext(), r)
	if err != nil {
		return a.fail(c, name, err)
	}
	if rep, ok := result.(reply); ok {
		a.setHeaders(c, p, rep)
		result = rep.value
	}
	return a.send(c, name, result)
}

// helpShow answers help_show: the description of an action.
func (a *api) helpShow(_ context.Context, r *reader) (any, error) {
	name := r.str("name")
	if err := r.err(); err != nil {
		return nil, err
	}
	act, ok := actions[name]
	if !ok {
		return nil, notFound("Aktion " + clip(name, 100))
	}
	return act.help, nil
}

// statusShow answers status_show.
func (a *api) statusShow(_ context.Context, _ *reader) (any, error) {
	version := a.cfg.Version
	if version == "" {
		version = municat.Version
	}
	title := a.cfg.SiteTitle
	if title == "" {
		title = "municat"
	}
	return Status{
		CKANVersion: CKANVersion,
		SiteURL:     a.baseURL,
		SiteTitle:   title,
		Locale:      municat.DefaultLanguage,
		Extensions:  []string{"dcat", "dcatde", "municat/" + version},
	}, nil
}

// licenseList answers license_list: the DCAT-AP.de licence list.
func (a *api) licenseList(_ context.Context, _ *reader) (any, error) {
	out := make([]License, 0, len(dcat.Licenses))
	for _, l := range dcat.Licenses {
		od := "not reviewed"
		if l.Open {
			od = "approved"
		}
		out = append(out, License{
			DomainData: true, Family: "", ID: l.ID, IsGeneric: false, IsOKDCompliant: l.Open,
			Maintainer: "", ODConformance: od, OSDConformance: "not reviewed", Status: "active",
			Title: l.Name, URL: l.Homepage,
		})
	}
	return out, nil
}

// tagList answers tag_list: the keywords of the listed datasets (from the
// index's keyword facet), filtered by query (a case-insensitive prefix or
// substring), sorted.
func (a *api) tagList(ctx context.Context, r *reader) (any, error) {
	query := strings.ToLower(r.str("query"))
	if err := r.err(); err != nil {
		return nil, err
	}
	res, err := a.cfg.Index.Search(ctx, municat.Query{PerPage: 1, FacetSize: maxFacetValues})
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, v := range res.Facets[municat.FacetKeyword] {
		if query == "" || strings.Contains(strings.ToLower(v.Value), query) {
			out = append(out, v.Value)
		}
	}
	slices.Sort(out)
	return out, nil
}
