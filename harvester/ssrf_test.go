package harvester_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// loopbackNets opens loopback to the harvest client, for httptest servers.
var loopbackNets = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

func nets(s ...string) []netip.Prefix {
	var p []netip.Prefix
	for _, n := range s {
		p = append(p, netip.MustParsePrefix(n))
	}
	return p
}

// TestCheckAddr decides per address and allow list.
func TestCheckAddr(t *testing.T) {
	for _, tc := range []struct {
		addr      string
		allow     []netip.Prefix
		ok        bool
		allowable bool // of a refusal
	}{
		{"93.184.215.14", nil, true, false},
		{"2606:4700::6810:84e5", nil, true, false},
		{"127.0.0.1", nil, false, true},
		{"127.0.0.1", nets("127.0.0.0/8"), true, false},
		{"::1", nil, false, true},
		{"::1", nets("::1/128"), true, false},
		{"10.1.2.3", nil, false, true},
		{"10.1.2.3", nets("10.1.0.0/16"), true, false},
		{"10.2.0.1", nets("10.1.0.0/16"), false, true},
		{"172.20.0.1", nil, false, true},
		{"192.168.1.1", nil, false, true},
		{"100.64.0.1", nil, false, true},
		{"100.64.0.1", nets("100.64.0.0/10"), true, false},
		{"fd12::1", nil, false, true},
		{"fd12::1", nets("fc00::/7"), true, false},
		{"169.254.10.1", nil, false, true},
		{"169.254.10.1", nets("169.254.0.0/16"), true, false},
		{"fe80::1", nil, false, true},
		// cloud metadata: never, whatever the list
		{"169.254.169.254", nets("169.254.0.0/16"), false, false},
		{"169.254.169.254", nets("0.0.0.0/0"), false, false},
		{"fd00:ec2::254", nets("fc00::/7"), false, false},
		{"::ffff:169.254.169.254", nets("169.254.0.0/16"), false, false},
		// IPv4-mapped IPv6 is checked as IPv4
		{"::ffff:127.0.0.1", nil, false, true},
		{"::ffff:127.0.0.1", nets("127.0.0.0/8"), true, false},
		{"::ffff:10.0.0.1", nil, false, true},
		// NAT64 of an internal address
		{"64:ff9b::7f00:1", nil, false, true},
		{"64:ff9b::5db8:d70e", nil, true, false},
		// never a destination
		{"0.0.0.0", nets("0.0.0.0/0"), false, false},
		{"::", nets("::/0"), false, false},
		{"255.255.255.255", nets("0.0.0.0/0"), false, false},
		{"224.0.0.1", nets("0.0.0.0/0"), false, false},
		{"ff02::1", nets("::/0"), false, false},
	} {
		err := harvester.CheckAddr(netip.MustParseAddr(tc.addr), tc.allow)
		var be *harvester.BlockedAddressError
		switch {
		case tc.ok && err != nil:
			t.Errorf("CheckAddr(%s, %v) = %v, want allowed", tc.addr, tc.allow, err)
		case !tc.ok && !errors.As(err, &be):
			t.Errorf("CheckAddr(%s, %v) = %v, want a *BlockedAddressError", tc.addr, tc.allow, err)
		case !tc.ok && be.Allowable != tc.allowable:
			t.Errorf("CheckAddr(%s, %v).Allowable = %v, want %v", tc.addr, tc.allow, be.Allowable, tc.allowable)
		}
	}
}

// TestParseAllowNets reads the list of the config and the variable.
func TestParseAllowNets(t *testing.T) {
	got, err := harvester.ParseAllowNets("10.20.0.0/16, 192.168.5.7", "fd12::/48,,::ffff:172.16.0.0/108")
	if err != nil {
		t.Fatal(err)
	}
	want := nets("10.20.0.0/16", "192.168.5.7/32", "fd12::/48", "172.16.0.0/12")
	if len(got) != len(want) {
		t.Fatalf("ParseAllowNets = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("net %d = %v, want %v", i, got[i], want[i])
		}
	}
	for _, bad := range []string{"10.0.0.0/33", "intranet", "10.0.0/8"} {
		if _, err := harvester.ParseAllowNets(bad); err == nil || !strings.Contains(err.Error(), "CIDR") {
			t.Errorf("ParseAllowNets(%q) = %v, want an error naming CIDR notation", bad, err)
		}
	}
}

// countingServer is an httptest server on addr that counts its requests.
func countingServer(t *testing.T, addr string, h http.Handler) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h.ServeHTTP(w, r)
	}))
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &n
}

var okHandler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"ok":true}`))
})

// mustRefused checks err is the guard's EFORBIDDEN error naming ip, in
// German, with the hint to the allow list.
func mustRefused(t *testing.T, err error, ip string) {
	t.Helper()
	var be *harvester.BlockedAddressError
	if !errors.As(err, &be) || municat.ErrorCode(err) != municat.EFORBIDDEN {
		t.Fatalf("err = %v, want EFORBIDDEN from the address guard", err)
	}
	msg := municat.ErrorMessage(err)
	if !strings.Contains(msg, "("+ip+")") || !strings.Contains(msg, "für das Ernten gesperrt") || !strings.Contains(msg, harvester.AllowNetsVariable) {
		t.Errorf("message = %q, want the German refusal naming %s and %s", msg, ip, harvester.AllowNetsVariable)
	}
}

// TestGuardLoopback refuses a loopback source by default, by IP, by name
// and as IPv4-mapped IPv6, without sending it a request, and fetches it when
// its network is allowed.
func TestGuardLoopback(t *testing.T) {
	srv, hits := countingServer(t, "127.0.0.1:0", okHandler)
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	quick := harvester.GetOptions{Retries: -1}
	for _, u := range []string{srv.URL, strings.Replace(srv.URL, "127.0.0.1", "localhost", 1), "http://[::ffff:127.0.0.1]:" + strconv.Itoa(port)} {
		_, _, err := harvester.GetBody(context.Background(), harvester.NewHTTPClient(), u, quick)
		mustRefused(t, err, "127.0.0.1")
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the refused source got %d requests, want none", n)
	}

	client := harvester.NewHTTPClientWith(&harvester.Transport{AllowNets: nets("127.0.0.1/32"), HostDelay: -1})
	for _, u := range []string{srv.URL, "http://[::ffff:127.0.0.1]:" + strconv.Itoa(port)} {
		if _, _, err := harvester.GetBody(context.Background(), client, u, quick); err != nil {
			t.Errorf("GetBody(%s) with 127.0.0.1/32 allowed: %v", u, err)
		}
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("the allowed source got %d requests, want 2", n)
	}
}

// TestGuardRedirect refuses a redirect from an allowed source to an address
// outside the allow list, and a download as well.
func TestGuardRedirect(t *testing.T) {
	other, otherHits := countingServer(t, "127.0.0.2:0", okHandler)
	first, _ := countingServer(t, "127.0.0.1:0", http.RedirectHandler(other.URL+"/secret", http.StatusFound))
	client := harvester.NewHTTPClientWith(&harvester.Transport{AllowNets: nets("127.0.0.1/32"), HostDelay: -1})

	_, _, err := harvester.GetBody(context.Background(), client, first.URL, harvester.GetOptions{Retries: -1})
	mustRefused(t, err, "127.0.0.2")
	_, err = harvester.Download(context.Background(), client, first.URL+"/f.csv", harvester.DownloadOptions{Retries: -1})
	mustRefused(t, err, "127.0.0.2")
	if n := otherHits.Load(); n != 0 {
		t.Errorf("the redirect target got %d requests, want none", n)
	}

	// Allowing it shows the redirect works, so the test can fail.
	open := harvester.NewHTTPClientWith(&harvester.Transport{AllowNets: nets("127.0.0.1/32", "127.0.0.2/32"), HostDelay: -1})
	if _, _, err := harvester.GetBody(context.Background(), open, first.URL, harvester.GetOptions{Retries: -1}); err != nil {
		t.Fatalf("GetBody with both allowed: %v", err)
	}
	if n := otherHits.Load(); n != 1 {
		t.Errorf("the redirect target got %d requests, want 1", n)
	}
}

// TestGuardMetadata never connects to the cloud metadata service, even
// with link-local allowed; the message says so without the allow-list hint.
func TestGuardMetadata(t *testing.T) {
	client := harvester.NewHTTPClientWith(&harvester.Transport{AllowNets: nets("169.254.0.0/16", "fc00::/7"), HostDelay: -1})
	for _, u := range []string{"http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/latest/meta-data/"} {
		_, _, err := harvester.GetBody(context.Background(), client, u, harvester.GetOptions{Retries: -1})
		var be *harvester.BlockedAddressError
		if !errors.As(err, &be) || be.Allowable || municat.ErrorCode(err) != municat.EFORBIDDEN {
			t.Fatalf("GetBody(%s) = %v, want a refusal no allow list opens", u, err)
		}
		if msg := municat.ErrorMessage(err); !strings.Contains(msg, "immer gesperrt") {
			t.Errorf("message = %q, want it to say the address is always refused", msg)
		}
	}
}

// TestGuardRunMessage shows the refusal as the failed run's message.
func TestGuardRunMessage(t *testing.T) {
	e := MustEnv(t)
	e.fetch.Client = harvester.NewHTTPClient()
	res, err := e.runner.Run(context.Background(), e.src, harvester.RunOptions{})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if res.Run.Status != municat.RunFailed || !strings.HasPrefix(res.Run.Error, "Die Adresse 127.0.0.1 (127.0.0.1) ist für das Ernten gesperrt") ||
		!strings.Contains(res.Run.Error, harvester.AllowNetsVariable) {
		t.Errorf("run = %s %q, want failed with the German refusal", res.Run.Status, res.Run.Error)
	}
	if n := e.srv.Requests(); n != 0 {
		t.Errorf("the source got %d requests, want none", n)
	}
}
