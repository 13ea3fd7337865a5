package dcat_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/municat/municat/internal/dcattest"
)

// TestFetchRealCatalogues harvests every real catalogue of the fixtures
// over loopback. The counts and titles were read from the files by hand.
func TestFetchRealCatalogues(t *testing.T) {
	tests := []struct {
		file, ctype string
		count       int
		titles      map[string]string // remote id → title, for some datasets
	}{
		{dcattest.CatalogEndpoint, "application/rdf+xml; charset=utf-8", 6, map[string]string{
			"http://data.example-domain.de/dataset/b5882a57-d142-4930-9290-b12bbb6e3f0c": "Titel",
			"http://data.example-domain.de/dataset/bd2d4fa6-e9ad-470d-888b-5eb1378d39e9": "Naturräume Geest und Marsch",
			"http://data.example-domain.de/dataset/63961baa-2fd0-40d4-9242-4a9640ff5f1e": "Aktuelle Ausschreibungen nach VOL, VOB, VOF oder für Interessenbekundungsverfahren",
			"http://data.example-domain.de/dataset/0ee2fe79-fc37-400d-a8ca-4915b0295aec": "Europawahl 2009 - Ebene: SPD, Gewinne und Verluste gegenüber Europawahl 2004 in %-Punkten (VG)",
		}},
		{dcattest.RostockDataset, "application/rdf+xml", 1, map[string]string{
			"https://www.opendata-hro.de/dataset/c1be4007-d811-48fb-8818-2cb358b06a63": "Liefer- und Abholservices (Gastronomie)",
		}},
		{dcattest.VanvesCatalog, "application/rdf+xml", 2, map[string]string{
			"https://vanves-seineouest.opendatasoft.com/explore/dataset/bureau-de-vote-vanves/":         "Bureaux de vote - Vanves",
			"https://vanves-seineouest.opendatasoft.com/explore/dataset/vfe_public_219200755_20240506/": "Ville de Vanves - Part des véhicules à faibles émissions dans le renouvellement du parc",
		}},
		{dcattest.MadridDataset, "text/turtle", 1, map[string]string{
			"https://datos.gob.es/catalogo/l01280796-estudio-de-satisfaccion-con-el-programa-de-escuelas-municipales-de-promocion-deportiva-en-centros-escolares": "Estudio de Satisfacción con el Programa de Escuelas Municipales de Promoción Deportiva en centros escolares",
		}},
		{dcattest.RefImpJSONLD, "application/ld+json", 2, map[string]string{
			"https://example.com/dataset/68180d85-df56-48e0-993e-b9da36103a72#dataset": "Gebietsgrenzen Polizeikommissariate",
			"https://example.com/dataset/d4ce4e6e-ab89-44cb-bf5c-33a162c234de#dataset": "Badegewässer in Hamburg",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			srv := dcattest.New(t)
			body := dcattest.ReadFixture(t, tt.file)
			srv.Put("/catalog", dcattest.Doc{ContentType: tt.ctype, Body: body})
			got, err := fetch(t, quick(), srv.URL+"/catalog")
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if len(got.Errs) > 0 {
				t.Errorf("record errors: %v", got.Errs[0].Err)
			}
			for _, p := range got.Pages {
				for _, r := range p.Records {
					if r.Link != r.RemoteID && r.Link != srv.URL+"/catalog" {
						t.Errorf("record %s links %q, want its IRI or the page", r.RemoteID, r.Link)
					}
				}
			}
			if len(got.IDs) != tt.count || len(got.Titles()) != tt.count {
				t.Fatalf("%d records (%d distinct): %v; want %d", len(got.IDs), len(got.Titles()), got.IDs, tt.count)
			}
			for id, title := range tt.titles {
				if got.Titles()[id] != title {
					t.Errorf("%s: title %q, want %q", id, got.Titles()[id], title)
				}
			}
			p := got.Pages[0]
			if len(got.Pages) != 1 || !bytes.Equal(p.Body, body) || p.ContentType != tt.ctype || p.URL != srv.URL+"/catalog" {
				t.Errorf("%d pages; page 1 %s, %q, %d bytes: want the body as served", len(got.Pages), p.URL, p.ContentType, len(p.Body))
			}
			if wantExt := map[string]string{"rdf": "rdf", "ttl": "ttl", "jsonld": "jsonld"}[tt.file[strings.LastIndexByte(tt.file, '.')+1:]]; p.Ext != wantExt {
				t.Errorf("ext %q, want %q", p.Ext, wantExt)
			}
			for _, r := range p.Records {
				if r.Dataset != nil && r.Dataset.Identifier == "" {
					t.Errorf("%s: no identifier set", r.RemoteID)
				}
			}
			if a := srv.Accept(); !strings.HasPrefix(a, "application/rdf+xml, text/turtle") {
				t.Errorf("Accept %q", a)
			}
		})
	}
}

// TestFetchIdentifierFallback: a dataset without dct:identifier gets its
// IRI as identifier; one with keeps it.
func TestFetchIdentifierFallback(t *testing.T) {
	srv := dcattest.New(t)
	srv.Put("/catalog.rdf", dcattest.Doc{ContentType: "application/rdf+xml", Body: dcattest.ReadFixture(t, dcattest.CatalogEndpoint)})
	srv.Put("/ref.jsonld", dcattest.Doc{ContentType: "application/ld+json", Body: dcattest.ReadFixture(t, dcattest.RefImpJSONLD)})
	got, err := fetch(t, quick(), srv.URL+"/catalog.rdf")
	if err != nil {
		t.Fatal(err)
	}
	r := got.Pages[0].Records[0]
	if r.Dataset.Identifier != strings.TrimPrefix(r.RemoteID, "http://data.example-domain.de/dataset/") {
		t.Errorf("identifier %q of %s, want its dct:identifier", r.Dataset.Identifier, r.RemoteID)
	}
	got, err = fetch(t, quick(), srv.URL+"/ref.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	// The reference example has no dct:identifier at all.
	for _, r := range got.Pages[0].Records {
		if r.Dataset.Identifier != r.RemoteID {
			t.Errorf("%s: identifier %q, want the IRI", r.RemoteID, r.Dataset.Identifier)
		}
	}
}
