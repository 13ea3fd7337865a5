package meili

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// indexRoute answers the routes below /indexes/{uid}.
func (f *fakeServer) indexRoute(w http.ResponseWriter, r *http.Request, route string, p []string, body any) {
	if p[0] != "indexes" || len(p) < 2 {
		f.reply(w, http.StatusNotFound, map[string]any{"message": "not found", "code": "not_found", "type": "invalid_request", "link": ""})
		return
	}
	uid := p[1]
	ix := f.indexes[uid]
	if ix == nil && route != "DELETE indexes *" {
		f.notFound(w, uid)
		return
	}
	switch route {
	case "GET indexes *":
		s := f.object("index.json")
		s["uid"], s["primaryKey"] = uid, ix.pk
		f.reply(w, http.StatusOK, s)
	case "PATCH indexes *":
		m, _ := body.(map[string]any)
		f.enqueue(w, uid, "indexUpdate", func() map[string]any {
			if pk, _ := m["primaryKey"].(string); pk != "" {
				ix.pk = pk
			}
			return nil
		})
	case "DELETE indexes *":
		f.enqueue(w, uid, "indexDeletion", func() map[string]any {
			if f.indexes[uid] == nil {
				e := f.object("error_index_not_found.json")
				e["message"] = "Index `" + uid + "` not found."
				return e
			}
			delete(f.indexes, uid)
			return nil
		})
	case "GET indexes settings":
		f.reply(w, http.StatusOK, f.settings(ix))
	case "PATCH indexes settings":
		m, _ := body.(map[string]any)
		f.enqueue(w, uid, "settingsUpdate", func() map[string]any {
			maps.Copy(ix.settings, m)
			return nil
		})
	case "POST indexes documents":
		docs, _ := body.([]any)
		f.enqueue(w, uid, "documentAdditionOrUpdate", func() map[string]any {
			for _, d := range docs {
				m := d.(map[string]any)
				ix.docs[fmt.Sprint(m[ix.pk])] = m
			}
			return nil
		})
	case "POST indexes documents/delete-batch":
		keys, _ := body.([]any)
		f.enqueue(w, uid, "documentDeletion", func() map[string]any {
			for _, k := range keys {
				delete(ix.docs, fmt.Sprint(k))
			}
			return nil
		})
	case "POST indexes documents/fetch":
		f.fetch(w, ix, body)
	case "GET indexes stats":
		s := f.object("stats.json")
		s["numberOfDocuments"] = len(ix.docs)
		f.reply(w, http.StatusOK, s)
	case "POST indexes search":
		m, _ := body.(map[string]any)
		f.search(w, m)
	default:
		f.reply(w, http.StatusNotFound, map[string]any{"message": "not found", "code": "not_found", "type": "invalid_request", "link": ""})
	}
}

// settings returns the settings of ix as GET /settings shows them: the
// defaults of testdata/settings.json overlaid with what was set, the lists
// Meilisearch keeps as sets sorted.
func (f *fakeServer) settings(ix *fakeIndex) map[string]any {
	s := f.object("settings.json")
	maps.Copy(s, ix.settings)
	for _, k := range []string{"filterableAttributes", "sortableAttributes", "stopWords"} {
		if l, ok := s[k].([]any); ok {
			l = slices.Clone(l)
			slices.SortFunc(l, func(a, b any) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
			s[k] = l
		}
	}
	return s
}

func (f *fakeServer) listIndexes(w http.ResponseWriter, r *http.Request) {
	s := f.object("indexes.json")
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil {
		limit = 20
	}
	uids := slices.Sorted(maps.Keys(f.indexes))
	results := []any{}
	for _, uid := range uids[min(offset, len(uids)):min(offset+limit, len(uids))] {
		o := f.object("index.json")
		o["uid"], o["primaryKey"] = uid, f.indexes[uid].pk
		results = append(results, o)
	}
	s["results"], s["offset"], s["limit"], s["total"] = results, offset, limit, len(uids)
	f.reply(w, http.StatusOK, s)
}

func (f *fakeServer) fetch(w http.ResponseWriter, ix *fakeIndex, body any) {
	m, _ := body.(map[string]any)
	offset, _ := m["offset"].(float64)
	limit, ok := m["limit"].(float64)
	if !ok {
		limit = 20
	}
	fields, _ := m["fields"].([]any)
	keys := slices.Sorted(maps.Keys(ix.docs))
	results := []any{}
	for _, k := range keys[min(int(offset), len(keys)):min(int(offset+limit), len(keys))] {
		d := map[string]any{}
		for _, field := range fields {
			if v, ok := ix.docs[k][field.(string)]; ok {
				d[field.(string)] = v
			}
		}
		results = append(results, d)
	}
	s := f.object("documents.json")
	s["results"], s["offset"], s["limit"], s["total"] = results, int(offset), int(limit), len(keys)
	f.reply(w, http.StatusOK, s)
}

// search answers with the scripted hits: one page of them with page and
// hitsPerPage (with totalHits, totalPages and the facets), or offset and
// limit (with estimatedTotalHits).
func (f *fakeServer) search(w http.ResponseWriter, req map[string]any) {
	if f.searchFail != nil {
		f.reply(w, f.searchFail.status, f.sample(f.searchFail.sample))
		return
	}
	if f.hits == nil {
		f.reply(w, http.StatusOK, f.sample("search_page.json"))
		return
	}
	hits := f.hits
	if filter, _ := req["filter"].(string); f.filterHits != nil {
		hits = f.filterHits(filter, hits)
	}
	num := func(k string, def int) int {
		if v, ok := req[k].(float64); ok {
			return int(v)
		}
		return def
	}
	_, paged := req["hitsPerPage"]
	var s map[string]any
	var from, to int
	if paged {
		s = f.object("search_page.json")
		hpp, page := num("hitsPerPage", 20), num("page", 1)
		from, to = min((page-1)*hpp, len(hits)), min(page*hpp, len(hits))
		s["hitsPerPage"], s["page"], s["totalHits"] = hpp, page, len(hits)
		s["totalPages"] = 0
		if hpp > 0 {
			s["totalPages"] = (len(hits) + hpp - 1) / hpp
		}
		delete(s, "facetDistribution")
		if _, ok := req["facets"]; ok {
			s["facetDistribution"] = f.facets
		}
	} else {
		s = f.object("search_offset.json")
		offset, limit := num("offset", 0), num("limit", 20)
		from, to = min(offset, len(hits)), min(offset+limit, len(hits))
		s["offset"], s["limit"], s["estimatedTotalHits"] = offset, limit, len(hits)
	}
	out := []any{}
	for _, h := range hits[from:to] {
		o := map[string]any{"id": h.id}
		if req["showRankingScore"] == true {
			o["_rankingScore"] = h.score
		}
		out = append(out, o)
	}
	s["hits"], s["query"] = out, req["q"]
	f.reply(w, http.StatusOK, s)
}

func (f *fakeServer) swap(w http.ResponseWriter, body any) {
	l, _ := body.([]any)
	var a, b string
	if len(l) == 1 {
		pair, _ := l[0].(map[string]any)["indexes"].([]any)
		if len(pair) == 2 {
			a, _ = pair[0].(string)
			b, _ = pair[1].(string)
		}
	}
	f.enqueue(w, "", "indexSwap", func() map[string]any {
		if f.indexes[a] == nil || f.indexes[b] == nil {
			e := f.object("error_index_not_found.json")
			e["message"] = "Indexes `" + a + "`, `" + b + "` not found."
			return e
		}
		f.indexes[a], f.indexes[b] = f.indexes[b], f.indexes[a]
		return nil
	})
}

// task answers GET /tasks/{uid}: enqueued on the first poll, processing on
// the second, then succeeded (applying its effect) or failed.
func (f *fakeServer) task(w http.ResponseWriter, id string) {
	uid, _ := strconv.ParseInt(id, 10, 64)
	t := f.tasks[uid]
	if t == nil {
		f.reply(w, http.StatusNotFound, map[string]any{"message": "Task `" + id + "` not found.", "code": "task_not_found", "type": "invalid_request", "link": "https://docs.meilisearch.com/errors#task_not_found"})
		return
	}
	t.polls++
	var s map[string]any
	switch {
	case t.polls == 1:
		s = f.object("task_processing.json")
		s["status"], s["startedAt"] = "enqueued", nil
	case t.polls == 2 || f.stuck:
		s = f.object("task_processing.json")
	default:
		if t.polls == 3 && !t.fails {
			if t.err = t.apply(); t.err != nil {
				t.fails = true
			}
		}
		if t.fails {
			s = f.object("task_failed.json")
			if t.err != nil {
				s["error"] = t.err
			}
		} else {
			s = f.object("task_succeeded.json")
		}
	}
	s["uid"], s["batchUid"], s["indexUid"], s["type"] = t.uid, t.uid, t.index, t.kind
	f.reply(w, http.StatusOK, s)
}
