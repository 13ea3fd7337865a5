package bleve

import (
	"context"

	"github.com/municat/municat"
)

// SearchBleve runs q with Bleve's own facets and field sorts (searchBleve),
// for comparing Search with it in benchmarks.
func (x *Index) SearchBleve(ctx context.Context, q municat.Query) (*municat.SearchResult, error) {
	return x.searchBleve(ctx, q)
}

// ClearTextCache drops the cached text matches, so that the next search
// computes them again.
func (x *Index) ClearTextCache() { x.texts.clear() }

// cachedText reports whether the matches of text are cached for the current
// state of the index.
func (x *Index) cachedText(text string) bool {
	key := x.parseText(text).key
	adv, err := x.idx.Advanced()
	if err != nil {
		return false
	}
	reader, err := adv.Reader()
	if err != nil {
		return false
	}
	defer func() { _ = reader.Close() }()
	x.colMu.RLock()
	defer x.colMu.RUnlock()
	state, ok := stateOf(reader, x.gen)
	if !ok {
		return false
	}
	_, ok = x.texts.get(key, state)
	return ok
}
