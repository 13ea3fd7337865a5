package dcat

import (
	"strings"
	"testing"

	"github.com/municat/municat"
)

// TestParsePageHostile feeds ParsePage the nesting and entity attacks in
// each RDF syntax: every one must be refused with a message for the user
// (not "Interner Fehler.") naming the cause the rdf package reports.
func TestParsePageHostile(t *testing.T) {
	const n = 200_000
	var laughs strings.Builder
	laughs.WriteString(`<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY l0 "lol">`)
	for i := 1; i <= 9; i++ {
		laughs.WriteString(`<!ENTITY l` + string(rune('0'+i)) + ` "` + strings.Repeat(`&l`+string(rune('0'+i-1))+`;`, 10) + `">`)
	}
	laughs.WriteString(`]><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/"><rdf:Description rdf:about="https://k.example/d"><dct:title>&l9;</dct:title></rdf:Description></rdf:RDF>`)
	for _, tc := range []struct{ name, ct, body, want string }{
		{"turtle blank nodes", "text/turtle", `<https://k.example/d> <http://purl.org/dc/terms/title> ` + strings.Repeat("[ <http://x/p> ", n) + "1" + strings.Repeat(" ]", n) + " .", "nested deeper"},
		{"turtle collections", "text/turtle", `<https://k.example/d> <http://purl.org/dc/terms/title> ` + strings.Repeat("(", n) + strings.Repeat(")", n) + " .", "nested deeper"},
		{"rdf/xml nesting", "application/rdf+xml", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` + strings.Repeat("<rdf:Description><rdf:value>", n), "nested deeper"},
		{"rdf/xml billion laughs", "application/rdf+xml", laughs.String(), "expands to more than"},
		{"json-ld arrays", "application/ld+json", `{"@id":"https://k.example/d","http://purl.org/dc/terms/title":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}`, "depth"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParsePage([]byte(tc.body), tc.ct, "https://k.example/catalog")
			if err == nil {
				t.Fatal("accepted")
			}
			if msg := municat.ErrorMessage(err); msg == "Interner Fehler." || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v (message %q), want a message for the user naming %q", err, msg, tc.want)
			}
		})
	}
}
