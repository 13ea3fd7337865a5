package frontend

import (
	"embed"
	"sync"

	"github.com/municat/municat/internal/assets"
)

//go:embed static
var staticFS embed.FS

// loadStatic reads the static files once, for Register and AssetURL.
var loadStatic = sync.OnceValues(func() (*assets.Files, error) {
	return assets.Load(staticFS, "static")
})

// AssetURL returns the URL path of the catalogue's static file name under
// its checksum name, below the catalogue's base path: "style.css" gives
// "/static/style.3f2a9c0d1e2b4a5c.css". Other pages served by the same
// app (the administration) use it to load the catalogue's style sheet.
func AssetURL(name string) (string, error) {
	files, err := loadStatic()
	if err != nil {
		return "", err
	}
	return files.URL("/static", name)
}

// staticFiles are the catalogue's static files as the templates link
// them.
type staticFiles struct{ *assets.Files }

// path returns the URL path of the static file name below basePath.
func (s staticFiles) path(basePath, name string) (string, error) {
	return s.URL(basePath+"/static", name)
}
