// Package csw harvests an OGC CSW 2.0.2 catalogue service (GeoNetwork,
// GDI-DE, Berlin's FIS-Broker and the like): it pages through GetRecords
// in ISO 19139 (gmd:MD_Metadata) and maps every record to a
// municat.Dataset along the lines of GeoDCAT-AP (see record.go).
//
// The paging trusts the server's numbers only as far as they add up.
// Fetch follows nextRecord and ends at nextRecord 0, at a nextRecord past
// numberOfRecordsMatched, or once every matched record has arrived (the
// FIS-Broker answers nextRecord="1" on its only page). It reports the
// listing incomplete, so that nothing is withdrawn, when a nextRecord does
// not advance or points back (a loop), when a page holds only records of
// earlier pages (a server ignoring startPosition), when the pages do not
// end within MaxPages, when the match count changes between pages, when a
// page comes back empty too early, and when fewer distinct records arrived
// than the server matched. Every page is emitted before it is judged, so
// the run keeps what it got.
//
// Probe checks a service's capabilities before a source is set up.
//
// Source options:
//   - "constraint": a CQL text constraint that selects the records to
//     harvest, e.g. "subject='opendata'" or "OrganisationName like '%Musterstadt%'";
//   - "page_size": records asked for per page (default DefaultPageSize,
//     at most MaxPageSize);
//   - "hierarchy_levels": the ISO hierarchy levels harvested, comma
//     separated (default "dataset,series,service,nonGeographicDataset");
//     records of other levels, e.g. applications, are left out like
//     deleted ones.
package csw

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// Defaults and limits of a Fetcher.
const (
	// DefaultPageSize is the records asked for per page. ISO 19139
	// records are large (10–50 KB each); GeoNetwork caps maxRecords too.
	DefaultPageSize = 50
	// MaxPageSize is the largest page_size a source may set.
	MaxPageSize = 1000
	// DefaultMaxPages stops a listing that does not end.
	DefaultMaxPages = 5000
)

// Accept is the Accept header of a CSW request.
const Accept = "application/xml, text/xml;q=0.9, */*;q=0.1"

// defaultLevels are the hierarchy levels harvested unless the source says
// otherwise: what DCAT-AP can publish as a dataset (a service record
// becomes a dataset with its service as distribution).
var defaultLevels = []string{"dataset", "series", "service", "nonGeographicDataset"}

// Fetcher fetches a CSW catalogue. The zero value uses http.DefaultClient
// and the defaults; production code passes harvester.NewHTTPClient().
type Fetcher struct {
	// Client makes the requests (http.DefaultClient if nil).
	Client *http.Client
	// PageSize is the records asked for per page (DefaultPageSize if 0);
	// the source option "page_size" overrides it.
	PageSize int
	// MaxBytes caps one response (harvester.DefaultMaxBytes if 0).
	MaxBytes int64
	// MaxPages caps the pages of one listing (DefaultMaxPages if 0).
	MaxPages int
	// Retries and Backoff tune the retries of a failed request (see
	// harvester.GetOptions).
	Retries int
	Backoff time.Duration
}

var _ harvester.Fetcher = (*Fetcher)(nil)

// settings are the options of one source, checked.
type settings struct {
	ep         *endpoint
	size       int
	constraint string
	levels     map[string]bool
}

// configure reads and checks src's URL and options.
func (f *Fetcher) configure(src *municat.Source) (*settings, error) {
	ep, err := parseEndpoint(src.URL)
	if err != nil {
		return nil, err
	}
	s := &settings{ep: ep, size: f.PageSize, constraint: strings.TrimSpace(src.Options["constraint"]), levels: map[string]bool{}}
	if s.size <= 0 {
		s.size = DefaultPageSize
	}
	if v := strings.TrimSpace(src.Options["page_size"]); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxPageSize {
			return nil, municat.Errorf(municat.EINVALID, "Die Seitengröße %q der Quelle (Option page_size) ist ungültig; erlaubt ist eine ganze Zahl von 1 bis %d", v, MaxPageSize)
		}
		s.size = n
	}
	levels := defaultLevels
	if v := strings.TrimSpace(src.Options["hierarchy_levels"]); v != "" {
		levels = strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
	}
	for _, l := range levels {
		s.levels[strings.ToLower(l)] = true
	}
	return s, nil
}

// Fetch lists every record of the catalogue at src.URL with GetRecords
// and emits one Page per response; see harvester.Fetcher for the contract
// and the package doc for the paging rules.
func (f *Fetcher) Fetch(ctx context.Context, src *municat.Source, emit func(*harvester.Page) error) error {
	s, err := f.configure(src)
	if err != nil {
		return err
	}
	maxPages := f.MaxPages
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	opts := harvester.GetOptions{MaxBytes: f.MaxBytes, Accept: Accept, Retries: f.Retries, Backoff: f.Backoff}
	seen := map[string]bool{} // distinct file identifiers of the listing
	anonymous := 0            // records without one, which cannot be told apart
	start, matched := 1, 0
	for page := 1; ; page++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		u := s.ep.getRecords(start, s.size, s.constraint)
		shown := redact(u)
		body, ctype, err := harvester.GetBody(ctx, f.Client, u, opts)
		if err != nil {
			return err
		}
		res, err := parseResults(body, shown)
		if err != nil {
			return err
		}
		before := matched
		matched = res.matched
		p := &harvester.Page{URL: u, Body: body, ContentType: ctype, Ext: "xml"}
		if p.ContentType == "" {
			p.ContentType = "application/xml"
		}
		fresh := 0 // records not seen on an earlier page
		for _, e := range res.records {
			rec, level := mapRecord(e, s.ep)
			switch {
			case rec.RemoteID == "":
				anonymous++
				fresh++
			case !seen[rec.RemoteID]:
				seen[rec.RemoteID] = true
				fresh++
			}
			// A record of another level is delivered but not listed, so
			// that a complete run withdraws it if it was harvested before.
			if s.levels[strings.ToLower(level)] {
				p.Records = append(p.Records, rec)
			}
		}
		if err := emit(p); err != nil {
			return err
		}
		if page > 1 && matched != before {
			return municat.Errorf(municat.EUNAVAILABLE, "Die Zahl der Treffer des Katalogdienstes änderte sich während des Abrufs (von %d auf %d), so dass Datensätze übersprungen worden sein können. Der nächste Lauf holt das nach", before, matched)
		}
		next := res.next
		if next < 0 { // no nextRecord: the page after this one
			next = start + len(res.records) + res.foreign
		}
		delivered := len(seen) + anonymous
		if next == 0 || next > matched || delivered >= matched {
			break
		}
		switch {
		case next == start:
			return municat.Errorf(municat.EUNAVAILABLE, "Der Katalogdienst nennt als nächste Position (nextRecord) wieder %d, die Position der eben abgerufenen Seite %s; er blättert nicht weiter. Der Abruf wurde abgebrochen, geliefert wurden %d von %d Datensätzen", start, shown, delivered, matched)
		case next < start:
			return municat.Errorf(municat.EUNAVAILABLE, "Der Katalogdienst verweist als nächste Position (nextRecord) zurück auf %d, obwohl schon ab %d abgerufen wurde (%s); die Seiten bilden eine Schleife. Der Abruf wurde abgebrochen, geliefert wurden %d von %d Datensätzen", next, start, shown, delivered, matched)
		case len(res.records) > 0 && fresh == 0:
			return municat.Errorf(municat.EUNAVAILABLE, "Die Seite ab Position %d (%s) enthält nur Datensätze, die schon auf früheren Seiten kamen; der Katalogdienst wiederholt Seiten (beachtet er startPosition nicht?). Der Abruf wurde abgebrochen, geliefert wurden %d von %d Datensätzen", start, shown, delivered, matched)
		case len(res.records)+res.foreign == 0:
			return municat.Errorf(municat.EUNAVAILABLE, "Der Katalogdienst lieferte ab Position %d keine Datensätze mehr, obwohl er %d Treffer meldet (%s); die Liste ist unvollständig", start, matched, shown)
		case page >= maxPages:
			return municat.Errorf(municat.EUNAVAILABLE, "Der Katalogdienst lieferte nach %d Seiten noch immer Datensätze (gemeldet: %d, nächste Position %d); der Abruf wurde abgebrochen", maxPages, matched, next)
		}
		start = next
	}
	if delivered := len(seen) + anonymous; delivered < matched {
		return municat.Errorf(municat.EUNAVAILABLE, "Der Katalogdienst meldet %d Treffer, lieferte aber nur %d verschiedene Datensätze im ISO-19139-Format; die Liste ist unvollständig, daher wird nichts zurückgezogen. Mögliche Ursachen: der Bestand änderte sich während des Abrufs, oder der Dienst überspringt Datensätze, die er nicht als ISO 19139 ausgeben kann", matched, delivered)
	}
	return nil
}
