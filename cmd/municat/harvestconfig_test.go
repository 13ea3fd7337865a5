package main

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/municat/municat/harvester"
)

// TestHarvestAllowNets reads harvest.allow_nets from the variable and
// refuses what is not a network, in plain words.
func TestHarvestAllowNets(t *testing.T) {
	c, err := LoadConfig("", env{"MUNICAT_HARVEST_ALLOW_NETS": "10.20.0.0/16, 192.168.5.7"}.getenv)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(c.Harvest.allowNets); got != 2 || c.Harvest.allowNets[1].String() != "192.168.5.7/32" {
		t.Errorf("allow nets = %v", c.Harvest.allowNets)
	}
	p := mustWriteFile(t, t.TempDir(), "municat.yaml", "harvest:\n  allow_nets: [\"10.0.0.0/8\", \"intranet\"]\n")
	_, err = LoadConfig(p, env{"MUNICAT_HARVEST_ALLOW_NETS": ""}.getenv)
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Key != "harvest.allow_nets" || !strings.Contains(ce.Message, `"intranet"`) || !strings.Contains(ce.Message, "CIDR") {
		t.Errorf("invalid network: %v, want a config error for harvest.allow_nets naming it", err)
	}
}

// TestWebhookClientIsGuarded: webhooks go through the same address guard
// as harvesting, and follow no redirect.
func TestWebhookClientIsGuarded(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, "/elsewhere", http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	post := func(allow string) (*http.Response, error) {
		cfg, err := LoadConfig("", env{"MUNICAT_HARVEST_ALLOW_NETS": allow}.getenv)
		if err != nil {
			t.Fatal(err)
		}
		return (&app{cfg: cfg}).webhookClient().Post(srv.URL, "application/json", strings.NewReader("{}"))
	}
	_, err := post("")
	var be *harvester.BlockedAddressError
	if !errors.As(err, &be) || hits.Load() != 0 {
		t.Fatalf("webhook to loopback without allow list: %v (%d requests), want refused", err, hits.Load())
	}
	resp, err := post("127.0.0.0/8")
	if err != nil {
		t.Fatalf("webhook to allowed loopback: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTemporaryRedirect || hits.Load() != 1 {
		t.Errorf("webhook: status %d after %d requests, want the redirect itself, not followed", resp.StatusCode, hits.Load())
	}
}
