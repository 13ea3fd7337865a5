package admin

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

//go:embed static
var staticFS embed.FS

// immutableCacheControl lets browsers keep an asset forever: its URL
// changes with its content.
const immutableCacheControl = "public, max-age=31536000, immutable"

// asset is one embedded static file.
type asset struct {
	body        []byte
	contentType string
}

// assets holds the static files under their checksum names, e.g.
// "admin.css" as "admin.3f2a9c0d1e2b4a5c.css".
type assets struct {
	byName   map[string]string // "admin.css" → "admin.<hash>.css"
	byHashed map[string]asset  // "admin.<hash>.css" → file
}

// loadAssets reads the embedded static files and names each after its
// checksum.
func loadAssets() (*assets, error) {
	a := &assets{byName: map[string]string{}, byHashed: map[string]asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:8]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		a.byName[name] = hashed
		a.byHashed[hashed] = asset{body: body, contentType: ct}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("admin: load static files: %w", err)
	}
	return a, nil
}

// path returns the URL path of the static file name below prefix (base
// path + "/admin").
func (a *assets) path(prefix, name string) (string, error) {
	hashed, ok := a.byName[name]
	if !ok {
		return "", fmt.Errorf("admin: no static file %q", name)
	}
	return prefix + "/static/" + hashed, nil
}

// serve answers GET /admin/static/{file} for the checksum names only.
func (a *assets) serve(c *fiber.Ctx) error {
	f, ok := a.byHashed[c.Params("file")]
	if !ok {
		return municat.NotFound("Diese Datei gibt es nicht.")
	}
	c.Set(fiber.HeaderContentType, f.contentType)
	c.Set(fiber.HeaderCacheControl, immutableCacheControl)
	return c.Send(f.body)
}
