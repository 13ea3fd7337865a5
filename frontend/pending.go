package frontend

import (
	"html/template"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

func (f *frontend) feedAll(c *fiber.Ctx) error          { return fiber.ErrNotFound }
func (f *frontend) feedSearch(c *fiber.Ctx) error       { return fiber.ErrNotFound }
func (f *frontend) feedOrganization(c *fiber.Ctx) error { return fiber.ErrNotFound }
func (f *frontend) sitemap(c *fiber.Ctx) error          { return fiber.ErrNotFound }
func (f *frontend) robots(c *fiber.Ctx) error           { return fiber.ErrNotFound }
func (f *frontend) preview(c *fiber.Ctx) error          { return fiber.ErrNotFound }
func (f *frontend) feedLink(l *locale, path string, q map[string][]string) alternate {
	return alternate{Type: "application/atom+xml", Label: l.MustT("feed.all_title"), Href: l.Link(path, q)}
}

type spatialView struct {
	Names []string
	Map   any
}

func newSpatialView(l *locale, s *municat.Spatial) *spatialView {
	if s == nil {
		return nil
	}
	return &spatialView{Names: s.Names}
}
func (f *frontend) schemaOrg(l *locale, d *municat.Dataset) (template.JS, error) { return "", nil }

func previewKind(format, mediaType, name string) string { return "" }
