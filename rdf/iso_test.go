package rdf

import (
	"fmt"
	"strings"
	"testing"
)

// ring returns n blank nodes prefix0…prefix(n-1) linked in a cycle by :next.
func ring(prefix string, n int) []Triple {
	ts := make([]Triple, n)
	for i := range n {
		ts[i] = Triple{S: Blank(fmt.Sprintf("%s%d", prefix, i)), P: IRI("http://ex/next"), O: Blank(fmt.Sprintf("%s%d", prefix, (i+1)%n))}
	}
	return ts
}

func TestIsomorphic(t *testing.T) {
	p, q := IRI("http://ex/p"), IRI("http://ex/q")
	x := IRI("http://ex/x")
	for _, c := range []struct {
		name string
		a, b []Triple
		want bool
	}{
		{"empty", nil, nil, true},
		{"ground equal", []Triple{{x, p, Literal("1")}}, []Triple{{x, p, Literal("1")}}, true},
		{"ground differs", []Triple{{x, p, Literal("1")}}, []Triple{{x, p, Literal("2")}}, false},
		{"relabelled", []Triple{{Blank("a"), p, Blank("b")}, {Blank("b"), q, x}},
			[]Triple{{Blank("z"), p, Blank("y")}, {Blank("y"), q, x}}, true},
		{"direction matters", []Triple{{Blank("a"), p, Blank("b")}, {Blank("b"), q, x}},
			[]Triple{{Blank("z"), p, Blank("y")}, {Blank("z"), q, x}}, false},
		{"blank vs IRI", []Triple{{Blank("a"), p, x}}, []Triple{{IRI("http://ex/a"), p, x}}, false},
		{"one node vs two", []Triple{{Blank("a"), p, x}, {Blank("a"), q, x}},
			[]Triple{{Blank("a"), p, x}, {Blank("b"), q, x}}, false},
		// Refinement alone cannot tell these apart: every node has one
		// incoming and one outgoing edge in both.
		{"two triangles vs hexagon", append(ring("a", 3), ring("b", 3)...), ring("c", 6), false},
		{"two triangles permuted", append(ring("a", 3), ring("b", 3)...), append(ring("y", 3), ring("x", 3)...), true},
		{"hexagon vs hexagon", ring("a", 6), ring("b", 6), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, b := NewGraph(c.a...), NewGraph(c.b...)
			if got := Isomorphic(a, b); got != c.want {
				t.Errorf("Isomorphic = %v, want %v", got, c.want)
			}
			if got := Isomorphic(b, a); got != c.want {
				t.Errorf("Isomorphic (swapped) = %v, want %v", got, c.want)
			}
			if d := isoDiff(a, b, 5); (d == "") != c.want {
				t.Errorf("isoDiff = %q, want empty: %v", d, c.want)
			}
		})
	}
}

func TestIsoDiffNamesGroundDifference(t *testing.T) {
	x, p := IRI("http://ex/x"), IRI("http://ex/p")
	d := isoDiff(NewGraph(Triple{x, p, Literal("only a")}), NewGraph(Triple{x, p, Literal("only b")}), 5)
	if !strings.Contains(d, `"only a"`) || !strings.Contains(d, `"only b"`) {
		t.Errorf("isoDiff does not name both triples:\n%s", d)
	}
}

// TestIsomorphicLargeSymmetric makes sure backtracking stays fast on a
// big graph of identical components.
func TestIsomorphicLargeSymmetric(t *testing.T) {
	var a, b []Triple
	for i := range 100 {
		a = append(a, ring(fmt.Sprintf("a%d_", i), 4)...)
		b = append(b, ring(fmt.Sprintf("b%d_", 99-i), 4)...)
	}
	if !Isomorphic(NewGraph(a...), NewGraph(b...)) {
		t.Fatal("100 squares are not isomorphic to 100 squares")
	}
}
