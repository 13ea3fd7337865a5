package shacltest

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const (
	dct    = "http://purl.org/dc/terms/"
	dcat   = "http://www.w3.org/ns/dcat#"
	dcatde = "http://dcat-ap.de/def/dcatde/"
	sh     = "http://www.w3.org/ns/shacl#"
	skos   = "http://www.w3.org/2004/02/skos/core#"

	catalog      = "https://musterstadt.example/catalog"
	dataset      = "https://musterstadt.example/dataset/baumkataster"
	distribution = "https://musterstadt.example/dataset/baumkataster/distribution/csv"
)

func example(name string) string { return filepath.Join("testdata", name) }

func TestGoodExamplesConform(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		file, profile string
		warnings      int
	}{
		{"dcat-ap-3-good.ttl", ProfileDCATAP, 0},
		{"dcat-ap-3-good.ttl", ProfileDCATAPDE, 0},
		{"dcat-ap-de-good.ttl", ProfileDCATAPDE, 0},
		// Deprecated dcatde:maintainer and dcatde:politicalGeocodingURI
		// are warnings, which conforming output may have.
		{"dcat-ap-de-legacy-props.ttl", ProfileDCATAPDE, 2},
	} {
		t.Run(c.file+"/"+c.profile, func(t *testing.T) {
			t.Parallel()
			r := MustConform(t, c.profile, example(c.file))
			if !r.Conforms || r.Warnings != c.warnings || r.Infos != 0 {
				t.Errorf("got conforms=%v warnings=%d infos=%d, want true/%d/0:\n%s", r.Conforms, r.Warnings, r.Infos, c.warnings, r)
			}
		})
	}
}

// want names a result that must be in a report.
type want struct {
	severity, focus, path, component, value, msg string
}

func (w want) matches(r Result) bool {
	return r.Severity == w.severity && r.Focus == w.focus && r.Path == w.path &&
		(w.component == "" || r.Component == sh+w.component+"ConstraintComponent") &&
		(w.value == "" || r.Value == w.value) && strings.Contains(r.Message, w.msg)
}

func checkReport(t *testing.T, r *Report, violations, warnings int, wants []want) {
	t.Helper()
	if r.Conforms || r.Violations != violations || r.Warnings != warnings {
		t.Errorf("got conforms=%v violations=%d warnings=%d, want false/%d/%d", r.Conforms, r.Violations, r.Warnings, violations, warnings)
	}
	for _, w := range wants {
		if count(r, w) == 0 {
			t.Errorf("missing result %+v", w)
		}
	}
	if t.Failed() {
		t.Logf("report:\n%s", r)
	}
}

func TestDCATAP3BadExample(t *testing.T) {
	t.Parallel()
	r := Validate(t, ProfileDCATAP, example("dcat-ap-3-bad.ttl"))
	checkReport(t, r, 13, 0, []want{
		{Violation, catalog, dct + "description", "MinCount", "", ""},
		{Violation, catalog, dct + "publisher", "NodeKind", `"Stadt Musterstadt"`, ""},
		{Violation, catalog, dct + "publisher", "Class", `"Stadt Musterstadt"`, "foaf/0.1/Agent"},
		{Violation, dataset, dct + "description", "MinCount", "", ""},
		{Violation, dataset, dcat + "theme", "Class", `"Umwelt"`, skos + "Concept"},
		{Violation, distribution, dcat + "accessURL", "MinCount", "", ""},
		{Violation, distribution, dcat + "downloadURL", "NodeKind", "", ""},
		{Violation, distribution, dcat + "byteSize", "Datatype", `"ca. 2 MB"`, "nonNegativeInteger"},
		{Violation, distribution, dct + "license", "MaxCount", "", ""},
	})
}

func TestDEBadExample(t *testing.T) {
	t.Parallel()
	r := Validate(t, ProfileDCATAPDE, example("dcat-ap-de-bad.ttl"))
	checkReport(t, r, 8, 2, []want{
		{Violation, distribution, dct + "license", "MinCount", "", "MUSS eine dcterms:license haben"},
		{Violation, dataset, dct + "publisher", "MinCount", "", "MUSS einen dcterms:publisher haben"},
		{Violation, dataset, dcatde + "contributorID", "NodeKind", `"musterstadt"`, "MUSS eine IRI sein"},
		{Violation, distribution, dcat + "mediaType", "Pattern", "http://example.org/text/csv", "iana.org"},
		{Violation, "http://purl.org/cld/freq/annual", skos + "inScheme", "HasValue", "", "#kv-frequency"},
		{Violation, "http://publications.europa.eu/resource/authority/data-theme/UMWELT", skos + "inScheme", "HasValue", "", "#kv-data-theme"},
		{Warning, "http://dcat-ap.de/def/politicalGeocoding/Level/kommune", skos + "inScheme", "HasValue", "", "#kv-political-geocoding-level"},
		{Warning, `"musterstadt"`, skos + "inScheme", "HasValue", "", "#kv-contributors"},
	})
}

// The DCAT-AP.de example does not type the resources it links to (the DE
// profile deactivates those class checks), so plain DCAT-AP 3.0.0 rejects
// it: one sh:class violation per untyped link the vocabularies do not type.
func TestDEGoodExampleFailsPlainDCATAP(t *testing.T) {
	t.Parallel()
	r := Validate(t, ProfileDCATAP, example("dcat-ap-de-good.ttl"))
	checkReport(t, r, 10, 0, []want{
		{Violation, distribution, dct + "license", "Class", "http://dcat-ap.de/def/licenses/dl-by-de/2.0", dct + "LicenseDocument"},
		{Violation, distribution, dct + "format", "Class", "", dct + "MediaTypeOrExtent"},
		{Violation, distribution, dcat + "accessURL", "Class", "", "rdf-schema#Resource"},
		{Violation, dataset, dct + "accrualPeriodicity", "Class", "", dct + "Frequency"},
		{Violation, dataset, dct + "accessRights", "Class", "http://publications.europa.eu/resource/authority/access-right/PUBLIC", dct + "RightsStatement"},
		{Violation, catalog, dct + "language", "Class", "", dct + "LinguisticSystem"},
	})
	for _, res := range r.Results {
		if res.Component != sh+"ClassConstraintComponent" {
			t.Errorf("unexpected non-class result %+v", res)
		}
	}
}

// The hand-typed and derived vocabulary files must satisfy the DE
// vocabulary checks: every coded value municat writes is in its scheme.
func TestMunicatVocabularies(t *testing.T) {
	t.Parallel()
	data := `@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix dcatap: <http://data.europa.eu/r5r/> .
@prefix dcatde: <http://dcat-ap.de/def/dcatde/> .
@prefix adms: <http://www.w3.org/ns/adms#> .
@prefix spdx: <http://spdx.org/rdf/terms#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<https://x.example/ds> a dcat:Dataset ;
  dct:title "T"@de ; dct:description "D"@de ;
  dct:publisher <https://x.example/org> ;
  dct:accessRights <http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;
  dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/ANNUAL> ;
  dct:language <http://publications.europa.eu/resource/authority/language/DEU> ;
  dcatde:politicalGeocodingLevelURI <http://dcat-ap.de/def/politicalGeocoding/Level/municipality> ;
  dcatde:contributorID <http://dcat-ap.de/def/contributors/berlinOpenData> ;
  dcat:distribution <https://x.example/ds/csv> .
<https://x.example/org> a foaf:Agent ; foaf:name "Stadt"@de .
<https://x.example/ds/csv> a dcat:Distribution ;
  dcat:accessURL <https://x.example/f.csv> ;
  dct:license <http://dcat-ap.de/def/licenses/dl-by-de/2.0> ;
  dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ;
  adms:status <http://publications.europa.eu/resource/authority/distribution-status/COMPLETED> ;
  dcatap:availability <http://publications.europa.eu/resource/authority/planned-availability/STABLE> ;
  spdx:checksum [ a spdx:Checksum ; spdx:algorithm spdx:checksumAlgorithm_sha256 ;
    spdx:checksumValue "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"^^<http://www.w3.org/2001/XMLSchema#hexBinary> ] .
`
	r := ValidateData(t, ProfileDCATAPDE, ".ttl", []byte(data))
	if r.Violations != 0 || r.Warnings != 0 {
		t.Errorf("coded values not accepted:\n%s", r)
	}
	// The same with codes the lists do not have must fail, or the check
	// above proves nothing.
	bad := strings.NewReplacer("access-right/PUBLIC", "access-right/OPEN", "distribution-status/COMPLETED", "distribution-status/DONE",
		"Level/municipality", "Level/kommune", "checksumAlgorithm_sha256", "checksumAlgorithm_crc32").Replace(data)
	r = ValidateData(t, ProfileDCATAPDE, ".ttl", []byte(bad))
	for _, focus := range []string{"access-right/OPEN", "distribution-status/DONE", "Level/kommune", "checksumAlgorithm_crc32"} {
		found := false
		for _, res := range r.Results {
			found = found || strings.HasSuffix(res.Focus, focus) || strings.HasSuffix(res.Value, focus)
		}
		if !found {
			t.Errorf("no result for unknown code %s:\n%s", focus, r)
		}
	}
}

// One run reads all formats and merges the files into one data graph.
func TestFormats(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"a.ttl": "<https://x.example/ttl> a <http://www.w3.org/ns/dcat#Dataset> .\n",
		"a.nt":  "<https://x.example/nt> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> .\n",
		"a.rdf": `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dcat="http://www.w3.org/ns/dcat#">
  <dcat:Dataset rdf:about="https://x.example/rdf"/>
</rdf:RDF>
`,
		"a.jsonld": `{"@context": {"dcat": "http://www.w3.org/ns/dcat#"}, "@id": "https://x.example/jsonld", "@type": "dcat:Dataset"}`,
	}
	var paths []string
	for name, data := range files {
		paths = append(paths, filepath.Join(dir, name))
		if err := os.WriteFile(paths[len(paths)-1], []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := Validate(t, ProfileDCATAP, paths...)
	// Each bare dataset lacks its mandatory title and description.
	for _, focus := range []string{"ttl", "nt", "rdf", "jsonld"} {
		for _, p := range []string{"title", "description"} {
			w := want{Violation, "https://x.example/" + focus, dct + p, "MinCount", "", ""}
			if n := count(r, w); n != 1 {
				t.Errorf("%d results %+v, want 1", n, w)
			}
		}
	}
	if r.Violations != 8 {
		t.Errorf("got %d violations, want 8:\n%s", r.Violations, r)
	}
}

func count(r *Report, w want) int {
	n := 0
	for _, res := range r.Results {
		if w.matches(res) {
			n++
		}
	}
	return n
}

func TestRunRefusesBadInput(t *testing.T) {
	t.Parallel()
	root, err := available()
	if err != nil {
		unavailable(t, err)
	}
	dir := t.TempDir()
	files := map[string]string{
		"syntax.ttl":    "<https://x.example/a> <https://x.example/b> .\n",
		"empty.nt":      "",
		"truncated.rdf": `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="https://x.example/a">`,
		"remote.jsonld": `{"@context": "https://x.example/context.jsonld", "@id": "https://x.example/a", "@type": "Dataset"}`,
		"data.csv":      "a,b\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		profile, file, msg string
	}{
		{ProfileDCATAP, "syntax.ttl", "syntax error"},
		{ProfileDCATAP, "empty.nt", "contains no triples"},
		{ProfileDCATAP, "truncated.rdf", "unclosed tag"},
		{ProfileDCATAP, "remote.jsonld", "not allowed"},
		{ProfileDCATAP, "data.csv", "unknown file type"},
		{ProfileDCATAP, "missing.ttl", "no such file"},
		{"dcat-ap-9", "syntax.ttl", "unknown profile"},
	} {
		_, err := run(root, c.profile, []string{filepath.Join(dir, c.file)})
		if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s %s: got error %v, want %q", c.profile, c.file, err, c.msg)
		}
	}
}

// The derived skos:inScheme file must be what derive-inscheme.mjs writes
// from the vocabulary copies.
func TestDerivedInSchemeUpToDate(t *testing.T) {
	t.Parallel()
	root, err := available()
	if err != nil {
		unavailable(t, err)
	}
	out, err := exec.Command("node", filepath.Join(root, "tools", "shacl", "derive-inscheme.mjs"), "--check").CombinedOutput()
	if err != nil {
		t.Errorf("derive-inscheme.mjs --check: %v\n%s", err, out)
	}
}

// fakeTB records Skipf and Fatalf instead of stopping the test.
type fakeTB struct {
	testing.TB
	skipped, fatal string
}

func (f *fakeTB) Helper()                           {}
func (f *fakeTB) Skipf(format string, args ...any)  { f.skipped = format }
func (f *fakeTB) Fatalf(format string, args ...any) { f.fatal = format }

func TestUnavailableSkipsOrFails(t *testing.T) {
	for _, c := range []struct {
		env        string
		skip, fail bool
	}{{"", true, false}, {"0", true, false}, {"1", false, true}} {
		t.Setenv(EnvRequire, c.env)
		tb := &fakeTB{TB: t}
		unavailable(tb, errors.New("node not found"))
		if (tb.skipped != "") != c.skip || (tb.fatal != "") != c.fail {
			t.Errorf("%s=%q: skipped=%q fatal=%q", EnvRequire, c.env, tb.skipped, tb.fatal)
		}
	}
}

func TestAvailableNeedsNode(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := available(); err == nil || !strings.Contains(err.Error(), "node not found") {
		t.Errorf("got %v, want node not found", err)
	}
}
