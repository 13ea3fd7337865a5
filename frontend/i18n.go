package frontend

import (
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/municat/municat"
)

// The pages speak German first and English second. Every UI string lives in
// the message catalogues under locales/ (one TOML file per page or topic and
// language, e.g. search.de.toml and search.en.toml); a test checks that
// both languages have the same messages and that every message a template
// names exists.
//
// The language is chosen by the "lang" query parameter (the visible switch
// on every page sets it), else by the Accept-Language header. Visitors get no
// cookie: a chosen language travels in the links instead, so a page reached
// with ?lang=en links to English pages.

//go:embed locales
var localeFS embed.FS

// langParam is the query parameter that chooses the language.
const langParam = "lang"

// languages are the languages of the pages, the default first.
var languages = []language.Tag{language.German, language.English}

// languageMatcher picks a page language from an Accept-Language header.
var languageMatcher = language.NewMatcher(languages)

// catalogue holds the parsed message catalogues.
type catalogue struct {
	bundle *i18n.Bundle
	// ids lists the message ids per language, for the completeness test.
	ids map[string]map[string]bool
}

// loadCatalogue parses every message file under locales/.
func loadCatalogue() (*catalogue, error) {
	b := i18n.NewBundle(language.German)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &catalogue{bundle: b, ids: map[string]map[string]bool{}}
	err := fs.WalkDir(localeFS, "locales", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		body, err := localeFS.ReadFile(p)
		if err != nil {
			return err
		}
		mf, err := b.ParseMessageFileBytes(body, p)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		lang := mf.Tag.String()
		if c.ids[lang] == nil {
			c.ids[lang] = map[string]bool{}
		}
		for _, m := range mf.Messages {
			if c.ids[lang][m.ID] {
				return fmt.Errorf("%s: message %q defined twice", p, m.ID)
			}
			c.ids[lang][m.ID] = true
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("frontend: load message catalogues: %w", err)
	}
	return c, nil
}

// locale is the language of one response: its messages, number and date
// formats, and how its links carry the language.
type locale struct {
	// Lang is the ISO 639-1 code, "de" or "en".
	Lang string
	// Explicit is set when the visitor chose the language with ?lang=,
	// so that links keep it.
	Explicit bool
	basePath string
	loc      *i18n.Localizer
	printer  *message.Printer
}

// localeKey names one of the template sets: a language, and whether links
// carry it.
type localeKey struct {
	lang     string
	explicit bool
}

// newLocale returns the locale for key.
func (c *catalogue) newLocale(key localeKey, basePath string) *locale {
	tag := language.Make(key.lang)
	return &locale{
		Lang:     key.lang,
		Explicit: key.explicit,
		basePath: basePath,
		loc:      i18n.NewLocalizer(c.bundle, key.lang),
		printer:  message.NewPrinter(tag),
	}
}

// chooseLocale returns the locale key of a request from its lang parameter
// and Accept-Language header.
func chooseLocale(langValue, acceptLanguage string) localeKey {
	for _, t := range languages {
		if b, _ := t.Base(); b.String() == langValue {
			return localeKey{lang: langValue, explicit: true}
		}
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return localeKey{lang: "de"}
	}
	_, i, _ := languageMatcher.Match(tags...)
	b, _ := languages[i].Base()
	return localeKey{lang: b.String()}
}

// T returns the message id, with args as pairs of template data
// ("Name", value, …). A missing message is an error in the template
// (the completeness test catches it before a visitor does).
func (l *locale) T(id string, args ...any) (string, error) {
	data, err := pairs(args)
	if err != nil {
		return "", fmt.Errorf("message %q: %w", id, err)
	}
	return l.loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
}

// N returns the plural form of message id for count n; the message sees
// the formatted number as {{.Count}}, and args as further pairs.
func (l *locale) N(id string, n int, args ...any) (string, error) {
	data, err := pairs(args)
	if err != nil {
		return "", fmt.Errorf("message %q: %w", id, err)
	}
	if data == nil {
		data = map[string]any{}
	}
	data["Count"] = l.Num(n)
	return l.loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: n})
}

// MustT is T for Go code: a missing message yields the id, so a page still
// renders (the completeness test keeps this from happening).
func (l *locale) MustT(id string, args ...any) string {
	s, err := l.T(id, args...)
	if err != nil {
		return id
	}
	return s
}

// MustN is N for Go code (see MustT).
func (l *locale) MustN(id string, n int, args ...any) string {
	s, err := l.N(id, n, args...)
	if err != nil {
		return id
	}
	return s
}

// pairs turns "Key", value, … into template data.
func pairs(args []any) (map[string]any, error) {
	if len(args) == 0 {
		return nil, nil
	}
	if len(args)%2 != 0 {
		return nil, fmt.Errorf("odd number of arguments")
	}
	data := make(map[string]any, len(args)/2)
	for i := 0; i < len(args); i += 2 {
		k, ok := args[i].(string)
		if !ok {
			return nil, fmt.Errorf("argument %d is no name", i)
		}
		data[k] = args[i+1]
	}
	return data, nil
}

// Num formats n with the locale's digit grouping ("12.345" or "12,345").
func (l *locale) Num(n int) string { return l.printer.Sprintf("%d", n) }

// Bytes formats a file size for people: "1,4 MB" or "1.4 MB".
func (l *locale) Bytes(n int64) string {
	units := []string{"B", "KB", "MB", "GB", "TB"}
	f := float64(n)
	u := 0
	for f >= 1000 && u < len(units)-1 {
		f /= 1000
		u++
	}
	if u == 0 {
		return l.printer.Sprintf("%d %s", n, units[0])
	}
	return l.printer.Sprintf("%.1f %s", f, units[u])
}

// monthsDE are the German month names (time.Format knows English only).
var monthsDE = [...]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}

// Date formats t as a day in Berlin time: "4. Dezember 2026" or
// "4 December 2026".
func (l *locale) Date(t time.Time) string {
	t = t.In(berlin)
	if l.Lang == "de" {
		return fmt.Sprintf("%d. %s %d", t.Day(), monthsDE[t.Month()-1], t.Year())
	}
	return t.Format("2 January 2006")
}

// ShortDate formats t as a day in Berlin time: "04.12.2026" or
// "2026-12-04".
func (l *locale) ShortDate(t time.Time) string {
	t = t.In(berlin)
	if l.Lang == "de" {
		return t.Format("02.01.2006")
	}
	return t.Format(time.DateOnly)
}

// Link returns the URL of the portal path (with query q, may be nil) below
// the base path, carrying the language when the visitor chose it.
func (l *locale) Link(path string, q url.Values) string {
	if l.Explicit {
		c := url.Values{}
		for k, v := range q {
			c[k] = v
		}
		c.Set(langParam, l.Lang)
		q = c
	}
	s := l.basePath + path
	if enc := q.Encode(); enc != "" {
		if strings.Contains(path, "?") {
			return s + "&" + enc
		}
		return s + "?" + enc
	}
	return s
}

// Other returns the other page language's code.
func (l *locale) Other() string {
	if l.Lang == "de" {
		return "en"
	}
	return "de"
}

// shown is a text picked from a multilingual one, with its language, so
// that a page marks text that is not in the page's language (WCAG 3.1.2).
type shown struct {
	Text string
	Lang string
}

// Pick returns t in the locale's language, else in the fallback that
// municat.Text.Get chooses, with the language it is in.
func (l *locale) Pick(t municat.Text) shown {
	s := t.Get(l.Lang)
	for _, lang := range append([]string{l.Lang, municat.DefaultLanguage, "en"}, t.Languages()...) {
		if t[lang] == s && s != "" {
			return shown{Text: s, Lang: lang}
		}
	}
	return shown{Lang: l.Lang}
}
