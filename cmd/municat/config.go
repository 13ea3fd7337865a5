package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/search/meili"
)

// Config is municat's configuration: a YAML file overlaid with MUNICAT_*
// environment variables (the environment wins).
type Config struct {
	// Listen is the address the server listens on.
	Listen string `yaml:"listen"`
	// BaseURL is the public URL of the portal, used in links and exports.
	BaseURL string `yaml:"base_url"`
	// DataDir holds the fs store and the embedded index.
	DataDir string `yaml:"data_dir"`
	// Store selects and configures the object store.
	Store StoreConfig `yaml:"store"`
	// Search selects and configures the search index.
	Search SearchConfig `yaml:"search"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `yaml:"log_level"`
	// Organizations are the organisations of the catalogue; the config is
	// the truth for them and they are written to the store at start.
	Organizations []municat.Organization `yaml:"organizations"`
	// Sources are the harvest sources; each names one of Organizations.
	Sources []municat.Source `yaml:"sources"`
	// Harvest tunes harvesting for all sources.
	Harvest HarvestConfig `yaml:"harvest"`
	// Catalog describes the catalogue in the DCAT-AP export.
	Catalog CatalogConfig `yaml:"catalog"`
	// Pages holds the texts of the legal pages, Markdown per language.
	Pages PagesConfig `yaml:"pages"`
	// Admin configures publishing: sign-in, sessions and uploads.
	Admin AdminConfig `yaml:"admin"`
	// API tunes the public API: rate limits, trusted proxies, tables.
	API APIConfig `yaml:"api"`
	// Cluster splits municat over several processes (roles, leases, the
	// change log the indexes follow).
	Cluster ClusterConfig `yaml:"cluster"`
}

// PagesConfig holds the texts of the legal pages every German public
// portal needs; a page left empty shows municat's default text, which says
// what the operator still has to fill in.
type PagesConfig struct {
	// Imprint is the Impressum (legal notice, § 5 DDG).
	Imprint municat.Text `yaml:"imprint"`
	// Privacy is the privacy statement (Datenschutzerklärung).
	Privacy municat.Text `yaml:"privacy"`
	// Accessibility is the accessibility statement BITV 2.0 requires
	// (Erklärung zur Barrierefreiheit).
	Accessibility municat.Text `yaml:"accessibility"`
}

// CatalogConfig describes the catalogue itself in the DCAT-AP export
// (the dcat:Catalog node GovData and data.europa.eu read).
type CatalogConfig struct {
	// Title and Description per language; defaults name the publisher.
	Title       municat.Text `yaml:"title"`
	Description municat.Text `yaml:"description"`
	// Publisher is the id of the organisation that runs the portal; the
	// first configured organisation if empty.
	Publisher string `yaml:"publisher"`
	// Homepage is the portal's start page; the base URL if empty.
	Homepage string `yaml:"homepage"`
	// Languages are ISO 639-1 codes of the metadata languages ("de").
	Languages []string `yaml:"languages"`
	// License is the licence of the catalogue's metadata, e.g. "dl-zero-de/2.0".
	License string `yaml:"license"`
	// MissingLicense is the licence the export names for a distribution
	// that has none (DCAT-AP.de requires one); "other-closed" if empty.
	MissingLicense string `yaml:"missing_license"`
}

// StoreConfig selects and configures the object store.
type StoreConfig struct {
	// Type is "fs" (default) or "s3".
	Type string `yaml:"type"`
	// S3 configures the store when Type is "s3".
	S3 S3Config `yaml:"s3"`
}

// S3Config configures an S3-compatible store such as MinIO.
type S3Config struct {
	// Endpoint is the server's host and port without scheme or path,
	// e.g. "minio.example:9000".
	Endpoint string `yaml:"endpoint"`
	// Bucket is the bucket the objects live in; it is created if missing.
	Bucket string `yaml:"bucket"`
	// AccessKey is the access key of the credentials.
	AccessKey string `yaml:"access_key"`
	// SecretKey is the secret key of the credentials.
	SecretKey string `yaml:"secret_key"`
	// Secure selects HTTPS.
	Secure bool `yaml:"secure"`
	// Region is the bucket's region; empty for MinIO's default.
	Region string `yaml:"region"`
}

// SearchConfig selects and configures the search index.
type SearchConfig struct {
	// Type is "bleve" (default, embedded) or "meilisearch".
	Type string `yaml:"type"`
	// Meilisearch configures the index when Type is "meilisearch".
	Meilisearch MeiliConfig `yaml:"meilisearch"`
}

// MeiliConfig configures a Meilisearch server.
type MeiliConfig struct {
	// URL is the base URL of the Meilisearch server.
	URL string `yaml:"url"`
	// Key is the API key for the server (a key with the search, documents,
	// indexes, settings, tasks and stats actions, or the master key).
	Key string `yaml:"key"`
	// IndexPrefix is put before the index uid (datasets_v<N>), so that
	// several portals can share one server.
	IndexPrefix string `yaml:"index_prefix"`
	// Timeout caps one request to the server (default 10s).
	Timeout time.Duration `yaml:"timeout"`
}

// ConfigError is a configuration problem naming the key at fault; the CLI
// prints it as one line and exits with status 2.
type ConfigError struct {
	// Key names what is at fault: a config key such as "store.type", a
	// MUNICAT_* variable, "--config" or the config file's path.
	Key string
	// Message says what is wrong.
	Message string
}

// Error returns "config: KEY: MESSAGE".
func (e *ConfigError) Error() string { return "config: " + e.Key + ": " + e.Message }

func defaultConfig() Config {
	return Config{
		Listen:   "127.0.0.1:8080",
		DataDir:  "./data",
		LogLevel: "info",
		Store:    StoreConfig{Type: "fs", S3: S3Config{Bucket: "municat"}},
		Search:   SearchConfig{Type: "bleve"},
	}
}

// envVars maps each MUNICAT_* variable to the config field it sets.
var envVars = []struct {
	name string
	key  string
	set  func(c *Config, v string) error
}{
	{"MUNICAT_LISTEN", "listen", func(c *Config, v string) error { c.Listen = v; return nil }},
	{"MUNICAT_BASE_URL", "base_url", func(c *Config, v string) error { c.BaseURL = v; return nil }},
	{"MUNICAT_DATA_DIR", "data_dir", func(c *Config, v string) error { c.DataDir = v; return nil }},
	{"MUNICAT_LOG_LEVEL", "log_level", func(c *Config, v string) error { c.LogLevel = v; return nil }},
	{"MUNICAT_STORE_TYPE", "store.type", func(c *Config, v string) error { c.Store.Type = v; return nil }},
	{"MUNICAT_S3_ENDPOINT", "store.s3.endpoint", func(c *Config, v string) error { c.Store.S3.Endpoint = v; return nil }},
	{"MUNICAT_S3_BUCKET", "store.s3.bucket", func(c *Config, v string) error { c.Store.S3.Bucket = v; return nil }},
	{"MUNICAT_S3_ACCESS_KEY", "store.s3.access_key", func(c *Config, v string) error { c.Store.S3.AccessKey = v; return nil }},
	{"MUNICAT_S3_SECRET_KEY", "store.s3.secret_key", func(c *Config, v string) error { c.Store.S3.SecretKey = v; return nil }},
	{"MUNICAT_S3_REGION", "store.s3.region", func(c *Config, v string) error { c.Store.S3.Region = v; return nil }},
	{"MUNICAT_S3_SECURE", "store.s3.secure", func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("must be true or false, not %q", v)
		}
		c.Store.S3.Secure = b
		return nil
	}},
	{"MUNICAT_SEARCH_TYPE", "search.type", func(c *Config, v string) error { c.Search.Type = v; return nil }},
	{"MUNICAT_MEILI_URL", "search.meilisearch.url", func(c *Config, v string) error { c.Search.Meilisearch.URL = v; return nil }},
	{"MUNICAT_MEILI_KEY", "search.meilisearch.key", func(c *Config, v string) error { c.Search.Meilisearch.Key = v; return nil }},
	{"MUNICAT_MEILI_INDEX_PREFIX", "search.meilisearch.index_prefix", func(c *Config, v string) error { c.Search.Meilisearch.IndexPrefix = v; return nil }},
	{"MUNICAT_ROLE", "cluster.role", func(c *Config, v string) error { c.Cluster.Role = v; return nil }},
	{"MUNICAT_LEASE_TTL", "cluster.lease_ttl", func(c *Config, v string) (err error) {
		c.Cluster.LeaseTTL, err = parseDurationVar(v)
		return err
	}},
	{"MUNICAT_FOLLOW_INTERVAL", "cluster.follow_interval", func(c *Config, v string) (err error) {
		c.Cluster.FollowInterval, err = parseDurationVar(v)
		return err
	}},
	{"MUNICAT_HARVEST_ALLOW_NETS", "harvest.allow_nets", func(c *Config, v string) error { c.Harvest.AllowNets = []string{v}; return nil }},
	{"MUNICAT_OIDC_CLIENT_SECRET", "admin.oidc.client_secret", func(c *Config, v string) error {
		if c.Admin.OIDC == nil {
			return errors.New("is set but admin.oidc is not configured")
		}
		c.Admin.OIDC.ClientSecret = v
		return nil
	}},
	{"MUNICAT_SMTP_PASSWORD", "harvest.smtp.password", func(c *Config, v string) error {
		if c.Harvest.SMTP == nil {
			return errors.New("is set but harvest.smtp is not configured")
		}
		c.Harvest.SMTP.Password = v
		return nil
	}},
}

var unknownField = regexp.MustCompile(`line (\d+): field (\S+) not found`)

// LoadConfig reads the YAML file at path (none if path is ""), applies the
// environment from getenv and validates the result.
func LoadConfig(path string, getenv func(string) string) (*Config, error) {
	c := defaultConfig()
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, &ConfigError{Key: "--config", Message: fmt.Sprintf("cannot read %s: %v", path, errors.Unwrap(err))}
		}
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
			return nil, yamlError(path, err)
		}
	}
	for _, e := range envVars {
		if v := getenv(e.name); v != "" {
			if err := e.set(&c, v); err != nil {
				return nil, &ConfigError{Key: e.name, Message: err.Error()}
			}
		}
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

func yamlError(path string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		if m := unknownField.FindStringSubmatch(te.Errors[0]); m != nil {
			return &ConfigError{Key: m[2], Message: fmt.Sprintf("unknown key in %s line %s", path, m[1])}
		}
		return &ConfigError{Key: path, Message: strings.TrimPrefix(te.Errors[0], "yaml: ")}
	}
	return &ConfigError{Key: path, Message: strings.TrimPrefix(err.Error(), "yaml: ")}
}

func (c *Config) validate() error {
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		return &ConfigError{Key: "listen", Message: fmt.Sprintf("%q is not host:port", c.Listen)}
	}
	if c.BaseURL == "" {
		host, port, _ := net.SplitHostPort(c.Listen)
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "localhost"
		}
		c.BaseURL = "http://" + net.JoinHostPort(host, port)
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &ConfigError{Key: "base_url", Message: fmt.Sprintf("%q is not an absolute http(s) URL", c.BaseURL)}
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if c.DataDir == "" {
		return &ConfigError{Key: "data_dir", Message: "must not be empty"}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return &ConfigError{Key: "log_level", Message: fmt.Sprintf("%q is not one of debug, info, warn, error", c.LogLevel)}
	}
	switch c.Store.Type {
	case "fs":
	case "s3":
		s := c.Store.S3
		for key, v := range map[string]string{"store.s3.endpoint": s.Endpoint, "store.s3.bucket": s.Bucket, "store.s3.access_key": s.AccessKey, "store.s3.secret_key": s.SecretKey} {
			if v == "" {
				return &ConfigError{Key: key, Message: "is required when store.type is s3"}
			}
		}
		if strings.Contains(s.Endpoint, "/") {
			return &ConfigError{Key: "store.s3.endpoint", Message: fmt.Sprintf("%q must be host:port without scheme or path (use store.s3.secure for TLS)", s.Endpoint)}
		}
	default:
		return &ConfigError{Key: "store.type", Message: fmt.Sprintf("%q is not one of fs, s3", c.Store.Type)}
	}
	switch c.Search.Type {
	case "bleve":
	case "meilisearch":
		m := c.Search.Meilisearch
		if m.URL == "" {
			return &ConfigError{Key: "search.meilisearch.url", Message: "is required when search.type is meilisearch (e.g. http://127.0.0.1:7700)"}
		}
		if u, err := url.Parse(m.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return &ConfigError{Key: "search.meilisearch.url", Message: fmt.Sprintf("%q is not an absolute http(s) URL", m.URL)}
		}
		if !meili.ValidIndexPrefix(m.IndexPrefix) {
			return &ConfigError{Key: "search.meilisearch.index_prefix", Message: fmt.Sprintf("%q may hold only letters, digits, - and _", m.IndexPrefix)}
		}
		if m.Timeout < 0 {
			return &ConfigError{Key: "search.meilisearch.timeout", Message: "must not be negative"}
		}
	default:
		return &ConfigError{Key: "search.type", Message: fmt.Sprintf("%q is not one of bleve, meilisearch", c.Search.Type)}
	}
	orgs := map[string]bool{}
	for i := range c.Organizations {
		o := &c.Organizations[i]
		if err := o.Validate(); err != nil {
			return &ConfigError{Key: fmt.Sprintf("organizations[%d]", i), Message: err.Error()}
		}
		if orgs[o.ID] {
			return &ConfigError{Key: fmt.Sprintf("organizations[%d].id", i), Message: fmt.Sprintf("%q is used twice", o.ID)}
		}
		orgs[o.ID] = true
	}
	if p := c.Catalog.Publisher; p != "" && !orgs[p] {
		return &ConfigError{Key: "catalog.publisher", Message: fmt.Sprintf("%q is not listed under organizations", p)}
	}
	for key, l := range map[string]string{"catalog.license": c.Catalog.License, "catalog.missing_license": c.Catalog.MissingLicense} {
		if _, ok := dcat.LicenseFor(l); l != "" && !ok {
			return &ConfigError{Key: key, Message: fmt.Sprintf("%q is not in the DCAT-AP.de licence list (e.g. dl-by-de/2.0, dl-zero-de/2.0, cc-by/4.0)", l)}
		}
	}
	if h := c.Catalog.Homepage; h != "" {
		if u, err := url.Parse(h); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return &ConfigError{Key: "catalog.homepage", Message: fmt.Sprintf("%q is not an absolute http(s) URL", h)}
		}
	}
	sources := map[string]bool{}
	for i := range c.Sources {
		s := &c.Sources[i]
		if err := s.Validate(sourceTypes()...); err != nil {
			return &ConfigError{Key: fmt.Sprintf("sources[%d]", i), Message: err.Error()}
		}
		if sources[s.ID] {
			return &ConfigError{Key: fmt.Sprintf("sources[%d].id", i), Message: fmt.Sprintf("%q is used twice", s.ID)}
		}
		if !orgs[s.Organization] {
			return &ConfigError{Key: fmt.Sprintf("sources[%d].organization", i), Message: fmt.Sprintf("%q is not listed under organizations", s.Organization)}
		}
		sources[s.ID] = true
	}
	if err := c.validateAdmin(); err != nil {
		return err
	}
	if err := c.validateAPI(); err != nil {
		return err
	}
	if err := c.validateCluster(); err != nil {
		return err
	}
	if err := c.checkRoleFits(); err != nil {
		return err
	}
	return c.validateHarvest()
}

// Source returns the configured source with id.
func (c *Config) Source(id string) (*municat.Source, bool) {
	for i := range c.Sources {
		if c.Sources[i].ID == id {
			return &c.Sources[i], true
		}
	}
	return nil, false
}
