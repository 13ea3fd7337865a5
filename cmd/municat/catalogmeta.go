package main

import (
	"context"
	"slices"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/dcat"
)

// newExporter returns the DCAT-AP exporter of the server: the configured
// catalogue description, completed with defaults from the organisations in
// the store (which include the configured ones). The server adds the
// organisations themselves and the download URLs, and refreshes them.
func newExporter(ctx context.Context, cfg *Config, cat *catalog.Catalog) (*dcat.Exporter, error) {
	orgs, err := cat.Organizations(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*municat.Organization, len(orgs))
	for _, o := range orgs {
		byID[o.ID] = o
	}
	return &dcat.Exporter{BaseURL: cfg.BaseURL, Catalog: catalogDescription(cfg, byID), MissingLicense: cfg.Catalog.MissingLicense}, nil
}

// catalogDescription returns the dcat.Catalog of the configuration. The
// publisher is the configured one, else the first configured organisation,
// else the first in the store; what is not configured comes from
// dcat.DefaultCatalog.
func catalogDescription(cfg *Config, orgs map[string]*municat.Organization) dcat.Catalog {
	cc := cfg.Catalog
	pub := orgs[cc.Publisher]
	if pub == nil && len(cfg.Organizations) > 0 {
		pub = orgs[cfg.Organizations[0].ID]
	}
	if pub == nil && len(orgs) > 0 {
		ids := make([]string, 0, len(orgs))
		for id := range orgs {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		pub = orgs[ids[0]]
	}
	c := dcat.DefaultCatalog(cfg.BaseURL, pub)
	if len(cc.Title) > 0 {
		c.Title = cc.Title
	}
	if len(cc.Description) > 0 {
		c.Description = cc.Description
	}
	if cc.Homepage != "" {
		c.Homepage = cc.Homepage
	}
	if len(cc.Languages) > 0 {
		c.Languages = cc.Languages
	}
	c.License = cc.License
	return c
}
