package municat

import (
	"errors"
	"fmt"
	"io/fs"
)

// Error codes shared by every layer. The server maps each to one HTTP status.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	EUNAVAILABLE  = "unavailable"
	ETOOLARGE     = "too_large"
	// ETOOMANY is too many attempts in a short time (e.g. failed logins);
	// the server answers 429.
	ETOOMANY = "too_many_requests"
)

// Error is an error a person can act on: Code says what kind, Message says
// what happened in words fit to show to a user. Err, if set, is the cause; it
// is logged but never shown.
type Error struct {
	// Code is the kind of error, one of the E* constants.
	Code string
	// Message says what happened, in words fit to show to a user.
	Message string
	// Err is the cause, if any; it is logged but never shown.
	Err error
}

// Error returns the message, followed by the cause if there is one.
func (e *Error) Error() string {
	switch {
	case e.Err != nil && e.Message != "":
		return e.Message + ": " + e.Err.Error()
	case e.Err != nil:
		return e.Code + ": " + e.Err.Error()
	case e.Message != "":
		return e.Message
	}
	return e.Code
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error of the same code, so that
// errors.Is(err, municat.ErrNotFound) holds for every not-found error. A
// not-found error also matches fs.ErrNotExist.
func (e *Error) Is(target error) bool {
	if t, ok := target.(*Error); ok {
		return t.Code == e.Code && (t.Message == "" || t.Message == e.Message)
	}
	return e.Code == ENOTFOUND && target == fs.ErrNotExist
}

// Sentinel errors to compare against with errors.Is.
var (
	ErrNotFound    = &Error{Code: ENOTFOUND}
	ErrInvalid     = &Error{Code: EINVALID}
	ErrConflict    = &Error{Code: ECONFLICT}
	ErrUnavailable = &Error{Code: EUNAVAILABLE}
	ErrTooLarge    = &Error{Code: ETOOLARGE}
)

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// NotFound returns a not-found error naming what was missing.
func NotFound(format string, args ...any) *Error {
	return Errorf(ENOTFOUND, format, args...)
}

// ErrorCode returns the code of err: the code of the first *Error in its
// chain, ENOTFOUND for fs.ErrNotExist, and EINTERNAL for anything else.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	case errors.Is(err, fs.ErrNotExist):
		return ENOTFOUND
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic message for internal errors, whose details must not leak to users.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	if ErrorCode(err) == ENOTFOUND {
		return "Nicht gefunden."
	}
	return "Interner Fehler."
}
