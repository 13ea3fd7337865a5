package ckanapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/upload"
)

// maxBody caps a POST body with parameters; CKAN calls carry a few hundred
// bytes.
const maxBody = 64 << 10

// maxParamLength caps the length of one parameter value in bytes.
const maxParamLength = 4096

// Params are the parameters of one action call, by name. Values that a
// JSON body gives as numbers, booleans or lists are kept as their JSON text
// (10, true, ["tags"]), which is how the query string writes them too.
type Params map[string]string

// requestParams reads the parameters of the request: the query string, and
// for POST the body, a JSON object or a form, whose values win.
func requestParams(c *fiber.Ctx) (Params, error) {
	p := Params{}
	q, err := url.ParseQuery(string(c.Request().URI().QueryString()))
	if err != nil {
		return nil, badRequest("Die Parameter der Anfrage sind fehlerhaft kodiert (%-Kodierung prüfen).")
	}
	for k, vs := range q {
		if len(vs) > 0 {
			p[k] = vs[0]
		}
	}
	if c.Method() != fiber.MethodPost {
		return p, nil
	}
	body, err := upload.Read(c, maxBody)
	switch {
	case municat.ErrorCode(err) == municat.ETOOLARGE:
		return nil, badRequest(fmt.Sprintf("Der Inhalt der Anfrage ist zu groß: Parameter dürfen zusammen höchstens %d KiB lang sein.", maxBody>>10))
	case err != nil:
		return nil, badRequest("Der Inhalt der Anfrage ist nicht lesbar: " + municat.ErrorMessage(err))
	}
	if err := p.addBody(body, c.Get(fiber.HeaderContentType)); err != nil {
		return nil, err
	}
	return p, nil
}

// addBody adds the parameters of a POST body to p: a JSON object
// (whatever the content type says, if it starts with "{") or else a form.
func (p Params) addBody(body []byte, contentType string) error {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil
	}
	if body[0] != '{' && !strings.Contains(contentType, "json") {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return badRequest("Der Inhalt der Anfrage ist kein JSON-Objekt und kein gültiges Formular.")
		}
		for k, vs := range form {
			if len(vs) > 0 {
				p[k] = vs[0]
			}
		}
		return nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil || obj == nil {
		return badRequest("Der Inhalt der Anfrage muss ein JSON-Objekt mit den Parametern sein, z. B. {\"id\": \"baumkataster\"}.")
	}
	for k, raw := range obj {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			p[k] = s
			continue
		}
		if string(raw) != "null" {
			p[k] = string(raw)
		}
	}
	return nil
}

// badRequest returns a 400 error with msg.
func badRequest(msg string) *Error {
	return &Error{Type: TypeBadRequest, Message: msg, status: http.StatusBadRequest}
}

// reader reads parameters and collects one message per bad one.
type reader struct {
	p    Params
	errs validationErrors
}

func newReader(p Params) *reader { return &reader{p: p, errs: validationErrors{}} }

// str returns the trimmed value of name ("" if absent) or records that it
// is too long.
func (r *reader) str(name string) string {
	s := strings.TrimSpace(r.p[name])
	if len(s) > maxParamLength {
		r.errs.add(name, fmt.Sprintf("Der Wert darf höchstens %d Zeichen lang sein.", maxParamLength))
		return ""
	}
	return s
}

// natural returns name as an integer from 0 to max, def if absent; a bad
// value is recorded (CKAN's "Invalid integer" / "Must be a natural number").
func (r *reader) natural(name string, def, max int) int {
	s := r.str(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		r.errs.add(name, fmt.Sprintf("Ungültige Zahl %q: erwartet wird eine ganze Zahl von 0 bis %d.", clip(s, 40), max))
	case n < 0:
		r.errs.add(name, "Die Zahl darf nicht negativ sein.")
	case n > max:
		r.errs.add(name, fmt.Sprintf("Die Zahl darf höchstens %d sein, nicht %d.", max, n))
	default:
		return n
	}
	return def
}

// atMost returns name as natural but caps it at max instead of refusing a
// larger number, as CKAN does with rows (ckan.search.rows_max): a client
// asking for 5000 rows gets 1000 and pages on.
func (r *reader) atMost(name string, def, max int) int {
	if n, err := strconv.Atoi(r.str(name)); err == nil && n > max {
		return max
	}
	return r.natural(name, def, max)
}

// boolean returns name as a boolean (true, yes, 1, on; false, no, 0, off;
// any case), def if absent.
func (r *reader) boolean(name string, def bool) bool {
	switch strings.ToLower(r.str(name)) {
	case "":
		return def
	case "true", "yes", "1", "on", "t", "y":
		return true
	case "false", "no", "0", "off", "f", "n":
		return false
	}
	r.errs.add(name, fmt.Sprintf("Ungültiger Wahrheitswert %q: erwartet wird true oder false.", clip(r.p[name], 40)))
	return def
}

// list returns name as a list of strings: a JSON list (["a", "b"]), else a
// comma-separated text.
func (r *reader) list(name string) []string {
	s := r.str(name)
	if s == "" {
		return nil
	}
	if strings.HasPrefix(s, "[") {
		var out []string
		if err := json.Unmarshal([]byte(s), &out); err != nil {
			r.errs.add(name, "Erwartet wird eine JSON-Liste von Zeichenketten, z. B. [\"tags\", \"organization\"].")
			return nil
		}
		return out
	}
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// err returns the collected errors, or nil.
func (r *reader) err() error { return r.errs.err() }

// clip shortens s to at most n bytes on a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
