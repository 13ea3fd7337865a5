package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/upload"
)

// decodeJSON reads the request body (at most BodyLimit bytes) as one JSON
// object into v, a pointer to a struct. Unlike json.Unmarshal it refuses
// what it would silently drop or misread: every field of the body must be
// a field of v's type under its exact JSON name (a typo like "titel" is a
// 400 naming it, with a suggestion), and every value must have the field's
// type (a time an RFC 3339 timestamp). Errors:
//
//	415 a Content-Type other than JSON
//	400 an empty body, invalid JSON (naming the position), not an object,
//	    data after the object, unknown or mistyped fields (Problem.Fields)
//	413 a body over BodyLimit
func decodeJSON(c *fiber.Ctx, v any) error {
	if ct := c.Get(fiber.HeaderContentType); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != fiber.MIMEApplicationJSON && !strings.HasSuffix(mt, "+json") {
			return problemf(http.StatusUnsupportedMediaType, "Bitte senden Sie die Angaben als JSON (Content-Type: application/json), nicht als %q.", ct)
		}
	}
	body, err := upload.Read(c, BodyLimit)
	if err != nil {
		return err
	}
	return unmarshalStrict(body, v)
}

// unmarshalStrict is decodeJSON over a body.
func unmarshalStrict(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return municat.Errorf(municat.EINVALID, "Der Inhalt der Anfrage fehlt. Bitte senden Sie die Angaben als JSON-Objekt, z. B. {\"title\": {\"de\": \"Baumkataster\"}}.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return syntaxError(body, err)
	}
	if end := dec.InputOffset(); len(bytes.TrimSpace(body[end:])) > 0 {
		extra := int(end) + len(body[end:]) - len(bytes.TrimLeft(body[end:], " \t\r\n")) + 1
		return municat.Errorf(municat.EINVALID, "Nach dem JSON-Objekt folgen an Position %d weitere Daten. Bitte senden Sie genau ein Objekt.", extra)
	}
	if _, ok := tree.(map[string]any); !ok {
		return municat.Errorf(municat.EINVALID, "Erwartet wird ein JSON-Objekt ({…}), gesendet wurde %s.", jsonKind(tree))
	}
	var fields []municat.FieldError
	checkShape(tree, reflect.TypeOf(v).Elem(), "", &fields)
	if len(fields) > 0 {
		return newInputError(fields)
	}
	if err := json.Unmarshal(body, v); err != nil {
		// checkShape lets nothing through that Unmarshal refuses; if it
		// does, the body is still bad input.
		return &municat.Error{Code: municat.EINVALID, Message: "Die Angaben passen nicht zum erwarteten Format.", Err: err}
	}
	return nil
}

// newInputError returns the 400 error of a body whose fields are unknown
// or mistyped, naming each.
func newInputError(fields []municat.FieldError) *inputError {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Field
	}
	return &inputError{detail: "Bitte korrigieren Sie diese Felder: " + strings.Join(names, ", ") + " (Einzelheiten unter fields).", fields: fields}
}

// syntaxError returns the 400 error of invalid JSON, naming the position
// (byte offset, line and column) and what is wrong there.
func syntaxError(body []byte, err error) error {
	offset, what := int64(len(body)), "Das JSON endet mitten in einem Wert (fehlt eine schließende Klammer oder ein Anführungszeichen?)"
	var se *json.SyntaxError
	if errors.As(err, &se) {
		offset, what = se.Offset, syntaxProblem(se.Error())
	}
	before := body[:min(max(offset-1, 0), int64(len(body)))]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len([]rune(string(before[bytes.LastIndexByte(before, '\n')+1:]))) + 1
	return municat.Errorf(municat.EINVALID, "Ungültiges JSON an Position %d (Zeile %d, Spalte %d): %s.", offset, line, col, what)
}

// syntaxProblem says in German what a json.SyntaxError message means.
func syntaxProblem(msg string) string {
	if msg == "unexpected end of JSON input" {
		return "Das JSON endet mitten in einem Wert"
	}
	rest, ok := strings.CutPrefix(msg, "invalid character ")
	if !ok {
		return "Das JSON ist fehlerhaft"
	}
	// The character is quoted like a Go rune literal: 'x', '\'', '\x01'.
	lit, context, _ := strings.Cut(rest, "' ")
	char, err := strconv.Unquote(lit + "'")
	if err != nil {
		char = strings.Trim(lit, "'")
	}
	out := "unerwartetes Zeichen " + strconv.Quote(char)
	for _, c := range []struct{ english, german string }{
		{"looking for beginning of object key string", "erwartet wird ein Feldname in Anführungszeichen"},
		{"after object key:value pair", "erwartet wird ein Komma oder }"},
		{"after object key", "erwartet wird ein Doppelpunkt"},
		{"after array element", "erwartet wird ein Komma oder ]"},
		{"looking for beginning of value", "erwartet wird ein Wert; Zeichenketten stehen in doppelten Anführungszeichen"},
		{"in string literal", "Steuerzeichen müssen in Zeichenketten maskiert werden, z. B. \\n"},
		{"in string escape code", "ungültige Escape-Sequenz"},
		{"after top-level value", "nach dem Objekt darf nichts mehr folgen"},
	} {
		if strings.HasPrefix(context, c.english) {
			return out + " (" + c.german + ")"
		}
	}
	return out
}

// jsonKind names the kind of a decoded JSON value in German.
func jsonKind(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "ein Objekt"
	case []any:
		return "eine Liste"
	case string:
		return "eine Zeichenkette"
	case bool:
		return "ein Wahrheitswert"
	case json.Number:
		return "die Zahl " + v.String()
	}
	return fmt.Sprintf("%T", v)
}
