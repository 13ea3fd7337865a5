package ods

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester/jsonvalue"
)

func TestEndpoints(t *testing.T) {
	for in, want := range map[string]string{
		"https://data.stadt-xyz.de":                                       "https://data.stadt-xyz.de",
		"https://data.stadt-xyz.de/":                                      "https://data.stadt-xyz.de",
		" https://data.stadt-xyz.de/api/explore/v2.1 ":                    "https://data.stadt-xyz.de",
		"https://data.stadt-xyz.de/api/explore/v2.1/catalog/datasets?x=1": "https://data.stadt-xyz.de",
		"https://data.stadt-xyz.de/api/records/1.0/search/":               "https://data.stadt-xyz.de",
		"https://data.stadt-xyz.de/explore/":                              "https://data.stadt-xyz.de",
		"http://localhost:8080/portal/api/explore/v2.1/":                  "http://localhost:8080/portal",
	} {
		api, site, err := Endpoints(in)
		if err != nil || site != want || api != want+"/api/explore/v2.1" {
			t.Errorf("Endpoints(%q) = %q, %q, %v; want site %q", in, api, site, err, want)
		}
	}
	for _, in := range []string{"", "data.stadt-xyz.de", "ftp://data.stadt-xyz.de", "https://"} {
		if _, _, err := Endpoints(in); !errors.Is(err, municat.ErrInvalid) {
			t.Errorf("Endpoints(%q): error %v, want ErrInvalid", in, err)
		}
	}
}

func TestTemporal(t *testing.T) {
	for in, want := range map[string]string{
		"2019-01-01/2023-12-31":                "2019-01-01T00:00:00Z 2023-12-31T00:00:00Z",
		"2019/2023":                            "2019-01-01T00:00:00Z 2023-12-31T23:59:59Z",
		"2021-09/..":                           "2021-09-01T00:00:00Z -",
		"../2020-06":                           "- 2020-06-30T23:59:59Z",
		"2020":                                 "2020-01-01T00:00:00Z 2020-12-31T23:59:59Z",
		"2024-03-12":                           "2024-03-12T00:00:00Z 2024-03-12T00:00:00Z",
		"2020-01-01T00:00:00+01:00/2020-02-01": "2019-12-31T23:00:00Z 2020-02-01T00:00:00Z",
		"9999":                                 "9999-01-01T00:00:00Z 9999-12-31T23:59:59Z",
		"":                                     "nil",
		"seit 2019":                            "nil",
		"2023/2019":                            "nil",
		"../..":                                "nil",
		"0000-01-01T00:30:00+01:00/2020-01-01": "- 2020-01-01T00:00:00Z",
	} {
		p := temporal(in)
		got := "nil"
		if p != nil {
			got = fmtTime(p.Start) + " " + fmtTime(p.End)
		}
		if got != want {
			t.Errorf("temporal(%q) = %s, want %s", in, got, want)
		}
	}
}

func fmtTime(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Format(time.RFC3339)
}

func TestLicense(t *testing.T) {
	for _, tt := range []struct{ name, link, want string }{
		{"CC BY 4.0", "", "http://dcat-ap.de/def/licenses/cc-by/4.0"},
		{"Open Government Licence v3.0", "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/", "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"},
		{"Eigene Nutzungsbedingungen der Stadt", "", "Eigene Nutzungsbedingungen der Stadt"},
		{"CC BY 4.0", "kein Link", "http://dcat-ap.de/def/licenses/cc-by/4.0"},
		{"Irgendwas", "https://www.govdata.de/dl-de/zero-2-0", "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"},
		{"", "", ""},
	} {
		meta := jsonvalue.Object{"license": jsonString(tt.name), "license_url": jsonString(tt.link)}
		if got := license(meta); got != tt.want {
			t.Errorf("license(%q, %q) = %q, want %q", tt.name, tt.link, got, tt.want)
		}
	}
}

func jsonString(s string) []byte { return []byte(`"` + s + `"`) }

func TestKeywordsAndThemes(t *testing.T) {
	meta := jsonvalue.Parse([]byte(`{"keyword":["Luft","luft"," "],"theme":["Administration, Verwaltung, Finanzen","Umwelt","Environment","Sonstiges","Luft"]}`))
	kw, th := keywordsAndThemes(meta)
	if !slices.Equal(th, []string{"GOVE", "ENVI"}) || !slices.Equal(kw, []string{"Luft", "luft", "Sonstiges"}) {
		t.Errorf("keywords %v, themes %v", kw, th)
	}
}

func TestAPIErrorOf(t *testing.T) {
	for body, want := range map[string]string{
		`{"error_code":"ODSQLError","message":"bad"}`:                     "ODSQLError: bad",
		`{"errorcode":10002,"error":"Too many requests","call_limit":10}`: "10002: Too many requests",
		`{"error":"nope"}`:             ": nope",
		`{"message":"x"}`:              ": x",
		`{"total_count":1}`:            "",
		`{"message":"x","results":[]}`: "",
		`[]`:                           "",
		`null`:                         "",
	} {
		got := ""
		if e := apiErrorOf(jsonvalue.Parse([]byte(body))); e != nil {
			got = e.Error()
		}
		if got != strings.TrimSpace(want) {
			t.Errorf("apiErrorOf(%s) = %q, want %q", body, got, want)
		}
	}
}

func TestRedact(t *testing.T) {
	q := &query{apikey: "a/b c+d"}
	u := "https://x.example/api?apikey=a%2Fb+c%2Bd&where=1"
	if got := q.redact(u); strings.Contains(got, "c%2Bd") || !strings.Contains(got, "apikey=***") {
		t.Errorf("redact = %s", got)
	}
	err := q.redactErr(&municat.Error{Code: municat.ETOOLARGE, Message: "zu groß: " + u, Err: errors.New("get " + u)})
	if strings.Contains(err.Error(), "c%2Bd") || !errors.Is(err, municat.ErrTooLarge) {
		t.Errorf("redactErr = %v", err)
	}
	plain := errors.New("ohne Schlüssel")
	if q.redactErr(plain) != plain {
		t.Error("an error without the key must stay as it is")
	}
}

func TestDistributionsDataNotVisible(t *testing.T) {
	ds := jsonvalue.Parse([]byte(`{"dataset_id":"intern","has_records":true,"data_visible":false,"features":["geo"],
		"attachments":[{"id":"","url":"odsfile://ohne-id.pdf"},{"url":"https://www.musterstadt.de/a.csv","mimetype":"text/csv; charset=utf-8","title":"A"}]}`))
	d, _, err := mapDataset(ds, "https://data.musterstadt.example")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Distributions) != 1 {
		t.Fatalf("distributions %+v, want only the attachment with an address (no exports of invisible data)", d.Distributions)
	}
	x := d.Distributions[0]
	if x.AccessURL != "https://www.musterstadt.de/a.csv" || x.Format != "CSV" || x.MediaType != "text/csv" || len(x.ID) != 16 {
		t.Errorf("attachment %+v", x)
	}
}
