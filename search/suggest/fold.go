package suggest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// folded is a text prepared for comparison with what was typed: its words in
// lower case without accents, in two spellings of the German umlauts, so
// that "oeff" and "off" both find "Öffentlich".
type folded struct {
	// spelled has umlauts written out: ä→ae, ö→oe, ü→ue, ß→ss.
	spelled []string
	// plain has umlauts without their dots: ä→a, ö→o, ü→u, ß→ss.
	plain []string
}

// fold returns the words of s (runs of letters and digits) in lower case,
// with umlauts and ß written out (spelled) or reduced to their base letter
// (plain), ligatures written out and every other accent removed: "Über-Straße
// Café" gives ["ueber" "strasse" "cafe"] and ["uber" "strasse" "cafe"].
func fold(s string) folded {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	if isASCII(s) {
		if words := asciiWords(s); len(words) > 0 {
			return folded{spelled: words, plain: words}
		}
		return folded{}
	}
	// Compose first, so that a decomposed "a" + U+0308 is an "ä" below.
	s = strings.ToLower(norm.NFC.String(s))
	var f folded
	var spelled, plain, dec []byte
	var enc [utf8.UTFMax]byte
	flush := func() {
		if len(spelled) > 0 {
			f.spelled = append(f.spelled, string(spelled))
			f.plain = append(f.plain, string(plain))
			spelled, plain = spelled[:0], plain[:0]
		}
	}
	for _, r := range s {
		if u, ok := umlauts[r]; ok {
			spelled, plain = append(spelled, u.spelled...), append(plain, u.plain...)
			continue
		}
		if r < utf8.RuneSelf {
			if c := byte(r); isASCIIWordByte(c) {
				spelled, plain = append(spelled, c), append(plain, c)
			} else {
				flush()
			}
			continue
		}
		// Decompose (é → e + U+0301), drop the accents and write out the
		// letters that do not decompose (ǣ → æ + U+0304 → ae).
		dec = norm.NFD.Append(dec[:0], enc[:utf8.EncodeRune(enc[:], r)]...)
		for _, d := range string(dec) {
			switch {
			case unicode.Is(unicode.Mn, d):
			case unicode.IsLetter(d) || unicode.IsDigit(d):
				if out, ok := letters[d]; ok {
					spelled, plain = append(spelled, out...), append(plain, out...)
				} else {
					spelled, plain = utf8.AppendRune(spelled, unicode.ToLower(d)), utf8.AppendRune(plain, unicode.ToLower(d))
				}
			default:
				flush()
			}
		}
	}
	flush()
	return f
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isASCIIWordByte reports whether c is a lower-case ASCII letter or a digit.
func isASCIIWordByte(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }

// asciiWords returns the words of the ASCII text s in lower case.
func asciiWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !isASCIIWordByte(byte(r)) })
}

// key returns the form two texts share when they look the same to a reader
// ("Straße" and "strasse"): it is what suggestions are deduplicated by.
func (f folded) key() string { return strings.Join(f.spelled, " ") }

// completes reports whether every word of q (what was typed) begins a word
// of f, in either spelling of the umlauts. It is false for an empty q.
func (f folded) completes(q folded) bool {
	if len(q.spelled) == 0 || len(q.spelled) != len(q.plain) {
		return false
	}
	for i := range q.spelled {
		if !beginsWord(f.spelled, q.spelled[i]) && !beginsWord(f.plain, q.plain[i]) {
			return false
		}
	}
	return true
}

// beginsWord reports whether one of words starts with prefix.
func beginsWord(words []string, prefix string) bool {
	for _, w := range words {
		if strings.HasPrefix(w, prefix) {
			return true
		}
	}
	return false
}

// umlauts maps the German umlauts and ß to their two folded forms.
var umlauts = map[rune]struct{ spelled, plain string }{
	'ä': {"ae", "a"}, 'ö': {"oe", "o"}, 'ü': {"ue", "u"}, 'ß': {"ss", "ss"},
}

// letters maps lower-case letters that decomposition does not reduce to a
// Latin base letter.
var letters = map[rune]string{
	'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ð': "d", 'ł': "l", 'þ': "th", 'ı': "i",
}

// letterCount returns the number of letters and digits in s.
func letterCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}
