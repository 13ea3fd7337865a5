package tabular_test

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/municat/municat/tabular"
)

// benchRows makes a generated CSV of about 25 MB.
const benchRows = 200_000

func BenchmarkProcess(b *testing.B) {
	data, _ := io.ReadAll(newGenerator(benchRows))
	svc, cat := MustService(b)
	b.SetBytes(int64(len(data)))
	ctx := context.Background()
	for i := range b.N {
		b.StopTimer()
		d := MustPutFile(b, cat, fmt.Sprintf("bench-%d", i), "h.csv", "CSV", data)
		b.StartTimer()
		if st, err := svc.Process(ctx, d.ID, "d1"); err != nil || st.State != tabular.Ready {
			b.Fatal(err, st)
		}
	}
}

func BenchmarkQuery(b *testing.B) {
	data, _ := io.ReadAll(newGenerator(benchRows))
	svc, cat := MustService(b)
	d := MustPutFile(b, cat, "bench", "h.csv", "CSV", data)
	tab := MustTable(b, svc, d)
	filter := func(p, v string) tabular.Filter {
		f, err := tab.Schema.ParseFilter(p, v)
		if err != nil {
			b.Fatal(err)
		}
		return f
	}
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		q    func() tabular.Query
	}{
		{"first-page", func() tabular.Query { return tabular.Query{Limit: 100} }},
		{"filtered", func() tabular.Query {
			return tabular.Query{Filters: []tabular.Filter{filter("kategorie__eq", "Schulen"), filter("menge__lt", "100")}, Limit: 100}
		}},
		{"filtered-sorted", func() tabular.Query {
			s, _ := tab.Schema.ParseSort("-betrag_eur")
			return tabular.Query{Filters: []tabular.Filter{filter("kategorie__eq", "Brücken")}, Sort: s, Limit: 100}
		}},
		{"sorted-all", func() tabular.Query {
			s, _ := tab.Schema.ParseSort("datum")
			return tabular.Query{Sort: s, Limit: 100}
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			q := bc.q()
			for b.Loop() {
				if _, err := tab.Query(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("aggregate-sum", func(b *testing.B) {
		a := tabular.Aggregate{Column: "betrag_eur", Fn: tabular.FnSum, Filters: []tabular.Filter{filter("aktiv__eq", "ja")}}
		for b.Loop() {
			if _, err := tab.Aggregate(ctx, a); err != nil {
				b.Fatal(err)
			}
		}
	})
}
