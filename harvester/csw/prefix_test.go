package csw_test

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/municat/municat/harvester"
)

// renamePrefixes rewrites the namespace prefixes of an XML document: in
// element and attribute names and in xmlns declarations, not in text or
// attribute values. A new prefix "" moves the namespace to the default
// namespace; attributes keep their old prefix then.
func renamePrefixes(doc string, rename map[string]string) string {
	var b strings.Builder
	inTag, quote := false, byte(0)
	for i := 0; i < len(doc); {
		c := doc[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case !inTag && c == '<' && i+1 < len(doc) && doc[i+1] != '!' && doc[i+1] != '?':
			inTag = true
			b.WriteByte(c)
			i++
			if doc[i] == '/' {
				b.WriteByte('/')
				i++
			}
			i += renameName(&b, doc[i:], rename, true)
			continue
		case inTag && (c == '"' || c == '\''):
			quote = c
		case inTag && c == '>':
			inTag = false
		case inTag && (c == ' ' || c == '\n' || c == '\t' || c == '\r'):
			b.WriteByte(c)
			i++
			i += renameName(&b, doc[i:], rename, false)
			continue
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// renameName writes the XML name at the start of s with its prefix
// renamed and returns its length.
func renameName(b *strings.Builder, s string, rename map[string]string, element bool) int {
	n := strings.IndexAny(s, " \t\r\n=/>")
	if n < 0 {
		n = len(s)
	}
	name := s[:n]
	prefix, local, ok := strings.Cut(name, ":")
	switch new, found := rename[local]; {
	case ok && prefix == "xmlns" && found && new == "":
		name = "xmlns"
	case ok && prefix == "xmlns" && found:
		name = "xmlns:" + new
	}
	if new, found := rename[prefix]; ok && found && prefix != "xmlns" && (new != "" || element) {
		name = new + ":" + local
		if new == "" {
			name = local
		}
	}
	b.WriteString(name)
	return n
}

// TestPrefixIndependence harvests each fixture as served and rewritten
// with other prefixes, and with gmd or gco as the default namespace, and
// expects the same records.
func TestPrefixIndependence(t *testing.T) {
	variants := []struct {
		name   string
		rename map[string]string
	}{
		{"ns prefixes", map[string]string{"gmd": "ns2", "gco": "ns3", "gmx": "ns4", "srv": "ns5", "xlink": "ns6", "csw": "ns7", "gml": "ns8", "xsi": "ns9"}},
		{"gmd as default namespace", map[string]string{"gmd": ""}},
		{"gco as default namespace", map[string]string{"gco": "", "gmd": "iso"}},
	}
	for _, file := range []string{fisBroker, geoPage1, geoPage3, geoPage5, inspire} {
		orig := string(MustFixture(t, file))
		// The pages are served as a listing complete in itself.
		orig = regexp.MustCompile(`numberOfRecordsMatched="\d+"`).ReplaceAllString(orig, `numberOfRecordsMatched="`+countRecords(orig)+`"`)
		want := mapPage(t, orig)
		if len(want) == 0 {
			t.Fatalf("%s: no records", file)
		}
		for _, v := range variants {
			t.Run(file+"/"+v.name, func(t *testing.T) {
				doc := renamePrefixes(orig, v.rename)
				for old := range v.rename {
					if strings.Contains(doc, "<"+old+":") || strings.Contains(doc, "xmlns:"+old+"=") {
						t.Fatalf("prefix %s still in the rewritten document", old)
					}
				}
				got := mapPage(t, doc)
				if len(got) != len(want) {
					t.Fatalf("%d records, want %d", len(got), len(want))
				}
				for i := range want {
					if !reflect.DeepEqual(got[i], want[i]) {
						t.Errorf("record %d differs:\n got  %+v\n want %+v", i, got[i].Dataset, want[i].Dataset)
					}
				}
			})
		}
	}
}

// countRecords counts the records of a fixture by their file
// identifiers.
func countRecords(doc string) string {
	return strconv.Itoa(strings.Count(doc, "fileIdentifier>") / 2)
}

// mapPage serves doc as the only page of a listing and returns its
// records of every hierarchy level, their links relative to the server.
func mapPage(t *testing.T, doc string) []harvester.Record {
	t.Helper()
	srv := newServer(t, map[int][]byte{1: []byte(doc)})
	got, err := fetch(t, quick(), srv.URL+"/csw", map[string]string{"hierarchy_levels": "dataset,service,application"})
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	for i := range got.Records {
		got.Records[i].Link = strings.TrimPrefix(got.Records[i].Link, srv.URL)
	}
	return got.Records
}
