package server_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat/rdf"
)

// otherHost is the Host header of the DCAT tests: links must come from the
// configured BaseURL, never from it.
const otherHost = "intern.example.net:8080"

// catalogIRI is the catalogue node of the fixture.
var catalogIRI = rdf.IRI(testBaseURL + "/catalog")

// MustGraph parses body in format f.
func MustGraph(tb testing.TB, body []byte, f rdf.Format) *rdf.Graph {
	tb.Helper()
	g, err := rdf.Parse(bytes.NewReader(body), f, testBaseURL+"/")
	if err != nil {
		tb.Fatalf("parse %s: %v\n%s", f, err, body)
	}
	return g
}

// MustGetRDF requests target with the other Host, checks for 200 and the
// Content-Type of f, and parses the body.
func MustGetRDF(tb testing.TB, app *fiber.App, target string, f rdf.Format, header ...string) (*rdf.Graph, []byte) {
	tb.Helper()
	resp, body := MustDo(tb, app, http.MethodGet, target, append([]string{"Host", otherHost}, header...)...)
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: status %d; body %s", target, resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != f.ContentType() {
		tb.Fatalf("GET %s: Content-Type %q, want %q", target, ct, f.ContentType())
	}
	if bytes.Contains(body, []byte(strings.Split(otherHost, ":")[0])) {
		tb.Errorf("GET %s: the body names the request's Host", target)
	}
	return MustGraph(tb, body, f), body
}

// catalogDatasets returns the dataset IRIs the catalogue node links,
// without the base URL, sorted.
func catalogDatasets(tb testing.TB, g *rdf.Graph) []string {
	tb.Helper()
	var out []string
	for _, o := range g.Objects(catalogIRI, rdf.DCAT+"dataset") {
		id, ok := strings.CutPrefix(o.Value, testBaseURL+"/dataset/")
		if !ok || !o.IsIRI() {
			tb.Errorf("catalogue links %v, not a dataset IRI of the portal", o)
		}
		if !g.HasType(o, rdf.DCAT+"Dataset") {
			tb.Errorf("linked dataset %s is not typed dcat:Dataset", o.Value)
		}
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// hydra is the paging block of a page: its node and each predicate's
// value ("" if absent).
type hydra struct {
	node                                        string
	total, perPage, first, last, previous, next string
	firstOld, lastOld, previousOld, nextOld     string
}

// hydraBlock reads the paging block; ok is false if there is none. It fails
// the test if the current and the deprecated predicates disagree.
func hydraBlock(tb testing.TB, g *rdf.Graph) (hydra, bool) {
	tb.Helper()
	nodes := g.OfType(rdf.HYDRA + "PagedCollection")
	switch len(nodes) {
	case 0:
		return hydra{}, false
	case 1:
	default:
		tb.Fatalf("%d paging blocks", len(nodes))
	}
	n := nodes[0]
	get := func(local string) string { return g.Object(n, rdf.HYDRA+local).Value }
	h := hydra{
		node: n.Value, total: get("totalItems"), perPage: get("itemsPerPage"),
		first: get("first"), last: get("last"), previous: get("previous"), next: get("next"),
		firstOld: get("firstPage"), lastOld: get("lastPage"), previousOld: get("previousPage"), nextOld: get("nextPage"),
	}
	if h.first != h.firstOld || h.last != h.lastOld || h.previous != h.previousOld || h.next != h.nextOld {
		tb.Errorf("paging predicates disagree: %+v", h)
	}
	if !n.IsIRI() {
		tb.Errorf("paging node %v is not an IRI", n)
	}
	return h, true
}

// MustServe serves app on a port of 127.0.0.1 and returns its URL.
func MustServe(tb testing.TB, app *fiber.App) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- app.Listener(ln) }()
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := app.ShutdownWithContext(ctx); err != nil {
			tb.Errorf("shutdown: %v", err)
		}
		if err := <-done; err != nil && !errors.Is(err, net.ErrClosed) {
			tb.Errorf("serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}
