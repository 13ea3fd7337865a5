package rdf

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"
)

// docCounter numbers decoders so that blank node labels of different
// documents never clash when their triples go into one graph.
var docCounter atomic.Uint64

// blankScope turns the blank node labels of one document into labels that
// are unique across documents: "b<doc>_<label>" for labels written in the
// document and "a<doc>_<n>" for anonymous nodes. The document number ends
// at the first "_", so the mapping is injective.
type blankScope struct {
	prefix string
	n      int
}

func newBlankScope() blankScope {
	return blankScope{prefix: strconv.FormatUint(docCounter.Add(1), 10) + "_"}
}

// named returns the blank node for a label written in the document.
func (s *blankScope) named(label string) Term { return Blank("b" + s.prefix + label) }

// fresh returns a new anonymous blank node.
func (s *blankScope) fresh() Term {
	s.n++
	return Blank("a" + s.prefix + strconv.Itoa(s.n))
}

// ntDecoder reads N-Triples line by line.
type ntDecoder struct {
	r      *bufio.Reader
	buf    []byte
	line   int
	err    error
	blanks blankScope
	// pending holds the rest of a physical line after a lone CR, which
	// N-Triples also accepts as a line end.
	pending []string
}

func newNTriplesDecoder(r io.Reader) Decoder {
	return &ntDecoder{r: bufio.NewReaderSize(r, 64<<10), blanks: newBlankScope()}
}

// Decode returns the next triple, or io.EOF after the last one.
func (d *ntDecoder) Decode() (Triple, error) {
	for d.err == nil {
		line, ok := d.nextLine()
		if !ok {
			break
		}
		p := ntLine{s: line, line: d.line, blanks: &d.blanks}
		t, found, err := p.parse()
		if err != nil {
			d.err = err
			break
		}
		if found {
			return t, nil
		}
	}
	return Triple{}, d.err
}

// nextLine returns the next line without its end, or false (with d.err
// set) at the end of the input or on a read error.
func (d *ntDecoder) nextLine() (string, bool) {
	if len(d.pending) > 0 {
		s := d.pending[0]
		d.pending = d.pending[1:]
		return s, true
	}
	d.buf = d.buf[:0]
	for {
		chunk, err := d.r.ReadSlice('\n')
		d.buf = append(d.buf, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil && err != io.EOF {
			d.err = err
			return "", false
		}
		if len(d.buf) == 0 && err == io.EOF {
			d.err = io.EOF
			return "", false
		}
		break
	}
	d.line++
	b := bytes.TrimRight(d.buf, "\r\n")
	if d.line == 1 {
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	}
	if !utf8.Valid(b) {
		d.err = fmt.Errorf("rdf: n-triples line %d: invalid UTF-8", d.line)
		return "", false
	}
	s := string(b)
	if strings.IndexByte(s, '\r') >= 0 {
		parts := strings.Split(s, "\r")
		s, d.pending = parts[0], parts[1:]
	}
	return s, true
}

// ntLine parses one N-Triples line.
type ntLine struct {
	s      string
	pos    int
	line   int
	blanks *blankScope
}

func (p *ntLine) errorf(format string, args ...any) error {
	col := utf8.RuneCountInString(p.s[:min(p.pos, len(p.s))]) + 1
	return fmt.Errorf("rdf: n-triples line %d, column %d: %s", p.line, col, fmt.Sprintf(format, args...))
}

func (p *ntLine) skipSpace() {
	for p.pos < len(p.s) && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t') {
		p.pos++
	}
}

// atEnd reports whether only white space and a comment remain.
func (p *ntLine) atEnd() bool {
	p.skipSpace()
	return p.pos == len(p.s) || p.s[p.pos] == '#'
}

// parse returns the line's triple; found is false for an empty or
// comment-only line.
func (p *ntLine) parse() (t Triple, found bool, err error) {
	if p.atEnd() {
		return t, false, nil
	}
	if t.S, err = p.subject(); err != nil {
		return t, false, err
	}
	p.skipSpace()
	if p.pos >= len(p.s) || p.s[p.pos] != '<' {
		return t, false, p.errorf("expected a predicate IRI")
	}
	if t.P, err = p.iri(); err != nil {
		return t, false, err
	}
	p.skipSpace()
	if t.O, err = p.object(); err != nil {
		return t, false, err
	}
	p.skipSpace()
	if p.pos >= len(p.s) || p.s[p.pos] != '.' {
		return t, false, p.errorf("expected '.' at the end of the triple")
	}
	p.pos++
	if !p.atEnd() {
		return t, false, p.errorf("unexpected text after the triple")
	}
	return t, true, nil
}

func (p *ntLine) subject() (Term, error) {
	switch {
	case strings.HasPrefix(p.s[p.pos:], "<"):
		return p.iri()
	case strings.HasPrefix(p.s[p.pos:], "_:"):
		return p.blank()
	}
	return Term{}, p.errorf("expected a subject IRI or blank node")
}

func (p *ntLine) object() (Term, error) {
	if strings.HasPrefix(p.s[p.pos:], `"`) {
		return p.literal()
	}
	return p.subject()
}

// iri reads an absolute IRIREF.
func (p *ntLine) iri() (Term, error) {
	v, err := p.iriValue()
	if err != nil {
		return Term{}, err
	}
	return IRI(v), nil
}

func (p *ntLine) iriValue() (string, error) {
	start := p.pos
	p.pos++ // '<'
	var b strings.Builder
	for {
		if p.pos >= len(p.s) {
			return "", p.errorf("unterminated IRI")
		}
		r, n := utf8.DecodeRuneInString(p.s[p.pos:])
		switch {
		case r == '>':
			p.pos++
			v := b.String()
			if !isAbsoluteIRI(v) {
				p.pos = start
				return "", p.errorf("relative IRI <%s> is not allowed in N-Triples", v)
			}
			return v, nil
		case r == '\\':
			u, err := p.uchar()
			if err != nil {
				return "", err
			}
			if !isIRIChar(u) {
				return "", p.errorf("escaped character U+%04X is not allowed in an IRI", u)
			}
			b.WriteRune(u)
		case isIRIChar(r):
			b.WriteRune(r)
			p.pos += n
		default:
			return "", p.errorf("character %q is not allowed in an IRI", r)
		}
	}
}

// uchar reads \uXXXX or \UXXXXXXXX at p.pos.
func (p *ntLine) uchar() (rune, error) {
	if p.pos+1 >= len(p.s) {
		return 0, p.errorf("incomplete escape")
	}
	n := 0
	switch p.s[p.pos+1] {
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return 0, p.errorf("invalid escape \\%c", p.s[p.pos+1])
	}
	if p.pos+2+n > len(p.s) {
		return 0, p.errorf("incomplete escape")
	}
	var r rune
	for _, c := range p.s[p.pos+2 : p.pos+2+n] {
		if !isHex(c) {
			return 0, p.errorf("invalid hex digit %q in escape", c)
		}
		r = r<<4 | hexValue(c)
	}
	if !validUCHAR(r) {
		return 0, p.errorf("escape \\%s is not a Unicode scalar value", p.s[p.pos+1:p.pos+2+n])
	}
	p.pos += 2 + n
	return r, nil
}

// blank reads a BLANK_NODE_LABEL after "_:".
func (p *ntLine) blank() (Term, error) {
	p.pos += 2
	start := p.pos
	end := start
	for i, r := range p.s[start:] {
		ok := isPNCharsU(r) || isDigit(r)
		if i > 0 {
			ok = ok || isPNChars(r) || r == '.'
		}
		if !ok {
			break
		}
		end = start + i + utf8.RuneLen(r)
	}
	for end > start && p.s[end-1] == '.' {
		end--
	}
	if end == start {
		return Term{}, p.errorf("invalid blank node label")
	}
	p.pos = end
	return p.blanks.named(p.s[start:end]), nil
}

// literal reads a quoted string with an optional language tag or datatype.
func (p *ntLine) literal() (Term, error) {
	p.pos++ // '"'
	var b strings.Builder
	for {
		if p.pos >= len(p.s) {
			return Term{}, p.errorf("unterminated string")
		}
		c := p.s[p.pos]
		if c == '"' {
			p.pos++
			break
		}
		if c != '\\' {
			r, n := utf8.DecodeRuneInString(p.s[p.pos:])
			b.WriteRune(r)
			p.pos += n
			continue
		}
		if p.pos+1 < len(p.s) {
			if e, ok := echar(rune(p.s[p.pos+1])); ok {
				b.WriteRune(e)
				p.pos += 2
				continue
			}
		}
		u, err := p.uchar()
		if err != nil {
			return Term{}, err
		}
		b.WriteRune(u)
	}
	lex := b.String()
	p.skipSpace()
	switch {
	case strings.HasPrefix(p.s[p.pos:], "@"):
		p.pos++
		start := p.pos
		for p.pos < len(p.s) && (isLangByte(p.s[p.pos])) {
			p.pos++
		}
		tag := p.s[start:p.pos]
		if !isLangTag(tag) {
			return Term{}, p.errorf("invalid language tag %q", tag)
		}
		return LangLiteral(lex, tag), nil
	case strings.HasPrefix(p.s[p.pos:], "^^"):
		p.pos += 2
		p.skipSpace()
		if !strings.HasPrefix(p.s[p.pos:], "<") {
			return Term{}, p.errorf("expected a datatype IRI after ^^")
		}
		dt, err := p.iriValue()
		if err != nil {
			return Term{}, err
		}
		return TypedLiteral(lex, dt), nil
	}
	return Literal(lex), nil
}

func isLangByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-'
}

// ntEncoder writes one triple per line.
type ntEncoder struct {
	w   io.Writer
	buf strings.Builder
}

func newNTriplesEncoder(w io.Writer) Encoder { return &ntEncoder{w: w} }

// Encode writes the triples, one line each.
func (e *ntEncoder) Encode(ts ...Triple) error {
	e.buf.Reset()
	for _, t := range ts {
		if err := checkTriple(t); err != nil {
			return err
		}
		writeTerm(&e.buf, t.S)
		e.buf.WriteByte(' ')
		writeTerm(&e.buf, t.P)
		e.buf.WriteByte(' ')
		writeTerm(&e.buf, t.O)
		e.buf.WriteString(" .\n")
	}
	_, err := io.WriteString(e.w, e.buf.String())
	return err
}

// Close does nothing: N-Triples has no document end.
func (e *ntEncoder) Close() error { return nil }

// errBadTriple is wrapped by the encoders' errors for triples that RDF does
// not allow.
var errBadTriple = errors.New("rdf: invalid triple")

// checkTriple reports triples that no RDF syntax can write: a missing term,
// a literal subject or a non-IRI predicate.
func checkTriple(t Triple) error {
	switch {
	case !t.S.IsResource():
		return fmt.Errorf("%w: subject %s is not an IRI or blank node", errBadTriple, t.S)
	case !t.P.IsIRI():
		return fmt.Errorf("%w: predicate %s is not an IRI", errBadTriple, t.P)
	case t.O.IsZero():
		return fmt.Errorf("%w: missing object", errBadTriple)
	}
	return nil
}
