package catalog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/municat/municat"
)

// HTTPCachePrefix holds harvested responses kept for conditional requests.
const HTTPCachePrefix = "httpcache/"

// CachedResponse is a harvested response with the validators it came with,
// so that the next request for the URL can be conditional. The URL itself
// is not kept, only its SHA-256: harvest URLs can carry API keys and app
// tokens in their query, which must not end up in the store.
type CachedResponse struct {
	// URLSum is the hex SHA-256 of the requested URL; PutCachedResponse
	// sets it.
	URLSum string `json:"url_sha256"`
	// ETag and LastModified are the response's validators.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// ContentType is the response's media type.
	ContentType string `json:"content_type,omitempty"`
	// Stored is when the response was kept.
	Stored time.Time `json:"stored"`
	// Body is the response body.
	Body []byte `json:"body"`
}

// HTTPCacheKey returns the store key of the cached response for url.
func HTTPCacheKey(url string) string {
	return HTTPCachePrefix + urlSum(url) + ".json"
}

// urlSum returns the hex SHA-256 of url.
func urlSum(url string) string {
	sum := sha256.Sum256([]byte(url))
	return hex.EncodeToString(sum[:])
}

// CachedResponse returns the cached response for url, or nil if there is
// none.
func (c *Catalog) CachedResponse(ctx context.Context, url string) (*CachedResponse, error) {
	r := &CachedResponse{}
	err := c.getJSON(ctx, HTTPCacheKey(url), r)
	if errors.Is(err, municat.ErrNotFound) || err == nil && r.URLSum != urlSum(url) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

// PutCachedResponse keeps r for conditional requests to url.
func (c *Catalog) PutCachedResponse(ctx context.Context, url string, r *CachedResponse) error {
	r.URLSum = urlSum(url)
	return c.putJSON(ctx, HTTPCacheKey(url), r)
}
