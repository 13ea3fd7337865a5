// Package synth makes a deterministic synthetic catalogue of German
// municipal open data for benchmarks: datasets with German titles and
// descriptions of realistic length, 1–5 distributions in skewed formats,
// spread Zipf-like over 200 organisations (a few big cities publish most),
// EU themes, keywords and dcat-ap.de licences.
//
// Dataset(i) depends only on the generator's Seed and i, so a catalogue of a
// million datasets never needs to be held in memory: a stand-in server makes
// each page when it is asked for (see package bench/standin).
package synth

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/municat/municat"
)

// SourceID is the source id the datasets' ids are made with
// (municat.DatasetID(SourceID, remote id)): the id a harvest of the CKAN
// stand-in from a source with this id gives them.
const SourceID = "synth"

// Generator makes N synthetic datasets. Dataset(i) depends only on (Seed,
// i), so pages can be made on demand.
type Generator struct {
	// N is the number of datasets.
	N int
	// Seed chooses the catalogue; the same seed gives the same datasets.
	Seed uint64
}

// The span of the datasets' dates.
var (
	firstIssued = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	lastChange  = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
)

// rng returns the random source of dataset i.
func (g Generator) rng(i int) *rand.Rand {
	return rand.New(rand.NewPCG(g.Seed, splitmix(uint64(i))))
}

// splitmix scrambles i, so that neighbouring datasets get unrelated
// streams.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// OrganizationOf returns the id of the organisation of dataset i, without
// making the dataset.
func (g Generator) OrganizationOf(i int) string {
	return organizations[pickOrganization(g.rng(i).Float64())].ID
}

// RemoteID returns the id dataset i has at its (CKAN) source: a UUID whose
// last group is i in hex, without making the dataset. IndexOf reverses it.
func (g Generator) RemoteID(i int) string {
	r := g.rng(i)
	r.Float64() // the organisation
	return uuid(r.Uint64(), i)
}

// IndexOf returns the i whose RemoteID is remoteID, and whether there is
// one below N.
func (g Generator) IndexOf(remoteID string) (int, bool) {
	k := strings.LastIndexByte(remoteID, '-')
	if k < 0 {
		return 0, false
	}
	n, err := strconv.ParseUint(remoteID[k+1:], 16, 48)
	if err != nil || n >= uint64(g.N) || g.RemoteID(int(n)) != remoteID {
		return 0, false
	}
	return int(n), true
}

// uuid formats a as a version-4 UUID whose last group is i.
func uuid(a uint64, i int) string {
	const hex = "0123456789abcdef"
	var b [36]byte
	put := func(at, n int, v uint64) {
		for k := at + n - 1; k >= at; k-- {
			b[k] = hex[v&15]
			v >>= 4
		}
	}
	put(0, 8, a>>32)
	b[8] = '-'
	put(9, 4, a>>16)
	b[13] = '-'
	put(14, 4, 0x4000|(a&0x0fff))
	b[18] = '-'
	put(19, 4, 0x8000|((a>>12)&0x3fff))
	b[23] = '-'
	put(24, 12, uint64(i))
	return string(b[:])
}

// Dataset returns dataset i (0 <= i < N) as municat holds it, published,
// with ID municat.DatasetID(SourceID, RemoteID(i)).
func (g Generator) Dataset(i int) *municat.Dataset {
	r := g.rng(i)
	o := &organizations[pickOrganization(r.Float64())]
	remoteID := uuid(r.Uint64(), i)
	t := &topics[topicPicker.pick(r)]
	year := 2015 + r.IntN(11)
	v := vars{place: o.place, org: o.Name, amt: t.amt, year: strconv.Itoa(year)}

	title := fitTitle(fill(t.titles[r.IntN(len(t.titles))], &v), o.Name)
	// One allocation for the four times a dataset may have.
	times := new([4]time.Time)
	issued, modified := &times[0], &times[1]
	*issued = firstIssued.Add(time.Duration(r.Int64N(int64(lastChange.Sub(firstIssued)/time.Second))) * time.Second)
	*modified = issued.Add(time.Duration(r.Int64N(int64(lastChange.Sub(*issued)/time.Second)+1)) * time.Second)
	d := &municat.Dataset{
		ID:           SourceID + "." + remoteID, // municat.DatasetID, without its pattern check: a UUID passes it
		Identifier:   remoteID,
		Title:        municat.Text{municat.DefaultLanguage: title},
		Description:  municat.Text{municat.DefaultLanguage: description(r, t, &v)},
		Keywords:     keywords(r, t, o),
		Themes:       themes(r, t),
		Organization: o.ID,
		Publisher:    &municat.Agent{Name: municat.Text{municat.DefaultLanguage: o.Name}, Homepage: o.Homepage, Email: o.Email},
		ContactPoint: &municat.Contact{Name: "Open-Data-Team " + o.Name, Email: o.Email},
		License:      licensePicker.value(r),
		AccessRights: municat.AccessPublic,
		Spatial:      spatial(r, t, o),
		Frequency:    t.frequency,
		Issued:       issued,
		Modified:     modified,
		LandingPage:  "https://daten.example/" + o.ID + "/datensatz/" + remoteID,
		Languages:    []string{municat.DefaultLanguage},
		SourceID:     SourceID,
		RemoteID:     remoteID,
		State:        municat.Published,
	}
	if r.IntN(10) < 6 {
		times[2] = time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
		times[3] = time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
		d.Temporal = &municat.Period{Start: &times[2], End: &times[3]}
	}
	d.Distributions = distributions(r, t, o, i, year, modified)
	return d
}

// vars are the values of a dataset's placeholders.
type vars struct{ place, org, amt, year string }

// fill replaces the placeholders {ort}, {org}, {amt} and {jahr} of tmpl.
func fill(tmpl string, v *vars) string {
	return string(appendFilled(make([]byte, 0, len(tmpl)+32), tmpl, v))
}

// appendFilled appends tmpl with its placeholders filled to b.
func appendFilled(b []byte, tmpl string, v *vars) []byte {
	for {
		k := strings.IndexByte(tmpl, '{')
		if k < 0 {
			return append(b, tmpl...)
		}
		b = append(b, tmpl[:k]...)
		end := strings.IndexByte(tmpl[k:], '}')
		switch tmpl[k+1 : k+end] {
		case "ort":
			b = append(b, v.place...)
		case "org":
			b = append(b, v.org...)
		case "amt":
			b = append(b, v.amt...)
		case "jahr":
			b = append(b, v.year...)
		}
		tmpl = tmpl[k+end+1:]
	}
}

// Title lengths, in characters.
const (
	minTitle = 20
	maxTitle = 90
)

// fitTitle makes a title between minTitle and maxTitle characters long: a
// short one gets the organisation's name, a long one is cut at a word.
func fitTitle(title, orgName string) string {
	n := utf8.RuneCountInString(title)
	if n < minTitle {
		title += " – " + orgName
		n = utf8.RuneCountInString(title)
	}
	if n > maxTitle {
		rs := []rune(title)
		cut := string(rs[:maxTitle])
		if k := strings.LastIndexByte(cut, ' '); k > minTitle {
			cut = cut[:k]
		}
		title = strings.TrimRight(cut, " –-:")
	}
	return title
}

// Description lengths, in bytes.
const (
	minDescription = 150
	maxDescription = 1500
)

// description writes the topic's sentences, then general ones (and for
// geodata some about the geometries) until a length drawn log-uniformly
// between minDescription and maxDescription is reached.
func description(r *rand.Rand, t *topic, v *vars) string {
	target := int(minDescription * math.Exp(r.Float64()*math.Log(maxDescription/minDescription)))
	buf := buffers.Get().(*[]byte)
	defer buffers.Put(buf)
	b := (*buf)[:0]
	add := func(s string) bool {
		mark := len(b)
		if mark > 0 {
			b = append(b, ' ')
		}
		b = appendFilled(b, s, v)
		if len(b) > maxDescription {
			b = b[:mark]
			return false
		}
		return true
	}
	add(t.sentences[0])
	for _, s := range t.sentences[1:] {
		if r.IntN(10) < 7 {
			add(s)
		}
	}
	if t.geo {
		add(geoSentences[r.IntN(len(geoSentences))])
	}
	start, stride := r.IntN(len(generalSentences)), strides[r.IntN(len(strides))]
	for k := 0; k < len(generalSentences) && (len(b) < target || len(b) < minDescription); k++ {
		if !add(generalSentences[(start+k*stride)%len(generalSentences)]) {
			break
		}
	}
	*buf = b
	return string(b)
}

// buffers hold descriptions while they are written.
var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 2*maxDescription); return &b }}

// strides visit every general sentence once (they are prime to its count).
var strides = []int{1, 3, 7, 9, 11, 13, 17, 19}

// keywords returns 3 to 8 distinct keywords: the topic's, then the place.
func keywords(r *rand.Rand, t *topic, o *org) []string {
	n := 3 + r.IntN(6)
	out := make([]string, 0, n)
	start := r.IntN(len(t.keywords))
	for k := 0; k < len(t.keywords) && len(out) < n; k++ {
		out = append(out, t.keywords[(start+k)%len(t.keywords)])
	}
	for _, extra := range []string{o.place, "Open Data", "Kommune"} {
		if len(out) < n && (len(out) < 3 || r.IntN(3) == 0) {
			out = append(out, extra)
		}
	}
	return out
}

// themes returns the topic's first theme, and a third of the time its
// second.
func themes(r *rand.Rand, t *topic) []string {
	if len(t.themes) > 1 && r.IntN(3) == 0 {
		return []string{t.themes[0], t.themes[1]}
	}
	return []string{t.themes[0]}
}

// spatial names the place, and for geodata a bounding box around it.
func spatial(r *rand.Rand, t *topic, o *org) *municat.Spatial {
	s := &municat.Spatial{Names: []string{o.place}}
	if t.geo {
		w, h := 0.05+r.Float64()*0.25, 0.04+r.Float64()*0.15
		s.BBox = &municat.BoundingBox{West: round(o.lon - w), South: round(o.lat - h), East: round(o.lon + w), North: round(o.lat + h)}
	}
	return s
}

// round rounds to 4 decimals, as publishers write coordinates.
func round(x float64) float64 { return math.Round(x*1e4) / 1e4 }
