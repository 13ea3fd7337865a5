package csw_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/csw"
	"github.com/municat/municat/internal/fetchtest"
)

// geoPages returns the GeoNetwork sequence by startPosition.
func geoPages(tb testing.TB) map[int][]byte {
	return map[int][]byte{1: MustFixture(tb, geoPage1), 3: MustFixture(tb, geoPage3), 5: MustFixture(tb, geoPage5)}
}

// withResults returns body with its csw:SearchResults attributes from
// old replaced by new, and fails if old is not there.
func withResults(tb testing.TB, body []byte, old, new string) []byte {
	tb.Helper()
	s := string(body)
	if !strings.Contains(s, old) {
		tb.Fatalf("fixture changed: %q not found", old)
	}
	return []byte(strings.Replace(s, old, new, 1))
}

// TestFetchGeoNetworkPaging follows nextRecord through the real three
// pages (startPosition 1, 3, 5 with maxRecords 2) and checks the request
// parameters.
func TestFetchGeoNetworkPaging(t *testing.T) {
	srv := newServer(t, geoPages(t))
	got, err := fetch(t, quick(), srv.URL+"/geonetwork/srv/eng/csw?portal=somme&SERVICE=WMS&Request=GetCapabilities",
		map[string]string{"page_size": "2", "constraint": "subject='données ouvertes'"})
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if starts := srv.Starts(); !reflect.DeepEqual(starts, []int{1, 3, 5}) {
		t.Errorf("startPositions %v, want [1 3 5]", starts)
	}
	if len(got.Pages) != 3 || len(got.Records) != 6 || len(got.AllByID) != 6 {
		t.Errorf("%d pages, %d records (%d distinct), want 3, 6, 6", len(got.Pages), len(got.Records), len(got.AllByID))
	}
	want := map[string]string{
		"service": "CSW", "version": "2.0.2", "request": "GetRecords", "typenames": "gmd:MD_Metadata",
		"resulttype": "results", "elementsetname": "full", "outputschema": "http://www.isotc211.org/2005/gmd",
		"namespace": "xmlns(gmd=http://www.isotc211.org/2005/gmd)", "maxrecords": "2", "portal": "somme",
		"constraintlanguage": "CQL_TEXT", "constraint_language_version": "1.1.0", "constraint": "subject='données ouvertes'",
	}
	for _, q := range srv.Requests() {
		for k, v := range want {
			if len(q[k]) != 1 || q[k][0] != v {
				t.Errorf("parameter %s = %q, want %q", k, q[k], v)
			}
		}
	}
	for _, a := range srv.accepts {
		if !strings.HasPrefix(a, "application/xml") {
			t.Errorf("Accept %q, want application/xml first", a)
		}
	}
}

// TestFetchPageSize checks the default page size and the option's
// bounds.
func TestFetchPageSize(t *testing.T) {
	srv := newServer(t, map[int][]byte{1: MustFixture(t, fisBroker)})
	if _, err := fetch(t, quick(), srv.URL, nil); err != nil {
		t.Fatal(err)
	}
	if got := srv.Requests()[0].Get("maxrecords"); got != "50" {
		t.Errorf("maxRecords %s, want the default 50", got)
	}
	if _, err := fetch(t, &csw.Fetcher{PageSize: 7}, srv.URL, nil); err != nil {
		t.Fatal(err)
	}
	if got := srv.Requests()[1].Get("maxrecords"); got != "7" {
		t.Errorf("maxRecords %s, want the fetcher's 7", got)
	}
	for _, bad := range []string{"0", "-3", "zwei", "1001"} {
		_, err := fetch(t, quick(), srv.URL, map[string]string{"page_size": bad})
		if !errors.Is(err, municat.ErrInvalid) || !strings.Contains(municat.ErrorMessage(err), "page_size") {
			t.Errorf("page_size %q: error %v, want an invalid-option error", bad, err)
		}
	}
	if _, err := fetch(t, quick(), "ftp://example.org/csw", nil); !errors.Is(err, municat.ErrInvalid) {
		t.Errorf("ftp URL: error %v, want invalid", err)
	}
}

// TestFetchFISBrokerQuirk: the FIS-Broker answers nextRecord="1" on the
// page that holds all 3 of its 3 records. That is the end, not a loop.
func TestFetchFISBrokerQuirk(t *testing.T) {
	srv := newServer(t, map[int][]byte{1: MustFixture(t, fisBroker)})
	got, err := fetch(t, quick(), srv.URL, nil)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if n := len(srv.Requests()); n != 1 || len(got.Pages) != 1 {
		t.Errorf("%d requests, %d pages; want 1 and 1", n, len(got.Pages))
	}
}

// TestFetchINSPIREIncomplete serves the INSPIRE page, which reports 216
// matches, 2 records and nextRecord 85, as page 1.
func TestFetchINSPIREIncomplete(t *testing.T) {
	body := MustFixture(t, inspire)
	t.Run("server ignores startPosition", func(t *testing.T) {
		srv := newServer(t, nil)
		srv.fallback = body
		got, err := fetch(t, quick(), srv.URL, nil)
		fetchtest.MustFailWith(t, err, "nextRecord", "wieder 85", "2 von 216")
		if starts := srv.Starts(); !reflect.DeepEqual(starts, []int{1, 85}) {
			t.Errorf("startPositions %v, want [1 85]", starts)
		}
		if len(got.Pages) != 2 {
			t.Errorf("%d pages emitted, want 2 (both stored for the record)", len(got.Pages))
		}
	})
	t.Run("records missing at the end", func(t *testing.T) {
		last := withResults(t, MustFixture(t, geoPage5), `numberOfRecordsMatched="6" numberOfRecordsReturned="2" elementSet="full" nextRecord="0"`,
			`numberOfRecordsMatched="216" numberOfRecordsReturned="0" elementSet="full" nextRecord="0"`)
		last = []byte(string(last[:strings.Index(string(last), "<gmd:MD_Metadata")]) + "</csw:SearchResults></csw:GetRecordsResponse>")
		srv := newServer(t, map[int][]byte{1: body, 85: last})
		got, err := fetch(t, quick(), srv.URL, nil)
		fetchtest.MustFailWith(t, err, "216 Treffer", "nur 2 verschiedene", "unvollständig")
		if len(got.Records) != 2 {
			t.Errorf("%d records emitted, want the 2 there were", len(got.Records))
		}
	})
}

// TestFetchLoopGuards checks every way a paging can fail to end.
func TestFetchLoopGuards(t *testing.T) {
	p1, p3 := MustFixture(t, geoPage1), MustFixture(t, geoPage3)
	const page3 = `numberOfRecordsMatched="6" numberOfRecordsReturned="2" elementSet="full" nextRecord="5"`
	tests := []struct {
		name    string
		pages   map[int][]byte
		fetcher *csw.Fetcher
		starts  []int
		want    []string
	}{
		{"nextRecord points back", map[int][]byte{1: p1, 3: withResults(t, p3, page3, `numberOfRecordsMatched="6" numberOfRecordsReturned="2" elementSet="full" nextRecord="1"`)},
			quick(), []int{1, 3}, []string{"zurück auf 1", "Schleife", "4 von 6"}},
		{"nextRecord stays", map[int][]byte{1: p1, 3: withResults(t, p3, page3, `numberOfRecordsMatched="6" numberOfRecordsReturned="2" elementSet="full" nextRecord="3"`)},
			quick(), []int{1, 3}, []string{"wieder 3", "blättert nicht weiter"}},
		{"more pages than MaxPages", geoPages(t), &csw.Fetcher{MaxPages: 2}, []int{1, 3}, []string{"nach 2 Seiten", "nächste Position 5"}},
		{"count changes", map[int][]byte{1: p1, 3: withResults(t, p3, page3, `numberOfRecordsMatched="7" numberOfRecordsReturned="2" elementSet="full" nextRecord="5"`)},
			quick(), []int{1, 3}, []string{"von 6 auf 7"}},
		{"empty page too early", map[int][]byte{1: p1, 3: []byte(`<?xml version="1.0"?><csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2"><csw:SearchResults numberOfRecordsMatched="6" numberOfRecordsReturned="0" nextRecord="5"/></csw:GetRecordsResponse>`)},
			quick(), []int{1, 3}, []string{"ab Position 3 keine Datensätze mehr", "6 Treffer"}},
		{"page missing", map[int][]byte{1: p1}, quick(), []int{1, 3}, []string{"HTTP 404"}},
		{"page repeats", map[int][]byte{1: p1, 3: withResults(t, p1, `numberOfRecordsMatched="6" numberOfRecordsReturned="2" elementSet="full" nextRecord="3"`,
			`numberOfRecordsMatched="6" numberOfRecordsReturned="2" elementSet="full" nextRecord="5"`)},
			quick(), []int{1, 3}, []string{"ab Position 3", "nur Datensätze, die schon auf früheren Seiten kamen", "2 von 6"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, tt.pages)
			tt.fetcher.PageSize = 2
			_, err := fetch(t, tt.fetcher, srv.URL, nil)
			fetchtest.MustFailWith(t, err, tt.want...)
			if !errors.Is(err, municat.ErrUnavailable) {
				t.Errorf("error %v does not match ErrUnavailable", err)
			}
			if starts := srv.Starts(); !reflect.DeepEqual(starts, tt.starts) {
				t.Errorf("startPositions %v, want %v", starts, tt.starts)
			}
		})
	}
}

// TestFetchBadResponses checks that a response Fetch cannot read ends the
// listing with an error saying why, before anything is emitted.
func TestFetchBadResponses(t *testing.T) {
	p1 := string(MustFixture(t, geoPage1))
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"exception report", `<?xml version="1.0" encoding="UTF-8"?>
<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows" version="1.2.0">
  <ows:Exception exceptionCode="InvalidParameterValue" locator="outputSchema">
    <ows:ExceptionText>Output schema 'http://www.isotc211.org/2005/gmd' not supported</ows:ExceptionText>
  </ows:Exception>
</ows:ExceptionReport>`, []string{"meldete", "InvalidParameterValue: Output schema 'http://www.isotc211.org/2005/gmd' not supported (outputSchema)"}},
		{"exception report OWS 1.1", `<ExceptionReport xmlns="http://www.opengis.net/ows/1.1"><Exception exceptionCode="NoApplicableCode"><ExceptionText>java.lang.NullPointerException</ExceptionText></Exception></ExceptionReport>`,
			[]string{"NoApplicableCode: java.lang.NullPointerException"}},
		{"malformed XML", strings.Replace(p1, "</gmd:fileIdentifier>", "</gmd:fileIdentifer>", 1), []string{"kein gültiges XML", "Zeile 15", "<fileIdentifier> closed by </fileIdentifer>"}},
		{"truncated body", p1[:len(p1)/2], []string{"bricht mitten im XML ab"}},
		{"empty body", "", []string{"leer"}},
		{"HTML page", "<html><head><title>Wartung</title></head><body>Wartungsarbeiten</body></html>", []string{"keine CSW-GetRecords-Antwort", "<html>"}},
		{"no search results", `<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2"><csw:SearchStatus/></csw:GetRecordsResponse>`, []string{"kein csw:SearchResults"}},
		{"no count", `<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2"><csw:SearchResults nextRecord="0"/></csw:GetRecordsResponse>`, []string{"keine gültige Trefferzahl"}},
		{"negative count", `<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2"><csw:SearchResults numberOfRecordsMatched="-4"/></csw:GetRecordsResponse>`, []string{"keine gültige Trefferzahl", "-4"}},
		{"Dublin Core records", `<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:dc="http://purl.org/dc/elements/1.1/"><csw:SearchResults numberOfRecordsMatched="1" numberOfRecordsReturned="1" nextRecord="0"><csw:Record><dc:identifier>x</dc:identifier></csw:Record></csw:SearchResults></csw:GetRecordsResponse>`,
			[]string{"nicht im ISO-19139-Format", "<Record>"}},
		{"DTD with entities", `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2">&b;</csw:GetRecordsResponse>`,
			[]string{"DOCTYPE", "Entity-Definitionen", "Sicherheitsgründen"}},
		{"external entity", `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>`, []string{"Entity-Definitionen"}},
		{"DTD", `<?xml version="1.0"?><!DOCTYPE html><csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2"/>`, []string{"Dokumenttyp-Deklaration (DOCTYPE)"}},
		{"undeclared entity", `<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2"><csw:SearchResults numberOfRecordsMatched="1">&x;</csw:SearchResults></csw:GetRecordsResponse>`, []string{"kein gültiges XML"}},
		{"deep nesting", `<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2"><csw:SearchResults numberOfRecordsMatched="1">` + strings.Repeat("<a>", 300) + strings.Repeat("</a>", 300) + `</csw:SearchResults></csw:GetRecordsResponse>`,
			[]string{"zu tief verschachtelt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, map[int][]byte{1: []byte(tt.body)})
			got, err := fetch(t, quick(), srv.URL, nil)
			fetchtest.MustFailWith(t, err, tt.want...)
			if !errors.Is(err, municat.ErrUnavailable) {
				t.Errorf("error %v does not match ErrUnavailable", err)
			}
			if len(got.Pages) != 0 {
				t.Errorf("%d pages emitted, want none", len(got.Pages))
			}
		})
	}
}

// TestFetchHTTPFailures: a failing server and an oversized body end the
// listing with GetBody's errors.
func TestFetchHTTPFailures(t *testing.T) {
	srv := newServer(t, geoPages(t))
	srv.status = http.StatusInternalServerError
	_, err := fetch(t, quick(), srv.URL, nil)
	fetchtest.MustFailWith(t, err, "HTTP 500")

	srv = newServer(t, geoPages(t))
	_, err = fetch(t, &csw.Fetcher{MaxBytes: 1000}, srv.URL, nil)
	if !errors.Is(err, municat.ErrTooLarge) {
		t.Errorf("error %v, want too large", err)
	}
}

// TestFetchRecordErrors: records without file identifier or title are
// listed with a German error, and the run goes on.
func TestFetchRecordErrors(t *testing.T) {
	body := string(MustFixture(t, fisBroker))
	body = strings.Replace(body, "<gco:CharacterString>3D-Stadtmodell Berlin</gco:CharacterString>", "<gco:CharacterString> </gco:CharacterString>", 1)
	body = strings.Replace(body, "<gco:CharacterString>8a7ea996-7955-4fbb-8980-7be09be6f193</gco:CharacterString>", "", 1)
	srv := newServer(t, map[int][]byte{1: []byte(body)})
	got, err := fetch(t, quick(), srv.URL, map[string]string{"hierarchy_levels": "service,dataset,application"})
	if err != nil {
		t.Fatalf("Fetch: %v; want the listing complete", err)
	}
	if len(got.Records) != 3 {
		t.Fatalf("%d records, want 3", len(got.Records))
	}
	if r := got.Records[0]; r.Err != nil || r.Dataset == nil {
		t.Errorf("record 1: %v", r.Err)
	}
	noID := got.Records[1]
	if noID.Err == nil || noID.RemoteID != "" || !strings.Contains(municat.ErrorMessage(noID.Err), "„3D-Gebäudemodelle im Level of Detail 2 (LoD 2)“ hat keine Kennung") {
		t.Errorf("record without id: %q, %v", noID.RemoteID, noID.Err)
	}
	noTitle := got.Records[2]
	if noTitle.Err == nil || noTitle.RemoteID != "aac23975-94e4-3707-96fa-e447e43d6013" || !strings.Contains(municat.ErrorMessage(noTitle.Err), "keinen Titel") || noTitle.Link == "" {
		t.Errorf("record without title: %q, %v, link %q", noTitle.RemoteID, noTitle.Err, noTitle.Link)
	}
}

// TestFetchLatin1: a response in ISO-8859-1 is read as declared.
func TestFetchLatin1(t *testing.T) {
	utf := strings.Replace(string(MustFixture(t, fisBroker)), `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1)
	var latin []byte
	for _, r := range utf {
		if r > 0xff {
			r = '?'
		}
		latin = append(latin, byte(r))
	}
	srv := newServer(t, map[int][]byte{1: latin})
	got, err := fetch(t, quick(), srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	if title := got.Records[0].Dataset.Title["de"]; title != "3D-Gebäudemodelle im Level of Detail 2 (LoD 2)" {
		t.Errorf("title %q", title)
	}
}

// TestFetchEmitError: emit's error ends Fetch and comes back unchanged.
func TestFetchEmitError(t *testing.T) {
	srv := newServer(t, geoPages(t))
	stop := errors.New("stop")
	src := &municat.Source{ID: "geo", Type: municat.SourceCSW, URL: srv.URL, Options: map[string]string{"page_size": "2"}}
	err := quick().Fetch(context.Background(), src, func(*harvester.Page) error { return stop })
	if err != stop {
		t.Errorf("error %v, want emit's", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}
