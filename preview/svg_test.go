package preview

import (
	"bytes"
	"html/template"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/municat/municat"
)

// svgTemplate is how the pages embed a view.
var svgTemplate = template.Must(template.New("svg").Parse(`<svg viewBox="{{.ViewBox}}" width="{{.Width}}" height="{{.Height}}" role="img" aria-labelledby="karte-titel">` +
	`{{range .Paths}}<path d="{{.D}}" class="{{.Class}}"/>{{end}}` +
	`{{range .Circles}}<circle cx="{{.CX}}" cy="{{.CY}}" r="{{.R}}" class="{{.Class}}"/>{{end}}</svg>`))

func render(t testing.TB, v SVGView) string {
	var b bytes.Buffer
	if err := svgTemplate.Execute(&b, v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// parsePath returns the absolute vertices of each subpath of path data
// written by pathData.
func parsePath(t *testing.T, d string) [][][2]float64 {
	t.Helper()
	var (
		subpaths [][][2]float64
		nums     []float64
		cmd      byte
	)
	flush := func() {
		if len(nums)%2 != 0 {
			t.Fatalf("odd number count in %q", d)
		}
		for i := 0; i < len(nums); i += 2 {
			p := [2]float64{nums[i], nums[i+1]}
			if cmd == 'l' || i > 0 {
				last := subpaths[len(subpaths)-1]
				prev := last[len(last)-1]
				p = [2]float64{prev[0] + p[0], prev[1] + p[1]}
				subpaths[len(subpaths)-1] = append(last, p)
			} else {
				subpaths = append(subpaths, [][2]float64{p})
			}
		}
		nums = nums[:0]
	}
	for i := 0; i < len(d); {
		switch c := d[i]; {
		case c == 'M' || c == 'l' || c == 'z':
			flush()
			cmd = c
			i++
		case c == ' ':
			i++
		default:
			j := i + 1
			for j < len(d) && (d[j] >= '0' && d[j] <= '9' || d[j] == '.') {
				j++
			}
			f, err := strconv.ParseFloat(d[i:j], 64)
			if err != nil {
				t.Fatalf("number %q in %q", d[i:j], d)
			}
			nums = append(nums, f)
			i = j
		}
	}
	flush()
	return subpaths
}

func TestSVGProportionsAndOrientation(t *testing.T) {
	// 1° of longitude at 60° N is as long as 0.5° of latitude: a square.
	m := geoString(t, `{"type":"Polygon","coordinates":[[[10,60],[11,60],[11,60.5],[10,60.5],[10,60]]]}`, GeoOptions{})
	v := m.SVG(600, 400)
	if len(v.Paths) != 1 {
		t.Fatalf("paths %+v", v.Paths)
	}
	sub := parsePath(t, v.Paths[0].D)
	if len(sub) != 1 || len(sub[0]) != 4 {
		t.Fatalf("subpaths %v of %q", sub, v.Paths[0].D)
	}
	p := sub[0] // (10,60) (11,60) (11,60.5) (10,60.5)
	w, h := p[1][0]-p[0][0], p[1][1]-p[2][1]
	// The southern edge is below the northern one (y grows downwards).
	if w <= 0 || h <= 0 || math.Abs(w/h-1) > 0.02 {
		t.Errorf("square drawn %v×%v: %v", w, h, p)
	}
	// It fills the height and is centred.
	if h < 350 || math.Abs((p[0][0]+p[1][0])/2-300) > 0.2 || math.Abs((p[0][1]+p[2][1])/2-200) > 0.2 {
		t.Errorf("square at %v", p)
	}
	for _, c := range v.Paths[0].D {
		if !strings.ContainsRune("Mlz0123456789.- ", c) {
			t.Errorf("unexpected %q in path data %q", c, v.Paths[0].D)
		}
	}
	// A single point sits in the middle.
	v = geoString(t, `{"type":"Point","coordinates":[11.58,50.93]}`, GeoOptions{}).SVG(0, 0)
	if v.ViewBox != "0 0 600 400" || len(v.Circles) != 1 || v.Circles[0].CX != 300 || v.Circles[0].CY != 200 {
		t.Errorf("point: %q %+v", v.ViewBox, v.Circles)
	}
	// No coordinates: an empty view.
	v = geoString(t, `{"type":"FeatureCollection","features":[]}`, GeoOptions{}).SVG(300, 200)
	if v.ViewBox != "0 0 300 200" || len(v.Paths)+len(v.Circles) != 0 {
		t.Errorf("empty: %+v", v)
	}
}

func TestSVGFreiburg(t *testing.T) {
	m, err := GeoJSON(openFixture(t, "freiburg_disabled_static.geojson"), GeoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	v := m.SVG(600, 400)
	// Parking spaces of a few metres in a 15 km wide city are dots.
	if len(v.Paths) != 0 || len(v.Circles) < 150 || len(v.Circles) > 312 {
		t.Errorf("%d paths, %d circles", len(v.Paths), len(v.Circles))
	}
	for _, c := range v.Circles {
		if c.CX < c.R || c.CX > 600-c.R || c.CY < c.R || c.CY > 400-c.R {
			t.Errorf("circle outside the view: %+v", c)
		}
		if c.CX*10 != math.Round(c.CX*10) {
			t.Errorf("cx %v not rounded", c.CX)
		}
	}
	out := render(t, v)
	if len(out) > 30000 || strings.Contains(out, "style") {
		t.Errorf("markup of %d bytes", len(out))
	}
	// At a larger scale the spaces become areas.
	m, err = GeoJSON(strings.NewReader(`{"type":"Polygon","coordinates":[[[7.834144080669816,47.999896494325327],[7.834203503191811,47.999874441159427],[7.834190711755253,47.999858915857168],[7.83413128924588,47.999880969016608],[7.834144080669816,47.999896494325327]]]}`), GeoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if v := m.SVG(600, 400); len(v.Paths) != 1 || v.Paths[0].Class != ClassArea || len(v.Circles) != 0 {
		t.Errorf("one parking space: %+v", v)
	}
}

func TestBBoxSVG(t *testing.T) {
	germany := municat.BoundingBox{West: 5.87, South: 47.27, East: 15.04, North: 55.06}
	v := BBoxSVG(germany, 600, 400)
	if v.ViewBox != "0 0 600 400" || len(v.Paths) != 2 || v.Paths[0].Class != ClassFrame || v.Paths[1].Class != ClassBBox {
		t.Fatalf("%+v", v)
	}
	frame := parsePath(t, v.Paths[0].D)[0]
	if frame[0] != [2]float64{0.5, 0.5} || frame[2] != [2]float64{599.5, 399.5} {
		t.Errorf("frame %v", frame)
	}
	box := parsePath(t, v.Paths[1].D)[0]
	w, h := box[1][0]-box[0][0], box[2][1]-box[1][1]
	// Germany is higher than wide once longitude is scaled by cos(51°):
	// the height fills 60 % of 400.
	wantRatio := (15.04 - 5.87) * math.Cos((47.27+55.06)/2*math.Pi/180) / (55.06 - 47.27)
	if math.Abs(h-240) > 0.2 || math.Abs(w/h-wantRatio) > 0.01 {
		t.Errorf("box %v×%v, ratio %v want %v", w, h, w/h, wantRatio)
	}
	if math.Abs(box[0][0]+w/2-300) > 0.2 || math.Abs(box[0][1]+h/2-200) > 0.2 {
		t.Errorf("box not centred: %v", box)
	}

	// A wide, flat box fills 60 % of the width.
	box = parsePath(t, BBoxSVG(municat.BoundingBox{West: 0, South: 0, East: 10, North: 1}, 600, 400).Paths[1].D)[0]
	if w := box[1][0] - box[0][0]; math.Abs(w-360) > 0.2 {
		t.Errorf("wide box %v wide", w)
	}
	// A point is a dot; a line at least 2 px thick; NaN just the frame.
	if v := BBoxSVG(municat.BoundingBox{West: 9, South: 50, East: 9, North: 50}, 600, 400); len(v.Circles) != 1 || v.Circles[0].CX != 300 || len(v.Paths) != 1 {
		t.Errorf("point box %+v", v)
	}
	box = parsePath(t, BBoxSVG(municat.BoundingBox{West: 9, South: 50, East: 10, North: 50}, 600, 400).Paths[1].D)[0]
	if h := box[2][1] - box[1][1]; h != 2 {
		t.Errorf("flat box %v high", h)
	}
	if v := BBoxSVG(municat.BoundingBox{West: math.NaN()}, 600, 400); len(v.Paths) != 1 || len(v.Circles) != 0 {
		t.Errorf("NaN box %+v", v)
	}
	// Across the antimeridian: Fiji from 177° E to 178° W.
	box = parsePath(t, BBoxSVG(municat.BoundingBox{West: 177, South: -19, East: -178, North: -16}, 600, 400).Paths[1].D)[0]
	if w, h := box[1][0]-box[0][0], box[2][1]-box[1][1]; w <= 0 || w < h {
		t.Errorf("antimeridian box %v×%v", w, h)
	}
	if out := render(t, v); strings.Contains(out, "style") {
		t.Error("style in markup")
	}
}

func TestAppendTenths(t *testing.T) {
	for v, want := range map[int64]string{0: "0", 5: "0.5", -5: "-0.5", 10: "1", 1234: "123.4", -1230: "-123"} {
		if got := string(appendTenths(nil, v)); got != want {
			t.Errorf("appendTenths(%d) = %q, want %q", v, got, want)
		}
	}
	var d pathData
	d.add([][2]int64{{10, 20}, {15, -5}, {15, 30}}, true)
	if got := d.String(); got != "M1 2l0.5-2.5 0 3.5z" {
		t.Errorf("path %q", got)
	}
}
