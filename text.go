package municat

import (
	"sort"
	"strings"
)

// DefaultLanguage is the language municat shows first and writes metadata in
// when a source gives no language.
const DefaultLanguage = "de"

// Text is a multilingual text: ISO 639-1 language code → text. In JSON it is
// an object keyed by language code, e.g. {"de": "Baumkataster", "en": "Tree register"}.
type Text map[string]string

// NewText returns a Text with one entry for the default language, or nil when
// s is empty.
func NewText(s string) Text {
	if s == "" {
		return nil
	}
	return Text{DefaultLanguage: s}
}

// Get returns the text in lang, else in German, else in English, else in the
// alphabetically first language that has one, else "".
func (t Text) Get(lang string) string {
	for _, l := range []string{lang, DefaultLanguage, "en"} {
		if s := t[l]; s != "" {
			return s
		}
	}
	for _, l := range t.Languages() {
		if s := t[l]; s != "" {
			return s
		}
	}
	return ""
}

// String returns the text in the default language (see Get).
func (t Text) String() string { return t.Get(DefaultLanguage) }

// Languages returns the languages that have a non-empty text, sorted.
func (t Text) Languages() []string {
	langs := make([]string, 0, len(t))
	for l, s := range t {
		if s != "" {
			langs = append(langs, l)
		}
	}
	sort.Strings(langs)
	return langs
}

// ByAnalysis returns the text grouped as the search backends analyse it:
// German (with text under the empty language key), English, and every other
// language, the texts of a group joined by newlines in language order.
func (t Text) ByAnalysis() (german, english, other string) {
	var des, others []string
	for _, lang := range t.Languages() {
		switch lang {
		case "", "de":
			des = append(des, t[lang])
		case "en":
			english = t[lang]
		default:
			others = append(others, t[lang])
		}
	}
	return strings.Join(des, "\n"), english, strings.Join(others, "\n")
}

// Distinct returns the values of vs trimmed of surrounding white space,
// without empty ones and repeats, in order.
func Distinct(vs []string) []string {
	var out []string
	seen := make(map[string]bool, len(vs))
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// IsEmpty reports whether no language has a non-empty text.
func (t Text) IsEmpty() bool { return len(t.Languages()) == 0 }

// Shorten cuts s to at most limit characters (runes), "…" included, at a
// word boundary where there is one in the second half.
func Shorten(s string, limit int) string {
	s = strings.TrimSpace(s)
	runes := []rune(s)
	if len(runes) <= limit || limit < 1 {
		return s
	}
	cut := string(runes[:limit-1])
	if i := strings.LastIndexAny(cut, " \t\n"); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " \t\n.,;:") + "…"
}
