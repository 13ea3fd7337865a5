package ods

import (
	"context"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester/jsonvalue"
)

// list pages through the catalogue, or reads the catalogue export when the
// portal counts more datasets than the search window holds.
func (r *run) list(ctx context.Context) error {
	maxPages := r.f.MaxPages
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	offset, count := 0, 0
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if n > maxPages {
			return municat.Errorf(municat.EUNAVAILABLE, "Das Portal %s lieferte nach %d Seiten noch immer Datensätze (gemeldet: %d); der Abruf wurde abgebrochen", r.q.site, maxPages, count)
		}
		limit := min(r.q.pageSize, r.window-1-offset)
		u := r.q.searchURL(limit, offset)
		body, ctype, err := r.get(ctx, u, false)
		if err != nil {
			return err
		}
		res, err := decodePage(body)
		if err != nil {
			return r.q.redactErr(pageError(err, r.q.redact(u)))
		}
		if n == 1 && res.total >= r.window {
			return r.export(ctx, res.total)
		}
		before := count
		count = res.total
		if n > 1 && count != before {
			return municat.Errorf(municat.EUNAVAILABLE, "Die Zahl der Datensätze des Portals änderte sich während des Abrufs (von %d auf %d), so dass Datensätze übersprungen worden sein können. Der nächste Lauf holt das nach", before, count)
		}
		datasets := parseObjects(res.results)
		if earlier, ok := r.repeats(datasets, n); ok {
			return municat.Errorf(municat.EUNAVAILABLE, "Seite %d des Portals (%s) enthält dieselben Datensätze wie Seite %d; das Portal blättert nicht richtig weiter (wird der Parameter offset ignoriert?). Der Abruf wurde abgebrochen", n, r.q.redact(u), earlier)
		}
		if err := r.emit(r.page(u, body, ctype, datasets)); err != nil {
			return err
		}
		offset += len(res.results)
		if offset >= count {
			break
		}
		if len(res.results) == 0 {
			return municat.Errorf(municat.EUNAVAILABLE, "Das Portal lieferte ab Datensatz %d keine Datensätze mehr, obwohl es %d meldet (%s); die Liste ist unvollständig", offset, count, r.q.redact(u))
		}
	}
	return r.complete(count)
}

// export reads the whole catalogue from the JSON catalogue export, in one
// document, and emits it as one page. total is the count the search
// reported.
func (r *run) export(ctx context.Context, total int) error {
	u := r.q.exportURL()
	body, ctype, err := r.get(ctx, u, true)
	if err != nil {
		return err
	}
	results, err := decodeExport(body)
	if err != nil {
		return r.q.redactErr(pageError(err, r.q.redact(u)))
	}
	if err := r.emit(r.page(u, body, ctype, parseObjects(results))); err != nil {
		return err
	}
	return r.complete(total)
}

// complete returns nil if at least count distinct datasets arrived, else an
// error that marks the listing incomplete.
func (r *run) complete(count int) error {
	if got := r.delivered(); got < count {
		return municat.Errorf(municat.EUNAVAILABLE, "Das Portal meldet %d Datensätze, lieferte aber nur %d verschiedene; vermutlich änderte sich sein Bestand während des Abrufs. Der nächste Lauf holt das nach", count, got)
	}
	return nil
}

// repeats reports whether the ids of page n's datasets are those of an
// earlier page, and which one; a page without ids never repeats.
func (r *run) repeats(datasets []jsonvalue.Object, n int) (int, bool) {
	ids := make([]string, 0, len(datasets))
	for _, ds := range datasets {
		if id := ds.Str("dataset_id"); id != "" {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return 0, false
	}
	key := strings.Join(ids, "\x00")
	if earlier, ok := r.pages[key]; ok {
		return earlier, true
	}
	r.pages[key] = n
	return 0, false
}
