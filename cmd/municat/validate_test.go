package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/municat/municat/internal/dcattest"
)

// validation is the parsed output of `municat validate`.
type validation struct {
	titles               []string
	iris                 []string
	violations, warnings int // problem lines printed
	summary              string
}

var (
	datasetLine = regexp.MustCompile(`^\d+\. (.*)$`)
	summaryLine = regexp.MustCompile(`^Ergebnis: (\d+) Datens(?:atz|ätze) geprüft, (\d+) mit Fehlern; (\d+) Fehler, (\d+) Hinweis(?:e)?\.$`)
)

// parseValidation reads the output of a validate run and checks that its
// closing line agrees with the lines before it.
func parseValidation(t *testing.T, r result) validation {
	t.Helper()
	var v validation
	flawed, bad := 0, false
	for _, l := range strings.Split(r.stdout, "\n") {
		switch {
		case datasetLine.MatchString(l):
			v.titles = append(v.titles, datasetLine.FindStringSubmatch(l)[1])
			bad = false
		case strings.HasPrefix(l, "   IRI: "):
			v.iris = append(v.iris, strings.TrimPrefix(l, "   IRI: "))
		case strings.HasPrefix(l, "   Fehler  "):
			v.violations++
			if !bad {
				flawed++
			}
			bad = true
		case strings.HasPrefix(l, "   Hinweis  "):
			v.warnings++
		case strings.HasPrefix(l, "Ergebnis: "):
			v.summary = l
		}
	}
	m := summaryLine.FindStringSubmatch(v.summary)
	if m == nil {
		t.Fatalf("no closing line in\n%s", r.stdout)
	}
	want := []int{len(v.titles), flawed, v.violations, v.warnings}
	for i, w := range want {
		if n, _ := strconv.Atoi(m[i+1]); n != w {
			t.Errorf("closing line %q: count %d is %d, but %d were printed", v.summary, i+1, n, w)
		}
	}
	if len(v.iris) != len(v.titles) {
		t.Errorf("%d IRI lines for %d datasets", len(v.iris), len(v.titles))
	}
	wantCode := exitOK
	if v.violations > 0 {
		wantCode = exitFailed
	}
	if r.code != wantCode || r.stderr != "" {
		t.Errorf("exit %d, stderr %q; want %d with %d violations", r.code, r.stderr, wantCode, v.violations)
	}
	return v
}

func TestValidateFiles(t *testing.T) {
	tests := []struct {
		file  string
		count int
		title string // one of the titles
		iri   string // and its IRI
	}{
		{dcattest.CatalogEndpoint, 6, "Naturräume Geest und Marsch", "http://data.example-domain.de/dataset/bd2d4fa6-e9ad-470d-888b-5eb1378d39e9"},
		{dcattest.MadridDataset, 1, "Estudio de Satisfacción con el Programa de Escuelas Municipales de Promoción Deportiva en centros escolares",
			"https://datos.gob.es/catalogo/l01280796-estudio-de-satisfaccion-con-el-programa-de-escuelas-municipales-de-promocion-deportiva-en-centros-escolares"},
		{dcattest.RefImpJSONLD, 2, "Badegewässer in Hamburg", "https://example.com/dataset/d4ce4e6e-ab89-44cb-bf5c-33a162c234de#dataset"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := mustRun(t, env{}, "validate", dcattest.FixturePath(t, tt.file))
			v := parseValidation(t, r)
			if len(v.titles) != tt.count {
				t.Fatalf("%d datasets, want %d:\n%s", len(v.titles), tt.count, r.stdout)
			}
			i := strings.Index(r.stdout, ". "+tt.title+"\n   IRI: "+tt.iri+"\n")
			if i < 0 {
				t.Errorf("no block for %q with IRI %s in\n%s", tt.title, tt.iri, r.stdout)
			}
		})
	}
}

// cleanDataset is a dataset with every field DCAT-AP.de 3.0 requires.
const cleanDataset = `@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .

<https://daten.musterstadt.de/dataset/baeume> a dcat:Dataset ;
    dct:title "Baumkataster"@de ;
    dct:description "Alle Straßenbäume der Stadt Musterstadt."@de ;
    dcat:keyword "Bäume"@de ;
    dcat:theme <http://publications.europa.eu/resource/authority/data-theme/ENVI> ;
    dct:publisher [ a foaf:Organization ; foaf:name "Stadt Musterstadt"@de ] ;
    dcat:contactPoint [ a vcard:Organization ; vcard:fn "Umweltamt" ; vcard:hasEmail <mailto:umwelt@musterstadt.de> ] ;
    dct:license <http://dcat-ap.de/def/licenses/dl-by-de/2.0> ;
    dcat:distribution <https://daten.musterstadt.de/dataset/baeume/csv> .

<https://daten.musterstadt.de/dataset/baeume/csv> a dcat:Distribution ;
    dcat:accessURL <https://daten.musterstadt.de/files/baeume.csv> ;
    dct:license <http://dcat-ap.de/def/licenses/dl-by-de/2.0> ;
    dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> .
`

// TestValidateClean: a complete dataset has no violation and exits 0;
// without a licence it has one and exits 1. The file has no extension, so
// its format is sniffed.
func TestValidateClean(t *testing.T) {
	dir := t.TempDir()
	r := mustRun(t, env{}, "validate", mustWriteFile(t, dir, "baeume", cleanDataset))
	if v := parseValidation(t, r); r.code != exitOK || v.violations != 0 || len(v.titles) != 1 || v.titles[0] != "Baumkataster" {
		t.Fatalf("exit %d, %+v\n%s", r.code, v, r.stdout)
	}
	unlicensed := strings.ReplaceAll(cleanDataset, "dct:license <http://dcat-ap.de/def/licenses/dl-by-de/2.0> ;", "")
	r = mustRun(t, env{}, "validate", mustWriteFile(t, dir, "ohne-lizenz.ttl", unlicensed))
	if v := parseValidation(t, r); r.code != exitFailed || v.violations == 0 || !strings.Contains(r.stdout, "license") {
		t.Errorf("without licence: exit %d, %d violations\n%s", r.code, v.violations, r.stdout)
	}
}

func TestValidateURL(t *testing.T) {
	srv := dcattest.New(t)
	ds := dcattest.Datasets("https://k.example", 5)
	for i := 1; i <= 3; i++ {
		p := dcattest.Page{Self: fmt.Sprintf("%s/c.ttl?page=%d", srv.URL, i), TotalItems: 5, Datasets: ds[(i-1)*2 : min(i*2, 5)]}
		if i < 3 {
			p.Next = fmt.Sprintf("c.ttl?page=%d", i+1)
		}
		srv.Put(fmt.Sprintf("/c.ttl?page=%d", i), dcattest.Doc{ContentType: "text/turtle", Body: dcattest.Turtle(srv.URL+"/", p, dcattest.CKANDCAT)})
	}
	r := mustRun(t, env{}, "validate", srv.URL+"/c.ttl?page=1")
	v := parseValidation(t, r)
	if len(v.titles) != 2 || !strings.Contains(r.stdout, "weitere Seiten (nächste: "+srv.URL+"/c.ttl?page=2)") {
		t.Errorf("first page only: %v\n%s", v.titles, r.stdout)
	}
	r = mustRun(t, env{}, "validate", "--all-pages", srv.URL+"/c.ttl?page=1")
	v = parseValidation(t, r)
	if strings.Join(v.titles, ",") != "Datensatz 1,Datensatz 2,Datensatz 3,Datensatz 4,Datensatz 5" || v.iris[4] != ds[4].IRI {
		t.Errorf("all pages: %v %v", v.titles, v.iris)
	}
	// Generated datasets lack publisher, licence, distributions …
	if v.violations == 0 || r.code != exitFailed {
		t.Errorf("bare datasets: %d violations, exit %d", v.violations, r.code)
	}
}

func TestValidateErrors(t *testing.T) {
	srv := dcattest.New(t)
	srv.Put("/portal", dcattest.Doc{ContentType: "text/html", Body: []byte("<!doctype html><html><body>Portal</body></html>")})
	srv.Put("/leer.ttl", dcattest.Doc{ContentType: "text/turtle", Body: []byte("@prefix dct: <http://purl.org/dc/terms/> .\n<https://k.example/> dct:title \"x\" .\n")})
	srv.Put("/loop?page=1", dcattest.Doc{ContentType: "text/turtle", Body: dcattest.Turtle(srv.URL+"/", dcattest.Page{Self: srv.URL + "/loop?page=1", Next: "loop?page=1", TotalItems: -1, Datasets: dcattest.Datasets("https://k.example", 1)}, dcattest.CKANDCAT)})
	dir := t.TempDir()
	broken := mustWriteFile(t, dir, "kaputt.ttl", "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<a> a dcat:Dataset ; dcat:keyword \"offen .\n")
	tests := []struct {
		args []string
		want string // in the one line on stderr
	}{
		{[]string{"validate"}, "exactly 1 argument"},
		{[]string{"validate", "a", "b"}, "exactly 1 argument"},
		{[]string{"validate", "--nope", "a"}, "flag provided but not defined"},
		{[]string{"validate", "--all-pages", broken}, "nur für Web-Adressen"},
		{[]string{"validate", dir + "/fehlt.rdf"}, "lässt sich nicht öffnen"},
		{[]string{"validate", broken}, "ließ sich nicht als Turtle lesen"},
		{[]string{"validate", srv.URL + "/portal"}, "HTML-Seite"},
		{[]string{"validate", srv.URL + "/fehlt.rdf"}, "HTTP 404"},
		{[]string{"validate", srv.URL + "/leer.ttl"}, "keinen Datensatz"},
		{[]string{"validate", "--all-pages", srv.URL + "/loop?page=1"}, "nennt sich selbst"},
	}
	for _, tt := range tests {
		r := mustRun(t, env{}, tt.args...)
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if r.code != exitUsage || !strings.Contains(r.stderr, tt.want) || (len(lines) != 1 && !strings.Contains(tt.want, "flag")) {
			t.Errorf("%v: exit %d, stderr %q; want %d and one line with %q", tt.args, r.code, r.stderr, exitUsage, tt.want)
		}
	}
}
