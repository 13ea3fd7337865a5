package preview

import "math"

// Transverse Mercator after Krüger's series in n to the third order, as
// published for UTM (Karney 2011, "Transverse Mercator with an accuracy of a
// few nanometers"; the form of the Wikipedia article "Universal Transverse
// Mercator coordinate system"). Within a few thousand kilometres of the
// central meridian the error is below a millimetre, far below a pixel.

// ellipsoid holds the constants of the series for one ellipsoid.
type ellipsoid struct {
	e      float64    // eccentricity
	radius float64    // rectifying radius A = a/(1+n)·(1 + n²/4 + n⁴/64), metres
	alpha  [3]float64 // forward series
	beta   [3]float64 // inverse series
	delta  [3]float64 // conformal latitude to latitude
}

// newEllipsoid derives the series constants from the semi-major axis a and
// the inverse flattening invF.
func newEllipsoid(a, invF float64) ellipsoid {
	f := 1 / invF
	n := f / (2 - f)
	n2, n3 := n*n, n*n*n
	return ellipsoid{
		e:      2 * math.Sqrt(n) / (1 + n),
		radius: a / (1 + n) * (1 + n2/4 + n2*n2/64),
		alpha:  [3]float64{n/2 - 2*n2/3 + 5*n3/16, 13*n2/48 - 3*n3/5, 61 * n3 / 240},
		beta:   [3]float64{n/2 - 2*n2/3 + 37*n3/96, n2/48 + n3/15, 17 * n3 / 480},
		delta:  [3]float64{2*n - 2*n2/3 - 2*n3, 7*n2/3 - 8*n3/5, 56 * n3 / 15},
	}
}

var (
	// grs80 is the ellipsoid of ETRS89 (EPSG:25832, EPSG:25833 …).
	grs80 = newEllipsoid(6378137, 298.257222101)
	// wgs84 is the ellipsoid of WGS84 UTM (EPSG:32632 …).
	wgs84 = newEllipsoid(6378137, 298.257223563)
)

// transverseMercator is a northern-hemisphere transverse Mercator
// projection with UTM parameters.
type transverseMercator struct {
	ell           ellipsoid
	lon0          float64 // central meridian, degrees
	k0            float64 // scale on the central meridian
	falseEasting  float64
	falseNorthing float64
}

// utm returns UTM zone zone (north) on ell; falseEasting is 500000 but for
// the zone-prefixed variants (EPSG:4647: 32500000).
func utm(ell ellipsoid, zone int, falseEasting float64) transverseMercator {
	return transverseMercator{ell: ell, lon0: float64(zone)*6 - 183, k0: 0.9996, falseEasting: falseEasting}
}

// inverse converts easting and northing (metres) to longitude and latitude
// (degrees).
func (p transverseMercator) inverse(e, n float64) (lon, lat float64) {
	el := p.ell
	k0A := p.k0 * el.radius
	xi := (n - p.falseNorthing) / k0A
	eta := (e - p.falseEasting) / k0A
	xi1, eta1 := xi, eta
	for j := 1; j <= 3; j++ {
		b := el.beta[j-1]
		xi1 -= b * math.Sin(2*float64(j)*xi) * math.Cosh(2*float64(j)*eta)
		eta1 -= b * math.Cos(2*float64(j)*xi) * math.Sinh(2*float64(j)*eta)
	}
	chi := math.Asin(math.Sin(xi1) / math.Cosh(eta1))
	phi := chi
	for j := 1; j <= 3; j++ {
		phi += el.delta[j-1] * math.Sin(2*float64(j)*chi)
	}
	lambda := math.Atan2(math.Sinh(eta1), math.Cos(xi1))
	return p.lon0 + lambda*180/math.Pi, phi * 180 / math.Pi
}

// forward converts longitude and latitude (degrees) to easting and
// northing (metres). The preview needs only the inverse; forward is the
// check of it in the tests.
func (p transverseMercator) forward(lon, lat float64) (e, n float64) {
	el := p.ell
	phi := lat * math.Pi / 180
	lambda := (lon - p.lon0) * math.Pi / 180
	sinPhi := math.Sin(phi)
	t := math.Sinh(math.Atanh(sinPhi) - el.e*math.Atanh(el.e*sinPhi))
	xi1 := math.Atan2(t, math.Cos(lambda))
	eta1 := math.Atanh(math.Sin(lambda) / math.Sqrt(1+t*t))
	xi, eta := xi1, eta1
	for j := 1; j <= 3; j++ {
		a := el.alpha[j-1]
		xi += a * math.Sin(2*float64(j)*xi1) * math.Cosh(2*float64(j)*eta1)
		eta += a * math.Cos(2*float64(j)*xi1) * math.Sinh(2*float64(j)*eta1)
	}
	k0A := p.k0 * el.radius
	return p.falseEasting + k0A*eta, p.falseNorthing + k0A*xi
}

// webMercatorInverse converts EPSG:3857 metres to longitude and latitude.
func webMercatorInverse(x, y float64) (lon, lat float64) {
	const r = 6378137
	return x / r * 180 / math.Pi, (2*math.Atan(math.Exp(y/r)) - math.Pi/2) * 180 / math.Pi
}
