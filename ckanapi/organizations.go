package ckanapi

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/municat/municat"
)

// Limits of the organisation and group lists, as CKAN's defaults
// (ckan.group_and_organization_list_max and …_all_fields_max).
const (
	MaxOrgList          = 1000
	MaxOrgListAllFields = 25
	// orgShowPackages is how many packages organization_show lists with
	// include_datasets.
	orgShowPackages = 10
)

// packageCounts returns the number of listed datasets per value of a
// facet (organisation ids or theme codes), from the index.
func (a *api) packageCounts(ctx context.Context, facet string) (map[string]int, error) {
	res, err := a.cfg.Index.Search(ctx, municat.Query{PerPage: 1, FacetSize: maxFacetValues})
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, v := range res.Facets[facet] {
		counts[v.Value] = v.Count
	}
	return counts, nil
}

// listOptions are the common parameters of organization_list and
// group_list.
type listOptions struct {
	sortField     string
	desc          bool
	limit, offset int
	allFields     bool
	includeCount  bool
}

// parseListOptions reads sort, limit, offset, all_fields and
// include_dataset_count.
func parseListOptions(r *reader) (listOptions, error) {
	o := listOptions{sortField: "title"}
	o.allFields = r.boolean("all_fields", false)
	o.includeCount = r.boolean("include_dataset_count", true)
	max := MaxOrgList
	if o.allFields {
		max = MaxOrgListAllFields
	}
	o.limit = min(r.natural("limit", max, 1<<30), max)
	o.offset = r.natural("offset", 0, 1<<30)
	if s := r.str("sort"); s != "" {
		f := strings.Fields(s)
		if len(f) == 1 {
			f = append(f, "asc")
		}
		switch {
		case len(f) != 2 || !slices.Contains([]string{"name", "title", "package_count"}, f[0]) || f[1] != "asc" && f[1] != "desc":
			r.errs.add("sort", fmt.Sprintf("Die Sortierung %q wird nicht unterstützt; möglich sind name, title und package_count, jeweils mit asc oder desc.", clip(s, 60)))
		default:
			o.sortField, o.desc = f[0], f[1] == "desc"
		}
	}
	return o, r.err()
}

// listEntry is an organisation or group being listed.
type listEntry struct {
	name, title string
	count       int
	dict        any
}

// page sorts entries by the options and returns the requested page: the
// names, or the dicts with all_fields.
func (o listOptions) page(entries []listEntry) any {
	slices.SortFunc(entries, func(x, y listEntry) int {
		var c int
		switch o.sortField {
		case "name":
			c = strings.Compare(x.name, y.name)
		case "package_count":
			c = cmp.Compare(x.count, y.count)
		default:
			c = strings.Compare(strings.ToLower(x.title), strings.ToLower(y.title))
		}
		if o.desc {
			c = -c
		}
		return cmp.Or(c, strings.Compare(x.name, y.name))
	})
	entries = entries[min(o.offset, len(entries)):]
	entries = entries[:min(o.limit, len(entries))]
	if !o.allFields {
		names := make([]string, 0, len(entries))
		for _, e := range entries {
			names = append(names, e.name)
		}
		return names
	}
	dicts := make([]any, 0, len(entries))
	for _, e := range entries {
		dicts = append(dicts, e.dict)
	}
	return dicts
}

// organizationList answers organization_list.
func (a *api) organizationList(ctx context.Context, r *reader) (any, error) {
	o, err := parseListOptions(r)
	if err != nil {
		return nil, err
	}
	orgs, err := a.cfg.Catalog.Organizations(ctx)
	if err != nil {
		return nil, err
	}
	counts, err := a.packageCounts(ctx, municat.FacetOrganization)
	if err != nil {
		return nil, err
	}
	entries := make([]listEntry, 0, len(orgs))
	for _, org := range orgs {
		d := orgDict(org)
		d.DisplayName = d.Title
		if o.includeCount {
			n := counts[org.ID]
			d.PackageCount = &n
		}
		entries = append(entries, listEntry{name: org.ID, title: d.Title, count: counts[org.ID], dict: d})
	}
	return o.page(entries), nil
}

// organizationShow answers organization_show (id: the organisation's id,
// which is also its name).
func (a *api) organizationShow(ctx context.Context, r *reader) (any, error) {
	id := r.str("id")
	include := r.boolean("include_datasets", false)
	r.boolean("include_extras", true)
	r.boolean("include_users", true)
	if err := r.err(); err != nil {
		return nil, err
	}
	if id == "" {
		return nil, validationErrors{"id": {"Fehlender Wert: Geben Sie die Kennung der Organisation an (id=…)."}}.err()
	}
	if !municat.ValidID(id) {
		return nil, notFound("Organisation " + clip(id, 100))
	}
	org, err := a.cfg.Catalog.Organization(ctx, id)
	if err != nil {
		if municat.ErrorCode(err) == municat.ENOTFOUND {
			return nil, notFound("Organisation " + clip(id, 100))
		}
		return nil, err
	}
	d := orgDict(org)
	d.DisplayName = d.Title
	d.Users, d.Groups, d.Tags = []any{}, []any{}, []any{}
	d.Extras = []Extra{}
	for _, e := range []Extra{{"ags", org.AGS}, {"contributorID", org.ContributorID}, {"email", org.Email}, {"homepage", org.Homepage}} {
		if e.Value != "" {
			d.Extras = append(d.Extras, e)
		}
	}
	s := &searchRequest{
		query: municat.Query{Sort: municat.SortModified, Desc: true, FacetSize: 1, Filters: map[string][]string{municat.FacetOrganization: {org.ID}}},
		rows:  0,
	}
	if include {
		s.rows = orgShowPackages
	}
	total, datasets, _, err := a.searchIndex(ctx, s)
	if err != nil {
		return nil, err
	}
	d.PackageCount = &total
	if include {
		orgs := orgSet{org.ID: org}
		d.Packages = make([]Package, 0, len(datasets))
		for _, ds := range datasets {
			d.Packages = append(d.Packages, a.pkg(ds, orgs))
		}
	}
	return d, nil
}

// groupList answers group_list: the 13 EU data themes as groups named by
// their lower-case code.
func (a *api) groupList(ctx context.Context, r *reader) (any, error) {
	o, err := parseListOptions(r)
	if err != nil {
		return nil, err
	}
	counts, err := a.packageCounts(ctx, municat.FacetTheme)
	if err != nil {
		return nil, err
	}
	entries := make([]listEntry, 0, len(municat.Themes))
	for _, t := range municat.Themes {
		g := themeGroup(t)
		n := counts[t.Code]
		approved, active, typ, rev, img := "approved", "active", "group", "", ""
		isOrg := false
		g.ApprovalStatus, g.State, g.Type, g.RevisionID, g.ImageURL, g.IsOrganization = &approved, &active, &typ, &rev, &img, &isOrg
		if o.includeCount {
			g.PackageCount, g.Packages = &n, &n
		}
		entries = append(entries, listEntry{name: g.Name, title: g.Title, count: n, dict: g})
	}
	return o.page(entries), nil
}
