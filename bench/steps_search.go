package bench

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/municat/municat/bench/synth"
)

// queryKind is one kind of request of the search load.
type queryKind struct {
	// Name is the kind's part of the figure names, e.g. "portal".
	Name string
	// Note describes the request in the report.
	Note string
	// Request returns the n-th request of the kind.
	Request func(n int) Request
}

// pick returns the n-th value of list, rotating.
func pick(list []string, n int) string {
	if len(list) == 0 {
		return ""
	}
	return list[n%len(list)]
}

// queryKinds returns the kinds of the search load against base: the
// search queries rotate through the generator's query lists, the detail
// requests through ids.
func queryKinds(base string, q synth.Queries, ids []string, fresh func() string) []queryKind {
	search := func(v url.Values) Request { return Request{URL: base + "/api/v1/datasets?" + v.Encode()} }
	return []queryKind{
		{"oneword", "one word, 20 hits (the API always counts 6 facets)", func(n int) Request {
			return search(url.Values{"q": {pick(q.OneWord, n)}})
		}},
		{"twowords", "two words", func(n int) Request {
			return search(url.Values{"q": {pick(q.TwoWords, n)}})
		}},
		{"portal", "words + theme filter + facets + 20 hits", func(n int) Request {
			return search(url.Values{"q": {pick(q.Words, n)}, "theme": {pick(q.Themes, n)}, "per_page": {"20"}})
		}},
		{"fresh", "words never searched before in the run (the engine's text cache misses)", func(int) Request {
			return search(url.Values{"q": {fresh()}, "per_page": {"20"}})
		}},
		{"typo", "one misspelt word (fuzzy)", func(n int) Request {
			return search(url.Values{"q": {pick(q.Typos, n)}})
		}},
		{"browse", "no words, theme filter + facets, sort=-modified", func(n int) Request {
			return search(url.Values{"theme": {pick(q.Themes, n)}, "sort": {"-modified"}, "per_page": {"20"}})
		}},
		{"detail", "JSON detail GET /api/v1/datasets/{id}", func(n int) Request {
			return Request{URL: base + "/api/v1/datasets/" + url.PathEscape(pick(ids, n))}
		}},
		{"page", "dataset HTML page GET /dataset/{id}", func(n int) Request {
			return Request{URL: base + "/dataset/" + url.PathEscape(pick(ids, n)), Accept: "text/html"}
		}},
	}
}

// searchLoad runs every query kind at every client count for Duration.
func (r *runner) searchLoad(ctx context.Context, base string) error {
	first, err := r.firstDatasets(ctx, base, "sort=-modified")
	if err != nil {
		return err
	}
	ids := make([]string, len(first))
	for i, d := range first {
		ids[i] = d.ID
	}
	q := r.gen.Queries()
	if len(q.OneWord) == 0 || len(q.TwoWords) == 0 || len(q.Words) == 0 || len(q.Typos) == 0 || len(q.Themes) == 0 {
		return fmt.Errorf("the generator's query lists are incomplete: %+v", q)
	}
	for _, kind := range queryKinds(base, q, ids, freshTexts(r.gen)) {
		for _, clients := range r.Clients {
			res := DriveHTTP(ctx, r.client, clients, r.Duration, func(worker, seq int) Request {
				return kind.Request(worker*7919 + seq)
			})
			name := fmt.Sprintf("search.%s.c%d", kind.Name, clients)
			if err := r.addLoad(name, kind.Note, res); err != nil {
				return err
			}
		}
	}
	return nil
}

// addLoad records a load's figures and fails on errors or an empty load.
func (r *runner) addLoad(name, note string, res LoadResult) error {
	r.logf("   %-24s %8.0f req/s  p50 %6.2f  p95 %6.2f  p99 %6.2f ms  (%d requests, %d errors)", name, res.RPS(),
		ms(res.Percentile(50)), ms(res.Percentile(95)), ms(res.Percentile(99)), res.Requests, res.Errors)
	if res.Errors > 0 {
		return fmt.Errorf("%s: %d of %d requests failed, first: %s", name, res.Errors, res.Requests, res.FirstError)
	}
	if res.Requests == 0 {
		return fmt.Errorf("%s: no request completed", name)
	}
	r.figures.Add(name+".rps", res.RPS(), UnitRequests, note)
	r.figures.Add(name+".p50", ms(res.Percentile(50)), UnitMillis, "")
	r.figures.Add(name+".p95", ms(res.Percentile(95)), UnitMillis, "")
	r.figures.Add(name+".p99", ms(res.Percentile(99)), UnitMillis, "")
	return nil
}

// ms converts a duration to milliseconds.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// freshTexts returns a source of search texts that are, as far as the
// catalogue allows, new on every call: the first two words of the title of
// a dataset picked by a stride through the catalogue, with its year where
// the title has one. The index caches the matches of a text, so the queries
// the other kinds repeat measure the cache; these measure a first search.
func freshTexts(g synth.Generator) func() string {
	var next atomic.Int64
	return func() string {
		k := next.Add(1)
		d := g.Dataset(int(k * 7919 % int64(g.N)))
		return firstWords(d.Title["de"])
	}
}

// firstWords returns the first two words of a title made of letters and a
// four-digit year if the title has one.
func firstWords(title string) string {
	var words []string
	year := ""
	for _, w := range strings.Fields(title) {
		switch {
		case len(w) == 4 && strings.Trim(w, "0123456789") == "":
			year = w
		case len(words) < 2 && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) < 0:
			words = append(words, w)
		}
	}
	if year != "" {
		words = append(words, year)
	}
	return strings.Join(words, " ")
}
