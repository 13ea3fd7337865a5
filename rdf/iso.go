package rdf

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
)

// Isomorphic reports whether a and b are the same RDF graph up to a
// renaming of blank nodes (RDF 1.1 Concepts §3.6). Triples without blank
// nodes must match exactly; blank nodes are told apart by iteratively
// refined hashes of their neighbourhood, and nodes that stay alike (for
// example in symmetric graphs) are matched by backtracking.
func Isomorphic(a, b *Graph) bool {
	_, ok := isoMapping(a, b)
	return ok
}

// isoSide is one graph prepared for matching: its triples with blank nodes
// and a dense numbering of those nodes.
type isoSide struct {
	triples []Triple
	nodes   []Term
	index   map[Term]int
	// occurs lists, per node, the triples it appears in.
	occurs [][]int
	// per triple: node indices of subject and object (-1 when not blank)
	// and hashes of the terms that are not blank nodes.
	si, oi        []int
	sh, ph, ohash []uint64
}

// nodeIndex returns the index of blank node x, or -1 for other terms.
func (s *isoSide) nodeIndex(x Term) int {
	if i, ok := s.index[x]; ok && x.IsBlank() {
		return i
	}
	return -1
}

func newIsoSide(g *Graph) (isoSide, map[Triple]struct{}) {
	s := isoSide{index: map[Term]int{}}
	ground := map[Triple]struct{}{}
	for _, t := range g.Triples() {
		if !t.S.IsBlank() && !t.O.IsBlank() {
			ground[t] = struct{}{}
			continue
		}
		n := len(s.triples)
		s.triples = append(s.triples, t)
		for _, x := range [2]Term{t.S, t.O} {
			if !x.IsBlank() {
				continue
			}
			i, ok := s.index[x]
			if !ok {
				i = len(s.nodes)
				s.index[x] = i
				s.nodes = append(s.nodes, x)
				s.occurs = append(s.occurs, nil)
			}
			if o := s.occurs[i]; len(o) == 0 || o[len(o)-1] != n {
				s.occurs[i] = append(o, n)
			}
		}
		s.si, s.oi = append(s.si, s.nodeIndex(t.S)), append(s.oi, s.nodeIndex(t.O))
		s.sh, s.ph, s.ohash = append(s.sh, termHash(t.S)), append(s.ph, termHash(t.P)), append(s.ohash, termHash(t.O))
	}
	return s, ground
}

// isoMapping returns a blank node bijection from a to b under which the
// graphs are equal, or false when there is none.
func isoMapping(a, b *Graph) (map[Term]Term, bool) {
	if a.Len() != b.Len() {
		return nil, false
	}
	sa, ga := newIsoSide(a)
	sb, gb := newIsoSide(b)
	if len(ga) != len(gb) || len(sa.nodes) != len(sb.nodes) || len(sa.triples) != len(sb.triples) {
		return nil, false
	}
	for t := range ga {
		if _, ok := gb[t]; !ok {
			return nil, false
		}
	}
	ca, cb := make([]uint64, len(sa.nodes)), make([]uint64, len(sb.nodes))
	m := isoMatcher{a: &sa, b: &sb, bSet: map[Triple]struct{}{}}
	for _, t := range sb.triples {
		m.bSet[t] = struct{}{}
	}
	return m.search(ca, cb)
}

type isoMatcher struct {
	a, b *isoSide
	bSet map[Triple]struct{}
}

// search refines both colourings and, while some colour is shared by
// several nodes, tries each candidate pairing for one of them.
func (m *isoMatcher) search(ca, cb []uint64) (map[Term]Term, bool) {
	ca, cb = refine(m.a, ca), refine(m.b, cb)
	classA, classB := colourClasses(ca), colourClasses(cb)
	if len(classA) != len(classB) {
		return nil, false
	}
	var pick uint64
	best := 0
	for c, xs := range classA {
		if len(xs) != len(classB[c]) {
			return nil, false
		}
		if len(xs) > 1 && (best == 0 || len(xs) < best || len(xs) == best && c < pick) {
			pick, best = c, len(xs)
		}
	}
	if best == 0 { // every node has its own colour: the mapping is forced
		mapping := make(map[Term]Term, len(ca))
		for c, xs := range classA {
			mapping[m.a.nodes[xs[0]]] = m.b.nodes[classB[c][0]]
		}
		return mapping, m.check(mapping)
	}
	// Nodes left alike are often interchangeable (leaves hanging off the
	// same kind of node): first try pairing every class in order.
	mapping := make(map[Term]Term, len(ca))
	for c, xs := range classA {
		for i, x := range xs {
			mapping[m.a.nodes[x]] = m.b.nodes[classB[c][i]]
		}
	}
	if m.check(mapping) {
		return mapping, true
	}
	x := classA[pick][0]
	for _, y := range classB[pick] {
		na, nb := slices.Clone(ca), slices.Clone(cb)
		mark := mix(pick, 0x9e3779b97f4a7c15)
		na[x], nb[y] = mark, mark
		if mapping, ok := m.search(na, nb); ok {
			return mapping, true
		}
	}
	return nil, false
}

// check reports whether mapping turns every blank triple of a into one of b.
func (m *isoMatcher) check(mapping map[Term]Term) bool {
	at := func(t Term) Term {
		if t.IsBlank() {
			return mapping[t]
		}
		return t
	}
	for _, t := range m.a.triples {
		if _, ok := m.bSet[Triple{S: at(t.S), P: t.P, O: at(t.O)}]; !ok {
			return false
		}
	}
	return true
}

func colourClasses(c []uint64) map[uint64][]int {
	out := map[uint64][]int{}
	for i, x := range c {
		out[x] = append(out[x], i)
	}
	return out
}

// refine recolours nodes from the colours of their neighbours until the
// number of distinct colours stops growing.
func refine(s *isoSide, colours []uint64) []uint64 {
	colours = slices.Clone(colours) // refined in place below
	seen := make(map[uint64]struct{}, len(colours))
	distinct := countDistinct(colours, seen)
	sigs := make([]uint64, 0, 8)
	next := make([]uint64, len(colours))
	for range len(colours) + 1 {
		for i := range colours {
			sigs = sigs[:0]
			for _, n := range s.occurs[i] {
				sigs = append(sigs, tripleSig(s, n, i, colours))
			}
			slices.Sort(sigs)
			h := colours[i]
			for _, g := range sigs {
				h = mix(h, g)
			}
			next[i] = h
		}
		colours, next = next, colours
		d := countDistinct(colours, seen)
		if d == distinct {
			break
		}
		distinct = d
	}
	return colours
}

// tripleSig hashes triple n as seen from node self: the node itself is a
// placeholder, other blank nodes count by colour, other terms by value.
func tripleSig(s *isoSide, n, self int, colours []uint64) uint64 {
	term := func(i int, h, pos uint64) uint64 {
		switch i {
		case -1:
			return mix(pos, h)
		case self:
			return mix(pos, 1)
		}
		return mix(pos, mix(2, colours[i]))
	}
	return mix(mix(term(s.si[n], s.sh[n], 11), s.ph[n]), term(s.oi[n], s.ohash[n], 13))
}

func termHash(t Term) uint64 {
	h := fnv.New64a()
	h.Write([]byte{byte(t.Kind)})
	h.Write([]byte(t.Value))
	h.Write([]byte{0})
	h.Write([]byte(t.Datatype))
	h.Write([]byte{0})
	h.Write([]byte(t.Lang))
	return h.Sum64()
}

// mix combines two hashes (a splitmix64-style finaliser).
func mix(a, b uint64) uint64 {
	x := a*0x9e3779b97f4a7c15 ^ (b + 0x632be59bd9b4e019 + a<<6 + a>>2)
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

func countDistinct(c []uint64, seen map[uint64]struct{}) int {
	clear(seen)
	for _, x := range c {
		seen[x] = struct{}{}
	}
	return len(seen)
}

// isoDiff explains why a and b are not isomorphic, for test failure
// messages: the ground triples only in one graph, or, when those agree,
// the triples with blank nodes of both sides (at most limit lines each).
// It returns "" when the graphs are isomorphic.
func isoDiff(a, b *Graph, limit int) string {
	if Isomorphic(a, b) {
		return ""
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "graphs differ: %d vs %d triples\n", a.Len(), b.Len())
	_, ga := newIsoSide(a)
	sideB, gb := newIsoSide(b)
	sideA, _ := newIsoSide(a)
	list := func(title string, ts []string) {
		if len(ts) == 0 {
			return
		}
		slices.Sort(ts)
		fmt.Fprintf(&sb, "%s (%d):\n", title, len(ts))
		for i, t := range ts {
			if i == limit {
				fmt.Fprintf(&sb, "  … %d more\n", len(ts)-limit)
				break
			}
			sb.WriteString("  " + t + "\n")
		}
	}
	list("ground triples only in the first graph", onlyIn(ga, gb))
	list("ground triples only in the second graph", onlyIn(gb, ga))
	if len(sideA.triples) > 0 || len(sideB.triples) > 0 {
		list("triples with blank nodes in the first graph", tripleStrings(sideA.triples))
		list("triples with blank nodes in the second graph", tripleStrings(sideB.triples))
	}
	return sb.String()
}

func onlyIn(x, y map[Triple]struct{}) []string {
	var out []string
	for t := range x {
		if _, ok := y[t]; !ok {
			out = append(out, t.String())
		}
	}
	return out
}

func tripleStrings(ts []Triple) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.String()
	}
	return out
}
