package csw

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/municat/municat"
)

// TestHostileXML feeds the GetRecords and capabilities parsers the classic
// XML attacks: each must be refused with an error matching
// municat.ErrUnavailable that names the cause, without reading a file,
// fetching a URL or allocating more than a few times the input.
func TestHostileXML(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		_, _ = w.Write([]byte("FETCHED"))
	}))
	defer srv.Close()

	var laughs strings.Builder
	laughs.WriteString(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">`)
	for i := 1; i <= 9; i++ {
		laughs.WriteString(`<!ENTITY l` + string(rune('0'+i)) + ` "` + strings.Repeat(`&l`+string(rune('0'+i-1))+`;`, 10) + `">`)
	}
	laughs.WriteString(`]><csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2">&l9;</csw:GetRecordsResponse>`)
	const n = 100_000
	deep := `<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2"><csw:SearchResults numberOfRecordsMatched="1"><MD_Metadata xmlns="http://www.isotc211.org/2005/gmd">` +
		strings.Repeat("<a>", n) + strings.Repeat("</a>", n) + `</MD_Metadata></csw:SearchResults></csw:GetRecordsResponse>`
	deepCaps := `<csw:Capabilities xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:ows="http://www.opengis.net/ows"><ows:OperationsMetadata>` +
		strings.Repeat("<a>", n) + strings.Repeat("</a>", n) + `</ows:OperationsMetadata></csw:Capabilities>`
	for _, tc := range []struct{ name, body, want, caps string }{
		{"billion laughs", laughs.String(), "DOCTYPE", ""},
		{"external file", `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>`, "DOCTYPE", ""},
		{"external http", `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "` + srv.URL + `/x">]><r>&x;</r>`, "DOCTYPE", ""},
		{"external dtd", `<?xml version="1.0"?><!DOCTYPE r SYSTEM "` + srv.URL + `/r.dtd"><r/>`, "DOCTYPE", ""},
		{"parameter entity", `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "` + srv.URL + `/p"> %p;]><r/>`, "DOCTYPE", ""},
		{"deep nesting", deep, "tiefer als", deepCaps},
		{"deep nesting, unclosed", deep[:len(deep)/2], "tiefer als", deepCaps[:len(deepCaps)/2]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, parse := range []struct {
				name string
				fn   func([]byte) error
			}{
				{"results", func(b []byte) error { _, err := parseResults(b, srv.URL); return err }},
				{"capabilities", func(b []byte) error {
					if tc.caps != "" {
						b = []byte(tc.caps)
					}
					_, err := parseCapabilities(b, srv.URL)
					return err
				}},
			} {
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				err := parse.fn([]byte(tc.body))
				runtime.ReadMemStats(&after)
				if err == nil || !errors.Is(err, municat.ErrUnavailable) || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("%s: err = %v, want ErrUnavailable naming %q", parse.name, err, tc.want)
				}
				if strings.Contains(err.Error(), "root:") || strings.Contains(err.Error(), "FETCHED") {
					t.Fatalf("%s: the error shows external content: %v", parse.name, err)
				}
				if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
					t.Fatalf("%s: %d bytes of input allocated %d MB", parse.name, len(tc.body), alloc>>20)
				}
			}
		})
	}
	if h := hits.Load(); h != 0 {
		t.Fatalf("the parser fetched %d external resources", h)
	}
}
