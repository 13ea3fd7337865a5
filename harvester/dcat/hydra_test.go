package dcat

import (
	"testing"

	"github.com/municat/municat/rdf"
)

func tr(s, p string, o rdf.Term) rdf.Triple { return rdf.Triple{S: rdf.IRI(s), P: rdf.IRI(p), O: o} }

// TestReadHydra reads the paging block of hand-built graphs.
func TestReadHydra(t *testing.T) {
	const page = "https://k.example/catalog?page=2"
	typed := func(class string) rdf.Triple { return tr(page, rdf.RDFType, rdf.IRI(class)) }
	tests := []struct {
		name  string
		ts    []rdf.Triple
		next  string
		total int
	}{
		{"nothing", nil, "", -1},
		{"PagedCollection nextPage literal", []rdf.Triple{typed(hydraPagedCollection), tr(page, hydraNextPage, rdf.Literal("https://k.example/catalog?page=3")),
			tr(page, hydraTotalItems, rdf.TypedLiteral("283", rdf.XSDInteger))}, "https://k.example/catalog?page=3", 283},
		{"next wins over nextPage", []rdf.Triple{typed(hydraPagedCollection), tr(page, hydraNextPage, rdf.Literal("?page=9")), tr(page, hydraNext, rdf.Literal("?page=3"))},
			"https://k.example/catalog?page=3", -1},
		{"PartialCollectionView next IRI, totalItems on the collection", []rdf.Triple{typed(hydraPartialCollectionView), tr(page, hydraNext, rdf.IRI("https://k.example/catalog?page=3")),
			tr("https://k.example/catalog", hydraView, rdf.IRI(page)), tr("https://k.example/catalog", hydraTotalItems, rdf.Literal(" 7 "))}, "https://k.example/catalog?page=3", 7},
		{"relative path, fragment dropped", []rdf.Triple{typed(hydraPagedCollection), tr(page, hydraNext, rdf.Literal(" ../seite/3#oben "))}, "https://k.example/seite/3", -1},
		{"blank and empty links are no links", []rdf.Triple{typed(hydraPagedCollection), tr(page, hydraNext, rdf.Blank("b")), tr(page, hydraNextPage, rdf.Literal(" "))}, "", -1},
		{"untyped fallback", []rdf.Triple{tr(page, hydraNext, rdf.Literal("?page=3"))}, "https://k.example/catalog?page=3", -1},
		{"typed nodes decide: no fallback", []rdf.Triple{typed(hydraPagedCollection), tr("https://k.example/other", hydraNext, rdf.Literal("?page=3"))}, "", -1},
		{"own node first", []rdf.Triple{tr("https://k.example/catalog?page=1", rdf.RDFType, rdf.IRI(hydraPagedCollection)), tr("https://k.example/catalog?page=1", hydraNext, rdf.Literal("?page=2")),
			typed(hydraPagedCollection), tr(page, hydraNext, rdf.Literal("?page=3"))}, "https://k.example/catalog?page=3", -1},
		{"bad totalItems ignored", []rdf.Triple{typed(hydraPagedCollection), tr(page, hydraTotalItems, rdf.Literal("-1"))}, "", -1},
		{"Collection without view", []rdf.Triple{tr("https://k.example/c", rdf.RDFType, rdf.IRI(hydraCollection)), tr("https://k.example/c", hydraTotalItems, rdf.Literal("12"))}, "", 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &CatalogPage{URL: page, Graph: rdf.NewGraph(tt.ts...), TotalItems: -1}
			if err := readHydra(p); err != nil {
				t.Fatal(err)
			}
			if p.Next != tt.next || p.TotalItems != tt.total {
				t.Errorf("next %q total %d, want %q %d", p.Next, p.TotalItems, tt.next, tt.total)
			}
		})
	}
	p := &CatalogPage{URL: page, Graph: rdf.NewGraph(typed(hydraPagedCollection), tr(page, hydraNext, rdf.Literal("http://[::1")))}
	if err := readHydra(p); err == nil {
		t.Errorf("a malformed next link gave no error (next %q)", p.Next)
	}
}

func TestNormalize(t *testing.T) {
	same := [][2]string{
		{"https://K.Example:443/a?b=2&a=1#x", "https://k.example/a?a=1&b=2"},
		{"HTTP://k.example:80", "http://k.example/"},
		{"http://k.example/%7Ea", "http://k.example/~a"},
		{"http://k.example/a?", "http://k.example/a"},
	}
	for _, c := range same {
		if normalize(c[0]) != normalize(c[1]) {
			t.Errorf("%s → %s, %s → %s: want equal", c[0], normalize(c[0]), c[1], normalize(c[1]))
		}
	}
	differ := [][2]string{
		{"http://k.example/a?page=1", "http://k.example/a?page=2"},
		{"http://k.example/a", "https://k.example/a"},
		{"http://k.example/A", "http://k.example/a"},
		{"http://k.example:8080/a", "http://k.example/a"},
	}
	for _, c := range differ {
		if normalize(c[0]) == normalize(c[1]) {
			t.Errorf("%s and %s normalised alike", c[0], c[1])
		}
	}
}
