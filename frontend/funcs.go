package frontend

import (
	"embed"
	"fmt"
	"html/template"
	"net/url"
	"time"

	"github.com/municat/municat"
)

//go:embed templates
var templateFS embed.FS

// funcs returns the template functions of locale l:
//
//	t "id" ["Name" value …]     message id
//	tn "id" n ["Name" value …]  plural message id for n ({{.Count}})
//	num n, bytes n              numbers and file sizes in the locale's format
//	date t, shortdate t         a *time.Time or time.Time as a day ("" for nil)
//	isodate t                   the same as YYYY-MM-DD, for <time datetime>
//	link "/path" ["key" "value" …]  a portal URL carrying the chosen language
//	pick text                   a municat.Text in the locale's language, with its language
//	asset "style.css"           the checksum URL of a static file
//	lang, explicit              the page language, and whether the visitor chose it
//	site                        the portal's name
func (f *frontend) funcs(l *locale) template.FuncMap {
	return template.FuncMap{
		"t":         l.T,
		"tn":        l.N,
		"num":       l.Num,
		"bytes":     l.Bytes,
		"date":      func(v any) string { return formatTime(v, l.Date) },
		"shortdate": func(v any) string { return formatTime(v, l.ShortDate) },
		"isodate":   func(v any) string { return formatTime(v, isoDate) },
		"link":      func(path string, kv ...string) (string, error) { return linkWith(l, path, kv) },
		"pick":      l.Pick,
		"asset":     func(name string) (string, error) { return f.assets.path(f.basePath, name) },
		"lang":      func() string { return l.Lang },
		"explicit":  func() bool { return l.Explicit },
		"site":      func() string { return f.siteName(l) },
	}
}

// linkWith is the template function link.
func linkWith(l *locale, path string, kv []string) (string, error) {
	if len(kv)%2 != 0 {
		return "", fmt.Errorf("link %s: odd number of query arguments", path)
	}
	var q url.Values
	if len(kv) > 0 {
		q = url.Values{}
		for i := 0; i < len(kv); i += 2 {
			q.Add(kv[i], kv[i+1])
		}
	}
	return l.Link(path, q), nil
}

// isoDate formats t as YYYY-MM-DD in Berlin time.
func isoDate(t time.Time) string { return t.In(berlin).Format(time.DateOnly) }

// formatTime applies format to a time.Time or non-nil *time.Time, else "".
func formatTime(v any, format func(time.Time) string) string {
	switch t := v.(type) {
	case time.Time:
		if !t.IsZero() {
			return format(t)
		}
	case *time.Time:
		if t != nil && !t.IsZero() {
			return format(*t)
		}
	}
	return ""
}

// berlin is the time zone dates are shown in.
var berlin = loadBerlin()

func loadBerlin() *time.Location {
	if loc, err := time.LoadLocation(municat.DefaultTimeZone); err == nil {
		return loc
	}
	return time.FixedZone("MEZ", 3600) // no time-zone database on this system
}

// siteName returns the portal's name in the locale's language.
func (f *frontend) siteName(l *locale) string {
	if s := f.cfg.SiteName.Get(l.Lang); s != "" {
		return s
	}
	return l.MustT("site.name")
}
