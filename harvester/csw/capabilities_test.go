package csw_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/fetchtest"
)

// TestProbeFISBroker checks the FIS-Broker's real capabilities.
func TestProbeFISBroker(t *testing.T) {
	srv := newServer(t, nil)
	srv.caps = MustFixture(t, capabilities)
	src := &municat.Source{ID: "fis", Type: municat.SourceCSW, URL: srv.URL + "/csw?portal=berlin"}
	c, err := quick().Probe(context.Background(), src)
	if err != nil {
		t.Fatalf("Probe: %v", err)
	}
	if c.Title != "FIS-Broker CSW-Service SenStadtWohn Berlin" || c.Provider != "Senatsverwaltung für Stadtentwicklung und Wohnen Berlin" {
		t.Errorf("title %q, provider %q", c.Title, c.Provider)
	}
	if !reflect.DeepEqual(c.Versions, []string{"2.0.2"}) {
		t.Errorf("versions %v", c.Versions)
	}
	if want := []string{"GetCapabilities", "DescribeRecord", "GetDomain", "GetRecords", "GetRecordById", "Transaction", "Harvest"}; !reflect.DeepEqual(c.Operations, want) {
		t.Errorf("operations %v, want %v", c.Operations, want)
	}
	if want := []string{"http://www.opengis.net/cat/csw/2.0.2", "http://www.isotc211.org/2005/gmd"}; !reflect.DeepEqual(c.OutputSchemas, want) {
		t.Errorf("output schemas %v, want %v", c.OutputSchemas, want)
	}
	q := srv.Requests()[0]
	if q.Get("service") != "CSW" || q.Get("request") != "GetCapabilities" || q.Get("acceptversions") != "2.0.2" || q.Get("portal") != "berlin" {
		t.Errorf("query %v", q)
	}
}

// TestProbeRefuses checks the services Probe turns down.
func TestProbeRefuses(t *testing.T) {
	caps := string(MustFixture(t, capabilities))
	tests := []struct {
		name, body string
		want       []string
	}{
		{"no ISO output", strings.Replace(caps, "2.0.2</ows:Value>\n        <ows:Value>http://www.isotc211.org/2005/gmd</ows:Value>", "2.0.2</ows:Value>", 1), []string{"ISO-19139", "angeboten: http://www.opengis.net/cat/csw/2.0.2"}},
		{"no GetRecords", strings.Replace(caps, `name="GetRecords"`, `name="GetRecordz"`, 1), []string{"GetRecords nicht"}},
		{"other version", strings.Replace(caps, "<ows:ServiceTypeVersion>2.0.2</ows:ServiceTypeVersion>", "<ows:ServiceTypeVersion>3.0.0</ows:ServiceTypeVersion>", 1), []string{"Version 2.0.2", "angeboten: 3.0.0"}},
		{"exception", `<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1"><ows:Exception exceptionCode="VersionNegotiationFailed"/></ows:ExceptionReport>`, []string{"VersionNegotiationFailed"}},
		{"WMS capabilities", `<WMS_Capabilities version="1.3.0" xmlns="http://www.opengis.net/wms"><Service><Name>WMS</Name></Service></WMS_Capabilities>`, []string{"kein Capabilities-Dokument", "<WMS_Capabilities>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.body == caps {
				t.Fatal("fixture changed: nothing replaced")
			}
			srv := newServer(t, nil)
			srv.caps = []byte(tt.body)
			_, err := quick().Probe(context.Background(), &municat.Source{ID: "x", URL: srv.URL})
			fetchtest.MustFailWith(t, err, tt.want...)
		})
	}
}
