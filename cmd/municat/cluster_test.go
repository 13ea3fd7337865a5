package main

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestClusterConfig(t *testing.T) {
	c, err := LoadConfig("", env{}.getenv)
	if err != nil {
		t.Fatal(err)
	}
	if c.Cluster != (ClusterConfig{Role: roleAll, LeaseTTL: 30 * time.Second, FollowInterval: time.Second}) {
		t.Errorf("defaults = %+v", c.Cluster)
	}
	p := mustWriteFile(t, t.TempDir(), "c.yaml", "cluster: {role: harvester, lease_ttl: 10s, follow_interval: 250ms}\n")
	if c, err = LoadConfig(p, env{}.getenv); err != nil {
		t.Fatal(err)
	}
	if c.Cluster != (ClusterConfig{Role: roleHarvester, LeaseTTL: 10 * time.Second, FollowInterval: 250 * time.Millisecond}) {
		t.Errorf("from the file = %+v", c.Cluster)
	}
	c, err = LoadConfig(p, env{"MUNICAT_ROLE": "server", "MUNICAT_LEASE_TTL": "2m", "MUNICAT_FOLLOW_INTERVAL": "2s"}.getenv)
	if err != nil {
		t.Fatal(err)
	}
	if c.Cluster != (ClusterConfig{Role: roleServer, LeaseTTL: 2 * time.Minute, FollowInterval: 2 * time.Second}) {
		t.Errorf("from the environment = %+v", c.Cluster)
	}
}

func TestClusterConfigErrors(t *testing.T) {
	meili := env{"MUNICAT_SEARCH_TYPE": "meilisearch", "MUNICAT_MEILI_URL": "http://127.0.0.1:7700"}
	tests := []struct {
		name, yaml string
		env        env
		key, text  string
	}{
		{"unknown role", "cluster: {role: worker}\n", nil, "cluster.role", `"worker" is not one of all, server, harvester, indexer`},
		{"unknown role from env", "", env{"MUNICAT_ROLE": "Server"}, "cluster.role", "is not one of"},
		{"short lease", "cluster: {lease_ttl: 500ms}\n", nil, "cluster.lease_ttl", "at least 1s"},
		{"negative lease", "", env{"MUNICAT_LEASE_TTL": "-5s"}, "cluster.lease_ttl", "at least 1s"},
		{"lease not a duration", "", env{"MUNICAT_LEASE_TTL": "30"}, "MUNICAT_LEASE_TTL", "not a duration"},
		{"follow too often", "cluster: {follow_interval: 1ms}\n", nil, "cluster.follow_interval", "at least"},
		{"follow not a duration", "", env{"MUNICAT_FOLLOW_INTERVAL": "fast"}, "MUNICAT_FOLLOW_INTERVAL", "not a duration"},
		{"indexer with bleve", "cluster: {role: indexer}\n", nil, "cluster.role", "needs search.type meilisearch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustWriteFile(t, t.TempDir(), "c.yaml", tt.yaml)
			_, err := LoadConfig(p, tt.env.getenv)
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Key != tt.key || !strings.Contains(ce.Message, tt.text) {
				t.Fatalf("error = %v, want key %s and %q", err, tt.key, tt.text)
			}
		})
	}
	if _, err := LoadConfig("", env{"MUNICAT_ROLE": "indexer"}.with(meili).getenv); err != nil {
		t.Errorf("role indexer with Meilisearch: %v", err)
	}
}

// with returns e with the variables of o added.
func (e env) with(o env) env {
	m := env{}
	for k, v := range e {
		m[k] = v
	}
	for k, v := range o {
		m[k] = v
	}
	return m
}

func TestServeRoleFlag(t *testing.T) {
	e := env{"MUNICAT_DATA_DIR": t.TempDir(), "MUNICAT_LISTEN": "127.0.0.1:0"}
	for _, tt := range []struct {
		role, want string
	}{
		{"leader", `config: --role: "leader" is not one of all, server, harvester, indexer`},
		{"indexer", "config: cluster.role: role indexer needs search.type meilisearch"},
	} {
		r := mustRun(t, e, "serve", "--role", tt.role)
		if r.code != exitUsage || !strings.Contains(r.stderr, tt.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("serve --role %s: exit %d, stderr %q; want %d and one line with %q", tt.role, r.code, r.stderr, exitUsage, tt.want)
		}
	}
}
