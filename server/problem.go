package server

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

// ProblemContentType is the media type of error responses (RFC 9457).
const ProblemContentType = "application/problem+json"

// internalDetail is all a user learns about an internal error.
const internalDetail = "Interner Fehler."

// Problem is an error response as RFC 9457 defines it. Type is always
// "about:blank", so Title is the (German) phrase of the status code.
type Problem struct {
	// Type is the problem type URI, always "about:blank".
	Type string `json:"type"`
	// Title is the (German) phrase of the status code.
	Title string `json:"title"`
	// Status is the HTTP status code.
	Status int `json:"status"`
	// Detail explains the problem of this request.
	Detail string `json:"detail,omitempty"`
	// Instance is the path and query of the request.
	Instance string `json:"instance,omitempty"`
	// Errors lists the bad query parameters of a 400 answer, one entry each.
	Errors []ParamError `json:"errors,omitempty"`
	// Fields lists the fields at fault in the body of a write request: the
	// unknown or mistyped JSON fields of a 400 answer, the invalid values
	// of a 422 answer. Field is a JSON path, e.g. "distributions[0].format".
	Fields []municat.FieldError `json:"fields,omitempty"`
}

// ParamError is one bad query parameter: its name and what is wrong with
// its value.
type ParamError struct {
	// Parameter is the name of the query parameter.
	Parameter string `json:"parameter"`
	// Detail says what is wrong with its value.
	Detail string `json:"detail"`
}

// paramErrors is the error of a request with bad query parameters. It
// unwraps to a municat EINVALID error, so it maps to 400 like every other
// invalid input.
type paramErrors []ParamError

// Error returns the details of all bad parameters, joined by spaces.
func (e paramErrors) Error() string {
	details := make([]string, len(e))
	for i, p := range e {
		details[i] = p.Detail
	}
	return strings.Join(details, " ")
}

// Unwrap returns a municat EINVALID error with the same message.
func (e paramErrors) Unwrap() error {
	return &municat.Error{Code: municat.EINVALID, Message: e.Error()}
}

// statusError is an error answered with a status the municat error codes
// do not cover (406, 410) and a German detail.
type statusError struct {
	status int
	detail string
}

// Error returns the detail.
func (e *statusError) Error() string { return e.detail }

// problemf returns the error handleError answers with status and the
// formatted detail.
func problemf(status int, format string, args ...any) error {
	return &statusError{status: status, detail: fmt.Sprintf(format, args...)}
}

// StatusCode returns the HTTP status for a municat error code.
func StatusCode(code string) int {
	switch code {
	case municat.EINVALID:
		return http.StatusBadRequest
	case municat.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case municat.EFORBIDDEN:
		return http.StatusForbidden
	case municat.ENOTFOUND:
		return http.StatusNotFound
	case municat.ECONFLICT:
		return http.StatusConflict
	case municat.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case municat.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	case municat.ETOOMANY:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// statusTitles are the German phrases of the status codes the server sends.
var statusTitles = map[int]string{
	http.StatusBadRequest:            "Ungültige Anfrage",
	http.StatusUnauthorized:          "Nicht angemeldet",
	http.StatusForbidden:             "Zugriff verweigert",
	http.StatusNotFound:              "Nicht gefunden",
	http.StatusMethodNotAllowed:      "Methode nicht erlaubt",
	http.StatusNotAcceptable:         "Format nicht verfügbar",
	http.StatusConflict:              "Konflikt",
	http.StatusUnsupportedMediaType:  "Format nicht unterstützt",
	http.StatusGone:                  "Nicht mehr verfügbar",
	http.StatusRequestEntityTooLarge: "Anfrage zu groß",
	http.StatusUnprocessableEntity:   "Ungültige Angaben",
	http.StatusTooManyRequests:       "Zu viele Anfragen",
	http.StatusInternalServerError:   "Interner Fehler",
	http.StatusServiceUnavailable:    "Dienst nicht verfügbar",
}

// statusTitle returns the German phrase of status, else the English one.
func statusTitle(status int) string {
	if t, ok := statusTitles[status]; ok {
		return t
	}
	return http.StatusText(status)
}

// handleError is the app's only error handler: it turns every error a
// handler returns (and Fiber's own 404 and 405) into a problem+json answer.
// Internal errors are logged and shown only as "Interner Fehler.".
func (h *handlers) handleError(c *fiber.Ctx, err error) error {
	p := Problem{Type: "about:blank", Instance: c.OriginalURL()}
	var fe *fiber.Error
	var se *statusError
	var ve *municat.ValidationError
	var ie *inputError
	switch {
	case errors.As(err, &ve):
		p.Status, p.Detail, p.Fields = http.StatusUnprocessableEntity, validationDetail(ve), ve.Fields
	case errors.As(err, &ie):
		p.Status, p.Detail, p.Fields = http.StatusBadRequest, ie.detail, ie.fields
	case errors.As(err, &fe):
		p.Status = fe.Code
		p.Detail = fiberErrorDetail(c, fe)
	case errors.As(err, &se):
		p.Status, p.Detail = se.status, se.detail
	default:
		p.Status = StatusCode(municat.ErrorCode(err))
		p.Detail = municat.ErrorMessage(err)
	}
	if p.Status >= 500 {
		h.log.Error("request failed", "method", c.Method(), "path", c.Path(), "status", p.Status, "err", err)
		if p.Status == http.StatusInternalServerError {
			p.Detail = internalDetail
		}
	}
	var pe paramErrors
	if errors.As(err, &pe) {
		p.Errors = pe
	}
	p.Title = statusTitle(p.Status)
	if p.Status == http.StatusUnauthorized {
		// RFC 6750: say which credentials the API takes.
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="municat"`)
	}

	// A failed download must not keep the headers of the file.
	c.Response().Header.Del(fiber.HeaderContentDisposition)
	c.Response().Header.Del(fiber.HeaderETag)
	c.Response().Header.Del(fiber.HeaderLastModified)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(p.Status).JSON(p, ProblemContentType)
}

// validationDetail is the detail of a 422 answer: what was checked and
// which fields to correct (each field's message is in Problem.Fields).
func validationDetail(ve *municat.ValidationError) string {
	names := make([]string, 0, len(ve.Fields))
	seen := map[string]bool{}
	for _, f := range ve.Fields {
		if !seen[f.Field] {
			seen[f.Field] = true
			names = append(names, f.Field)
		}
	}
	what := "Die Angaben sind ungültig."
	if ve.Subject != "" {
		what = ve.Subject + " ist ungültig."
	}
	return fmt.Sprintf("%s Bitte korrigieren Sie: %s (Einzelheiten unter fields).", what, strings.Join(names, ", "))
}

// inputError is a request body whose JSON has unknown or mistyped fields:
// a 400 answer listing each.
type inputError struct {
	detail string
	fields []municat.FieldError
}

// Error returns the detail and the fields.
func (e *inputError) Error() string {
	parts := make([]string, len(e.fields))
	for i, f := range e.fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return e.detail + " " + strings.Join(parts, "; ")
}

// fiberErrorDetail says in German what a Fiber error means.
func fiberErrorDetail(c *fiber.Ctx, fe *fiber.Error) string {
	switch fe.Code {
	case http.StatusNotFound:
		return "Unter der Adresse " + c.Path() + " gibt es nichts."
	case http.StatusMethodNotAllowed:
		return "Die Methode " + c.Method() + " ist für die Adresse " + c.Path() + " nicht erlaubt."
	case http.StatusRequestEntityTooLarge:
		return "Der Inhalt der Anfrage ist zu groß."
	case http.StatusInternalServerError:
		return internalDetail
	}
	return statusTitle(fe.Code) + "."
}
