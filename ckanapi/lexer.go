package ckanapi

import (
	"strings"
)

// token is one term of a query: a field term (field:value, field:"…",
// field:(a OR b), field:[from TO to]) or a word.
type token struct {
	// raw is the term as written.
	raw string
	// field is the field name; "" for a word.
	field string
	// values are the value or the alternatives of a group, unescaped.
	values []string
	// quoted is set when a value was quoted.
	quoted bool
	// negated is set for a leading "-" or "!".
	negated bool
	// rangeFrom and rangeTo are the bounds of a range value.
	rangeFrom, rangeTo string
	// value is the word of a term without field.
	value string
}

// lexer splits a query into terms.
type lexer struct {
	s   string
	pos int
	// text is set for q: a colon after a word that is no supported field
	// is part of the word ("Bäume: Kataster" is text, not a field term).
	text bool
}

// isSpace reports whether c separates terms: ASCII white space.
func isSpace(c byte) bool { return strings.IndexByte(" \t\n\r\v\f", c) >= 0 }

// next returns the next term; false at the end.
func (l *lexer) next() (token, bool, error) {
	for l.pos < len(l.s) && isSpace(l.s[l.pos]) {
		l.pos++
	}
	if l.pos >= len(l.s) {
		return token{}, false, nil
	}
	start := l.pos
	var t token
	switch l.s[l.pos] {
	case '+':
		l.pos++
	case '-', '!':
		t.negated = true
		l.pos++
	}
	if l.pos < len(l.s) && l.s[l.pos] == '"' {
		v, err := l.quoted()
		if err != nil {
			return token{}, false, err
		}
		t.value, t.quoted, t.raw = v, true, l.s[start:l.pos]
		return t, true, nil
	}
	word, colon := l.bare(true, false)
	if !colon {
		t.value, t.raw = word, l.s[start:l.pos]
		return t, true, nil
	}
	if l.text && fieldKinds[word] == "" && word != "*" {
		for l.pos < len(l.s) && !isSpace(l.s[l.pos]) {
			l.pos++
		}
		t.value, t.raw = l.s[start:l.pos], l.s[start:l.pos]
		return t, true, nil
	}
	t.field = word
	l.pos++ // the colon
	if err := l.value(&t); err != nil {
		return token{}, false, err
	}
	t.raw = l.s[start:l.pos]
	return t, true, nil
}

// value reads the value of a field term into t.
func (l *lexer) value(t *token) error {
	if l.pos >= len(l.s) || isSpace(l.s[l.pos]) {
		return searchQueryError("Nach „" + clip(t.field, 40) + ":“ fehlt der Wert.")
	}
	switch l.s[l.pos] {
	case '"':
		v, err := l.quoted()
		if err != nil {
			return err
		}
		t.values, t.quoted = []string{v}, true
	case '(':
		return l.group(t)
	case '[', '{':
		return l.rangeValue(t)
	default:
		v, _ := l.bare(false, false)
		t.values = []string{v}
	}
	return nil
}

// group reads (a OR b OR "c d").
func (l *lexer) group(t *token) error {
	l.pos++ // (
	wantValue := true
	for {
		for l.pos < len(l.s) && isSpace(l.s[l.pos]) {
			l.pos++
		}
		if l.pos >= len(l.s) {
			return searchQueryError("Die Klammer nach „" + clip(t.field, 40) + ":(“ wird nicht geschlossen.")
		}
		switch c := l.s[l.pos]; {
		case c == ')':
			l.pos++
			if len(t.values) == 0 || wantValue {
				return searchQueryError("Die Klammer nach „" + clip(t.field, 40) + ":“ enthält keine vollständige Liste von Werten (a OR b).")
			}
			return nil
		case c == '"':
			if !wantValue {
				return searchQueryError("Zwischen den Werten in Klammern muss OR stehen.")
			}
			v, err := l.quoted()
			if err != nil {
				return err
			}
			t.values, t.quoted, wantValue = append(t.values, v), true, false
		default:
			v, _ := l.bare(false, true)
			switch {
			case v == "OR" || v == "||":
				if wantValue {
					return searchQueryError("In Klammern muss zwischen zwei Werten OR stehen.")
				}
				wantValue = true
			case v == "AND" || v == "&&" || v == "NOT":
				return searchQueryError("In Klammern wird nur OR unterstützt: feld:(a OR b).")
			case v == "":
				return searchQueryError("Unerwartetes Zeichen in der Klammer nach „" + clip(t.field, 40) + ":“.")
			default:
				if !wantValue {
					return searchQueryError("Zwischen den Werten in Klammern muss OR stehen.")
				}
				t.values, wantValue = append(t.values, v), false
			}
		}
	}
}

// rangeValue reads [from TO to] or {from TO to}.
func (l *lexer) rangeValue(t *token) error {
	closing := byte(']')
	if l.s[l.pos] == '{' {
		closing = '}'
	}
	end := strings.IndexByte(l.s[l.pos:], closing)
	if end < 0 {
		return searchQueryError("Der Bereich nach „" + clip(t.field, 40) + ":“ wird nicht geschlossen.")
	}
	inner := strings.Fields(l.s[l.pos+1 : l.pos+end])
	l.pos += end + 1
	if len(inner) != 3 || inner[1] != "TO" {
		return searchQueryError("Ein Bereich hat die Form [von TO bis], z. B. [2024-01-01T00:00:00Z TO *].")
	}
	t.rangeFrom, t.rangeTo = inner[0], inner[2]
	return nil
}

// quoted reads a quoted string starting at l.pos, with \" and \\ escapes.
func (l *lexer) quoted() (string, error) {
	var b strings.Builder
	for i := l.pos + 1; i < len(l.s); i++ {
		switch c := l.s[i]; c {
		case '\\':
			if i+1 < len(l.s) {
				i++
				b.WriteByte(l.s[i])
			}
		case '"':
			l.pos = i + 1
			return b.String(), nil
		default:
			b.WriteByte(c)
		}
	}
	return "", searchQueryError("Ein Anführungszeichen wird nicht geschlossen.")
}

// bare reads an unquoted word up to white space (or '(' and ')' in a
// group), with backslash escapes. With field set it stops at an unescaped
// ':' and reports that it did.
func (l *lexer) bare(field, inGroup bool) (string, bool) {
	var b strings.Builder
	for l.pos < len(l.s) {
		c := l.s[l.pos]
		switch {
		case isSpace(c) || inGroup && (c == ')' || c == '('):
			return b.String(), false
		case c == '\\' && l.pos+1 < len(l.s):
			b.WriteByte(l.s[l.pos+1])
			l.pos += 2
			continue
		case c == ':' && field:
			return b.String(), true
		}
		b.WriteByte(c)
		l.pos++
	}
	return b.String(), false
}
