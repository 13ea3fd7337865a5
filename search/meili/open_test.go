package meili

import (
	"context"
	"encoding/json"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/search/german"
)

// paths returns "METHOD /path" of each call.
func paths(calls []call) []string {
	out := make([]string, len(calls))
	for i, c := range calls {
		out[i] = c.String()
	}
	return out
}

// asJSON re-decodes v through JSON, for comparing decoded bodies.
func asJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestOpenCreatesIndexWithSettings(t *testing.T) {
	f := newFake(t)
	x := f.open(t, f.config())
	if !x.Created() {
		t.Errorf("Created() = false for a new index")
	}
	if x.UID() != "datasets_v1" {
		t.Errorf("UID() = %q, want datasets_v1", x.UID())
	}
	calls := f.takeCalls()
	want := []string{"GET /health", "GET /version", "GET /indexes/datasets_v1", "POST /indexes",
		"PATCH /indexes/datasets_v1/settings", "GET /indexes"}
	if got := paths(calls); !slices.Equal(got, want) {
		t.Fatalf("requests:\n got %v\nwant %v", got, want)
	}
	if got := asJSON(t, calls[3].Body); !jsonEqual(got, map[string]any{"uid": "datasets_v1", "primaryKey": "key"}) {
		t.Errorf("create body = %v", got)
	}

	body := calls[4].Body.(map[string]any)
	check := func(key string, want any) {
		t.Helper()
		if got, ok := body[key]; !ok || !jsonEqual(got, asJSON(t, want)) {
			t.Errorf("settings %s = %v, want %v", key, got, want)
		}
		delete(body, key)
	}
	check("rankingRules", []string{"sort", "words", "typo", "proximity", "attribute", "exactness"})
	check("searchableAttributes", []string{"title_de", "title_en", "title_other", "keywords",
		"description_de", "description_en", "description_other", "publisher_text"})
	check("filterableAttributes", []string{"format", "id", "keyword", "license", "modified", "organization", "publisher", "theme"})
	check("sortableAttributes", []string{"id", "issued", "modified", "title_sort"})
	check("stopWords", german.StopWords())
	check("typoTolerance", map[string]any{"enabled": true, "minWordSizeForTypos": map[string]any{"oneTypo": 5, "twoTypos": 9},
		"disableOnWords": []string{}, "disableOnAttributes": []string{}, "disableOnNumbers": true})
	check("pagination", map[string]any{"maxTotalHits": 200000})
	check("faceting", map[string]any{"maxValuesPerFacet": 1000, "sortFacetValuesBy": map[string]any{"*": "count"}})
	check("localizedAttributes", []any{
		map[string]any{"locales": []string{"deu"}, "attributePatterns": []string{"*_de", "keywords", "publisher_text"}},
		map[string]any{"locales": []string{"eng"}, "attributePatterns": []string{"*_en"}},
	})
	syn, _ := body["synonyms"].(map[string]any)
	if got := asJSON(t, syn["Kita"]); !jsonEqual(got, asJSON(t, []string{"Kitas", "Kindertagesstätte", "Kindertagesstätten", "Kindergarten", "Kindergärten"})) {
		t.Errorf("synonyms of Kita = %v", got)
	}
	if got := asJSON(t, syn["Bus"]); !jsonEqual(got, asJSON(t, []string{"ÖPNV", "Nahverkehr", "Stadtbus"})) {
		t.Errorf("synonyms of Bus = %v", got)
	}
	n := 0
	for _, g := range german.Synonyms {
		n += len(g)
	}
	if len(syn) != n {
		t.Errorf("%d words with synonyms, want %d", len(syn), n)
	}
	delete(body, "synonyms")
	if len(body) != 0 {
		t.Errorf("settings hold unexpected fields: %v", body)
	}
	if stop := german.StopWords(); !slices.Contains(stop, "und") || !slices.Contains(stop, "für") {
		t.Errorf("German stop words lack und/für: %v", stop[:10])
	}
}

func TestOpenExistingIndexKeepsEqualSettings(t *testing.T) {
	f := newFake(t)
	f.addIndex("datasets_v1", "key", asJSON(t, Settings()).(map[string]any))
	x := f.open(t, f.config())
	if x.Created() {
		t.Errorf("Created() = true for an existing index")
	}
	want := []string{"GET /health", "GET /version", "GET /indexes/datasets_v1", "GET /indexes/datasets_v1/settings", "GET /indexes"}
	if got := paths(f.takeCalls()); !slices.Equal(got, want) {
		t.Errorf("requests:\n got %v\nwant %v", got, want)
	}
}

func TestOpenExistingIndexUpdatesOtherSettings(t *testing.T) {
	f := newFake(t)
	f.addIndex("datasets_v1", "key", nil) // the defaults of testdata/settings.json
	x := f.open(t, f.config())
	if x.Created() {
		t.Errorf("Created() = true for an existing index")
	}
	want := []string{"GET /health", "GET /version", "GET /indexes/datasets_v1", "GET /indexes/datasets_v1/settings",
		"PATCH /indexes/datasets_v1/settings", "GET /indexes"}
	if got := paths(f.takeCalls()); !slices.Equal(got, want) {
		t.Errorf("requests:\n got %v\nwant %v", got, want)
	}
	if got := f.index("datasets_v1").settings["rankingRules"]; !jsonEqual(got, asJSON(t, rankingRules)) {
		t.Errorf("ranking rules after Open = %v", got)
	}
	// The settings as the server now shows them are equal: no second update.
	f.open(t, f.config())
	for _, c := range f.takeCalls() {
		if c.Method == "PATCH" {
			t.Errorf("second Open updated the settings again")
		}
	}
}

func TestOpenUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close() // nothing listens there now
	start := time.Now()
	_, err = Open(context.Background(), Config{URL: "http://" + addr})
	if err == nil {
		t.Fatal("Open of a closed port succeeded")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Open took %v to fail", d)
	}
	msg := err.Error()
	prefix := "meilisearch at http://" + addr + " is not reachable: dial tcp " + addr
	if !strings.HasPrefix(msg, prefix) || !strings.Contains(msg, "connection refused") || strings.Contains(msg, "\n") {
		t.Errorf("error = %q, want one line starting %q and saying connection refused", msg, prefix)
	}
	if municat.ErrorCode(err) != municat.EUNAVAILABLE {
		t.Errorf("code = %q, want %q", municat.ErrorCode(err), municat.EUNAVAILABLE)
	}
	_, err = Open(context.Background(), Config{URL: "http://municat:geheim@" + addr + "/"})
	if err == nil || strings.Contains(err.Error(), "geheim") || !strings.HasPrefix(err.Error(), prefix) {
		t.Errorf("error with credentials in the URL = %v", err)
	}
}

func TestOpenRefusedKey(t *testing.T) {
	f := newFake(t)
	f.key = "right-key"
	for _, tt := range []struct{ key, want string }{
		{"wrong-key", "meilisearch at " + f.srv.URL + ": the API key was refused (invalid_api_key)"},
		{"", "meilisearch at " + f.srv.URL + " needs an API key, but none was given (missing_authorization_header)"},
	} {
		cfg := f.config()
		cfg.Key = tt.key
		_, err := Open(context.Background(), cfg)
		if err == nil || err.Error() != tt.want {
			t.Errorf("key %q: error %v, want %q", tt.key, err, tt.want)
		}
		if municat.ErrorCode(err) != municat.EINVALID {
			t.Errorf("key %q: code %q, want %q (not worth retrying)", tt.key, municat.ErrorCode(err), municat.EINVALID)
		}
	}
	if got := paths(f.takeCalls()); !slices.Equal(got[:2], []string{"GET /health", "GET /version"}) {
		t.Errorf("requests = %v, want the health check first", got)
	}
	f.open(t, Config{URL: f.srv.URL, Key: "right-key"})
}

func TestOpenBadConfig(t *testing.T) {
	for _, tt := range []struct {
		cfg  Config
		want string
	}{
		{Config{URL: "localhost:7700"}, `meilisearch URL "localhost:7700" is not valid: it must look like http://host:7700`},
		{Config{URL: ""}, `meilisearch URL "" is not valid: it must look like http://host:7700`},
		{Config{URL: "ftp://meili"}, `meilisearch URL "ftp://meili" is not valid: it must look like http://host:7700`},
		{Config{URL: "http://%zz"}, `meilisearch URL "http://%zz" is not valid: it must look like http://host:7700`},
		{Config{URL: "ftp://user:geheim@meili"}, `meilisearch URL "ftp://user:xxxxx@meili" is not valid: it must look like http://host:7700`},
		{Config{URL: "http://127.0.0.1:7700", IndexPrefix: "a.b"}, `meilisearch index prefix "a.b" is not valid: use only letters, digits, '-' and '_'`},
	} {
		_, err := Open(context.Background(), tt.cfg)
		if err == nil || err.Error() != tt.want || municat.ErrorCode(err) != municat.EINVALID {
			t.Errorf("Open(%+v) = %v (%s), want EINVALID %q", tt.cfg, err, municat.ErrorCode(err), tt.want)
		}
	}
}

func TestOpenOldServer(t *testing.T) {
	f := newFake(t)
	f.version = "1.15.2"
	_, err := Open(context.Background(), f.config())
	want := "meilisearch at " + f.srv.URL + " is version 1.15.2; municat needs 1.18 or newer"
	if err == nil || err.Error() != want || municat.ErrorCode(err) != municat.EINVALID {
		t.Errorf("error %v, want EINVALID %q", err, want)
	}
	for _, tt := range []struct {
		v    string
		want bool
	}{{"1.18.0", true}, {"v1.19.0-rc.1", true}, {"2.0.0", true}, {"1.17.9", false}, {"0.30.0", false}, {"dev", true}} {
		if got := atLeast(tt.v, minVersion); got != tt.want {
			t.Errorf("atLeast(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

func TestOpenWrongPrimaryKey(t *testing.T) {
	f := newFake(t)
	f.addIndex("datasets_v1", "id", nil)
	_, err := Open(context.Background(), f.config())
	if err == nil || !strings.Contains(err.Error(), `index datasets_v1 has the primary key "id", not "key"`) {
		t.Errorf("error %v, want a primary key complaint", err)
	}
}

func TestOpenSetsMissingPrimaryKey(t *testing.T) {
	f := newFake(t)
	f.addIndex("datasets_v1", "", asJSON(t, Settings()).(map[string]any))
	f.open(t, f.config())
	calls := f.takeCalls()
	if got := paths(calls); !slices.Contains(got, "PATCH /indexes/datasets_v1") {
		t.Fatalf("requests %v, want the primary key set", got)
	}
	if pk := f.index("datasets_v1").pk; pk != "key" {
		t.Errorf("primary key after Open = %q, want key", pk)
	}
}

func TestOpenPrefixAndHealth(t *testing.T) {
	f := newFake(t)
	cfg := f.config()
	cfg.IndexPrefix = "stadt_"
	x := f.open(t, cfg)
	if x.UID() != "stadt_datasets_v1" || f.index("stadt_datasets_v1") == nil {
		t.Errorf("index uid %q; fake holds %v", x.UID(), f.indexes)
	}
	if err := x.Health(context.Background()); err != nil {
		t.Errorf("Health: %v", err)
	}
	f.takeCalls()
	f.srv.Close()
	err := x.Health(context.Background())
	if municat.ErrorCode(err) != municat.EUNAVAILABLE || !strings.Contains(err.Error(), "is not reachable") {
		t.Errorf("Health of a stopped server = %v, want EUNAVAILABLE not reachable", err)
	}
	if municat.ErrorMessage(err) != unavailableMessage {
		t.Errorf("message for users = %q", municat.ErrorMessage(err))
	}
}

// jsonEqual compares decoded JSON values.
func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
