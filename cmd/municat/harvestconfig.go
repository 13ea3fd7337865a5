package main

import (
	"fmt"
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
	// SMTP is the mail server for run notices by e-mail.
	SMTP *notify.SMTP `yaml:"smtp"`
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
	}
}
