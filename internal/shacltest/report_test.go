package shacltest

import (
	"encoding/json"
	"strings"
	"testing"
)

const sampleReport = `{
 "profile": "dcat-ap.de-3.0", "files": ["x.ttl"], "conforms": false,
 "violations": 1, "warnings": 1, "infos": 0, "ignoredVocabularyResults": 0,
 "results": [
  {"severity": "Violation", "focus": "https://x.example/d", "path": "http://purl.org/dc/terms/license",
   "value": "", "shape": "http://dcat-ap.de/def/dcatde/3.0/shacl/DE_Distribution_dcterms_license_v_Min",
   "component": "http://www.w3.org/ns/shacl#MinCountConstraintComponent",
   "message": "DE: dcat:Distribution: MUSS eine dcterms:license haben."},
  {"severity": "Warning", "focus": "\"musterstadt\"", "path": "http://www.w3.org/2004/02/skos/core#inScheme",
   "value": "", "shape": "_:f4_b27", "component": "http://www.w3.org/ns/shacl#HasValueConstraintComponent",
   "message": "dcatde:contributorID SOLL … #kv-contributors"}
 ]
}`

func TestParseReport(t *testing.T) {
	r, err := parseReport([]byte(sampleReport))
	if err != nil {
		t.Fatal(err)
	}
	if r.Profile != ProfileDCATAPDE || r.Conforms || r.Violations != 1 || r.Warnings != 1 || len(r.Results) != 2 {
		t.Fatalf("parsed %+v", r)
	}
	if got := r.Find(Violation, "http://purl.org/dc/terms/license", "MUSS eine dcterms:license"); len(got) != 1 {
		t.Errorf("Find licence violation: %v", got)
	}
	if got := r.Find(Warning, "http://purl.org/dc/terms/license", ""); len(got) != 0 {
		t.Errorf("Find with wrong severity: %v", got)
	}
	v := r.FormatViolations()
	if !strings.Contains(v, "VIOLATION focus=https://x.example/d path=http://purl.org/dc/terms/license") ||
		!strings.Contains(v, "MUSS eine dcterms:license haben") || strings.Contains(v, "musterstadt") {
		t.Errorf("FormatViolations:\n%s", v)
	}
	if s := r.String(); !strings.HasSuffix(s, "conforms=false violations=1 warnings=1 infos=0") || !strings.Contains(s, "WARNING") {
		t.Errorf("String:\n%s", s)
	}
}

func TestParseReportRejectsInconsistentCounts(t *testing.T) {
	for name, edit := range map[string][2]string{
		"violations": {`"violations": 1`, `"violations": 2`},
		"warnings":   {`"warnings": 1`, `"warnings": 0`},
		"conforms":   {`"conforms": false`, `"conforms": true`},
		"severity":   {`"severity": "Warning"`, `"severity": "Hint"`},
		"syntax":     {`"results": [`, `"results": {`},
	} {
		if _, err := parseReport([]byte(strings.Replace(sampleReport, edit[0], edit[1], 1))); err == nil {
			t.Errorf("%s: inconsistent report accepted", name)
		}
	}
}

func FuzzParseReport(f *testing.F) {
	f.Add([]byte(sampleReport))
	f.Add([]byte(`{"conforms": true, "violations": 0, "warnings": 0, "infos": 0, "results": []}`))
	f.Add([]byte(`{"conforms": true, "results": [{"severity": "Info"}], "infos": 1}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := parseReport(data)
		if err != nil {
			return
		}
		// An accepted report is consistent and survives a round trip.
		if len(r.Filter(Violation)) != r.Violations || len(r.Filter(Warning)) != r.Warnings ||
			len(r.Filter(Info)) != r.Infos || r.Conforms != (r.Violations == 0) {
			t.Fatalf("inconsistent report accepted: %+v", r)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		r2, err := parseReport(b)
		if err != nil || r2.String() != r.String() {
			t.Fatalf("round trip: %v\n%s\n%s", err, r, r2)
		}
	})
}
