package dcattest

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"github.com/municat/municat/rdf"
)

// Dataset is a generated dataset.
type Dataset struct {
	// IRI names the dataset node; "" writes a blank node.
	IRI string
	// Identifier is dct:identifier (left out if "").
	Identifier string
	// Title is the German title.
	Title string
	// Modified is dct:modified (left out if zero).
	Modified time.Time
}

// Datasets returns n datasets: IRIs base+"/dataset/1" …, identifiers
// "ds-1" …, titles "Datensatz 1" …, all modified on 2025-01-01.
func Datasets(base string, n int) []Dataset {
	out := make([]Dataset, n)
	for i := range out {
		out[i] = Dataset{
			IRI:        fmt.Sprintf("%s/dataset/%d", base, i+1),
			Identifier: fmt.Sprintf("ds-%d", i+1),
			Title:      fmt.Sprintf("Datensatz %d", i+1),
			Modified:   time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		}
	}
	return out
}

// Style is how a page writes its Hydra block.
type Style int

// The paging styles seen in the wild.
const (
	// NextPageLiteral is a hydra:PagedCollection with only the older
	// hydra:nextPage, as a string literal (older ckanext-dcat).
	NextPageLiteral Style = iota
	// CKANDCAT is a hydra:PagedCollection with hydra:next and
	// hydra:nextPage as string literals and hydra:totalItems, as
	// ckanext-dcat writes it now.
	CKANDCAT
	// PartialView is a hydra:PartialCollectionView linking with hydra:next
	// as an IRI; hydra:totalItems is on the catalogue, which names the view
	// with hydra:view (data.gouv.fr, piveau).
	PartialView
	// Untyped is a node without rdf:type carrying hydra:next as a literal.
	Untyped
)

// Page is one page of a generated catalogue.
type Page struct {
	// Self is the absolute URL of the page, the IRI of its paging node.
	Self string
	// Next is the next link as written (absolute or relative); "" on the
	// last page.
	Next string
	// TotalItems is hydra:totalItems; negative leaves it out.
	TotalItems int
	// Datasets are the page's datasets.
	Datasets []Dataset
}

// Turtle returns page p as a Turtle document in paging style st.
func Turtle(catalogIRI string, p Page, st Style) []byte {
	var b bytes.Buffer
	b.WriteString("@prefix dcat: <http://www.w3.org/ns/dcat#> .\n@prefix dct: <http://purl.org/dc/terms/> .\n")
	b.WriteString("@prefix hydra: <http://www.w3.org/ns/hydra/core#> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n")
	cat := rdf.IRI(catalogIRI).String()
	fmt.Fprintf(&b, "%s a dcat:Catalog ;\n    dct:title \"Testkatalog\"@de", cat)
	if st == PartialView {
		fmt.Fprintf(&b, " ;\n    a hydra:Collection ;\n    hydra:view %s", rdf.IRI(p.Self).String())
		if p.TotalItems >= 0 {
			fmt.Fprintf(&b, " ;\n    hydra:totalItems %d", p.TotalItems)
		}
	}
	for _, d := range p.Datasets {
		fmt.Fprintf(&b, " ;\n    dcat:dataset %s", node(d))
	}
	b.WriteString(" .\n\n")
	for _, d := range p.Datasets {
		fmt.Fprintf(&b, "%s a dcat:Dataset ;\n    dct:title %s", node(d), rdf.LangLiteral(d.Title, "de").String())
		if d.Identifier != "" {
			fmt.Fprintf(&b, " ;\n    dct:identifier %s", rdf.Literal(d.Identifier).String())
		}
		if !d.Modified.IsZero() {
			fmt.Fprintf(&b, " ;\n    dct:modified %s", rdf.TypedLiteral(d.Modified.UTC().Format(time.RFC3339), rdf.XSDDateTime).String())
		}
		b.WriteString(" .\n\n")
	}
	self := rdf.IRI(p.Self).String()
	lit := rdf.Literal(p.Next).String()
	switch st {
	case NextPageLiteral:
		fmt.Fprintf(&b, "%s a hydra:PagedCollection", self)
		if p.Next != "" {
			fmt.Fprintf(&b, " ;\n    hydra:nextPage %s", lit)
		}
	case CKANDCAT:
		fmt.Fprintf(&b, "%s a hydra:PagedCollection ;\n    hydra:itemsPerPage %d", self, len(p.Datasets))
		if p.Next != "" {
			fmt.Fprintf(&b, " ;\n    hydra:next %s ;\n    hydra:nextPage %s", lit, lit)
		}
	case PartialView:
		fmt.Fprintf(&b, "%s a hydra:PartialCollectionView", self)
		if p.Next != "" {
			fmt.Fprintf(&b, " ;\n    hydra:next %s", rdf.IRI(p.Next).String())
		}
	case Untyped:
		fmt.Fprintf(&b, "%s hydra:first %s", self, rdf.Literal(p.Self).String())
		if p.Next != "" {
			fmt.Fprintf(&b, " ;\n    hydra:next %s", lit)
		}
	}
	if st != PartialView && p.TotalItems >= 0 {
		fmt.Fprintf(&b, " ;\n    hydra:totalItems %s", rdf.TypedLiteral(strconv.Itoa(p.TotalItems), rdf.XSDInteger).String())
	}
	b.WriteString(" .\n")
	return b.Bytes()
}

// node writes the dataset's node: its IRI, or a blank node label.
func node(d Dataset) string {
	if d.IRI == "" {
		return "_:" + fmt.Sprintf("b%x", fnv(d.Title+d.Identifier))
	}
	return rdf.IRI(d.IRI).String()
}

// fnv hashes s (FNV-1a, 32 bit) for a stable blank node label.
func fnv(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}
