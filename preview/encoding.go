package preview

import (
	"bufio"
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// textEncoding is a detected character encoding.
type textEncoding struct {
	name    string            // stable machine name, see Table.Encoding
	bom     int               // length of a UTF-8 byte order mark to skip
	decoder *encoding.Decoder // nil for UTF-8
}

// Binary file signatures that can never start a text file.
var binaryMagic = [][]byte{
	[]byte("PK\x03\x04"), []byte("%PDF-"), []byte("\x1f\x8b"), []byte("\x89PNG"), []byte("GIF8"),
	[]byte("\xff\xd8\xff"), []byte("\xd0\xcf\x11\xe0"), []byte("BZh"), []byte("\xfd7zXZ"), []byte("7z\xbc\xaf"),
}

// detectEncoding decides the encoding from the first bytes of the input;
// complete says whether prefix is the whole input.
func detectEncoding(prefix []byte, complete bool) (textEncoding, error) {
	switch {
	case bytes.HasPrefix(prefix, []byte("\xef\xbb\xbf")):
		return textEncoding{name: "utf-8-bom", bom: 3}, nil
	case bytes.HasPrefix(prefix, []byte("\xff\xfe")):
		return textEncoding{name: "utf-16le", decoder: unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()}, nil
	case bytes.HasPrefix(prefix, []byte("\xfe\xff")):
		return textEncoding{name: "utf-16be", decoder: unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()}, nil
	}
	for _, m := range binaryMagic {
		if bytes.HasPrefix(prefix, m) {
			return textEncoding{}, ErrNotText
		}
	}
	if utf8.Valid(trimPartialRune(prefix, complete)) {
		return textEncoding{name: "utf-8"}, nil
	}
	return textEncoding{name: "windows-1252", decoder: charmap.Windows1252.NewDecoder()}, nil
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of an
// incomplete prefix, so that a cut at the sniff boundary does not look like
// invalid UTF-8.
func trimPartialRune(p []byte, complete bool) []byte {
	if complete {
		return p
	}
	for i := 1; i <= utf8.UTFMax && i <= len(p); i++ {
		if utf8.RuneStart(p[len(p)-i]) {
			if !utf8.FullRune(p[len(p)-i:]) {
				return p[:len(p)-i]
			}
			break
		}
	}
	return p
}

// decodePrefix returns the prefix as UTF-8 text, without a byte order mark.
func (e textEncoding) decodePrefix(prefix []byte, complete bool) []byte {
	if e.decoder == nil {
		return trimPartialRune(prefix[e.bom:], complete)
	}
	if e.name != "windows-1252" && len(prefix)%2 == 1 {
		prefix = prefix[:len(prefix)-1]
	}
	// A fresh decoder: the one in e is used for the stream.
	var d *encoding.Decoder
	switch e.name {
	case "utf-16le":
		d = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
	case "utf-16be":
		d = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
	default:
		d = charmap.Windows1252.NewDecoder()
	}
	text, err := d.Bytes(prefix)
	if err != nil {
		return nil
	}
	return text
}

// separators are the candidate field separators, most likely first.
var separators = []byte{';', ',', '\t', '|'}

// sniffSeparator picks the separator that splits the first records of text
// into the most consistent number of fields (at least two), preferring the
// one that also fits the header, then the one giving more fields. An Excel
// "sep=X" first line decides by itself (sepLine is then true).
func sniffSeparator(text []byte, complete bool) (sep byte, sepLine bool) {
	if len(text) >= 5 && bytes.HasPrefix(bytes.ToLower(text[:4]), []byte("sep=")) &&
		(len(text) == 5 || text[5] == '\r' || text[5] == '\n') && text[4] > ' ' && text[4] != '"' && text[4] < 0x7f {
		return text[4], true
	}
	best, bestScore := separators[0], [3]int{}
	for _, c := range separators {
		s := separatorScore(text, c, complete)
		if s[0] > 0 && (s[0] > bestScore[0] || s[0] == bestScore[0] && (s[1] > bestScore[1] || s[1] == bestScore[1] && s[2] > bestScore[2])) {
			best, bestScore = c, s
		}
	}
	return best, false
}

// separatorScore parses up to 50 records of text with separator c and
// returns (records agreeing on the most common field count, 1 if the header
// has that count, the count), or zeros if the count is below 2.
func separatorScore(text []byte, c byte, complete bool) [3]int {
	rr := newRecordReader(bufio.NewReader(bytes.NewReader(text)), c, MaxLineBytes)
	var counts []int
	for len(counts) < 50 {
		_, terminated, err := rr.next(false)
		if err != nil || (!terminated && !complete) {
			break
		}
		counts = append(counts, rr.count())
	}
	freq := map[int]int{}
	modal := 0
	for _, n := range counts {
		freq[n]++
		if freq[n] > freq[modal] || freq[n] == freq[modal] && n > modal {
			modal = n
		}
	}
	if modal < 2 {
		return [3]int{}
	}
	header := 0
	if counts[0] == modal {
		header = 1
	}
	return [3]int{freq[modal], header, modal}
}
