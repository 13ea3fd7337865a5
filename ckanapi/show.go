package ckanapi

import (
	"context"
	"errors"
	"time"

	"github.com/municat/municat"
)

// newest returns the latest modification time of ds (zero if none has one).
func newest(ds ...*municat.Dataset) time.Time {
	var t time.Time
	for _, d := range ds {
		if d.Modified != nil && d.Modified.After(t) {
			t = *d.Modified
		}
	}
	return t
}

// lookup returns the dataset a package reference names (its id, or its
// name, see PackageName) as the public sees it, or ENOTFOUND: also for a
// dataset that is not published (draft, scheduled, withdrawn, archived).
func (a *api) lookup(ctx context.Context, ref string) (*municat.Dataset, error) {
	var ids []string
	if municat.ValidDatasetID(ref) {
		ids = append(ids, ref)
	}
	if id, ok := DatasetIDOfName(ref); ok && id != ref {
		ids = append(ids, id)
	}
	for _, id := range ids {
		d, err := a.cfg.Catalog.Dataset(ctx, id)
		if errors.Is(err, municat.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !d.IsPublished() || d.Unreleased() {
			break
		}
		return d.PublicView(), nil
	}
	if id, ok, err := resolveShortened(ctx, a.cfg.Catalog, ref); err != nil {
		return nil, err
	} else if ok {
		return a.lookup(ctx, id)
	}
	return nil, municat.NotFound("Datensatz %s", clip(ref, 200))
}

// packageShow answers package_show (id: id or name; include_tracking and
// use_default_schema are ignored).
func (a *api) packageShow(ctx context.Context, r *reader) (any, error) {
	ref := r.str("id")
	if ref == "" {
		ref = r.str("name")
	}
	if err := r.err(); err != nil {
		return nil, err
	}
	if ref == "" {
		return nil, validationErrors{"id": {"Fehlender Wert: Geben Sie die Kennung oder den Namen des Datensatzes an (id=…)."}}.err()
	}
	d, err := a.lookup(ctx, ref)
	if err != nil {
		return nil, err
	}
	orgs, err := a.orgs(ctx, d.Organization)
	if err != nil {
		return nil, err
	}
	return reply{value: a.pkg(d, orgs), modified: newest(d)}, nil
}

// orgs reads the organisations with the given ids, each once: only those
// an answer shows, rather than listing the store. An id without an
// organisation maps to nil.
func (a *api) orgs(ctx context.Context, ids ...string) (orgSet, error) {
	m := orgSet{}
	for _, id := range ids {
		if _, done := m[id]; done || id == "" {
			continue
		}
		o, err := a.cfg.Catalog.Organization(ctx, id)
		if err != nil && !errors.Is(err, municat.ErrNotFound) {
			return nil, err
		}
		m[id] = o
	}
	return m, nil
}

// orgIDs returns the organisations of ds.
func orgIDs(ds []*municat.Dataset) []string {
	ids := make([]string, 0, len(ds))
	for _, d := range ds {
		ids = append(ids, d.Organization)
	}
	return ids
}
