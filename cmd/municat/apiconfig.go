package main

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/municat/municat/server"
)

// APIConfig tunes the public API: request budgets per client, the proxies
// whose client address header is believed, and the processing of tables
// for the rows API.
type APIConfig struct {
	// RateLimit sets the budgets per client and minute.
	RateLimit RateLimitSettings `yaml:"rate_limit"`
	// TrustedProxies are the addresses or networks (CIDR) of reverse proxies
	// in front of municat; the client address is taken from their
	// X-Forwarded-For header. Without them every request comes from the
	// proxy, and anonymous clients share one budget.
	TrustedProxies []string `yaml:"trusted_proxies"`
	// Tables tunes the processing of CSV and XLSX files for the rows API.
	Tables TablesSettings `yaml:"tables"`
}

// RateLimitSettings are the budgets per client and minute; 0 means the
// default, a negative number turns the limit off.
type RateLimitSettings struct {
	// Reads per minute (GET, HEAD and CKAN's read actions).
	Reads int `yaml:"reads"`
	// Writes per minute (the write API).
	Writes int `yaml:"writes"`
}

// TablesSettings tune the processing of tabular files.
type TablesSettings struct {
	// Workers is the number of files processed at once (2 if 0).
	Workers int `yaml:"workers"`
	// QueryTimeout limits one rows, schema or aggregate request (10s if 0).
	QueryTimeout time.Duration `yaml:"query_timeout"`
}

// rateLimit returns the server's rate limit settings.
func (c APIConfig) rateLimit() server.RateLimitConfig {
	return server.RateLimitConfig{Reads: c.RateLimit.Reads, Writes: c.RateLimit.Writes}
}

// validateAPI checks the api settings.
func (c *Config) validateAPI() error {
	a := c.API
	for _, p := range a.TrustedProxies {
		if _, err := netip.ParsePrefix(p); err == nil {
			continue
		}
		if _, err := netip.ParseAddr(p); err != nil {
			return &ConfigError{Key: "api.trusted_proxies", Message: fmt.Sprintf("%q is neither an IP address nor a network in CIDR notation (e.g. 10.0.0.0/8)", p)}
		}
	}
	if a.Tables.Workers < 0 || a.Tables.Workers > 64 {
		return &ConfigError{Key: "api.tables.workers", Message: "must be between 1 and 64 (0 or left out: 2)"}
	}
	if t := a.Tables.QueryTimeout; t < 0 || (t > 0 && t < time.Second) || t > 5*time.Minute {
		return &ConfigError{Key: "api.tables.query_timeout", Message: "must be between 1s and 5m"}
	}
	return nil
}
