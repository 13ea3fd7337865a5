package assets_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"testing/fstest"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat/internal/assets"
)

// testFS is a static folder with a style sheet, a script, an icon and a
// file in a subfolder.
var testFS = fstest.MapFS{
	"static/style.css":       {Data: []byte("body { color: #1b1f23; }\n")},
	"static/app.js":          {Data: []byte("'use strict';\n")},
	"static/favicon.svg":     {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
	"static/fonts/x.unknown": {Data: []byte{0, 1, 2}},
	"elsewhere.css":          {Data: []byte("not served")},
}

// hashOf is the checksum part of a file's name.
func hashOf(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:8])
}

func TestURL(t *testing.T) {
	t.Parallel()
	f, err := assets.Load(testFS, "static")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ prefix, name, want string }{
		{"/static", "style.css", "/static/style." + hashOf("body { color: #1b1f23; }\n") + ".css"},
		{"/daten/admin/static", "app.js", "/daten/admin/static/app." + hashOf("'use strict';\n") + ".js"},
		{"", "fonts/x.unknown", "/fonts/x." + hashOf("\x00\x01\x02") + ".unknown"},
	} {
		got, err := f.URL(c.prefix, c.name)
		if err != nil || got != c.want {
			t.Errorf("URL(%q, %q) = %q, %v; want %q", c.prefix, c.name, got, err, c.want)
		}
	}
	for _, name := range []string{"elsewhere.css", "missing.css", "static/style.css", ""} {
		if got, err := f.URL("/static", name); err == nil {
			t.Errorf("URL of %q = %q, want an error", name, got)
		}
	}
}

func TestLoadFailsOnMissingFolder(t *testing.T) {
	t.Parallel()
	if _, err := assets.Load(testFS, "nowhere"); err == nil {
		t.Fatal("no error for a missing folder")
	}
}

func TestContentType(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"style.css":   "text/css; charset=utf-8",
		"APP.JS":      "text/javascript; charset=utf-8",
		"favicon.svg": "image/svg+xml",
		"logo.png":    "image/png",
		"x.unknown":   "application/octet-stream",
		"noextension": "application/octet-stream",
	} {
		if got := assets.ContentType(name); got != want {
			t.Errorf("ContentType(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestHandler(t *testing.T) {
	t.Parallel()
	f, err := assets.Load(testFS, "static")
	if err != nil {
		t.Fatal(err)
	}
	gone := errors.New("gone")
	app := fiber.New(fiber.Config{ErrorHandler: func(c *fiber.Ctx, err error) error {
		if errors.Is(err, gone) {
			return c.Status(http.StatusGone).SendString("custom")
		}
		return fiber.DefaultErrorHandler(c, err)
	}})
	app.Get("/static/:file", f.Handler(nil))
	app.Get("/admin/static/:file", f.Handler(gone))

	css, err := f.URL("/static", "style.css")
	if err != nil {
		t.Fatal(err)
	}
	resp, body := get(t, app, css)
	if resp.StatusCode != http.StatusOK || body != "body { color: #1b1f23; }\n" {
		t.Fatalf("GET %s: %d %q", css, resp.StatusCode, body)
	}
	if got := resp.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control %q", got)
	}
	if got := resp.Header.Get("Content-Type"); got != "text/css; charset=utf-8" {
		t.Errorf("Content-Type %q", got)
	}
	svg, _ := f.URL("/static", "favicon.svg")
	if resp, _ := get(t, app, svg); resp.Header.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("svg Content-Type %q", resp.Header.Get("Content-Type"))
	}
	// Plain names, old checksums and files outside the folder are not
	// served.
	for _, target := range []string{"/static/style.css", "/static/style.0000000000000000.css", "/static/elsewhere.css", "/static/..%2Felsewhere.css"} {
		if resp, _ := get(t, app, target); resp.StatusCode != http.StatusNotFound || resp.Header.Get("Cache-Control") != "" {
			t.Errorf("GET %s: %d, Cache-Control %q; want 404 without caching", target, resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
	}
	if resp, body := get(t, app, "/admin/static/style.css"); resp.StatusCode != http.StatusGone || body != "custom" {
		t.Errorf("own not-found error: %d %q", resp.StatusCode, body)
	}
	if !regexp.MustCompile(`^/static/style\.[0-9a-f]{16}\.css$`).MatchString(css) {
		t.Errorf("URL %q has no checksum", css)
	}
}

// get sends GET target to app and returns the response and its body.
func get(t *testing.T, app *fiber.App, target string) (*http.Response, string) {
	t.Helper()
	resp, err := app.Test(httptest.NewRequest(http.MethodGet, target, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}
