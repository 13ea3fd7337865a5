package preview

import (
	"math"
	"strconv"

	"github.com/municat/municat"
)

// CSS classes of the SVG shapes. The package writes no style: the page's
// stylesheet colours them (areas need "fill-rule: evenodd" for holes).
const (
	// ClassArea marks polygons.
	ClassArea = "geo-area"
	// ClassLine marks lines.
	ClassLine = "geo-line"
	// ClassPoint marks points, and areas or lines smaller than a pixel or
	// two, drawn as dots so that they do not vanish.
	ClassPoint = "geo-point"
	// ClassBBox marks the rectangle of BBoxSVG.
	ClassBBox = "geo-bbox"
	// ClassFrame marks the frame of BBoxSVG.
	ClassFrame = "geo-frame"
)

// SVGView is the content of an inline <svg> element, to be written with
// html/template:
//
//	<svg viewBox="{{.ViewBox}}" width="{{.Width}}" height="{{.Height}}" role="img" aria-labelledby="…">
//	  {{range .Paths}}<path d="{{.D}}" class="{{.Class}}"/>{{end}}
//	  {{range .Circles}}<circle cx="{{.CX}}" cy="{{.CY}}" r="{{.R}}" class="{{.Class}}"/>{{end}}
//	</svg>
//
// Coordinates are in viewBox units (pixels at the nominal size), rounded to
// a tenth; y grows downwards.
type SVGView struct {
	// ViewBox is the viewBox attribute: "0 0 Width Height".
	ViewBox string
	// Width is the nominal width.
	Width int
	// Height is the nominal height.
	Height int
	// Paths are drawn first: areas, then lines.
	Paths []SVGPath
	// Circles are drawn on top of the paths.
	Circles []SVGCircle
}

// SVGPath is one <path> element.
type SVGPath struct {
	// D is the path data.
	D string
	// Class is one of the Class… constants.
	Class string
}

// SVGCircle is one <circle> element.
type SVGCircle struct {
	// CX, CY are the centre.
	CX, CY float64
	// R is the radius.
	R float64
	// Class is one of the Class… constants.
	Class string
}

// newView returns an empty view of the given size, 600×400 for
// non-positive sizes and at most 4000 in each direction.
func newView(width, height int) SVGView {
	if width <= 0 || height <= 0 {
		width, height = 600, 400
	}
	width, height = min(width, 4000), min(height, 4000)
	return SVGView{
		ViewBox: "0 0 " + strconv.Itoa(width) + " " + strconv.Itoa(height),
		Width:   width, Height: height,
	}
}

// projection maps WGS84 to viewBox tenths: equirectangular, x scaled by the
// cosine of the middle latitude so that shapes keep their proportions, y
// flipped, fitted into the view with a margin and centred.
type projection struct {
	west, north, kx, scale, offX, offY float64
}

// minExtent is the smallest extent, in degrees of latitude, a map shows,
// so that a single point is not blown up to the whole view.
const minExtent = 0.002

func newProjection(b municat.BoundingBox, w, h, margin, fill float64) projection {
	mid := (b.South + b.North) / 2
	kx := math.Max(math.Cos(mid*math.Pi/180), 0.01)
	ex, ey := (b.East-b.West)*kx, b.North-b.South
	p := projection{west: b.West, north: b.North, kx: kx}
	if ex < minExtent && ey < minExtent {
		p.west -= (minExtent - ex) / 2 / kx
		p.north += (minExtent - ey) / 2
		ex, ey = minExtent, minExtent
	}
	aw, ah := (w-2*margin)*fill, (h-2*margin)*fill
	switch {
	case ex <= 0:
		p.scale = ah / ey
	case ey <= 0:
		p.scale = aw / ex
	default:
		p.scale = math.Min(aw/ex, ah/ey)
	}
	p.offX = (w - ex*p.scale) / 2
	p.offY = (h - ey*p.scale) / 2
	return p
}

// xy returns the position of a WGS84 vertex in tenths of viewBox units.
func (p projection) xy(v [2]float64) [2]int64 {
	x := p.offX + (v[0]-p.west)*p.kx*p.scale
	y := p.offY + (p.north-v[1])*p.scale
	return [2]int64{int64(math.Round(x * 10)), int64(math.Round(y * 10))}
}

// SVG draws the map into a view of width×height (600×400 if not
// positive). Vertices closer than half a pixel to the previous one are
// skipped and coordinates rounded to a tenth, so the markup stays small;
// areas and lines smaller than about 1.5 pixels become dots.
func (m *Map) SVG(width, height int) SVGView {
	v := newView(width, height)
	if m.BBox == nil || len(m.shapes) == 0 {
		return v
	}
	w, h := float64(v.Width), float64(v.Height)
	r := math.Round(math.Min(w, h)/130*2) / 2
	r = math.Max(2, math.Min(r, 6))
	pr := newProjection(*m.BBox, w, h, r+2, 1)
	var areas, lines pathData
	dots := dotSet{r: r, seen: map[[2]int64]bool{}}
	for _, s := range m.shapes {
		switch s.kind {
		case pointShape:
			for _, part := range s.parts {
				for _, vx := range part {
					dots.add(pr.xy(vx))
				}
			}
		case lineShape:
			for _, part := range s.parts {
				pts, tiny := simplify(pr, part, false)
				if tiny {
					dots.add(centre(pts))
					continue
				}
				lines.add(pts, false)
			}
		case areaShape:
			for i, ring := range s.parts {
				pts, tiny := simplify(pr, ring, true)
				if !tiny {
					areas.add(pts, true)
					continue
				}
				if i == 0 {
					dots.add(centre(pts)) // the outline is a dot: no holes
					break
				}
				// A hole too small to see is left out.
			}
		}
	}
	if areas.Len() > 0 {
		v.Paths = append(v.Paths, SVGPath{D: areas.String(), Class: ClassArea})
	}
	if lines.Len() > 0 {
		v.Paths = append(v.Paths, SVGPath{D: lines.String(), Class: ClassLine})
	}
	v.Circles = dots.circles
	return v
}

// simplify projects a line or ring, dropping vertices within half a pixel
// of the previous kept one (and the closing vertex of a ring). tiny reports
// a result too small to draw as a line or area.
func simplify(pr projection, part [][2]float64, ring bool) (pts [][2]int64, tiny bool) {
	for i, v := range part {
		q := pr.xy(v)
		if n := len(pts); n > 0 {
			dx, dy := q[0]-pts[n-1][0], q[1]-pts[n-1][1]
			last := i == len(part)-1 && !ring
			if dx*dx+dy*dy < 25 && !(last && (dx != 0 || dy != 0) && n == 1) {
				continue
			}
		}
		pts = append(pts, q)
	}
	if ring && len(pts) > 1 && pts[len(pts)-1] == pts[0] {
		pts = pts[:len(pts)-1]
	}
	lo, hi := pts[0], pts[0]
	for _, q := range pts {
		lo = [2]int64{min(lo[0], q[0]), min(lo[1], q[1])}
		hi = [2]int64{max(hi[0], q[0]), max(hi[1], q[1])}
	}
	small := hi[0]-lo[0] < 15 && hi[1]-lo[1] < 15
	if ring {
		return pts, small || len(pts) < 3
	}
	return pts, small || len(pts) < 2
}

// centre returns the middle of the bounding box of pts.
func centre(pts [][2]int64) [2]int64 {
	lo, hi := pts[0], pts[0]
	for _, q := range pts {
		lo = [2]int64{min(lo[0], q[0]), min(lo[1], q[1])}
		hi = [2]int64{max(hi[0], q[0]), max(hi[1], q[1])}
	}
	return [2]int64{(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2}
}

// pathData builds compact SVG path data from tenths: an absolute moveto,
// then relative linetos.
type pathData struct{ b []byte }

func (d *pathData) Len() int       { return len(d.b) }
func (d *pathData) String() string { return string(d.b) }

func (d *pathData) add(pts [][2]int64, closed bool) {
	d.b = append(d.b, 'M')
	d.num(pts[0][0])
	d.num(pts[0][1])
	d.b = append(d.b, 'l')
	for i := 1; i < len(pts); i++ {
		d.num(pts[i][0] - pts[i-1][0])
		d.num(pts[i][1] - pts[i-1][1])
	}
	if closed {
		d.b = append(d.b, 'z')
	}
}

// num appends v tenths as a decimal, separated from a preceding number by
// a space unless its minus sign separates it.
func (d *pathData) num(v int64) {
	if n := len(d.b); n > 0 && v >= 0 && (d.b[n-1] >= '0' && d.b[n-1] <= '9') {
		d.b = append(d.b, ' ')
	}
	d.b = appendTenths(d.b, v)
}

// appendTenths appends v/10 with at most one decimal.
func appendTenths(b []byte, v int64) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	b = strconv.AppendInt(b, v/10, 10)
	if v%10 != 0 {
		b = append(b, '.', byte('0'+v%10))
	}
	return b
}

// dotSet collects point circles, one per pixel.
type dotSet struct {
	r       float64
	seen    map[[2]int64]bool
	circles []SVGCircle
}

func (s *dotSet) add(q [2]int64) {
	key := [2]int64{q[0] / 10, q[1] / 10}
	if s.seen[key] {
		return
	}
	s.seen[key] = true
	s.circles = append(s.circles, SVGCircle{CX: float64(q[0]) / 10, CY: float64(q[1]) / 10, R: s.r, Class: ClassPoint})
}

// BBoxSVG draws a bounding box (a dataset's spatial coverage) as a
// rectangle filling about 60 % of a framed view of width×height (600×400 if
// not positive), keeping its proportions. A box without extent is drawn as a
// dot. A box crossing the antimeridian (West > East) is drawn eastwards
// from West.
func BBoxSVG(b municat.BoundingBox, width, height int) SVGView {
	v := newView(width, height)
	w, h := float64(v.Width), float64(v.Height)
	var frame pathData
	frame.add([][2]int64{{5, 5}, {int64(w*10) - 5, 5}, {int64(w*10) - 5, int64(h*10) - 5}, {5, int64(h*10) - 5}}, true)
	v.Paths = append(v.Paths, SVGPath{D: frame.String(), Class: ClassFrame})
	if !finite(b.West, b.South, b.East, b.North) {
		return v
	}
	if b.South > b.North {
		b.South, b.North = b.North, b.South
	}
	b.South, b.North = math.Max(b.South, -89), math.Min(b.North, 89)
	if b.West > b.East {
		b.East += 360
	}
	mid := (b.South + b.North) / 2
	ex, ey := (b.East-b.West)*math.Cos(mid*math.Pi/180), b.North-b.South
	if ex <= 0 && ey <= 0 {
		v.Circles = []SVGCircle{{CX: w / 2, CY: h / 2, R: math.Max(2, math.Round(math.Min(w, h)/130*2)/2), Class: ClassBBox}}
		return v
	}
	pr := newProjection(b, w, h, 0, 0.6)
	lo := pr.xy([2]float64{b.West, b.North})
	hi := pr.xy([2]float64{b.East, b.South})
	// At least two pixels wide and high, so that it is visible.
	for i := range 2 {
		if d := hi[i] - lo[i]; d < 20 {
			lo[i] -= (20 - d) / 2
			hi[i] = lo[i] + 20
		}
	}
	var box pathData
	box.add([][2]int64{lo, {hi[0], lo[1]}, hi, {lo[0], hi[1]}}, true)
	v.Paths = append(v.Paths, SVGPath{D: box.String(), Class: ClassBBox})
	return v
}

func finite(fs ...float64) bool {
	for _, f := range fs {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
	}
	return true
}
