package ckanapi

import (
	"context"

	"github.com/municat/municat"
)

// Limits of the list actions.
const (
	// MaxListLimit caps limit of package_list and
	// current_package_list_with_resources.
	MaxListLimit = 1000
	// defaultCurrentLimit is current_package_list_with_resources' limit
	// when not given (package_search's default rows, as in CKAN).
	defaultCurrentLimit = 10
)

// packageList answers package_list: the names of the listed datasets in id
// order, all of them or the page limit/offset. It reads only the index, so
// a dataset withdrawn a moment ago may be listed until the withdrawal is
// indexed (package_show and package_search read the records and do not
// show it).
func (a *api) packageList(ctx context.Context, r *reader) (any, error) {
	limit := r.natural("limit", -1, MaxListLimit)
	offset := r.natural("offset", 0, MaxStart)
	if err := r.err(); err != nil {
		return nil, err
	}
	names := []string{}
	if limit < 0 {
		ids, err := a.cfg.Index.IDs(ctx)
		if err != nil {
			return nil, err
		}
		for _, id := range ids[min(offset, len(ids)):] {
			names = append(names, PackageName(id))
		}
		return names, nil
	}
	res, hits, err := window(ctx, a.cfg.Index, municat.Query{Sort: municat.SortID, FacetSize: 1}, offset, limit)
	if err != nil {
		return nil, err
	}
	for _, h := range hits {
		names = append(names, PackageName(h.ID))
	}
	return reply{value: names, page: &pageInfo{
		offsetParam: "offset", limitParam: "limit", offset: offset, limit: limit, total: res.Total,
	}}, nil
}

// currentPackages answers current_package_list_with_resources: full
// packages, most recently modified first; page (from 1) stands for an
// offset of (page-1)*limit when offset is not given, as in CKAN.
func (a *api) currentPackages(ctx context.Context, r *reader) (any, error) {
	limit := r.natural("limit", defaultCurrentLimit, MaxListLimit)
	offset := r.natural("offset", 0, MaxStart)
	page := r.natural("page", 1, MaxStart)
	if err := r.err(); err != nil {
		return nil, err
	}
	if page > 1 && r.str("offset") == "" {
		offset = min((page-1)*limit, MaxStart)
	}
	s := &searchRequest{
		query: municat.Query{Sort: municat.SortModified, Desc: true, FacetSize: 1},
		rows:  limit, start: offset,
	}
	total, datasets, _, err := a.searchIndex(ctx, s)
	if err != nil {
		return nil, err
	}
	orgs, err := a.orgs(ctx, orgIDs(datasets)...)
	if err != nil {
		return nil, err
	}
	out := make([]Package, 0, len(datasets))
	for _, d := range datasets {
		out = append(out, a.pkg(d, orgs))
	}
	return reply{value: out, modified: newest(datasets...), page: &pageInfo{
		offsetParam: "offset", limitParam: "limit", offset: offset, limit: limit, total: total,
	}}, nil
}
