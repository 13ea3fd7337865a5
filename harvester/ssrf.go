package harvester

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/municat/municat"
)

// AllowNetsVariable is the environment variable (config key
// harvest.allow_nets) that lists the internal networks harvesting may reach.
const AllowNetsVariable = "MUNICAT_HARVEST_ALLOW_NETS"

// metadataAddrs are the cloud metadata services (AWS, GCP, Azure, OpenStack
// and others at 169.254.169.254; AWS over IPv6 at fd00:ec2::254). They hand
// out credentials, so no allow list opens them.
var metadataAddrs = []netip.Addr{
	netip.MustParseAddr("169.254.169.254"),
	netip.MustParseAddr("fd00:ec2::254"),
}

// neverNets are no valid destination of a request at all.
var neverNets = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),          // "this network"; 0.0.0.0 reaches the local host on Linux
	netip.MustParsePrefix("255.255.255.255/32"), // broadcast
}

// internalNets are refused unless an allowed network holds the address.
var internalNets = []netip.Prefix{
	netip.MustParsePrefix("127.0.0.0/8"),    // loopback
	netip.MustParsePrefix("10.0.0.0/8"),     // private
	netip.MustParsePrefix("172.16.0.0/12"),  // private
	netip.MustParsePrefix("192.168.0.0/16"), // private
	netip.MustParsePrefix("100.64.0.0/10"),  // carrier-grade NAT
	netip.MustParsePrefix("169.254.0.0/16"), // link-local
	netip.MustParsePrefix("192.0.0.0/24"),   // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),  // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),    // reserved
	netip.MustParsePrefix("::1/128"),        // loopback
	netip.MustParsePrefix("fc00::/7"),       // unique local
	netip.MustParsePrefix("fe80::/10"),      // link-local
}

// nat64 is the well-known NAT64 prefix; its last 32 bits are an IPv4
// address, which is checked as well.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// BlockedAddressError is the cause of a request the harvest client refused
// to send because the address it would connect to is internal (errors.As
// finds it in GetBody's and Download's errors, whose municat.Error has code
// EFORBIDDEN and a German message).
type BlockedAddressError struct {
	// Addr is the refused IP address (IPv4-mapped IPv6 unmapped).
	Addr netip.Addr
	// Allowable is whether listing its network in AllowNetsVariable would
	// open it; false for cloud metadata services, broadcast, multicast and
	// unspecified addresses.
	Allowable bool
}

// Error returns e.g. "address 127.0.0.1 is internal and not allowed".
func (e *BlockedAddressError) Error() string {
	if e.Allowable {
		return fmt.Sprintf("address %s is internal and not in %s", e.Addr, AllowNetsVariable)
	}
	return fmt.Sprintf("address %s is never harvested", e.Addr)
}

// CheckAddr reports whether the harvest client may connect to addr with
// the networks allow open: it returns a *BlockedAddressError for a cloud
// metadata service (169.254.169.254, fd00:ec2::254), an unspecified,
// broadcast or multicast address, whatever allow says, and for a loopback,
// private, unique-local, link-local, CGNAT or reserved address outside
// allow. An IPv4-mapped IPv6 address is checked as the IPv4 address it
// maps, a NAT64 address (64:ff9b::/96) also as the IPv4 address it embeds.
func CheckAddr(addr netip.Addr, allow []netip.Prefix) error {
	addr = addr.Unmap().WithZone("")
	if addr.Is6() && nat64.Contains(addr) {
		b := addr.As16()
		if err := CheckAddr(netip.AddrFrom4([4]byte(b[12:])), allow); err != nil {
			return err
		}
	}
	never := !addr.IsValid() || addr.IsUnspecified() || addr.IsMulticast() || inAny(addr, neverNets)
	for _, m := range metadataAddrs {
		never = never || addr == m
	}
	if never {
		return &BlockedAddressError{Addr: addr}
	}
	if inAny(addr, internalNets) && !inAny(addr, allow) {
		return &BlockedAddressError{Addr: addr, Allowable: true}
	}
	return nil
}

func inAny(addr netip.Addr, nets []netip.Prefix) bool {
	for _, p := range nets {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// ParseAllowNets parses a list of networks in CIDR notation, e.g.
// "10.20.0.0/16" or "fd12::/48"; a bare address stands for itself alone
// (/32 or /128). Each entry of list may itself be comma-separated, as in
// AllowNetsVariable. An IPv4-mapped IPv6 network is unmapped.
func ParseAllowNets(list ...string) ([]netip.Prefix, error) {
	var nets []netip.Prefix
	for _, item := range list {
		for s := range strings.SplitSeq(item, ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			p, err := netip.ParsePrefix(s)
			if err != nil {
				a, aerr := netip.ParseAddr(s)
				if aerr != nil {
					return nil, fmt.Errorf("%q is not a network in CIDR notation such as 10.20.0.0/16 or 192.168.5.0/24", s)
				}
				p = netip.PrefixFrom(a, a.BitLen())
			}
			if p.Addr().Is4In6() && p.Bits() >= 96 {
				p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
			}
			nets = append(nets, p.Masked())
		}
	}
	return nets, nil
}

// GuardedDialer returns the dialer of the harvest client (and of any other
// client that fetches addresses users give, such as webhooks): its Control
// checks, with CheckAddr, the IP address every connection actually goes to,
// after DNS resolution and on every redirect hop, so that neither DNS
// rebinding nor a redirect reaches an internal address.
//
// With a proxy (HTTPS_PROXY, HTTP_PROXY) the connection goes to the proxy,
// so only the proxy's address is checked: the proxy must then enforce the
// same policy, and a proxy on an internal address needs its network in
// allow.
func GuardedDialer(allow []netip.Prefix) *net.Dialer {
	return &net.Dialer{
		Timeout:   15 * time.Second,
		KeepAlive: 30 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return &BlockedAddressError{}
			}
			return CheckAddr(ap.Addr(), allow)
		},
	}
}

// blocked returns the error of a request refused by the address guard: not
// retried, with a German message naming the host (of the redirect target, if
// a redirect led there) and the refused address.
func blocked(err error, be *BlockedAddressError, shown string) error {
	host := shown
	if u, perr := url.Parse(shown); perr == nil && u.Host != "" {
		host = u.Hostname()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil && u.Host != "" {
			host = u.Hostname()
		}
	}
	msg := fmt.Sprintf("Die Adresse %s (%s) ist für das Ernten gesperrt (interne oder Link-Local-Adresse). Wenn die Quelle im Intranet liegt, tragen Sie ihr Netz in %s ein.", host, be.Addr, AllowNetsVariable)
	if !be.Allowable {
		msg = fmt.Sprintf("Die Adresse %s (%s) ist für das Ernten immer gesperrt (Cloud-Metadatendienst, Broadcast-, Multicast- oder unbestimmte Adresse).", host, be.Addr)
	}
	return &municat.Error{Code: municat.EFORBIDDEN, Message: msg, Err: err}
}
