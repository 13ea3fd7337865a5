package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfigErrorsNameTheKey(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, yaml string
		env        env
		wantKey    string
	}{
		{"unknown key", "lisen: 1\n", nil, "lisen"},
		{"bad listen", "listen: nope\n", nil, "listen"},
		{"bad store type from env", "", env{"MUNICAT_STORE_TYPE": "ftp"}, "store.type"},
		{"s3 without endpoint", "", env{"MUNICAT_STORE_TYPE": "s3", "MUNICAT_S3_ACCESS_KEY": "a", "MUNICAT_S3_SECRET_KEY": "b"}, "store.s3.endpoint"},
		{"bad secure", "", env{"MUNICAT_S3_SECURE": "maybe"}, "MUNICAT_S3_SECURE"},
		{"meilisearch without url", "", env{"MUNICAT_SEARCH_TYPE": "meilisearch"}, "search.meilisearch.url"},
		{"meilisearch url without scheme", "", env{"MUNICAT_SEARCH_TYPE": "meilisearch", "MUNICAT_MEILI_URL": "localhost:7700"}, "search.meilisearch.url"},
		{"meilisearch bad prefix", "", env{"MUNICAT_SEARCH_TYPE": "meilisearch", "MUNICAT_MEILI_URL": "http://127.0.0.1:7700", "MUNICAT_MEILI_INDEX_PREFIX": "a b"}, "search.meilisearch.index_prefix"},
		{"bad search type", "search: {type: solr}\n", nil, "search.type"},
		{"bad base url", "base_url: ftp://x\n", nil, "base_url"},
		{"bad schedule", "organizations: [{id: o, name: O}]\nsources: [{id: s, type: ckan, url: 'http://x', organization: o, schedule: 'every day'}]\n", nil, "sources[0]"},
		{"unknown source type", "organizations: [{id: o, name: O}]\nsources: [{id: s, type: ftp, url: 'http://x', organization: o}]\n", nil, "sources[0]"},
		{"unknown organisation", "organizations: [{id: o, name: O}]\nsources: [{id: s, type: ckan, url: 'http://x', organization: p}]\n", nil, "sources[0].organization"},
		{"duplicate source", "organizations: [{id: o, name: O}]\nsources: [{id: s, type: ckan, url: 'http://x', organization: o}, {id: s, type: ckan, url: 'http://y', organization: o}]\n", nil, "sources[1].id"},
		{"bad AGS", "organizations: [{id: o, name: O, ags: '12x'}]\n", nil, "organizations[0]"},
		{"wrong type", "listen: [1, 2]\n", nil, "config.yaml"},
		{"unknown catalogue publisher", "organizations: [{id: o, name: O}]\ncatalog: {publisher: p}\n", nil, "catalog.publisher"},
		{"unlisted catalogue licence", "catalog: {license: meine-lizenz}\n", nil, "catalog.license"},
		{"unlisted missing licence", "catalog: {missing_license: cc-by-99}\n", nil, "catalog.missing_license"},
		{"bad catalogue homepage", "catalog: {homepage: 'www.example.org'}\n", nil, "catalog.homepage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustWriteFile(t, dir, "config.yaml", tt.yaml)
			r := mustRun(t, tt.env, "reindex", "--config", p)
			if r.code != exitUsage {
				t.Fatalf("exit = %d, want %d; stderr %q", r.code, exitUsage, r.stderr)
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if len(lines) != 1 || !strings.Contains(lines[0], tt.wantKey) {
				t.Fatalf("stderr = %q, want one line naming %q", r.stderr, tt.wantKey)
			}
		})
	}
}

func TestConfigEnvironmentWins(t *testing.T) {
	p := mustWriteFile(t, t.TempDir(), "c.yaml", "listen: 127.0.0.1:1111\ndata_dir: /from/file\nstore: {type: fs}\n")
	c, err := LoadConfig(p, env{"MUNICAT_LISTEN": "127.0.0.1:2222", "MUNICAT_BASE_URL": "https://daten.example/"}.getenv)
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:2222" || c.DataDir != "/from/file" || c.BaseURL != "https://daten.example" {
		t.Fatalf("config = %+v", c)
	}
}

func TestExampleConfigIsValid(t *testing.T) {
	if _, err := LoadConfig("../../municat.example.yaml", env{}.getenv); err != nil {
		t.Fatal(err)
	}
}

func TestSecretNotLogged(t *testing.T) {
	const secret = "s3cr3t-never-in-logs"
	r := mustRun(t, env{
		"MUNICAT_STORE_TYPE": "s3", "MUNICAT_S3_ENDPOINT": freeAddr(t),
		"MUNICAT_S3_ACCESS_KEY": "user", "MUNICAT_S3_SECRET_KEY": secret,
		"MUNICAT_DATA_DIR": t.TempDir(),
	}, "reindex")
	if r.code == 0 {
		t.Fatal("reindex against a closed port succeeded")
	}
	if strings.Contains(r.stderr+r.stdout, secret) {
		t.Fatalf("secret in output: %s", r.stderr)
	}
}

// FuzzLoadConfig feeds arbitrary YAML to LoadConfig: it must return a config
// or a *ConfigError, never panic or another error.
func FuzzLoadConfig(f *testing.F) {
	for _, seed := range []string{"", "listen: 1.2.3.4:5\n", "organizations: [{id: o, name: O}]\nsources: [{id: s, type: ckan, url: 'http://x', organization: o}]\n", "store: {type: s3}\n", "- a\n", "{"} {
		f.Add(seed)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, yaml string) {
		p := filepath.Join(dir, "c.yaml")
		if err := os.WriteFile(p, []byte(yaml), 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := LoadConfig(p, env{}.getenv)
		var ce *ConfigError
		if err != nil && !errors.As(err, &ce) {
			t.Fatalf("LoadConfig error %T %v is not a *ConfigError", err, err)
		}
		if err == nil && c == nil {
			t.Fatal("no config and no error")
		}
	})
}
