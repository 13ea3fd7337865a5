package server

import (
	"strconv"
	"strings"

	"github.com/municat/municat/rdf"
)

// maxAcceptRanges caps the media ranges of an Accept header that
// negotiation looks at; real clients send fewer than a dozen.
const maxAcceptRanges = 64

// htmlTypes are the media types that ask for the HTML page.
var htmlTypes = []string{"text/html", "application/xhtml+xml"}

// offer is a representation a content-negotiated route can answer with:
// an RDF format, or the HTML page when Format is empty.
type offer struct {
	Format rdf.Format
}

// html reports whether o is the HTML page.
func (o offer) html() bool { return o.Format == "" }

// mediaType returns the main media type of o.
func (o offer) mediaType() string {
	if o.html() {
		return htmlTypes[0]
	}
	return string(o.Format)
}

// rdfOffers are the offers of the DCAT routes, in the order negotiation
// prefers them on a tie: the RDF formats (Turtle first, so "*/*" gets
// Turtle), then the HTML page.
var rdfOffers = func() []offer {
	out := make([]offer, 0, len(rdf.Formats)+1)
	for _, f := range rdf.Formats {
		out = append(out, offer{Format: f})
	}
	return append(out, offer{})
}()

// offeredTypes lists the main media types of offers for a 406 answer.
func offeredTypes(offers []offer) string {
	types := make([]string, len(offers))
	for i, o := range offers {
		types[i] = o.mediaType()
	}
	return strings.Join(types, ", ")
}

// mediaRange is one entry of an Accept header.
type mediaRange struct {
	typ, sub string
	// q is the weight in thousandths (0 to 1000), so ties compare exactly.
	q int
}

// parseAccept returns the media ranges of an Accept header value (RFC 9110
// section 12.5.1). Malformed entries are skipped; a header without any
// well-formed entry (or an empty one) counts as "*/*", as a missing header
// does.
func parseAccept(header string) []mediaRange {
	var out []mediaRange
	for i, part := range strings.Split(header, ",") {
		if i >= maxAcceptRanges {
			break
		}
		if r, ok := parseMediaRange(part); ok {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		out = []mediaRange{{typ: "*", sub: "*", q: 1000}}
	}
	return out
}

// parseMediaRange parses one "type/subtype;param=value;q=0.5" entry.
func parseMediaRange(s string) (mediaRange, bool) {
	params := strings.Split(s, ";")
	typ, sub, ok := strings.Cut(strings.ToLower(strings.TrimSpace(params[0])), "/")
	if !ok || !isToken(typ) || !isToken(sub) || (typ == "*" && sub != "*") {
		return mediaRange{}, false
	}
	r := mediaRange{typ: typ, sub: sub, q: 1000}
	for _, p := range params[1:] {
		name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
		if !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		q, ok := parseQValue(strings.TrimSpace(value))
		if !ok {
			return mediaRange{}, false
		}
		r.q = q
	}
	return r, true
}

// parseQValue parses a weight "0", "0.5", "1.000" into thousandths.
func parseQValue(s string) (int, bool) {
	whole, frac, _ := strings.Cut(s, ".")
	if (whole != "0" && whole != "1") || len(frac) > 3 {
		return 0, false
	}
	for _, c := range frac {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	q := 0
	if frac != "" {
		n, err := strconv.Atoi(frac + strings.Repeat("0", 3-len(frac)))
		if err != nil {
			return 0, false
		}
		q = n
	}
	if whole == "1" {
		if q != 0 {
			return 0, false
		}
		return 1000, true
	}
	return q, true
}

// isToken reports whether s is a non-empty RFC 9110 token.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("\"(),/:;<=>?@[\\]{}", c) >= 0 {
			return false
		}
	}
	return true
}

// matchSpecificity says how specifically r names o: 3 for an exact type
// (or an alias rdf.FormatFromMediaType knows), 2 for "type/*" of o's main
// type, 1 for "*/*", 0 for no match.
func matchSpecificity(r mediaRange, o offer) int {
	if r.typ == "*" {
		return 1
	}
	mt := o.mediaType()
	if r.sub == "*" {
		if strings.HasPrefix(mt, r.typ+"/") {
			return 2
		}
		return 0
	}
	full := r.typ + "/" + r.sub
	if o.html() {
		for _, t := range htmlTypes {
			if full == t {
				return 3
			}
		}
		return 0
	}
	if f, ok := rdf.FormatFromMediaType(full); ok && f == o.Format {
		return 3
	}
	return 0
}

// negotiate picks the offer the Accept header value prefers: each offer
// gets the weight of the most specific range naming it (the highest of
// equally specific ones); the highest weight above 0 wins, ties going to
// the more specific match and then to the earlier offer. It returns false
// when no offer is acceptable.
func negotiate(accept string, offers []offer) (offer, bool) {
	ranges := parseAccept(accept)
	best, bestQ, bestSpec := -1, 0, 0
	for i, o := range offers {
		q, spec := 0, 0
		for _, r := range ranges {
			s := matchSpecificity(r, o)
			switch {
			case s == 0 || s < spec:
			case s > spec:
				q, spec = r.q, s
			case r.q > q:
				q = r.q
			}
		}
		if q > 0 && (q > bestQ || (q == bestQ && spec > bestSpec)) {
			best, bestQ, bestSpec = i, q, spec
		}
	}
	if best < 0 {
		return offer{}, false
	}
	return offers[best], true
}
