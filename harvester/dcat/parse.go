package dcat

import (
	"bytes"
	"mime"
	"net/url"
	"path"
	"strings"
	"unicode"

	"github.com/municat/municat"
	"github.com/municat/municat/rdf"
)

// CatalogPage is one parsed page of a DCAT catalogue.
type CatalogPage struct {
	// URL is where the page was fetched from (or the file's URL).
	URL string
	// Body is the document exactly as fetched.
	Body []byte
	// ContentType is the Content-Type header as sent ("" if none).
	ContentType string
	// Format is the RDF format the page was read as.
	Format rdf.Format
	// Graph holds the page's triples.
	Graph *rdf.Graph
	// Next is the absolute URL of the next page from the Hydra block, or
	// "" on the last (or only) page.
	Next string
	// TotalItems is the number of datasets over all pages that the Hydra
	// block reports, or -1 when it reports none.
	TotalItems int
}

// ParsePage reads body, fetched from pageURL with the Content-Type header
// contentType ("" if none), as an RDF document and reads its Hydra paging
// block. The format comes from contentType (the text before ";"), else from
// the extension of pageURL's path, else from the first bytes of the body.
// An HTML page, a body in no known format and a syntax error give an error
// matching municat.ErrUnavailable whose German message names pageURL and
// what came back.
func ParsePage(body []byte, contentType, pageURL string) (*CatalogPage, error) {
	shown := redact(pageURL)
	f, err := detectFormat(body, contentType, pageURL)
	if err != nil {
		return nil, err
	}
	g, err := rdf.Parse(bytes.NewReader(body), f, baseIRI(pageURL))
	if err != nil {
		return nil, municat.Errorf(municat.EUNAVAILABLE, "Die Seite %s ließ sich nicht als %s lesen (%s): %s", shown, formatName(f), describe(contentType), municat.Shorten(err.Error(), 300))
	}
	p := &CatalogPage{URL: pageURL, Body: body, ContentType: contentType, Format: f, Graph: g, TotalItems: -1}
	if err := readHydra(p); err != nil {
		return nil, err
	}
	return p, nil
}

// detectFormat chooses the format of a page: Content-Type, else URL
// extension, else sniffing.
func detectFormat(body []byte, contentType, pageURL string) (rdf.Format, error) {
	if f, ok := rdf.FormatFromMediaType(contentType); ok {
		return f, nil
	}
	mt := mediaType(contentType)
	if mt == "text/html" || mt == "application/xhtml+xml" {
		if f, ok := rdf.Sniff(head(body)); ok {
			return f, nil
		}
		return "", municat.Errorf(municat.EUNAVAILABLE, "Die Adresse %s lieferte eine HTML-Seite statt eines DCAT-Katalogs in RDF; bitte die Adresse des RDF-Katalogs angeben (z. B. …/catalog.rdf oder …/catalog.ttl)", redact(pageURL))
	}
	if f, ok := formatFromURL(pageURL); ok {
		return f, nil
	}
	if f, ok := rdf.Sniff(head(body)); ok {
		return f, nil
	}
	what := "eine leere Antwort"
	if len(bytes.TrimSpace(body)) > 0 {
		what = "ein unbekanntes Format (" + describe(contentType) + ", Anfang: " + quoteStart(body) + ")"
	}
	return "", municat.Errorf(municat.EUNAVAILABLE, "Die Adresse %s lieferte %s statt eines DCAT-Katalogs in RDF/XML, Turtle, JSON-LD oder N-Triples", redact(pageURL), what)
}

// formatFromURL returns the format the extension of u's path names.
func formatFromURL(u string) (rdf.Format, bool) {
	p, err := url.Parse(u)
	if err != nil {
		return "", false
	}
	ext := path.Ext(p.Path)
	if ext == "" {
		return "", false
	}
	return rdf.FormatFromExt(ext)
}

// mediaType returns the lower-case media type of a Content-Type value.
func mediaType(ct string) string {
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// head returns the first bytes of body, enough for rdf.Sniff.
func head(body []byte) []byte { return body[:min(len(body), 4096)] }

// describe names a Content-Type for a message.
func describe(ct string) string {
	if strings.TrimSpace(ct) == "" {
		return "ohne Content-Type"
	}
	return "Content-Type " + municat.Shorten(ct, 80)
}

// quoteStart quotes the first characters of body for a message.
func quoteStart(body []byte) string {
	s := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(string(body[:min(len(body), 200)]), " "))
	s = strings.Join(strings.Fields(s), " ")
	return "„" + municat.Shorten(s, 60) + "“"
}

// formatName names f for a German message.
func formatName(f rdf.Format) string {
	switch f {
	case rdf.RDFXML:
		return "RDF/XML"
	case rdf.Turtle:
		return "Turtle"
	case rdf.JSONLD:
		return "JSON-LD"
	case rdf.NTriples:
		return "N-Triples"
	}
	return string(f)
}

// baseIRI returns pageURL without its fragment, the base of relative IRIs.
func baseIRI(pageURL string) string {
	base, _, _ := strings.Cut(pageURL, "#")
	return base
}

// redact returns u with any password hidden, for messages.
func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	return p.Redacted()
}
