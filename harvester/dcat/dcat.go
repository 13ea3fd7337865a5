// Package dcat harvests a DCAT-AP catalogue: an RDF document (RDF/XML,
// Turtle, JSON-LD or N-Triples) at one URL, paged with Hydra, as GovData's
// "DCAT-AP.de RDF Harvester" and data.europa.eu read it.
//
// Fetch follows the Hydra paging in each variant seen in the wild: a node
// typed hydra:PagedCollection (ckanext-dcat, GovData) or
// hydra:PartialCollectionView (data.gouv.fr, piveau), or an untyped one,
// linking with hydra:next, else hydra:nextPage, as an IRI or a string
// literal, absolute or relative to the page. It is strict where a partial
// listing would withdraw datasets by mistake: a page that cannot be
// fetched or read, a loop in the paging, a page repeated byte for byte, a
// paging that does not end, or fewer datasets than hydra:totalItems
// promises end the run with an error, so that nothing is withdrawn.
//
// A dataset's remote id is its IRI (for a blank node: its dct:identifier).
// Several IRIs with the same dct:identifier are one dataset: the one with
// the newest dct:modified is published, the first one seen on a tie
// (GovData's rule), also when the copies are pages apart (see
// harvester.Page.Superseded).
package dcat

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/rdf"
)

// DefaultMaxPages stops a paging that does not end.
const DefaultMaxPages = 100_000

// Fetcher fetches a DCAT-AP catalogue. The zero value uses
// http.DefaultClient and the defaults; production code passes
// harvester.NewHTTPClient().
type Fetcher struct {
	// Client makes the requests (http.DefaultClient if nil).
	Client *http.Client
	// MaxBytes caps one page (harvester.DefaultMaxBytes if 0).
	MaxBytes int64
	// MaxPages caps the pages of one catalogue (DefaultMaxPages if 0).
	MaxPages int
	// Retries and Backoff tune the retries of a failed request (see
	// harvester.GetOptions).
	Retries int
	Backoff time.Duration
	// Logger receives the duplicates resolved (slog.Default if nil).
	Logger *slog.Logger
}

var _ harvester.Fetcher = (*Fetcher)(nil)

// Fetch reads the catalogue at src.URL and every page its Hydra block
// leads to, and emits one Page per page with its datasets; see
// harvester.Fetcher for the contract and the package doc for what ends a
// run with an error.
func (f *Fetcher) Fetch(ctx context.Context, src *municat.Source, emit func(*harvester.Page) error) error {
	log := f.Logger
	if log == nil {
		log = slog.Default()
	}
	m := newMapper(src, log.With("source", src.ID))
	total := -1
	err := f.Walk(ctx, src.URL, func(p *CatalogPage) error {
		total = max(total, p.TotalItems)
		page := &harvester.Page{URL: p.URL, Body: p.Body, ContentType: p.ContentType, Ext: p.Format.Ext()}
		if sent, ok := rdf.FormatFromMediaType(p.ContentType); !ok || sent != p.Format {
			page.ContentType = p.Format.ContentType()
		}
		page.Records, page.Superseded = m.mapPage(p)
		return emit(page)
	})
	if err != nil {
		return err
	}
	if n := len(m.delivered); total >= 0 && n < total {
		return municat.Errorf(municat.EUNAVAILABLE, "Der Katalog meldet %d Datensätze (hydra:totalItems), lieferte aber nur %d verschiedene; die Liste ist unvollständig, vermutlich änderte sich der Bestand während des Abrufs. Der nächste Lauf holt das nach", total, n)
	}
	return nil
}
