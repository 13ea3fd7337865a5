package dcat

import (
	"context"
	"crypto/sha256"
	"net/url"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// Accept is the Accept header of a catalogue request: RDF/XML and Turtle
// first (what GovData's harvester reads best), then JSON-LD and
// N-Triples, then anything, which is sniffed.
const Accept = "application/rdf+xml, text/turtle, application/ld+json;q=0.9, application/n-triples;q=0.8, */*;q=0.1"

// Page fetches the catalogue page at pageURL with harvester.GetBody (size
// cap, retries, User-Agent) and parses it (see ParsePage).
func (f *Fetcher) Page(ctx context.Context, pageURL string) (*CatalogPage, error) {
	body, ctype, base, err := f.get(ctx, pageURL)
	if err != nil {
		return nil, err
	}
	return ParsePage(body, ctype, base)
}

// get fetches pageURL and returns the body, its Content-Type and the URL
// it came from after redirects, against which relative IRIs and next links
// resolve.
func (f *Fetcher) get(ctx context.Context, pageURL string) (body []byte, ctype, base string, err error) {
	opts := harvester.GetOptions{MaxBytes: f.MaxBytes, Accept: Accept, Retries: f.Retries, Backoff: f.Backoff, FinalURL: &base}
	body, ctype, err = harvester.GetBody(ctx, f.Client, pageURL, opts)
	return body, ctype, base, err
}

// Walk fetches the catalogue page at startURL and then each next page its
// Hydra block links to (see ParsePage), and calls fn once per page, in
// order; it returns nil after the last page. It stops with an error
// matching municat.ErrUnavailable, before fetching further, when a page
// cannot be fetched or read, when a next link is no http(s) address, when a
// next link leads back to a page fetched before (a loop), when a page is
// byte for byte the same as an earlier one (a server ignoring the page
// parameter), or when there are more than MaxPages pages. fn's error ends
// the walk and is returned unchanged. Walk keeps no page after fn returns:
// only the page URLs and a hash of each body.
func (f *Fetcher) Walk(ctx context.Context, startURL string, fn func(*CatalogPage) error) error {
	maxPages := f.MaxPages
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	visited := map[string]int{normalize(startURL): 1}
	bodies := map[[sha256.Size]byte]int{}
	u := startURL
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		body, ctype, base, err := f.get(ctx, u)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		if first, ok := bodies[sum]; ok {
			return municat.Errorf(municat.EUNAVAILABLE, "Seite %d des Katalogs (%s) ist Byte für Byte dieselbe wie Seite %d; die Quelle blättert nicht richtig weiter (wird der Seitenparameter ignoriert?). Der Abruf wurde abgebrochen", n, redact(u), first)
		}
		bodies[sum] = n
		p, err := ParsePage(body, ctype, base)
		if err != nil {
			return err
		}
		next := p.Next
		if err := fn(p); err != nil {
			return err
		}
		if next == "" {
			return nil
		}
		if nu, err := url.Parse(next); err != nil || (nu.Scheme != "http" && nu.Scheme != "https") || nu.Host == "" {
			return municat.Errorf(municat.EUNAVAILABLE, "Der Verweis auf die nächste Seite auf %s (%s) ist keine Web-Adresse (http/https)", redact(u), municat.Shorten(redact(next), 200))
		}
		key := normalize(next)
		if earlier, ok := visited[key]; ok && earlier == n {
			return municat.Errorf(municat.EUNAVAILABLE, "Die Seite %d des Katalogs (%s) nennt sich selbst als nächste Seite; der Abruf wurde abgebrochen. Bitte die Hydra-Verweise (hydra:next/hydra:nextPage) der Quelle prüfen", n, redact(u))
		} else if ok {
			return municat.Errorf(municat.EUNAVAILABLE, "Die Seiten des Katalogs bilden eine Schleife: Seite %d (%s) verweist als nächste Seite zurück auf Seite %d (%s). Der Abruf wurde abgebrochen; bitte die Hydra-Verweise (hydra:next/hydra:nextPage) der Quelle prüfen", n, redact(u), earlier, redact(next))
		}
		if n >= maxPages {
			return municat.Errorf(municat.EUNAVAILABLE, "Der Katalog endete nach %d Seiten noch immer nicht (letzte Seite %s); der Abruf wurde abgebrochen", maxPages, redact(u))
		}
		visited[key] = n + 1
		u = next
	}
}
