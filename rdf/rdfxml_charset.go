package rdf

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// charsetReader decodes the single-byte encodings found in real-world
// RDF/XML besides UTF-8: ISO-8859-1, US-ASCII and Windows-1252.
func charsetReader(charset string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii":
		return &singleByteReader{r: bufio.NewReader(r)}, nil
	case "windows-1252", "cp1252":
		return &singleByteReader{r: bufio.NewReader(r), high: &cp1252}, nil
	}
	return nil, fmt.Errorf("rdf/xml: unsupported character encoding %q", charset)
}

// singleByteReader converts a single-byte encoding to UTF-8: bytes below
// 0x80 and from 0xA0 are Latin-1; high maps 0x80–0x9F where set.
type singleByteReader struct {
	r    *bufio.Reader
	high *[32]rune
	buf  []byte
}

// Read implements io.Reader.
func (s *singleByteReader) Read(p []byte) (int, error) {
	for len(s.buf) < len(p) {
		if len(s.buf) > 0 && s.r.Buffered() == 0 {
			break // do not block for more input while some is ready
		}
		c, err := s.r.ReadByte()
		if err != nil {
			if len(s.buf) > 0 {
				break
			}
			return 0, err
		}
		r := rune(c)
		if s.high != nil && 0x80 <= c && c < 0xA0 {
			r = s.high[c-0x80]
		}
		s.buf = utf8.AppendRune(s.buf, r)
	}
	n := copy(p, s.buf)
	s.buf = s.buf[:copy(s.buf, s.buf[n:])]
	return n, nil
}

// cp1252 maps the bytes 0x80–0x9F of Windows-1252.
var cp1252 = [32]rune{
	0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
	0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
}

// Limits on the entities of a DOCTYPE: OWL files declare a few dozen, each
// a namespace IRI. The caps keep nested declarations (the "billion laughs")
// from expanding to gigabytes.
const (
	maxEntityValue = 1024
	maxEntities    = 1000
)

// declareEntities records the general entities declared in a DOCTYPE
// internal subset (<!ENTITY name "value">), as OWL files use them for
// namespace IRIs. Parameter entities and external entities are ignored
// (never read). It fails when a value expands beyond maxEntityValue bytes
// or the subset declares more than maxEntities entities.
func (d *rdfxmlDecoder) declareEntities(dir string) error {
	for {
		i := strings.Index(dir, "<!ENTITY")
		if i < 0 {
			return nil
		}
		dir = strings.TrimLeft(dir[i+len("<!ENTITY"):], " \t\r\n")
		if strings.HasPrefix(dir, "%") {
			continue
		}
		end := strings.IndexAny(dir, " \t\r\n")
		if end < 0 {
			return nil
		}
		name := dir[:end]
		rest := strings.TrimLeft(dir[end:], " \t\r\n")
		if rest == "" || rest[0] != '"' && rest[0] != '\'' {
			continue
		}
		close := strings.IndexByte(rest[1:], rest[0])
		if close < 0 {
			return nil
		}
		if d.x.Entity == nil {
			d.x.Entity = map[string]string{}
		}
		if len(d.x.Entity) >= maxEntities {
			return d.errorf("more than %d entities declared", maxEntities)
		}
		v, ok := d.expandEntities(rest[1 : 1+close])
		if !ok {
			return d.errorf("entity %q expands to more than %d bytes", shorten(name), maxEntityValue)
		}
		d.x.Entity[name] = v
		d.refs.declared(v)
		dir = rest[close+2:]
	}
}

// expandEntities replaces references to entities declared so far in an
// entity value; ok is false when the result would exceed maxEntityValue
// bytes.
func (d *rdfxmlDecoder) expandEntities(s string) (v string, ok bool) {
	if len(s) > maxEntityValue {
		return "", false
	}
	if !strings.Contains(s, "&") {
		return s, true
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			b.WriteString(s)
			return b.String(), b.Len() <= maxEntityValue
		}
		b.WriteString(s[:i])
		s = s[i:]
		j := strings.IndexByte(s, ';')
		if v, ok := d.x.Entity[s[1:max(j, 1)]]; j > 0 && ok {
			if b.Len()+len(v) > maxEntityValue {
				return "", false
			}
			b.WriteString(v)
			s = s[j+1:]
			continue
		}
		b.WriteByte('&')
		s = s[1:]
	}
}
