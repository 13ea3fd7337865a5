// Package assets serves embedded static files (style sheets, scripts,
// icons) under names that carry a checksum of their content, e.g.
// "style.css" as "style.3f2a9c0d1e2b4a5c.css". A changed file gets a new
// URL, so browsers may keep every file for a year without asking again.
// The catalogue pages (frontend) and the administration pages (admin)
// each serve their own set.
package assets

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// CacheControl lets browsers keep a file forever: its URL changes with its
// content.
const CacheControl = "public, max-age=31536000, immutable"

// contentTypes are the media types of the usual static files, so that they
// do not depend on the host's MIME tables; other extensions are looked up
// with mime.TypeByExtension.
var contentTypes = map[string]string{
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".ico":   "image/vnd.microsoft.icon",
	".woff2": "font/woff2",
	".json":  "application/json",
	".txt":   "text/plain; charset=utf-8",
}

// ContentType returns the media type of a file by its extension;
// application/octet-stream if it is unknown.
func ContentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if ct, ok := contentTypes[ext]; ok {
		return ct
	}
	if ct := mime.TypeByExtension(ext); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// file is one static file.
type file struct {
	body        []byte
	contentType string
}

// Files is a set of static files under their checksum names. It does not
// change after Load and is safe for concurrent use.
type Files struct {
	hashed map[string]string // "style.css" → "style.<hash>.css"
	files  map[string]file   // "style.<hash>.css" → file
}

// Load reads every file below dir in fsys (e.g. an embed.FS and
// "static") and names each after its checksum: the first 16 hex digits of
// its SHA-256 before the extension. A file's name is its path below dir.
func Load(fsys fs.FS, dir string) (*Files, error) {
	f := &Files{hashed: map[string]string{}, files: map[string]file{}}
	err := fs.WalkDir(fsys, dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, dir+"/")
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:8]) + ext
		f.hashed[name] = hashed
		f.files[hashed] = file{body: body, contentType: ContentType(name)}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("assets: load %s: %w", dir, err)
	}
	return f, nil
}

// URL returns prefix + "/" + the checksum name of the file name, e.g.
// URL("/daten/static", "style.css") is
// "/daten/static/style.3f2a9c0d1e2b4a5c.css". An unknown name is an error,
// so a template that links a missing file fails when it is rendered.
func (f *Files) URL(prefix, name string) (string, error) {
	hashed, ok := f.hashed[name]
	if !ok {
		return "", fmt.Errorf("assets: no static file %q", name)
	}
	return prefix + "/" + hashed, nil
}

// Handler returns the handler of a route with the parameter ":file", such
// as GET /static/:file. It answers a checksum name with the file, its
// content type and CacheControl, and any other name (the plain name too,
// so an old URL never gets new content) with notFound, or
// fiber.ErrNotFound if notFound is nil.
func (f *Files) Handler(notFound error) fiber.Handler {
	if notFound == nil {
		notFound = fiber.ErrNotFound
	}
	return func(c *fiber.Ctx) error {
		file, ok := f.files[c.Params("file")]
		if !ok {
			return notFound
		}
		c.Set(fiber.HeaderContentType, file.contentType)
		c.Set(fiber.HeaderCacheControl, CacheControl)
		return c.Send(file.body)
	}
}
