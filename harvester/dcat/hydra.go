package dcat

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/rdf"
)

// Hydra terms that page a catalogue.
const (
	hydraPagedCollection       = rdf.HYDRA + "PagedCollection"
	hydraPartialCollectionView = rdf.HYDRA + "PartialCollectionView"
	hydraCollection            = rdf.HYDRA + "Collection"
	hydraNext                  = rdf.HYDRA + "next"
	hydraNextPage              = rdf.HYDRA + "nextPage"
	hydraTotalItems            = rdf.HYDRA + "totalItems"
	hydraView                  = rdf.HYDRA + "view"
)

// maxTotalItems is the largest hydra:totalItems taken seriously.
const maxTotalItems = 1 << 40

// readHydra sets p.Next and p.TotalItems from the page's Hydra block.
//
// Catalogues in the wild page in several ways: ckanext-dcat (GovData) types
// the page hydra:PagedCollection and writes hydra:next and the older
// hydra:nextPage as string literals; data.gouv.fr and piveau type a
// hydra:PartialCollectionView and link with hydra:next as an IRI; some
// catalogues leave the node untyped. readHydra takes the typed nodes (the
// one named by the page's own URL first) and falls back to any node with a
// next link only when there is none; on each it prefers hydra:next over
// hydra:nextPage and accepts an IRI or a literal, resolving a relative link
// against the page URL.
func readHydra(p *CatalogPage) error {
	g := p.Graph
	nodes := pagingNodes(g, p.URL)
	for _, n := range nodes {
		link, ok := nextLink(g, n)
		if !ok {
			continue
		}
		next, err := resolve(p.URL, link)
		if err != nil {
			return municat.Errorf(municat.EUNAVAILABLE, "Der Verweis auf die nächste Seite (%q) auf %s ist keine gültige Adresse", municat.Shorten(link, 200), redact(p.URL))
		}
		p.Next = next
		break
	}
	p.TotalItems = totalItems(g, nodes)
	return nil
}

// pagingNodes returns the nodes describing the paging of a page: those
// typed hydra:PagedCollection or hydra:PartialCollectionView, the page's own
// node first; or, if there is none, every node with a hydra:next or
// hydra:nextPage link.
func pagingNodes(g *rdf.Graph, pageURL string) []rdf.Term {
	var nodes []rdf.Term
	seen := map[rdf.Term]bool{}
	add := func(ts []rdf.Term) {
		for _, t := range ts {
			if !seen[t] {
				seen[t] = true
				nodes = append(nodes, t)
			}
		}
	}
	add(g.OfType(hydraPagedCollection))
	add(g.OfType(hydraPartialCollectionView))
	if len(nodes) == 0 {
		add(g.Subjects(hydraNext, rdf.Term{}))
		add(g.Subjects(hydraNextPage, rdf.Term{}))
	}
	self := normalize(pageURL)
	for i, n := range nodes {
		if i > 0 && n.IsIRI() && normalize(n.Value) == self {
			copy(nodes[1:i+1], nodes[:i])
			nodes[0] = n
			break
		}
	}
	return nodes
}

// nextLink returns the next-page link of node n: hydra:next, else
// hydra:nextPage, as an IRI or a literal.
func nextLink(g *rdf.Graph, n rdf.Term) (string, bool) {
	for _, p := range []string{hydraNext, hydraNextPage} {
		for _, o := range g.Objects(n, p) {
			if v := strings.TrimSpace(o.Value); v != "" && (o.IsIRI() || o.IsLiteral()) {
				return v, true
			}
		}
	}
	return "", false
}

// resolve returns link resolved against pageURL, without a fragment.
func resolve(pageURL, link string) (string, error) {
	base, err := url.Parse(pageURL)
	if err != nil {
		return "", err
	}
	ref, err := url.Parse(link)
	if err != nil {
		return "", err
	}
	u := base.ResolveReference(ref)
	u.Fragment, u.RawFragment = "", ""
	return u.String(), nil
}

// totalItems returns hydra:totalItems of the paging nodes, else of a
// collection that has one of them as its hydra:view or is typed
// hydra:Collection; -1 if there is none.
func totalItems(g *rdf.Graph, nodes []rdf.Term) int {
	for _, n := range nodes {
		if v, ok := count(g.Object(n, hydraTotalItems)); ok {
			return v
		}
	}
	for _, n := range nodes {
		for _, c := range g.Subjects(hydraView, n) {
			if v, ok := count(g.Object(c, hydraTotalItems)); ok {
				return v
			}
		}
	}
	for _, c := range g.OfType(hydraCollection) {
		if v, ok := count(g.Object(c, hydraTotalItems)); ok {
			return v
		}
	}
	return -1
}

// count reads a non-negative integer literal.
func count(t rdf.Term) (int, bool) {
	if !t.IsLiteral() {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(t.Value), 10, 64)
	if err != nil || n < 0 || n > maxTotalItems {
		return 0, false
	}
	return int(n), true
}

// normalize returns a key for u under which equivalent spellings of one
// page URL are equal: lower-case scheme and host, no default port, no
// fragment, "/" for an empty path, the path re-escaped and the query
// parameters sorted.
func normalize(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return u
	}
	p.Scheme = strings.ToLower(p.Scheme)
	host := strings.ToLower(p.Host)
	switch {
	case p.Scheme == "http" && strings.HasSuffix(host, ":80"):
		host = strings.TrimSuffix(host, ":80")
	case p.Scheme == "https" && strings.HasSuffix(host, ":443"):
		host = strings.TrimSuffix(host, ":443")
	}
	p.Host = host
	p.Fragment, p.RawFragment = "", ""
	p.RawPath = ""
	if p.Path == "" && p.Host != "" {
		p.Path = "/"
	}
	if q, err := url.ParseQuery(p.RawQuery); err == nil {
		p.RawQuery = q.Encode()
	}
	p.ForceQuery = false
	return p.String()
}
