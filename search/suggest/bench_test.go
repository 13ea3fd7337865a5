package suggest_test

import (
	"context"
	"testing"

	"github.com/municat/municat/search/suggest"
)

// BenchmarkSuggest measures one completion over the demo catalogue (85
// datasets in a file store, one in-memory Bleve segment), with the
// vocabulary already read, and with it read on every request.
func BenchmarkSuggest(b *testing.B) {
	e := MustDemo(b)
	ctx := context.Background()
	for _, bb := range []struct {
		name string
		s    *suggest.Suggester
	}{{"cached", e.suggester()}, {"fresh-vocabulary", e.suggester(1)}} {
		for _, text := range []string{"Ra", "Rad", "stras", "Stadt", "Haushalt 2025"} {
			b.Run(bb.name+"/"+text, func(b *testing.B) {
				for b.Loop() {
					if _, err := bb.s.Suggest(ctx, suggest.Request{Text: text}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
