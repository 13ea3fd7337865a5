package main

import (
	"fmt"
	"time"
)

// Process roles (ClusterConfig.Role, serve --role).
const (
	// roleAll runs everything in one process: web, scheduler, index.
	roleAll = "all"
	// roleServer serves the web (public pages, API, administration)
	// without firing the harvest schedule.
	roleServer = "server"
	// roleHarvester fires the harvest schedule and writes the change log;
	// it opens no index and serves only /healthz and /readyz.
	roleHarvester = "harvester"
	// roleIndexer keeps a shared index up to date from the change log;
	// it serves only /healthz and /readyz.
	roleIndexer = "indexer"
)

// roles lists the valid roles in the order messages name them.
var roles = []string{roleAll, roleServer, roleHarvester, roleIndexer}

// Defaults and lower bounds of the cluster section.
const (
	defaultLeaseTTL       = 30 * time.Second
	minLeaseTTL           = time.Second
	defaultFollowInterval = time.Second
	minFollowInterval     = 10 * time.Millisecond
)

// ClusterConfig splits municat over several processes that share one store
// (S3/MinIO) and, for the web, one Meilisearch server or each its own
// Bleve index kept up to date from the change log.
type ClusterConfig struct {
	// Role is what `serve` runs: all (default), server, harvester or
	// indexer. `serve --role` overrides it.
	Role string `yaml:"role"`
	// LeaseTTL is how long a lease (scheduler leader, running harvest)
	// lasts unless renewed: a process that died blocks the others for at
	// most this long (default 30s, at least 1s).
	LeaseTTL time.Duration `yaml:"lease_ttl"`
	// FollowInterval is how often a process with its own index looks for
	// new entries in the change log (default 1s).
	FollowInterval time.Duration `yaml:"follow_interval"`
}

// parseDurationVar parses the value of a duration environment variable.
func parseDurationVar(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as 30s or 1m", v)
	}
	return d, nil
}

// validateCluster fills in the defaults of the cluster section and checks
// it.
func (c *Config) validateCluster() error {
	k := &c.Cluster
	if k.Role == "" {
		k.Role = roleAll
	}
	if err := checkRole(k.Role); err != nil {
		return &ConfigError{Key: "cluster.role", Message: err.Error()}
	}
	if k.LeaseTTL == 0 {
		k.LeaseTTL = defaultLeaseTTL
	}
	if k.LeaseTTL < minLeaseTTL {
		return &ConfigError{Key: "cluster.lease_ttl", Message: fmt.Sprintf("%s is too short; it must be at least %s", k.LeaseTTL, minLeaseTTL)}
	}
	if k.FollowInterval == 0 {
		k.FollowInterval = defaultFollowInterval
	}
	if k.FollowInterval < minFollowInterval {
		return &ConfigError{Key: "cluster.follow_interval", Message: fmt.Sprintf("%s is too short; it must be at least %s", k.FollowInterval, minFollowInterval)}
	}
	return nil
}

// checkRole returns an error unless role is one of roles.
func checkRole(role string) error {
	for _, r := range roles {
		if role == r {
			return nil
		}
	}
	return fmt.Errorf("%q is not one of all, server, harvester, indexer", role)
}

// checkRoleFits returns an error when the role cannot work with the rest
// of the configuration.
func (c *Config) checkRoleFits() error {
	if c.Cluster.Role == roleIndexer && c.Search.Type == "bleve" {
		return &ConfigError{Key: "cluster.role", Message: "role indexer needs search.type meilisearch: an embedded Bleve index belongs to one process, so nobody would search the index it keeps (a server with Bleve follows the change log itself)"}
	}
	return nil
}
