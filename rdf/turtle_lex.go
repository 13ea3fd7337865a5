package rdf

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// eof is what the rune reader returns past the end of the input.
const eof rune = -1

// syntaxError is raised (as a panic) inside the Turtle decoder and turned
// into its error at the Decode boundary, which keeps the recursive-descent
// code free of error plumbing.
type syntaxError struct{ err error }

// runeReader reads runes with arbitrary lookahead and tracks the line and
// column of the next rune.
type runeReader struct {
	r         *bufio.Reader
	look      []rune // runes read ahead; look[head:] are not consumed yet
	head      int
	line, col int
	err       error // read error or invalid UTF-8, raised once reached
}

func (rr *runeReader) fail(line, col int, format string, args ...any) {
	panic(syntaxError{fmt.Errorf("rdf: turtle line %d, column %d: %s", line, col, fmt.Sprintf(format, args...))})
}

// peek returns the rune i positions ahead without consuming it.
func (rr *runeReader) peek(i int) rune {
	for len(rr.look)-rr.head <= i {
		if rr.err != nil {
			return eof
		}
		r, n, err := rr.r.ReadRune()
		switch {
		case err == io.EOF:
			rr.err = io.EOF
			return eof
		case err != nil:
			rr.err = err
			return eof
		case r == utf8.RuneError && n == 1:
			rr.err = fmt.Errorf("invalid UTF-8")
			return eof
		}
		rr.look = append(rr.look, r)
	}
	return rr.look[rr.head+i]
}

// next consumes and returns one rune; at the end of the input it raises a
// pending read error, or returns eof.
func (rr *runeReader) next() rune {
	r := rr.peek(0)
	if r == eof {
		rr.checkErr()
		return eof
	}
	if rr.head++; rr.head == len(rr.look) {
		rr.look, rr.head = rr.look[:0], 0
	}
	if r == '\n' {
		rr.line++
		rr.col = 1
	} else {
		rr.col++
	}
	return r
}

// checkErr raises a read or encoding error met at the current position.
func (rr *runeReader) checkErr() {
	if rr.err != nil && rr.err != io.EOF && len(rr.look) == rr.head {
		rr.fail(rr.line, rr.col, "%v", rr.err)
	}
}

// Token kinds of the Turtle lexer.
type tokKind uint8

const (
	tEOF     tokKind = iota
	tIRI             // <…>, value unescaped but not resolved
	tPName           // prefix:local; val is the prefix, local the unescaped local part
	tBlank           // _:label
	tString          // any of the four string forms, unescaped
	tLang            // @word: a language tag or the @prefix/@base keywords
	tInteger         // numeric literals keep their lexical form
	tDecimal
	tDouble
	tPunct // . ; , [ ] ( ) ^^
	tWord  // a, true, false, PREFIX, BASE
)

type token struct {
	kind      tokKind
	val       string
	local     string
	line, col int
}

// describe names the token for error messages.
func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of input"
	case tIRI:
		return "<" + t.val + ">"
	case tPName:
		return t.val + ":" + t.local
	case tString:
		return "string literal"
	case tLang:
		return "@" + t.val
	}
	return fmt.Sprintf("%q", t.val)
}

// lexer splits Turtle into tokens.
type lexer struct {
	runeReader
	buf []byte // the current token's text
}

func (lx *lexer) skipSpace() {
	for {
		switch lx.peek(0) {
		case ' ', '\t', '\r', '\n':
			lx.next()
		case '#':
			for r := lx.peek(0); r != '\n' && r != '\r' && r != eof; r = lx.peek(0) {
				lx.next()
			}
		default:
			return
		}
	}
}

// token reads the next token.
func (lx *lexer) token() token {
	lx.skipSpace()
	t := token{line: lx.line, col: lx.col}
	c := lx.peek(0)
	switch {
	case c == eof:
		lx.checkErr()
		t.kind = tEOF
	case c == '<':
		lx.next()
		t.kind, t.val = tIRI, lx.iriRef(t)
	case c == '"' || c == '\'':
		t.kind, t.val = tString, lx.str()
	case c == '@':
		lx.next()
		t.kind, t.val = tLang, lx.langTag(t)
	case c == '_' && lx.peek(1) == ':':
		lx.next()
		lx.next()
		t.kind, t.val = tBlank, lx.blankLabel(t)
	case isDigit(c) || c == '+' || c == '-' || c == '.' && isDigit(lx.peek(1)):
		t.kind, t.val = lx.number(t)
	case strings.ContainsRune(".;,[]()", c):
		lx.next()
		t.kind, t.val = tPunct, string(c)
	case c == '^':
		lx.next()
		if lx.next() != '^' {
			lx.fail(t.line, t.col, "expected ^^")
		}
		t.kind, t.val = tPunct, "^^"
	case c == ':' || isPNCharsBase(c):
		lx.name(&t)
	default:
		lx.fail(t.line, t.col, "unexpected character %q", c)
	}
	return t
}

// uchar reads the hex digits of a \u or \U escape whose backslash and
// letter are consumed.
func (lx *lexer) uchar(letter rune) rune {
	line, col := lx.line, lx.col-2
	n := 4
	if letter == 'U' {
		n = 8
	}
	var r rune
	for range n {
		c := lx.next()
		if !isHex(c) {
			lx.fail(line, col, "invalid \\%c escape", letter)
		}
		r = r<<4 | hexValue(c)
	}
	if !validUCHAR(r) {
		lx.fail(line, col, "escape U+%X is not a Unicode scalar value", r)
	}
	return r
}

// iriRef reads an IRIREF after its '<'.
func (lx *lexer) iriRef(t token) string {
	lx.buf = lx.buf[:0]
	for {
		r := lx.next()
		switch {
		case r == '>':
			return string(lx.buf)
		case r == '\\':
			l := lx.next()
			if l != 'u' && l != 'U' {
				lx.fail(lx.line, lx.col-2, "invalid escape in IRI")
			}
			u := lx.uchar(l)
			if !isIRIChar(u) {
				lx.fail(lx.line, lx.col, "escaped character U+%04X is not allowed in an IRI", u)
			}
			lx.buf = utf8.AppendRune(lx.buf, u)
		case r == eof:
			lx.fail(t.line, t.col, "unterminated IRI")
		case !isIRIChar(r):
			lx.fail(lx.line, lx.col-1, "character %q is not allowed in an IRI", r)
		default:
			lx.buf = utf8.AppendRune(lx.buf, r)
		}
	}
}

// str reads a short or long string literal starting at its quote.
func (lx *lexer) str() string {
	line, col := lx.line, lx.col
	q := lx.next()
	long := false
	if lx.peek(0) == q {
		if lx.peek(1) != q {
			lx.next()
			return ""
		}
		lx.next()
		lx.next()
		long = true
	}
	lx.buf = lx.buf[:0]
	for {
		if long && lx.peek(0) == q && lx.peek(1) == q && lx.peek(2) == q {
			lx.next()
			lx.next()
			lx.next()
			return string(lx.buf)
		}
		r := lx.next()
		switch {
		case r == eof:
			lx.fail(line, col, "unterminated string")
		case !long && r == q:
			return string(lx.buf)
		case !long && (r == '\n' || r == '\r'):
			lx.fail(line, col, "line break in a short string (use \"\"\" for long strings)")
		case r == '\\':
			c := lx.next()
			if e, ok := echar(c); ok {
				lx.buf = utf8.AppendRune(lx.buf, e)
			} else if c == 'u' || c == 'U' {
				lx.buf = utf8.AppendRune(lx.buf, lx.uchar(c))
			} else {
				lx.fail(lx.line, lx.col-2, "invalid escape \\%c in string", c)
			}
		default:
			lx.buf = utf8.AppendRune(lx.buf, r)
		}
	}
}

// langTag reads [a-zA-Z]+ ('-' [a-zA-Z0-9]+)* after '@'.
func (lx *lexer) langTag(t token) string {
	lx.buf = lx.buf[:0]
	for r := lx.peek(0); 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'; r = lx.peek(0) {
		lx.buf = utf8.AppendRune(lx.buf, lx.next())
	}
	if len(lx.buf) == 0 {
		lx.fail(t.line, t.col, "expected a language tag or keyword after @")
	}
	for lx.peek(0) == '-' && isLangSubtagChar(lx.peek(1)) {
		lx.buf = utf8.AppendRune(lx.buf, lx.next())
		for isLangSubtagChar(lx.peek(0)) {
			lx.buf = utf8.AppendRune(lx.buf, lx.next())
		}
	}
	return string(lx.buf)
}

func isLangSubtagChar(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || isDigit(r)
}

// dotsThen reports whether the run of dots at the lookahead position is
// followed by a rune for which cont holds, i.e. the dots are inside a name.
func (lx *lexer) dotsThen(cont func(rune) bool) bool {
	i := 0
	for lx.peek(i) == '.' {
		i++
	}
	return cont(lx.peek(i))
}

// blankLabel reads a BLANK_NODE_LABEL after "_:".
func (lx *lexer) blankLabel(t token) string {
	lx.buf = lx.buf[:0]
	if r := lx.peek(0); !isPNCharsU(r) && !isDigit(r) {
		lx.fail(t.line, t.col, "invalid blank node label")
	}
	lx.buf = utf8.AppendRune(lx.buf, lx.next())
	for {
		r := lx.peek(0)
		if r == '.' && lx.dotsThen(isPNChars) || isPNChars(r) {
			lx.buf = utf8.AppendRune(lx.buf, lx.next())
			continue
		}
		return string(lx.buf)
	}
}

// number reads INTEGER, DECIMAL or DOUBLE, keeping the lexical form.
func (lx *lexer) number(t token) (tokKind, string) {
	lx.buf = lx.buf[:0]
	if r := lx.peek(0); r == '+' || r == '-' {
		lx.buf = utf8.AppendRune(lx.buf, lx.next())
	}
	digits := lx.digits()
	kind := tInteger
	if lx.peek(0) == '.' && isDigit(lx.peek(1)) {
		lx.buf = utf8.AppendRune(lx.buf, lx.next())
		lx.digits()
		kind = tDecimal
	} else if digits > 0 && lx.peek(0) == '.' && lx.exponentAt(1) {
		lx.buf = utf8.AppendRune(lx.buf, lx.next())
		kind = tDecimal
	} else if digits == 0 {
		lx.fail(t.line, t.col, "invalid number")
	}
	if lx.exponentAt(0) {
		lx.buf = utf8.AppendRune(lx.buf, lx.next())
		if r := lx.peek(0); r == '+' || r == '-' {
			lx.buf = utf8.AppendRune(lx.buf, lx.next())
		}
		lx.digits()
		kind = tDouble
	}
	return kind, string(lx.buf)
}

func (lx *lexer) digits() int {
	n := 0
	for isDigit(lx.peek(0)) {
		lx.buf = utf8.AppendRune(lx.buf, lx.next())
		n++
	}
	return n
}

// exponentAt reports whether an EXPONENT starts i runes ahead.
func (lx *lexer) exponentAt(i int) bool {
	if r := lx.peek(i); r != 'e' && r != 'E' {
		return false
	}
	if r := lx.peek(i + 1); r == '+' || r == '-' {
		i++
	}
	return isDigit(lx.peek(i + 1))
}

// name reads a prefixed name or a bare keyword.
func (lx *lexer) name(t *token) {
	lx.buf = lx.buf[:0]
	if lx.peek(0) != ':' {
		lx.buf = utf8.AppendRune(lx.buf, lx.next())
		for {
			r := lx.peek(0)
			if isPNChars(r) || r == '.' && lx.dotsThen(isPNChars) {
				lx.buf = utf8.AppendRune(lx.buf, lx.next())
				continue
			}
			break
		}
	}
	word := string(lx.buf)
	if lx.peek(0) != ':' {
		switch {
		case word == "a" || word == "true" || word == "false",
			strings.EqualFold(word, "PREFIX"), strings.EqualFold(word, "BASE"):
			t.kind, t.val = tWord, word
			return
		}
		lx.fail(t.line, t.col, "unexpected word %q (a prefixed name needs a colon)", word)
	}
	lx.next()
	t.kind, t.val, t.local = tPName, word, lx.local(t)
}

// isLocalCont reports whether r can continue a PN_LOCAL after dots.
func isLocalCont(r rune) bool { return isPNChars(r) || r == ':' || r == '%' || r == '\\' }

// local reads a PN_LOCAL (possibly empty), decoding \ escapes and keeping
// %XX escapes as they are.
func (lx *lexer) local(t *token) string {
	lx.buf = lx.buf[:0]
	for first := true; ; first = false {
		r := lx.peek(0)
		switch {
		case r == ':' || isPNCharsU(r) || isDigit(r) || !first && isPNChars(r):
			lx.buf = utf8.AppendRune(lx.buf, lx.next())
		case r == '%':
			if !isHex(lx.peek(1)) || !isHex(lx.peek(2)) {
				lx.fail(lx.line, lx.col, "invalid %% escape in local name")
			}
			lx.buf = utf8.AppendRune(lx.buf, lx.next())
			lx.buf = utf8.AppendRune(lx.buf, lx.next())
			lx.buf = utf8.AppendRune(lx.buf, lx.next())
		case r == '\\':
			if !isLocalEscapable(lx.peek(1)) {
				lx.fail(lx.line, lx.col, "invalid escape in local name")
			}
			lx.next()
			lx.buf = utf8.AppendRune(lx.buf, lx.next())
		case r == '.' && !first && lx.dotsThen(isLocalCont):
			lx.buf = utf8.AppendRune(lx.buf, lx.next())
		default:
			return string(lx.buf)
		}
	}
}
