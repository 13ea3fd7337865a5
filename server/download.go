package server

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

// downloadDistribution answers GET /api/v1/datasets/{id}/distributions/{dist}/download
// with the data file municat holds for the distribution. It answers 404 when
// the dataset is missing, withdrawn or unreleased (but to its
// organisation), or the distribution is missing or has no file in the
// store.
func (h *handlers) downloadDistribution(c *fiber.Ctx) error {
	id, distID := param(c, "id"), param(c, "dist")
	d, err := h.published(c, id)
	if err != nil {
		return err
	}
	dist, err := findDistribution(d, distID)
	if err != nil {
		return err
	}
	if dist.FileKey == "" {
		return municat.NotFound("Für die Distribution %q des Datensatzes %q hält municat keine Datei; die Daten sind unter ihrer Zugriffsadresse erreichbar.", distID, id)
	}
	return h.sendFile(c, dist.FileKey, dist.MediaType, dist.Checksum, municat.NotFound("Die Datei der Distribution %q des Datensatzes %q fehlt.", distID, id))
}

// findDistribution returns the distribution of d with id distID.
func findDistribution(d *municat.Dataset, distID string) (*municat.Distribution, error) {
	for i := range d.Distributions {
		if d.Distributions[i].ID == distID {
			return &d.Distributions[i], nil
		}
	}
	return nil, municat.NotFound("Der Datensatz %q hat keine Distribution %q.", d.ID, distID)
}

// sendFile answers with the stored file at key (for HEAD, its headers
// only), as an attachment, with an ETag from sum, or with notFound if it is
// missing in the store.
func (h *handlers) sendFile(c *fiber.Ctx, key, mediaType string, sum *municat.Checksum, notFound error) error {
	ctx := c.UserContext()
	var body io.ReadCloser
	var info municat.ObjectInfo
	var err error
	if c.Method() == fiber.MethodHead {
		info, err = h.cfg.Catalog.Store.Stat(ctx, key)
	} else {
		body, info, err = h.cfg.Catalog.Store.Get(ctx, key)
	}
	if err != nil {
		if municat.ErrorCode(err) == municat.ENOTFOUND {
			h.log.Warn("distribution file missing in the store", "key", key)
			return notFound
		}
		return err
	}

	c.Set(fiber.HeaderContentType, downloadContentType(info.ContentType, mediaType))
	c.Set(fiber.HeaderContentDisposition, contentDisposition(path.Base(key)))
	cacheControl(c)
	if !info.Modified.IsZero() {
		c.Set(fiber.HeaderLastModified, info.Modified.UTC().Format(http.TimeFormat))
	}
	if etag := checksumETag(sum); etag != "" {
		c.Set(fiber.HeaderETag, etag)
		if etagMatches(c.Get(fiber.HeaderIfNoneMatch), etag) {
			if body != nil {
				body.Close()
			}
			return c.SendStatus(http.StatusNotModified)
		}
	}
	if body == nil { // HEAD
		c.Set(fiber.HeaderContentLength, strconv.FormatInt(info.Size, 10))
		return nil
	}
	// fasthttp closes body once it has sent it.
	return c.SendStream(body, int(info.Size))
}

// downloadContentType returns the media type of a file: the one stored with
// it, else the distribution's, else application/octet-stream. A value that
// is not a valid media type is not sent.
func downloadContentType(candidates ...string) string {
	for _, ct := range candidates {
		if ct == "" {
			continue
		}
		if _, _, err := mime.ParseMediaType(ct); err == nil {
			return ct
		}
	}
	return "application/octet-stream"
}

// contentDisposition returns an attachment header for a file name: an ASCII
// fallback name and the exact name in RFC 8187 encoding.
func contentDisposition(name string) string {
	var fallback, encoded strings.Builder
	for _, r := range name {
		if r >= 0x20 && r < 0x7f && r != '"' && r != '\\' {
			fallback.WriteRune(r)
		} else {
			fallback.WriteByte('_')
		}
	}
	for _, b := range []byte(name) {
		if isAttrChar(b) {
			encoded.WriteByte(b)
		} else {
			fmt.Fprintf(&encoded, "%%%02X", b)
		}
	}
	return `attachment; filename="` + fallback.String() + `"; filename*=UTF-8''` + encoded.String()
}

// isAttrChar reports whether b may stand unencoded in an RFC 8187 value.
func isAttrChar(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", b) >= 0
}

// checksumETag returns a strong ETag made from the checksum, or "".
func checksumETag(sum *municat.Checksum) string {
	if sum == nil || sum.Value == "" {
		return ""
	}
	tag := strings.ToLower(sum.Algorithm + "-" + sum.Value)
	for _, b := range []byte(tag) {
		if !('a' <= b && b <= 'z' || '0' <= b && b <= '9' || b == '-' || b == '_') {
			return "" // not a digest; never echo it into a header
		}
	}
	return `"` + tag + `"`
}

// etagMatches reports whether an If-None-Match header matches etag.
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}
