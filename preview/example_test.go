package preview_test

import (
	"fmt"
	"html/template"
	"os"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/preview"
)

func ExampleCSV() {
	f, err := os.Open("../testdata/fixtures/municipal-data/bietigheim-bissingen.csv")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	tab, err := preview.CSV(f, preview.Options{Limit: 2})
	if err != nil {
		fmt.Println(err) // German, for the page
		return
	}
	fmt.Println(tab.Encoding, tab.Separator, tab.HasMore)
	fmt.Println(strings.Join(tab.Columns, " | "))
	for _, row := range tab.Rows {
		fmt.Println(strings.Join(row, " | "))
	}
	// Output:
	// windows-1252 ; true
	// Name | OpeningState | Capacity | OccupiedSites | Timestamp
	// Parkplatz Mühlwiesenstr. | Geöffnet | 106 | 81 | 1740651467085
	// Parkhaus Kronenzentrum | Geöffnet | 56 | 31 | 1740651340359
}

// The page template the lead uses for maps: classes only, no style.
var mapTemplate = template.Must(template.New("map").Parse(
	`<svg viewBox="{{.ViewBox}}" role="img" aria-labelledby="karte">` +
		`{{range .Paths}}<path d="{{.D}}" class="{{.Class}}"/>{{end}}` +
		`{{range .Circles}}<circle cx="{{.CX}}" cy="{{.CY}}" r="{{.R}}" class="{{.Class}}"/>{{end}}</svg>`))

func ExampleMap_SVG() {
	// A square of 1 km and a point, in ETRS89 / UTM zone 32N.
	doc := `{"type":"FeatureCollection",
		"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25832"}},
		"features":[
		{"type":"Feature","properties":{"name":"Feld"},"geometry":{"type":"Polygon",
			"coordinates":[[[500000,5540000],[501000,5540000],[501000,5541000],[500000,5541000],[500000,5540000]]]}},
		{"type":"Feature","properties":{"name":"Brunnen"},"geometry":{"type":"Point","coordinates":[500500,5540500]}}]}`
	m, err := preview.GeoJSON(strings.NewReader(doc), preview.GeoOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %d features, %v, W %.4f S %.4f E %.4f N %.4f\n", m.CRS, m.Features, m.Types,
		m.BBox.West, m.BBox.South, m.BBox.East, m.BBox.North)
	fmt.Println(m.Properties.Columns, m.Properties.Rows)
	var b strings.Builder
	if err := mapTemplate.Execute(&b, m.SVG(300, 200)); err != nil {
		panic(err)
	}
	fmt.Println(b.String())
	// Output:
	// EPSG:25832 2 features, [{Point 1} {Polygon 1}], W 9.0000 S 50.0123 E 9.0140 N 50.0213
	// [name] [[Feld] [Brunnen]]
	// <svg viewBox="0 0 300 200" role="img" aria-labelledby="karte"><path d="M54.3 196l191.4 0 0-192-191.4 0z" class="geo-area"/><circle cx="150" cy="100" r="2" class="geo-point"/></svg>
}

func ExampleBBoxSVG() {
	jena := municat.BoundingBox{West: 11.5, South: 50.85, East: 11.7, North: 50.98}
	v := preview.BBoxSVG(jena, 300, 200)
	for _, p := range v.Paths {
		fmt.Println(p.Class, p.D)
	}
	// Output:
	// geo-frame M0.5 0.5l299 0 0 199-299 0z
	// geo-bbox M91.8 40l116.4 0 0 120-116.4 0z
}

func ExampleKind() {
	fmt.Println(preview.Kind("CSV", "", ""))
	fmt.Println(preview.Kind("JSON", "application/json", "https://example.org/parkplaetze.geojson"))
	fmt.Println(preview.Kind("", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ""))
	fmt.Printf("%q\n", preview.Kind("PDF", "application/pdf", "bericht.pdf"))
	// Output:
	// csv
	// geojson
	// xlsx
	// ""
}
