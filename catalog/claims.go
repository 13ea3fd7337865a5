package catalog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash/fnv"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/municat/municat"
)

// ClaimsPrefix holds the duplicate-detection keys:
// claims/{kind}/{sha256 of the normalised value}.json.
const ClaimsPrefix = "claims/"

// The kinds of claim keys.
const (
	// ClaimIdentifier is a dataset's dct:identifier.
	ClaimIdentifier = "identifier"
	// ClaimLandingPage is a dataset's landing page.
	ClaimLandingPage = "landing_page"
)

// Claim says that a dataset carries a key.
type Claim struct {
	// Dataset and Source are the dataset's and its source's ids.
	Dataset string `json:"dataset"`
	Source  string `json:"source,omitempty"`
	// Since is when the dataset first carried the key.
	Since time.Time `json:"since"`
}

// ClaimSet lists the datasets that carry one key, oldest claim first.
type ClaimSet struct {
	// Kind is ClaimIdentifier or ClaimLandingPage.
	Kind string `json:"kind"`
	// Value is the normalised key.
	Value string `json:"value"`
	// Claims are the datasets carrying it.
	Claims []Claim `json:"claims"`
}

// ClaimRef names one key of a dataset.
type ClaimRef struct {
	// Kind is ClaimIdentifier or ClaimLandingPage.
	Kind string `json:"kind"`
	// Value is the normalised key.
	Value string `json:"value"`
}

// ClaimRefs returns the keys a dataset is matched by: its identifier and
// its landing page, normalised (see NormalizeIdentifier, NormalizeURL).
func ClaimRefs(d *municat.Dataset) []ClaimRef {
	var refs []ClaimRef
	if v := NormalizeIdentifier(d.Identifier); v != "" {
		refs = append(refs, ClaimRef{ClaimIdentifier, v})
	}
	if v := NormalizeURL(d.LandingPage); v != "" {
		refs = append(refs, ClaimRef{ClaimLandingPage, v})
	}
	return refs
}

// NormalizeIdentifier returns an identifier as compared: a URL normalised
// with NormalizeURL, anything else trimmed and in lower case.
func NormalizeIdentifier(s string) string {
	s = strings.TrimSpace(s)
	if u := NormalizeURL(s); u != "" {
		return u
	}
	return strings.ToLower(s)
}

// NormalizeURL returns an http(s) URL as compared: without scheme (http and
// https name the same page), host in lower case without "www." and default
// port, path without trailing slash, without fragment; "" if s is not an
// http(s) URL.
func NormalizeURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	if p := u.Port(); p != "" && p != "80" && p != "443" {
		host += ":" + p
	}
	out := host + strings.TrimRight(u.EscapedPath(), "/")
	if u.RawQuery != "" {
		out += "?" + u.RawQuery
	}
	return out
}

// ClaimKey returns the store key of a claim set.
func ClaimKey(kind, value string) string {
	sum := sha256.Sum256([]byte(value))
	return ClaimsPrefix + kind + "/" + hex.EncodeToString(sum[:16]) + ".json"
}

// Claims returns the claim set of a key; an empty set if no dataset carries
// it.
func (c *Catalog) Claims(ctx context.Context, ref ClaimRef) (*ClaimSet, error) {
	set := &ClaimSet{}
	err := c.getJSON(ctx, ClaimKey(ref.Kind, ref.Value), set)
	if errors.Is(err, municat.ErrNotFound) || err == nil && set.Value != ref.Value {
		// Not there, or (astronomically unlikely) a hash collision.
		return &ClaimSet{Kind: ref.Kind, Value: ref.Value}, nil
	}
	if err != nil {
		return nil, err
	}
	return set, nil
}

// claimLockStripes is how many locks UpdateClaims spreads the keys over.
const claimLockStripes = 64

// UpdateClaims reads the claim set of a key, lets fn change it and writes it
// back (deletes it when it is left empty) if fn reports a change. Updates
// of one key through one Catalog are serialised; updates of different keys
// may run at the same time. Processes sharing a store can race (the later
// write wins), which at worst shows a dataset twice until the next run of
// either source.
func (c *Catalog) UpdateClaims(ctx context.Context, ref ClaimRef, fn func(*ClaimSet) bool) (*ClaimSet, error) {
	key := ClaimKey(ref.Kind, ref.Value)
	mu := c.claimLock(key)
	mu.Lock()
	defer mu.Unlock()
	set, err := c.Claims(ctx, ref)
	if err != nil {
		return nil, err
	}
	if !fn(set) {
		return set, nil
	}
	if len(set.Claims) == 0 {
		if err := c.Store.Delete(ctx, key); err != nil && !errors.Is(err, municat.ErrNotFound) {
			return nil, err
		}
		return set, nil
	}
	return set, c.putJSON(ctx, key, set)
}

// claimLock returns the lock of the claim set at key.
func (c *Catalog) claimLock(key string) *sync.Mutex {
	h := fnv.New32a()
	h.Write([]byte(key))
	return &c.claimLocks[h.Sum32()%claimLockStripes]
}

// Add adds a claim of dataset unless it is there, and reports whether it
// added one.
func (s *ClaimSet) Add(cl Claim) bool {
	if s.Has(cl.Dataset) {
		return false
	}
	s.Claims = append(s.Claims, cl)
	slices.SortStableFunc(s.Claims, func(a, b Claim) int { return a.Since.Compare(b.Since) })
	return true
}

// Remove removes the claim of dataset and reports whether there was one.
func (s *ClaimSet) Remove(dataset string) bool {
	n := len(s.Claims)
	s.Claims = slices.DeleteFunc(s.Claims, func(c Claim) bool { return c.Dataset == dataset })
	return len(s.Claims) != n
}

// Has reports whether dataset claims the key.
func (s *ClaimSet) Has(dataset string) bool {
	return slices.ContainsFunc(s.Claims, func(c Claim) bool { return c.Dataset == dataset })
}

// Ambiguous reports whether two datasets of one source carry the key: then
// it does not single out a dataset (a portal's start page given as every
// dataset's landing page) and is not used to match duplicates.
func (s *ClaimSet) Ambiguous() bool {
	seen := map[string]bool{}
	for _, c := range s.Claims {
		if seen[c.Source] {
			return true
		}
		seen[c.Source] = true
	}
	return false
}

// AlsoFrom returns the claims on d's keys by other datasets than d: the
// same dataset reached through other sources. Ambiguous keys are skipped.
func (c *Catalog) AlsoFrom(ctx context.Context, d *municat.Dataset) ([]Claim, error) {
	var out []Claim
	seen := map[string]bool{d.ID: true}
	for _, ref := range ClaimRefs(d) {
		set, err := c.Claims(ctx, ref)
		if err != nil {
			return nil, err
		}
		if set.Ambiguous() {
			continue
		}
		for _, cl := range set.Claims {
			if !seen[cl.Dataset] {
				seen[cl.Dataset] = true
				out = append(out, cl)
			}
		}
	}
	return out, nil
}
