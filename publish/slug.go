package publish

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxSlug caps the length of a slug, so that a count ("-12") and a store
// key prefix still fit.
const maxSlug = 80

// transliterations spells letters the slug alphabet lacks the German way
// (ä → ae, ß → ss) or without their accents. Upper-case letters are
// lowered before the lookup.
var transliterations = map[rune]string{
	'ä': "ae", 'ö': "oe", 'ü': "ue", 'ß': "ss", 'ẞ': "ss",
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a", 'æ': "ae",
	'ç': "c", 'ć': "c", 'č': "c", 'ď': "d", 'đ': "d", 'ð': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'į': "i", 'ı': "i",
	'ł': "l", 'ľ': "l", 'ĺ': "l", 'ñ': "n", 'ń': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ø': "o", 'ō': "o", 'ő': "o", 'œ': "oe",
	'ŕ': "r", 'ř': "r", 'ś': "s", 'š': "s", 'ş': "s", 'ș': "s", 'ť': "t", 'ţ': "t", 'ț': "t", 'þ': "th",
	'ù': "u", 'ú': "u", 'û': "u", 'ū': "u", 'ů': "u", 'ű': "u", 'ų': "u",
	'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z",
}

// Slug returns the id-shaped form of a title: lower case, umlauts spelled
// out (ä → ae, ß → ss), accents dropped, every other run of characters a
// single hyphen, at most 80 characters cut at a hyphen. It has no dot, so a
// slug never collides with the id of a harvested dataset
// ("{source}.{remote}"). A title without letters or digits gives "".
//
// Slug("Bäume in Groß-Gerau") == "baeume-in-gross-gerau".
func Slug(title string) string {
	var b strings.Builder
	hyphen := false // a hyphen is pending before the next letter
	for _, r := range title {
		r = unicode.ToLower(r)
		var part string
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			part = string(r)
		case transliterations[r] != "":
			part = transliterations[r]
		default:
			hyphen = b.Len() > 0
			continue
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteString(part)
	}
	return cutSlug(b.String(), maxSlug)
}

// cutSlug shortens the slug s to at most n bytes, at its last hyphen if
// that keeps at least half of it.
func cutSlug(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, '-'); i >= n/2 {
		s = s[:i]
	}
	return strings.TrimRight(s, "-")
}

// uniqueSlug returns base if taken reports false for it, else the first of
// base-2, base-3, … that is free.
func uniqueSlug(base string, taken func(string) (bool, error)) (string, error) {
	id := base
	for n := 2; ; n++ {
		t, err := taken(id)
		if err != nil || !t {
			return id, err
		}
		id = base + "-" + strconv.Itoa(n)
	}
}

// cleanFileName returns the last segment of a file name as a client sent
// it, without control characters and at most 120 bytes long (the
// extension kept); "" if nothing is left.
func cleanFileName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError || unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "." || name == ".." || strings.Trim(name, ".") == "" {
		return ""
	}
	const limit = 120
	if len(name) > limit {
		ext := ""
		if i := strings.LastIndexByte(name, '.'); i >= 0 && len(name)-i <= 16 {
			ext = name[i:]
		}
		stem := name[:limit-len(ext)]
		for !utf8.ValidString(stem) {
			stem = stem[:len(stem)-1]
		}
		name = stem + ext
	}
	return name
}
