package ckanapi

import (
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

// Response is CKAN's envelope around every answer.
type Response struct {
	// Help is the URL of help_show for the action.
	Help string `json:"help"`
	// Success is false for an error.
	Success bool `json:"success"`
	// Result is the action's result; absent on error.
	Result any `json:"result,omitempty"`
	// Error says what went wrong; absent on success.
	Error *Error `json:"error,omitempty"`
}

// CKAN's error types (the "__type" of Error).
const (
	TypeNotFound    = "Not Found Error"
	TypeValidation  = "Validation Error"
	TypeSearchQuery = "Search Query Error"
	TypeBadRequest  = "Bad Request"
	TypeInternal    = "Internal Server Error"
)

// Error is CKAN's error object. A validation error also names the bad
// parameters, each with its messages, as CKAN does ({"rows": ["…"]}).
type Error struct {
	// Type is one of the Type* constants.
	Type string
	// Message says what went wrong and what to do, in German.
	Message string
	// Fields maps a bad parameter to its messages (validation errors).
	Fields map[string][]string
	// status is the HTTP status of the answer.
	status int
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// MarshalJSON writes {"__type": …, "message": …} plus one member per bad
// parameter.
func (e *Error) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, 2+len(e.Fields))
	for k, v := range e.Fields {
		m[k] = v
	}
	m["__type"] = e.Type
	m["message"] = e.Message
	// The encoder of the whole answer decides on HTML escaping.
	return json.Marshal(m)
}

// notFound returns the 404 error for what.
func notFound(what string) *Error {
	return &Error{Type: TypeNotFound, Message: "Nicht gefunden: " + what, status: http.StatusNotFound}
}

// searchQueryError returns the 409 error of a query that cannot be run.
func searchQueryError(msg string) *Error {
	return &Error{Type: TypeSearchQuery, Message: msg, status: http.StatusConflict}
}

// validationErrors collects bad parameters into one 409 Validation Error.
type validationErrors map[string][]string

// add records a message for the parameter name.
func (v validationErrors) add(name, msg string) { v[name] = append(v[name], msg) }

// err returns the collected errors as one *Error, or nil.
func (v validationErrors) err() error {
	if len(v) == 0 {
		return nil
	}
	var msgs []string
	for _, n := range slices.Sorted(maps.Keys(v)) {
		msgs = append(msgs, n+": "+strings.Join(v[n], " "))
	}
	return &Error{Type: TypeValidation, Message: "Ungültige Parameter – " + strings.Join(msgs, "; "), Fields: v, status: http.StatusConflict}
}

// helpURL returns the help_show URL of action.
func (a *api) helpURL(action string) string {
	return a.baseURL + "/api/3/action/help_show?name=" + url.QueryEscape(action)
}

// send writes the successful answer of action.
func (a *api) send(c *fiber.Ctx, action string, result any) error {
	c.Set(fiber.HeaderCacheControl, "public, max-age=60")
	return a.write(c, http.StatusOK, Response{Help: a.helpURL(action), Success: true, Result: result})
}

// fail writes err as CKAN's error answer of action. Errors that are no
// *Error are mapped by their municat code; internal details are logged,
// never shown.
func (a *api) fail(c *fiber.Ctx, action string, err error) error {
	var e *Error
	if !errors.As(err, &e) {
		switch municat.ErrorCode(err) {
		case municat.ENOTFOUND:
			e = notFound(municat.ErrorMessage(err))
		case municat.EINVALID:
			e = &Error{Type: TypeValidation, Message: municat.ErrorMessage(err), status: http.StatusConflict}
		default:
			a.log.Error("CKAN API action failed", "action", action, "err", err)
			e = &Error{Type: TypeInternal, Message: "Interner Fehler. Bitte versuchen Sie es später noch einmal.", status: http.StatusInternalServerError}
		}
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return a.write(c, e.status, Response{Help: a.helpURL(action), Success: false, Error: e})
}

// write writes resp as JSON with status.
func (a *api) write(c *fiber.Ctx, status int, resp Response) error {
	// The app's encoder, so that CKAN answers are written as the rest of
	// the API (server.New's leaves <, > and & unescaped).
	b, err := c.App().Config().JSONEncoder(resp)
	if err != nil {
		return err
	}
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(b)
}
