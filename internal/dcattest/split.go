package dcattest

import (
	"bytes"
	"strconv"

	"github.com/municat/municat/rdf"
)

// SplitNTriples splits the datasets of a real catalogue g into pages of
// perPage datasets as ckanext-dcat pages them: each page holds the
// catalogue node with the dcat:dataset links of its datasets, the triples
// reachable from them (not crossing into other datasets or the
// catalogue) and a hydra:PagedCollection named urls[i] with hydra:next and
// hydra:nextPage literals and hydra:totalItems. It returns the pages as
// N-Triples, one per URL needed; urls must have at least that many.
func SplitNTriples(g *rdf.Graph, perPage int, urls []string) [][]byte {
	datasets := g.OfType(rdf.DCAT + "Dataset")
	isDataset := map[rdf.Term]bool{}
	for _, d := range datasets {
		isDataset[d] = true
	}
	catalogs := g.OfType(rdf.DCAT + "Catalog")
	stop := map[rdf.Term]bool{}
	for _, c := range catalogs {
		stop[c] = true
	}
	var pages [][]byte
	for i := 0; i*perPage < len(datasets); i++ {
		chunk := datasets[i*perPage : min((i+1)*perPage, len(datasets))]
		var b bytes.Buffer
		for _, c := range catalogs {
			for _, t := range g.About(c) {
				if t.P.Value == rdf.DCAT+"dataset" && !contains(chunk, t.O) {
					continue
				}
				writeLine(&b, t)
			}
		}
		done := map[rdf.Term]bool{}
		for _, d := range chunk {
			closure(g, d, done, isDataset, stop, &b)
		}
		self := rdf.IRI(urls[i])
		writeLine(&b, rdf.Triple{S: self, P: rdf.IRI(rdf.RDFType), O: rdf.IRI(rdf.HYDRA + "PagedCollection")})
		writeLine(&b, rdf.Triple{S: self, P: rdf.IRI(rdf.HYDRA + "totalItems"), O: rdf.TypedLiteral(strconv.Itoa(len(datasets)), rdf.XSDInteger)})
		if (i+1)*perPage < len(datasets) {
			next := rdf.Literal(urls[i+1])
			writeLine(&b, rdf.Triple{S: self, P: rdf.IRI(rdf.HYDRA + "next"), O: next})
			writeLine(&b, rdf.Triple{S: self, P: rdf.IRI(rdf.HYDRA + "nextPage"), O: next})
		}
		pages = append(pages, b.Bytes())
	}
	return pages
}

// closure writes the triples of s and of the nodes it reaches.
func closure(g *rdf.Graph, s rdf.Term, done, isDataset, stop map[rdf.Term]bool, b *bytes.Buffer) {
	if done[s] {
		return
	}
	done[s] = true
	for _, t := range g.About(s) {
		writeLine(b, t)
		if t.O.IsResource() && !isDataset[t.O] && !stop[t.O] {
			closure(g, t.O, done, isDataset, stop, b)
		}
	}
}

func writeLine(b *bytes.Buffer, t rdf.Triple) {
	b.WriteString(t.String())
	b.WriteByte('\n')
}

func contains(ts []rdf.Term, t rdf.Term) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}
