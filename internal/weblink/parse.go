package weblink

import (
	"errors"
	"strings"
)

// maxLinks bounds the links Parse returns from one header.
const maxLinks = 64

// ErrSyntax is returned by Parse for a header that is not a Link header.
var ErrSyntax = errors.New("weblink: malformed Link header")

// Parse reads a Link header value (RFC 8288 section 3). It returns one
// Link per relation type (a rel="prev first" link gives two), in order,
// with the relation type lower-cased; links without rel are left out, and
// so are the other parameters. It stops after maxLinks links. A value
// that does not follow the grammar gives ErrSyntax.
func Parse(header string) ([]Link, error) {
	p := parser{s: header}
	var out []Link
	for {
		p.skipSpace()
		if p.done() {
			return out, nil
		}
		if p.peek() == ',' { // empty list element
			p.i++
			continue
		}
		target, rels, err := p.linkValue()
		if err != nil {
			return nil, err
		}
		for _, r := range rels {
			if len(out) == maxLinks {
				return out, nil
			}
			out = append(out, Link{URL: target, Rel: r})
		}
		p.skipSpace()
		if p.done() {
			return out, nil
		}
		if p.peek() != ',' {
			return nil, ErrSyntax
		}
		p.i++
	}
}

// parser reads a header value left to right.
type parser struct {
	s string
	i int
}

func (p *parser) done() bool { return p.i >= len(p.s) }
func (p *parser) peek() byte { return p.s[p.i] }

// skipSpace skips optional white space (OWS).
func (p *parser) skipSpace() {
	for !p.done() && (p.peek() == ' ' || p.peek() == '\t') {
		p.i++
	}
}

// linkValue reads `<target> *( ; param )` and returns the target and the
// relation types of its rel parameter (the first one counts).
func (p *parser) linkValue() (string, []string, error) {
	if p.peek() != '<' {
		return "", nil, ErrSyntax
	}
	end := strings.IndexByte(p.s[p.i:], '>')
	if end < 0 {
		return "", nil, ErrSyntax
	}
	target := p.s[p.i+1 : p.i+end]
	for i := 0; i < len(target); i++ {
		if c := target[i]; c <= ' ' || c == 0x7f || c == '<' {
			return "", nil, ErrSyntax
		}
	}
	p.i += end + 1
	var rels []string
	seenRel := false
	for {
		p.skipSpace()
		if p.done() || p.peek() != ';' {
			return target, rels, nil
		}
		p.i++
		p.skipSpace()
		name := strings.ToLower(p.token())
		if name == "" {
			return "", nil, ErrSyntax
		}
		p.skipSpace()
		value := ""
		if !p.done() && p.peek() == '=' {
			p.i++
			p.skipSpace()
			v, err := p.value()
			if err != nil {
				return "", nil, err
			}
			value = v
		}
		if name == "rel" && !seenRel {
			seenRel = true
			for _, r := range strings.Fields(value) {
				rels = append(rels, strings.ToLower(r))
			}
		}
	}
}

// token reads an RFC 9110 token; "" if there is none.
func (p *parser) token() string {
	start := p.i
	for !p.done() && isTokenChar(p.peek()) {
		p.i++
	}
	return p.s[start:p.i]
}

// value reads a token or a quoted string (unquoted).
func (p *parser) value() (string, error) {
	if p.done() {
		return "", ErrSyntax
	}
	if p.peek() != '"' {
		t := p.token()
		if t == "" {
			return "", ErrSyntax
		}
		return t, nil
	}
	p.i++
	var b strings.Builder
	for !p.done() {
		c := p.peek()
		p.i++
		switch {
		case c == '"':
			return b.String(), nil
		case c == '\\':
			if p.done() {
				return "", ErrSyntax
			}
			b.WriteByte(p.peek())
			p.i++
		case c < ' ' && c != '\t', c == 0x7f:
			return "", ErrSyntax
		default:
			b.WriteByte(c)
		}
	}
	return "", ErrSyntax
}

// isTokenChar reports whether c may stand in an RFC 9110 token.
func isTokenChar(c byte) bool {
	return c > ' ' && c < 0x7f && strings.IndexByte("\"(),/:;<=>?@[\\]{}", c) < 0
}
