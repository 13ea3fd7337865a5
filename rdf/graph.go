package rdf

// Graph is a set of triples in insertion order, indexed by subject.
// Adding a triple that is already there does nothing. A Graph is not safe
// for concurrent writes.
type Graph struct {
	triples   []Triple
	seen      map[Triple]struct{}
	bySubject map[Term][]int
}

// NewGraph returns a graph holding the given triples.
func NewGraph(ts ...Triple) *Graph {
	g := &Graph{seen: map[Triple]struct{}{}, bySubject: map[Term][]int{}}
	g.Add(ts...)
	return g
}

// Add adds the triples that are not in g yet.
func (g *Graph) Add(ts ...Triple) {
	if g.seen == nil {
		g.seen, g.bySubject = map[Triple]struct{}{}, map[Term][]int{}
	}
	for _, t := range ts {
		if _, ok := g.seen[t]; ok {
			continue
		}
		g.seen[t] = struct{}{}
		g.bySubject[t.S] = append(g.bySubject[t.S], len(g.triples))
		g.triples = append(g.triples, t)
	}
}

// Len returns the number of triples.
func (g *Graph) Len() int { return len(g.triples) }

// Triples returns the triples in insertion order. The caller must not
// modify the slice.
func (g *Graph) Triples() []Triple { return g.triples }

// Has reports whether t is in g.
func (g *Graph) Has(t Triple) bool {
	_, ok := g.seen[t]
	return ok
}

// About returns the triples with subject s, in insertion order.
func (g *Graph) About(s Term) []Triple {
	idx := g.bySubject[s]
	out := make([]Triple, len(idx))
	for i, n := range idx {
		out[i] = g.triples[n]
	}
	return out
}

// Objects returns the objects of the triples with subject s and
// predicate p, in insertion order.
func (g *Graph) Objects(s Term, p string) []Term {
	var out []Term
	for _, n := range g.bySubject[s] {
		if t := g.triples[n]; t.P.Value == p {
			out = append(out, t.O)
		}
	}
	return out
}

// Object returns the first object of s and p, or the zero Term.
func (g *Graph) Object(s Term, p string) Term {
	for _, n := range g.bySubject[s] {
		if t := g.triples[n]; t.P.Value == p {
			return t.O
		}
	}
	return Term{}
}

// Subjects returns the distinct subjects having predicate p with object o,
// in insertion order. A zero o matches any object.
func (g *Graph) Subjects(p string, o Term) []Term {
	var out []Term
	seen := map[Term]bool{}
	for _, t := range g.triples {
		if t.P.Value == p && (o.IsZero() || t.O == o) && !seen[t.S] {
			seen[t.S] = true
			out = append(out, t.S)
		}
	}
	return out
}

// HasType reports whether s has rdf:type class.
func (g *Graph) HasType(s Term, class string) bool {
	return g.Has(Triple{S: s, P: IRI(RDFType), O: IRI(class)})
}

// OfType returns the subjects typed class, in insertion order.
func (g *Graph) OfType(class string) []Term { return g.Subjects(RDFType, IRI(class)) }

// bySubject groups ts by subject: the subjects in order of first
// appearance and each one's triples in order. The writers that describe
// one node at a time use it.
func bySubject(ts []Triple) ([]Term, map[Term][]Triple) {
	var order []Term
	groups := map[Term][]Triple{}
	for _, t := range ts {
		if _, ok := groups[t.S]; !ok {
			order = append(order, t.S)
		}
		groups[t.S] = append(groups[t.S], t)
	}
	return order, groups
}
