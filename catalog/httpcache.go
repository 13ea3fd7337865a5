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
// so that the next request for the URL can be conditional.
type CachedResponse struct {
	// URL is the requested URL.
	URL string `json:"url"`
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
	sum := sha256.Sum256([]byte(url))
	return HTTPCachePrefix + hex.EncodeToString(sum[:]) + ".json"
}

// CachedResponse returns the cached response for url, or nil if there is
// none.
func (c *Catalog) CachedResponse(ctx context.Context, url string) (*CachedResponse, error) {
	r := &CachedResponse{}
	err := c.getJSON(ctx, HTTPCacheKey(url), r)
	if errors.Is(err, municat.ErrNotFound) || err == nil && r.URL != url {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

// PutCachedResponse keeps r for conditional requests to r.URL.
func (c *Catalog) PutCachedResponse(ctx context.Context, r *CachedResponse) error {
	return c.putJSON(ctx, HTTPCacheKey(r.URL), r)
}
