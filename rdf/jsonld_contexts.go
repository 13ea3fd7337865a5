package rdf

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/piprate/json-gold/ld"
)

// jsonldContextFiles holds the remote JSON-LD context documents municat
// knows; rdf/contexts/SOURCES.md says where each came from and under which
// licence.
//
//go:embed contexts/*.jsonld
var jsonldContextFiles embed.FS

// jsonldBundled maps a context URL, without its http:// or https:// scheme
// and without a trailing slash, to its file in jsonldContextFiles.
var jsonldBundled = map[string]string{
	"schema.org":                             "contexts/schema.org.jsonld",
	"schema.org/docs/jsonldcontext.json":     "contexts/schema.org.jsonld",
	"schema.org/docs/jsonldcontext.jsonld":   "contexts/schema.org.jsonld",
	"www.schema.org":                         "contexts/schema.org.jsonld",
	"www.schema.org/docs/jsonldcontext.json": "contexts/schema.org.jsonld",
}

// errJSONLDContextNotBundled is the cause of every refused context load.
var errJSONLDContextNotBundled = errors.New("not bundled; municat never fetches contexts")

// jsonldContextError is the error of a refused context load.
type jsonldContextError struct{ url string }

// Error returns the message naming the refused context URL.
func (e *jsonldContextError) Error() string {
	return "JSON-LD context " + e.url + " is " + errJSONLDContextNotBundled.Error()
}

// Unwrap returns the cause, errJSONLDContextNotBundled.
func (e *jsonldContextError) Unwrap() error { return errJSONLDContextNotBundled }

// jsonldContextKey returns the key of u in jsonldBundled, and false when u
// is not an http or https URL.
func jsonldContextKey(u string) (string, bool) {
	rest, ok := strings.CutPrefix(u, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(u, "http://"); !ok {
			return "", false
		}
	}
	rest, _, _ = strings.Cut(rest, "#")
	return strings.TrimSuffix(rest, "/"), true
}

// jsonldLoader is a json-gold document loader that serves the bundled
// contexts and refuses everything else, so reading a document never makes a
// network request or opens a local file. It caches parsed contexts for the
// lifetime of one decoder.
type jsonldLoader struct {
	parsed map[string]any
}

// LoadDocument implements ld.DocumentLoader.
func (l *jsonldLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	key, ok := jsonldContextKey(u)
	file, bundled := jsonldBundled[key]
	if !ok || !bundled {
		return nil, &jsonldContextError{url: u}
	}
	doc, cached := l.parsed[file]
	if !cached {
		data, err := jsonldContextFiles.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("rdf: bundled JSON-LD context %s: %w", file, err)
		}
		if err := json.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
			return nil, fmt.Errorf("rdf: bundled JSON-LD context %s: %w", file, err)
		}
		if l.parsed == nil {
			l.parsed = map[string]any{}
		}
		l.parsed[file] = doc
	}
	return &ld.RemoteDocument{DocumentURL: u, Document: doc}, nil
}

// BundledJSONLDContexts returns the URLs of the remote JSON-LD contexts the
// JSON-LD reader knows (each also with the other scheme and a trailing
// slash), sorted. Documents using any other remote context fail to read.
func BundledJSONLDContexts() []string {
	out := make([]string, 0, len(jsonldBundled))
	for k := range jsonldBundled {
		out = append(out, "https://"+k)
	}
	slices.Sort(out)
	return out
}
