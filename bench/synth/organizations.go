package synth

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/municat/municat"
)

// OrganizationCount is the number of organisations of every catalogue.
const OrganizationCount = 200

// org is an organisation with what datasets of it need besides
// municat.Organization.
type org struct {
	municat.Organization
	// place is the name of the place, e.g. "Neustadt".
	place string
	// lon and lat are the place's centre in WGS84.
	lon, lat float64
}

// bigCities publish most datasets, as the big cities do on GovData.
var bigCities = []string{"Hamburg", "München", "Köln", "Frankfurt am Main", "Stuttgart", "Düsseldorf",
	"Leipzig", "Dortmund", "Bremen", "Dresden", "Hannover", "Nürnberg"}

// districts are the rural districts (Landkreise).
var districts = []string{"Ahrweiler", "Börde", "Emsland", "Harz", "Havelland", "Heidekreis", "Hochsauerland",
	"Lippe", "Mayen-Koblenz", "Nordfriesland", "Ortenau", "Ostalb", "Rhein-Sieg", "Saalekreis", "Schwarzwald-Baar",
	"Steinfurt", "Uckermark", "Vogelsberg", "Vorpommern-Greifswald", "Wesel", "Wetterau", "Zollernalb",
	"Altmarkkreis Salzwedel", "Bodenseekreis", "Erzgebirgskreis"}

// placePrefixes and placeRoots make the names of the smaller towns.
var (
	placePrefixes = []string{"Alt", "Neu", "Ober", "Nieder", "Groß", "Klein", "Hohen", "Unter", "Mittel", "Wald",
		"Berg", "Rosen", "Linden", "Eichen", "Buchen", "Birken", "Sonnen", "Tann", "Mühl", "Stein"}
	placeRoots = []string{"stadt", "burg", "dorf", "feld", "hausen", "heim", "bach", "berg", "tal", "au", "ingen",
		"brück", "hagen", "rode", "kirchen", "weiler"}
)

// organizations is the same for every generator.
var organizations = makeOrganizations()

// orgCDF is the cumulative Zipf weight of the organisations, for picking
// the organisation of a dataset.
var orgCDF = func() []float64 {
	cdf := make([]float64, OrganizationCount)
	sum := 0.0
	for k := range cdf {
		sum += 1 / math.Pow(float64(k+1), 1.05)
		cdf[k] = sum
	}
	for k := range cdf {
		cdf[k] /= sum
	}
	return cdf
}()

func makeOrganizations() []org {
	out := make([]org, 0, OrganizationCount)
	add := func(kind, place string) {
		n := len(out)
		name := kind + " " + place
		id := slug(name)
		out = append(out, org{
			Organization: municat.Organization{
				ID:       id,
				Name:     name,
				Homepage: "https://www." + id + ".example",
				Email:    "opendata@" + id + ".example",
				AGS:      fmt.Sprintf("%02d%03d%03d", 1+n%16, (n*37)%1000, (n*101)%1000),
			},
			place: place,
			lon:   6 + float64((n*7919)%9000)/1000,
			lat:   47.4 + float64((n*104729)%7400)/1000,
		})
	}
	for _, c := range bigCities {
		add("Stadt", c)
	}
	for _, d := range districts {
		add("Landkreis", d)
	}
	for k := 0; len(out) < OrganizationCount; k++ {
		p := placePrefixes[k%len(placePrefixes)]
		r := placeRoots[(k*7+k/len(placePrefixes))%len(placeRoots)]
		kind := "Gemeinde"
		if k%3 == 0 {
			kind = "Stadt"
		}
		add(kind, p+r)
	}
	return out
}

// pickOrganization returns the index of an organisation for u in [0, 1).
func pickOrganization(u float64) int {
	k := sort.SearchFloat64s(orgCDF, u)
	return min(k, OrganizationCount-1)
}

// Organizations returns the organisations the datasets belong to, the
// biggest publishers first. They are the same for every generator.
func (g Generator) Organizations() []municat.Organization {
	out := make([]municat.Organization, len(organizations))
	for k, o := range organizations {
		out[k] = o.Organization
	}
	return out
}

// umlauts spells out the letters ids cannot hold.
var umlauts = map[rune]string{'ä': "ae", 'ö': "oe", 'ü': "ue", 'ß': "ss"}

// slug turns a German name into an id: lower case, umlauts spelt out,
// other characters than letters and digits as single hyphens.
func slug(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			hyphen = false
		case umlauts[r] != "":
			b.WriteString(umlauts[r])
			hyphen = false
		default:
			if !hyphen && b.Len() > 0 {
				b.WriteByte('-')
				hyphen = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
