package bench

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/municat/municat/bench/rawbleve"
)

// rawClients are the goroutine counts of the raw engine's load.
var rawClients = []int{1, 8}

// rawEngine indexes the same catalogue into a plain Bleve index and times
// its one-word, portal and browse queries.
func (r *runner) rawEngine(ctx context.Context) error {
	engine, indexTime, err := rawbleve.Build(r.gen)
	if err != nil {
		return err
	}
	defer engine.Close()
	r.figures.Add("raw.index.rate", float64(r.N)/indexTime.Seconds(), UnitDocuments, "raw Bleve batch indexing, same datasets")
	q := r.gen.Queries()
	kinds := []struct {
		name, note string
		do         func(n int) error
	}{
		{"oneword", "raw Bleve: match query, 20 hits, no facets", func(n int) error {
			_, err := engine.OneWord(pick(q.OneWord, n))
			return err
		}},
		{"portal", "raw Bleve: words + theme filter + 4 facets + 20 hits", func(n int) error {
			_, err := engine.Portal(pick(q.Words, n), pick(q.Themes, n))
			return err
		}},
		{"browse", "raw Bleve: theme filter + 4 facets, sort -modified", func(n int) error {
			_, err := engine.Browse(pick(q.Themes, n))
			return err
		}},
	}
	for _, k := range kinds {
		for _, clients := range rawClients {
			res := Drive(ctx, clients, r.Duration, func(worker, seq int) error { return k.do(worker*7919 + seq) })
			if err := r.addLoad(fmt.Sprintf("raw.%s.c%d", k.name, clients), k.note, res); err != nil {
				return err
			}
		}
	}
	return nil
}

// hello measures the Fiber hello-world ceiling: a separate process loaded
// by the same load generator at 8 clients.
func (r *runner) hello(ctx context.Context) error {
	if len(r.HelloCommand) == 0 {
		r.note("hello-world ceiling skipped: no hello command")
		return nil
	}
	addr, err := FreeAddr()
	if err != nil {
		return err
	}
	p, err := StartProcess(r.HelloCommand[0], append(r.HelloCommand[1:], "-listen", addr), nil)
	if err != nil {
		return err
	}
	defer p.Stop(stopTimeout)
	if _, err := p.WaitReady(ctx, "http://"+addr+"/", 30*time.Second); err != nil {
		return err
	}
	res := DriveHTTP(ctx, r.client, 8, r.Duration, func(int, int) Request { return Request{URL: "http://" + addr + "/"} })
	return r.addLoad("hello.c8", "Fiber hello-world, separate process", res)
}

// demo serves the bundled demo catalogue and measures one-word search at 8
// clients, words taken from the demo's own titles.
func (r *runner) demo(ctx context.Context) error {
	if r.SkipDemo {
		r.note("demo catalogue step skipped")
		return nil
	}
	cfg, err := r.writeConfig("demo", Config{})
	if err != nil {
		return err
	}
	s, _, err := r.startServe(ctx, cfg, "demo", "--demo")
	if err != nil {
		return err
	}
	defer s.Stop(stopTimeout)
	words, err := r.demoWords(ctx, s.base)
	if err != nil {
		return err
	}
	res := DriveHTTP(ctx, r.client, 8, r.Duration, func(worker, seq int) Request {
		return Request{URL: s.base + "/api/v1/datasets?q=" + pick(words, worker*7919+seq)}
	})
	if err := r.addLoad("demo.oneword.c8", "demo catalogue, one word", res); err != nil {
		return err
	}
	return s.Stop(stopTimeout)
}

// demoWords returns the long words of the demo datasets' German titles.
func (r *runner) demoWords(ctx context.Context, base string) ([]string, error) {
	first, err := r.firstDatasets(ctx, base, "")
	if err != nil {
		return nil, err
	}
	var words []string
	for _, d := range first {
		for _, w := range strings.FieldsFunc(d.Title["de"], func(c rune) bool { return !unicode.IsLetter(c) }) {
			if utf8.RuneCountInString(w) >= 6 {
				words = append(words, url.QueryEscape(w))
			}
		}
	}
	if len(words) == 0 {
		return nil, errors.New("no words in the demo's dataset titles")
	}
	return words, nil
}

// ratios adds the ratios of the API to the baselines of the same run.
func (r *runner) ratios() {
	ratio := func(name, num, den, note string) {
		a, okA := r.figures.Get(num)
		b, okB := r.figures.Get(den)
		if okA && okB && b.Value > 0 {
			r.figures.Add(name, 100*a.Value/b.Value, UnitPercent, note)
		}
	}
	ratio("ratio.oneword.api_raw", "search.oneword.c8.rps", "raw.oneword.c8.rps", "one-word req/s, API ÷ raw engine, 8 clients")
	ratio("ratio.portal.api_raw", "search.portal.c8.rps", "raw.portal.c8.rps", "portal req/s, API ÷ raw engine, 8 clients")
	ratio("ratio.browse.api_raw", "search.browse.c8.rps", "raw.browse.c8.rps", "browse req/s, API ÷ raw engine, 8 clients")
	ratio("ratio.oneword.api_hello", "search.oneword.c8.rps", "hello.c8.rps", "one-word req/s ÷ Fiber hello-world, 8 clients")
	ratio("ratio.portal.api_hello", "search.portal.c8.rps", "hello.c8.rps", "portal req/s ÷ Fiber hello-world, 8 clients")
	ratio("ratio.demo_hello", "demo.oneword.c8.rps", "hello.c8.rps", "demo one-word req/s ÷ Fiber hello-world, 8 clients")
}
