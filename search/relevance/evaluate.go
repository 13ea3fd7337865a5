package relevance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/municat/municat"
)

// Result is the outcome of one query.
type Result struct {
	// Query is the judged query.
	Query Query
	// Hits are the ids of the first K hits, best first.
	Hits []string
	// Total is the number of matching datasets.
	Total int
	// NDCG and Recall are the query's nDCG@K and recall@K.
	NDCG, Recall float64
}

// Scores are the means of the metrics over a group of queries.
type Scores struct {
	// Queries is the number of queries in the group.
	Queries int
	// NDCG and Recall are the mean nDCG@K and recall@K.
	NDCG, Recall float64
}

// Report is the outcome of a query set.
type Report struct {
	// Results holds one result per query, in the order of the set.
	Results []Result
	// Overall are the means over all queries.
	Overall Scores
	// Categories are the means per query category.
	Categories map[string]Scores
}

// Evaluate runs every query of set on idx, sorted by relevance, and scores
// the first K hits of each against its judgments. idx must already hold
// the judged datasets (see LoadDemo).
func Evaluate(ctx context.Context, idx municat.Index, set *Set) (*Report, error) {
	r := &Report{Categories: map[string]Scores{}}
	for _, q := range set.Queries {
		res, err := idx.Search(ctx, municat.Query{Text: q.Text, Sort: municat.SortRelevance, PerPage: K})
		if err != nil {
			return nil, fmt.Errorf("relevance: search %q: %w", q.Text, err)
		}
		hits := make([]string, 0, len(res.Hits))
		for _, h := range res.Hits {
			hits = append(hits, h.ID)
		}
		r.Results = append(r.Results, Result{
			Query:  q,
			Hits:   hits,
			Total:  res.Total,
			NDCG:   NDCG(hits, q.Relevant, K),
			Recall: Recall(hits, q.Relevant, K),
		})
	}
	sums := map[string]Scores{}
	for _, res := range r.Results {
		for _, key := range []string{"", res.Query.Category} {
			s := sums[key]
			s.Queries++
			s.NDCG += res.NDCG
			s.Recall += res.Recall
			sums[key] = s
		}
	}
	for key, s := range sums {
		s.NDCG /= float64(s.Queries)
		s.Recall /= float64(s.Queries)
		if key == "" {
			r.Overall = s
		} else {
			r.Categories[key] = s
		}
	}
	return r, nil
}

// Check returns an error naming the overall means below minNDCG (nDCG@K)
// or minRecall (recall@K); nil when neither is.
func (r *Report) Check(minNDCG, minRecall float64) error {
	var errs []error
	if r.Overall.NDCG < minNDCG {
		errs = append(errs, fmt.Errorf("mean nDCG@%d = %.3f, want at least %.3f", K, r.Overall.NDCG, minNDCG))
	}
	if r.Overall.Recall < minRecall {
		errs = append(errs, fmt.Errorf("mean recall@%d = %.3f, want at least %.3f", K, r.Overall.Recall, minRecall))
	}
	return errors.Join(errs...)
}

// Weak returns the results whose nDCG@K is below minNDCG or whose
// recall@K is below minRecall, worst nDCG first.
func (r *Report) Weak(minNDCG, minRecall float64) []Result {
	var out []Result
	for _, res := range r.Results {
		if res.NDCG < minNDCG || res.Recall < minRecall {
			out = append(out, res)
		}
	}
	slices.SortStableFunc(out, func(a, b Result) int {
		switch {
		case a.NDCG < b.NDCG:
			return -1
		case a.NDCG > b.NDCG:
			return 1
		}
		return 0
	})
	return out
}

// Table returns the means per category and overall as an aligned text
// table, categories in the order of Categories (unknown ones after them).
func (r *Report) Table() string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "category\tqueries\tnDCG@%d\trecall@%d\t\n", K, K)
	row := func(name string, s Scores) {
		fmt.Fprintf(w, "%s\t%d\t%.3f\t%.3f\t\n", name, s.Queries, s.NDCG, s.Recall)
	}
	var names []string
	for name := range r.Categories {
		if !slices.Contains(Categories, name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range append(slices.Clone(Categories), names...) {
		if s, ok := r.Categories[name]; ok {
			row(name, s)
		}
	}
	row("overall", r.Overall)
	_ = w.Flush()
	return b.String()
}

// String describes res in one line: scores, query and the first hits, with
// the grade of each judged hit in brackets.
func (res Result) String() string {
	hits := make([]string, 0, len(res.Hits))
	for _, id := range res.Hits {
		if g := res.Query.Relevant[id]; g > 0 {
			id = fmt.Sprintf("%s[%d]", id, g)
		}
		hits = append(hits, id)
	}
	return fmt.Sprintf("nDCG %.2f recall %.2f %-10s %q (%d hits): %s",
		res.NDCG, res.Recall, res.Query.Category, res.Query.Text, res.Total, strings.Join(hits, " "))
}
