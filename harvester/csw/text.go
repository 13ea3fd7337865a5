package csw

import (
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// valueElements are the elements that carry the value of an ISO 19139
// property: gco types, gmx:Anchor, gmd:URL and the like.
var valueElements = map[qname]bool{
	{nsGCO, "CharacterString"}: true, {nsGMX, "Anchor"}: true, {nsGCO, "Decimal"}: true, {nsGCO, "Real"}: true,
	{nsGCO, "Integer"}: true, {nsGCO, "Date"}: true, {nsGCO, "DateTime"}: true, {nsGCO, "Boolean"}: true,
	{nsGCO, "LocalName"}: true, {nsGCO, "ScopedName"}: true, {nsGMD, "URL"}: true, {nsGMX, "FileName"}: true,
	{nsGMX, "MimeFileType"}: true, {nsGCO, "Measure"}: true, {nsGCO, "Distance"}: true,
}

// qname is a namespace URI and a local name, as a map key.
type qname struct{ ns, local string }

// value returns the value of an ISO property element: the text of its gco
// or gmx child (a code list element gives its codeListValue, else its
// text), else its own text. PT_FreeText translations are used only when
// nothing else is there.
func value(prop *element) string {
	if prop == nil {
		return ""
	}
	for _, k := range prop.kids {
		if valueElements[qname{k.name.Space, k.name.Local}] && k.text != "" {
			return k.text
		}
	}
	for _, k := range prop.kids {
		if k.is(nsGMD, "PT_FreeText") {
			continue
		}
		if v := k.attr("", "codeListValue"); v != "" {
			return v
		}
		if k.text != "" && len(k.kids) == 0 {
			return k.text
		}
	}
	if prop.text != "" {
		return prop.text
	}
	for _, l := range prop.path(nsGMD, "PT_FreeText", nsGMD, "textGroup", nsGMD, "LocalisedCharacterString") {
		if l.text != "" {
			return l.text
		}
	}
	return ""
}

// href returns the xlink:href of a property's gmx:Anchor child, or "".
func href(prop *element) string {
	return prop.child(nsGMX, "Anchor").attr(nsXLink, "href")
}

// code returns the value of a code list property: the codeListValue of its
// child, else the child's text (e.g. MD_TopicCategoryCode, which has no
// attribute).
func code(prop *element) string {
	if prop == nil {
		return ""
	}
	for _, k := range prop.kids {
		if v := k.attr("", "codeListValue"); v != "" {
			return v
		}
		if k.text != "" {
			return k.text
		}
	}
	return prop.text
}

// texts maps the languages of one record: its main language and the ids
// of its PT_Locale declarations.
type texts struct {
	lang    string            // ISO 639-1 code of the record's own texts
	locales map[string]string // PT_Locale id → ISO 639-1 code
}

// newTexts reads the language of the record md and its locales.
func newTexts(md *element, fallback string) texts {
	t := texts{lang: langCode(first(code(md.child(nsGMD, "language")), value(md.child(nsGMD, "language")))), locales: map[string]string{}}
	if t.lang == "" {
		t.lang = fallback
	}
	if t.lang == "" {
		t.lang = municat.DefaultLanguage
	}
	for _, loc := range md.path(nsGMD, "locale", nsGMD, "PT_Locale") {
		id := loc.attr("", "id")
		if l := langCode(code(loc.child(nsGMD, "languageCode"))); id != "" && l != "" {
			t.locales[id] = l
		}
	}
	return t
}

// localeLang returns the language of a locale reference such as "#DE".
func (t texts) localeLang(ref string) string {
	id := strings.TrimPrefix(strings.TrimSpace(ref), "#")
	if l := t.locales[id]; l != "" {
		return l
	}
	id = strings.TrimPrefix(strings.TrimPrefix(id, "locale-"), "locale_")
	return langCode(id)
}

// text returns a property as a municat.Text: its own value in the
// record's language plus its PT_FreeText translations; nil if empty.
func (t texts) text(prop *element) municat.Text {
	if prop == nil {
		return nil
	}
	out := municat.Text{}
	for _, l := range prop.path(nsGMD, "PT_FreeText", nsGMD, "textGroup", nsGMD, "LocalisedCharacterString") {
		if lang := t.localeLang(l.attr("", "locale")); lang != "" && l.text != "" {
			out[lang] = l.text
		}
	}
	main := ""
	for _, k := range prop.kids {
		if (k.is(nsGCO, "CharacterString") || k.is(nsGMX, "Anchor")) && k.text != "" {
			main = k.text
			break
		}
	}
	if main == "" && len(out) == 0 {
		main = prop.text
	}
	if main != "" {
		out[t.lang] = main
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// langCode returns the two-letter code of an ISO 639 language value
// ("ger", "deu", "de", "DE"), or "" when it has none: municat.Text keys
// are two-letter codes.
func langCode(s string) string {
	if c := dcat.LanguageCode(s); len(c) == 2 {
		return c
	}
	return ""
}

// first returns the first non-empty string.
func first(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
