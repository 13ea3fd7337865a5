package server

import (
	"slices"
	"testing"
)

func TestParseQValue(t *testing.T) {
	for s, want := range map[string]int{"0": 0, "1": 1000, "0.5": 500, "0.05": 50, "0.123": 123, "1.000": 1000, "1.": 1000, "0.": 0} {
		if q, ok := parseQValue(s); !ok || q != want {
			t.Errorf("parseQValue(%q) = %d, %v; want %d", s, q, ok, want)
		}
	}
	for _, s := range []string{"", "2", "1.5", "0.1234", "-0.5", "0.a", ".5", "0,5", "1.001"} {
		if q, ok := parseQValue(s); ok {
			t.Errorf("parseQValue(%q) = %d, want an error", s, q)
		}
	}
}

func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{
		"", "*/*", "text/turtle", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
		"application/ld+json;q=0.5, text/turtle;q=0.9", "text/*;q=0", "a/b;q=1.0;x=y, */*;q=0.001",
		"text/turtle;q=2", "*/turtle", ";;,,", "application/*;charset=utf-8",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, accept string) {
		ranges := parseAccept(accept)
		if len(ranges) == 0 || len(ranges) > maxAcceptRanges {
			t.Fatalf("%d ranges", len(ranges))
		}
		for _, r := range ranges {
			if r.q < 0 || r.q > 1000 || !isToken(r.typ) || !isToken(r.sub) {
				t.Fatalf("bad range %+v", r)
			}
		}
		o, ok := negotiate(accept, rdfOffers)
		if ok && !slices.Contains(rdfOffers, o) {
			t.Fatalf("negotiate chose %+v, not an offer", o)
		}
		// Adding "*/*;q=0.001" never makes a negotiable header fail.
		if _, ok2 := negotiate(accept+", */*;q=0.001", rdfOffers); ok && !ok2 {
			t.Fatalf("%q negotiable, with */* appended not", accept)
		}
	})
}
