package csw

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/municat/municat"
)

// endpoint is the CSW service address of a source: its URL with the query
// parameters the source brought along (a portal id, a key), less those
// this package sets itself.
type endpoint struct {
	u     *url.URL
	query url.Values
}

// ownParams are the KVP parameters the package sets; a source URL's own
// values for them are dropped (OGC parameter names ignore case).
var ownParams = []string{
	"service", "version", "request", "typenames", "typename", "resulttype", "elementsetname", "outputschema",
	"startposition", "maxrecords", "namespace", "constraintlanguage", "constraint_language_version", "constraint",
	"outputformat", "acceptversions", "elementname",
}

// parseEndpoint checks a source URL and returns its endpoint. It returns
// an error matching municat.ErrInvalid for a URL that is not http(s).
func parseEndpoint(raw string) (*endpoint, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, municat.Errorf(municat.EINVALID, "Die Adresse %q der Quelle ist keine gültige Web-Adresse; erwartet wird die Adresse des CSW-Dienstes, z. B. https://gdk.gdi-de.org/gdi-de/srv/eng/csw", raw)
	}
	q := u.Query()
	for k := range q {
		for _, p := range ownParams {
			if strings.EqualFold(k, p) {
				delete(q, k)
			}
		}
	}
	u.RawQuery, u.Fragment, u.RawFragment = "", "", ""
	return &endpoint{u: u, query: q}, nil
}

// with returns the endpoint's URL with the source's parameters and set.
func (e *endpoint) with(set url.Values) string {
	q := url.Values{}
	for k, v := range e.query {
		q[k] = v
	}
	for k, v := range set {
		q[k] = v
	}
	u := *e.u
	u.RawQuery = q.Encode()
	return u.String()
}

// getRecords returns the URL of the GetRecords page that starts at
// position start (1-based) with at most size records, filtered by a CQL
// constraint if one is given.
func (e *endpoint) getRecords(start, size int, constraint string) string {
	q := url.Values{
		"service":        {"CSW"},
		"version":        {"2.0.2"},
		"request":        {"GetRecords"},
		"typeNames":      {"gmd:MD_Metadata"},
		"namespace":      {"xmlns(gmd=" + nsGMD + ")"},
		"resultType":     {"results"},
		"elementSetName": {"full"},
		"outputSchema":   {nsGMD},
		"startPosition":  {strconv.Itoa(start)},
		"maxRecords":     {strconv.Itoa(size)},
	}
	if constraint != "" {
		q.Set("constraintLanguage", "CQL_TEXT")
		q.Set("constraint_language_version", "1.1.0")
		q.Set("constraint", constraint)
	}
	return e.with(q)
}

// getRecordByID returns the URL of the full ISO 19139 record with id: the
// address a data officer opens to see the original.
func (e *endpoint) getRecordByID(id string) string {
	return e.with(url.Values{
		"service":        {"CSW"},
		"version":        {"2.0.2"},
		"request":        {"GetRecordById"},
		"id":             {id},
		"elementSetName": {"full"},
		"outputSchema":   {nsGMD},
	})
}

// getCapabilities returns the URL of the service's capabilities document.
func (e *endpoint) getCapabilities() string {
	return e.with(url.Values{
		"service":        {"CSW"},
		"request":        {"GetCapabilities"},
		"acceptVersions": {"2.0.2"},
	})
}

// redact returns u with its password hidden, for messages.
func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	return p.Redacted()
}
