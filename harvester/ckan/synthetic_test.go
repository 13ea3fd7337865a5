package ckan_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// syntheticRowsMax caps the rows of one page, as CKAN's default
// ckan.search.rows_max.
const syntheticRowsMax = 1000

// Vocabulary of the synthetic packages: German words of municipal open data.
var (
	synthSubjects = []string{"Haushalt", "Bebauungspläne", "Baumkataster", "Verkehrszählung", "Luftqualität", "Wahlergebnisse",
		"Bevölkerungsstatistik", "Kindertagesstätten", "Parkplätze", "Radwegenetz", "Lärmkartierung", "Bodenrichtwerte",
		"Haltestellen", "Trinkwasserqualität", "Abfallkalender", "Schulstandorte", "Hochwassergefahrenkarte", "Denkmalliste",
		"Straßenverzeichnis", "Solarpotenzial", "Ladesäulen", "Friedhöfe", "Spielplätze", "Gewerbeanmeldungen"}
	synthPlaces = []string{"Musterstadt", "Landkreis Musterland", "Bergheim", "Neustadt an der Weinstraße", "Kreisstadt Talbach",
		"Gemeinde Seeufer", "Stadtbezirk Mitte", "Ortsteil Oberdorf"}
	synthWords = []string{"Die", "Daten", "umfassen", "alle", "Einträge", "des", "Jahres", "und", "werden", "monatlich",
		"aktualisiert", "Grundlage", "ist", "die", "amtliche", "Erhebung", "der", "Verwaltung", "Angaben", "beziehen", "sich",
		"auf", "das", "gesamte", "Stadtgebiet", "sowie", "angrenzende", "Flächen", "Hinweise", "zur", "Nutzung", "finden",
		"Sie", "in", "Dokumentation", "Werte", "sind", "vorläufig", "bereinigt", "nach", "Bezirken", "gegliedert"}
	synthFormats  = []string{"CSV", "JSON", "XLSX", "PDF", "WMS", "WFS", "GeoJSON", "XML", "ZIP", "HTML"}
	synthLicenses = []string{"dl-by-de/2.0", "dl-zero-de/2.0", "cc-by/4.0", "cc-zero", "cc-by-sa/4.0"}
	synthGroups   = []string{"gove", "envi", "tran", "soci", "econ", "regi", "educ", "heal", "ener", "agri", "intr", "just", "tech"}
	synthOrgs     = []string{"Stadtverwaltung", "Umweltamt", "Vermessungsamt", "Ordnungsamt", "Statistikstelle", "Bauamt",
		"Tiefbauamt", "Schulverwaltung", "Kämmerei", "Wahlamt", "Stadtwerke", "Jugendamt"}
)

// syntheticPortal is a CKAN Action API on loopback serving generated
// packages through package_search, paged like CKAN (rows capped at
// syntheticRowsMax, sorted by creation time).
type syntheticPortal struct {
	// URL is the portal's root.
	URL      string
	packages [][]byte // in package_search order
}

// newSyntheticPortal starts a portal with n packages generated from a fixed
// seed and stops it when the test ends.
func newSyntheticPortal(tb testing.TB, n int) *syntheticPortal {
	tb.Helper()
	p := &syntheticPortal{packages: make([][]byte, n)}
	rng := rand.New(rand.NewPCG(9, 2026))
	created := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		b, err := json.Marshal(syntheticPackage(rng, i, created.Add(time.Duration(i)*time.Minute)))
		if err != nil {
			tb.Fatalf("encode package %d: %v", i, err)
		}
		p.packages[i] = b
	}
	srv := httptest.NewServer(http.HandlerFunc(p.serve))
	tb.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

// serve answers package_search.
func (p *syntheticPortal) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/api/3/action/package_search" {
		http.NotFound(w, r)
		return
	}
	rows, err1 := strconv.Atoi(r.URL.Query().Get("rows"))
	start, err2 := strconv.Atoi(r.URL.Query().Get("start"))
	if err1 != nil || err2 != nil || rows < 0 || start < 0 {
		http.Error(w, "bad rows or start", http.StatusBadRequest)
		return
	}
	rows = min(rows, syntheticRowsMax)
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"help":"%s/api/3/action/help_show?name=package_search","success":true,"result":{"count":%d,"sort":"metadata_created asc, id asc","facets":{},"results":[`, p.URL, len(p.packages))
	for i := start; i < len(p.packages) && i < start+rows; i++ {
		if i > start {
			b.WriteByte(',')
		}
		b.Write(p.packages[i])
	}
	b.WriteString(`],"search_facets":{}}}`)
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	_, _ = w.Write(b.Bytes())
}

// syntheticPackage returns package number i as CKAN's package_search lists
// it, with a realistic spread of lengths, resources, tags and groups.
func syntheticPackage(rng *rand.Rand, i int, created time.Time) map[string]any {
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	words := func(lo, hi int) string {
		n := lo + rng.IntN(hi-lo+1)
		ws := make([]string, n)
		for j := range ws {
			ws[j] = pick(synthWords)
		}
		return strings.Join(ws, " ")
	}
	id := fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", i, rng.IntN(1<<16), rng.IntN(1<<12), rng.IntN(1<<12), rng.Int64N(1<<48))
	name := fmt.Sprintf("datensatz-%d", i)
	org := pick(synthOrgs)
	stamp := created.Format("2006-01-02T15:04:05.000000")
	var resources []map[string]any
	for r := range 1 + rng.IntN(5) {
		format := pick(synthFormats)
		resources = append(resources, map[string]any{
			"id": fmt.Sprintf("%s-r%d", id, r), "package_id": id, "position": r, "state": "active",
			"name": words(2, 5), "description": words(5, 20), "format": format,
			"url":     fmt.Sprintf("https://daten.musterland.de/%s/ressource-%d.%s", name, r, strings.ToLower(format)),
			"created": stamp, "last_modified": stamp, "mimetype": nil, "size": rng.IntN(5 << 20), "url_type": nil,
		})
	}
	var tags []map[string]any
	for range 2 + rng.IntN(8) {
		t := strings.ToLower(pick(synthSubjects))
		tags = append(tags, map[string]any{"name": t, "display_name": t, "state": "active", "vocabulary_id": nil})
	}
	var groups []map[string]any
	for range 1 + rng.IntN(2) {
		g := pick(synthGroups)
		groups = append(groups, map[string]any{"name": g, "title": g, "display_name": g})
	}
	return map[string]any{
		"id": id, "name": name, "type": "dataset", "state": "active", "private": false,
		"title":             fmt.Sprintf("%s %s %d", pick(synthSubjects), pick(synthPlaces), 2000+rng.IntN(26)),
		"notes":             words(20, 120) + ".",
		"metadata_created":  stamp,
		"metadata_modified": stamp,
		"author":            org + " " + pick(synthPlaces), "author_email": "opendata@musterland.de",
		"maintainer": org, "maintainer_email": "daten@musterland.de",
		"license_id": pick(synthLicenses), "version": "",
		"organization": map[string]any{"name": strings.ToLower(org), "title": org},
		"resources":    resources, "num_resources": len(resources),
		"tags": tags, "num_tags": len(tags), "groups": groups,
		"extras": []map[string]any{
			{"key": "contributorID", "value": `["http://dcat-ap.de/def/contributors/musterland"]`},
			{"key": "issued", "value": stamp},
			{"key": "temporal_start", "value": "2020-01-01"},
		},
	}
}
