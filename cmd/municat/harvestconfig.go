package main

import (
	"fmt"
	"net/http"
	"net/netip"
	"time"

	"github.com/municat/municat/harvester"
	"github.com/municat/municat/notify"
)

// HarvestConfig tunes harvesting for every source.
type HarvestConfig struct {
	// RunTimeout is the time limit of a run whose source sets none, e.g.
	// "2h" (harvester.DefaultRunTimeout if empty).
	RunTimeout time.Duration `yaml:"run_timeout"`
	// ArchiveAfter is how long a withdrawn dataset stays reachable with a
	// banner before it is archived, e.g. "720h" for 30 days (the default).
	ArchiveAfter time.Duration `yaml:"archive_after"`
	// HostDelay is the least time between two requests to one host
	// (harvester.DefaultHostDelay if empty).
	HostDelay time.Duration `yaml:"host_delay"`
	// HostConnections caps concurrent requests to one host
	// (harvester.DefaultHostConns if 0).
	HostConnections int `yaml:"host_connections"`
	// AllowNets lists the internal networks (loopback, private, link-local,
	// CGNAT) sources and webhooks may be fetched from, in CIDR notation,
	// e.g. ["10.20.0.0/16"]; each entry may be comma-separated, as in
	// MUNICAT_HARVEST_ALLOW_NETS. None by default; the cloud metadata
	// service is refused whatever it says (see harvester.CheckAddr). With a
	// proxy from the environment only the proxy's address is checked, and
	// the proxy must refuse internal addresses itself.
	AllowNets []string `yaml:"allow_nets"`
	// SMTP is the mail server for run notices by e-mail.
	SMTP *notify.SMTP `yaml:"smtp"`

	allowNets []netip.Prefix // AllowNets parsed by validateHarvest
}

// validate checks the harvest settings and the sources' notification
// settings against them.
func (c *Config) validateHarvest() error {
	h := c.Harvest
	for key, d := range map[string]time.Duration{"harvest.run_timeout": h.RunTimeout, "harvest.archive_after": h.ArchiveAfter, "harvest.host_delay": h.HostDelay} {
		if d < 0 {
			return &ConfigError{Key: key, Message: fmt.Sprintf("%s must not be negative", d)}
		}
	}
	if h.HostConnections < 0 || h.HostConnections > 16 {
		return &ConfigError{Key: "harvest.host_connections", Message: "must be between 1 and 16"}
	}
	nets, err := harvester.ParseAllowNets(h.AllowNets...)
	if err != nil {
		return &ConfigError{Key: "harvest.allow_nets", Message: err.Error()}
	}
	c.Harvest.allowNets = nets
	if h.SMTP != nil {
		if err := h.SMTP.Validate(); err != nil {
			return &ConfigError{Key: "harvest.smtp", Message: err.Error()}
		}
	}
	for i, s := range c.Sources {
		if s.Notify == nil {
			continue
		}
		n := notify.Settings(*s.Notify)
		if err := n.Validate(); err != nil {
			return &ConfigError{Key: fmt.Sprintf("sources[%d].notify", i), Message: err.Error()}
		}
		if len(n.Email) > 0 && h.SMTP == nil {
			return &ConfigError{Key: fmt.Sprintf("sources[%d].notify.email", i), Message: "e-mail notices need a mail server under harvest.smtp"}
		}
	}
	return nil
}

// newTransport returns the polite, caching HTTP transport all sources of
// the app share.
func (a *app) newTransport() *harvester.Transport {
	return &harvester.Transport{
		HostConns: a.cfg.Harvest.HostConnections,
		HostDelay: a.cfg.Harvest.HostDelay,
		Cache:     a.catalog,
		Logger:    a.logger,
		AllowNets: a.cfg.Harvest.allowNets,
	}
}

// webhookClient returns the client for the sources' webhooks: guarded
// like harvesting (the same allowed networks), following no redirect, so
// that a redirected POST does not turn into a GET and lose the notice.
func (a *app) webhookClient() *http.Client {
	return &http.Client{
		Transport:     harvester.GuardedTransport(harvester.DefaultHostConns, a.cfg.Harvest.allowNets),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
