package bench

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Organization is the one organisation every benchmark source harvests
// into: a source maps all its datasets to its organisation.
const Organization = "bench-kommune"

// Source is a harvest source of a benchmark configuration.
type Source struct {
	// ID is the source id, e.g. "bench-ckan".
	ID string
	// Type is "ckan" or "dcat".
	Type string
	// URL is the stand-in's URL.
	URL string
}

// S3 is the MinIO store of a benchmark configuration.
type S3 struct {
	// Endpoint is MinIO's host:port.
	Endpoint string
	// Bucket, AccessKey and SecretKey address the bucket.
	Bucket, AccessKey, SecretKey string
}

// Config is what a benchmark's municat configuration varies.
type Config struct {
	// Listen is the server's address (host:port).
	Listen string
	// DataDir is the fresh data directory.
	DataDir string
	// S3 selects the S3 store; nil for the fs store.
	S3 *S3
	// Sources are the harvest sources.
	Sources []Source
}

// YAML returns the municat configuration file: Bleve search, rate limits
// off, the harvester's per-host delay down to 1 µs and 16 connections (the
// stand-ins are on loopback; politeness would measure sleep).
func (c Config) YAML() string {
	var b strings.Builder
	q := strconv.Quote
	fmt.Fprintf(&b, "listen: %s\nbase_url: %s\ndata_dir: %s\nlog_level: warn\n", q(c.Listen), q("http://"+c.Listen), q(c.DataDir))
	if c.S3 != nil {
		fmt.Fprintf(&b, "store:\n  type: s3\n  s3:\n    endpoint: %s\n    bucket: %s\n    access_key: %s\n    secret_key: %s\n    secure: false\n",
			q(c.S3.Endpoint), q(c.S3.Bucket), q(c.S3.AccessKey), q(c.S3.SecretKey))
	} else {
		b.WriteString("store:\n  type: fs\n")
	}
	b.WriteString("search:\n  type: bleve\n")
	fmt.Fprintf(&b, "organizations:\n  - id: %s\n    name: Benchmark-Kommune\n", Organization)
	b.WriteString("api:\n  rate_limit:\n    reads: -1\n    writes: -1\n")
	// The benchmark harvests from its own loopback servers, which the
	// harvester refuses unless they are allowed.
	b.WriteString("harvest:\n  host_delay: 1us\n  host_connections: 16\n  run_timeout: 24h\n  allow_nets: [\"127.0.0.0/8\", \"::1/128\"]\n")
	if len(c.Sources) > 0 {
		b.WriteString("sources:\n")
		for _, s := range c.Sources {
			fmt.Fprintf(&b, "  - id: %s\n    type: %s\n    url: %s\n    organization: %s\n", s.ID, s.Type, q(s.URL), Organization)
		}
	}
	return b.String()
}

// Write writes the configuration to path.
func (c Config) Write(path string) error {
	return os.WriteFile(path, []byte(c.YAML()), 0o600)
}
