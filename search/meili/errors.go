package meili

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/meilisearch/meilisearch-go"

	"github.com/municat/municat"
)

// unavailableMessage is what a user is shown when the search engine cannot
// answer; the cause is logged.
const unavailableMessage = "Die Suche ist gerade nicht verfügbar"

// failure kinds of a Meilisearch request.
const (
	kindUnreachable = iota + 1 // no connection
	kindTimeout                // no answer in time
	kindAuth                   // the key was missing or refused
	kindNotFound               // index_not_found and the like
	kindServer                 // HTTP 5xx or an answer that is no Meilisearch error
	kindRequest                // any other refused request: municat's fault
	kindDecode                 // an answer municat cannot read
)

// requestError is a failed Meilisearch request, described in one line.
type requestError struct {
	kind int
	// code is Meilisearch's error code, e.g. "invalid_api_key".
	code string
	line string
}

func (e *requestError) Error() string { return e.line }

// describe turns an error of the Meilisearch client into a requestError. op
// says what was being done, e.g. "search in datasets_v1".
func describe(server, op string, err error) *requestError {
	var re *requestError
	if errors.As(err, &re) {
		return re
	}
	var me *meilisearch.Error
	if !errors.As(err, &me) {
		return &requestError{kind: kindServer, line: fmt.Sprintf("meilisearch at %s: %s: %s", server, op, oneLine(err.Error()))}
	}
	switch me.ErrCode {
	case meilisearch.CommunicationError:
		cause := me.OriginError
		var ue *url.Error
		if errors.As(cause, &ue) {
			cause = ue.Err
		}
		return &requestError{kind: kindUnreachable, line: fmt.Sprintf("meilisearch at %s is not reachable: %s", server, oneLine(errText(cause)))}
	case meilisearch.TimeoutError:
		return &requestError{kind: kindTimeout, line: fmt.Sprintf("meilisearch at %s did not answer in time (%s)", server, op)}
	case meilisearch.MaxRetriesExceeded:
		return &requestError{kind: kindServer, line: fmt.Sprintf("meilisearch at %s kept failing (%s)", server, op)}
	case meilisearch.ErrCodeResponseUnmarshalBody:
		return &requestError{kind: kindDecode, line: fmt.Sprintf("meilisearch at %s: %s: unreadable answer (HTTP %d)", server, op, me.StatusCode)}
	case meilisearch.APIError, meilisearch.APIErrorWithoutMessage:
		code := string(me.APIError.Code)
		switch {
		case me.StatusCode == http.StatusUnauthorized || me.StatusCode == http.StatusForbidden:
			return &requestError{kind: kindAuth, code: code, line: fmt.Sprintf("meilisearch at %s: the API key was refused (%s)", server, orStatus(code, me.StatusCode))}
		case code == "":
			return &requestError{kind: kindServer, line: fmt.Sprintf("meilisearch at %s answered HTTP %d to %s", server, me.StatusCode, op)}
		case me.StatusCode == http.StatusNotFound:
			return &requestError{kind: kindNotFound, code: code, line: fmt.Sprintf("meilisearch at %s: %s: %s: %s", server, op, code, oneLine(me.APIError.Message))}
		case me.StatusCode >= 500:
			return &requestError{kind: kindServer, code: code, line: fmt.Sprintf("meilisearch at %s: %s: %s: %s", server, op, code, oneLine(me.APIError.Message))}
		}
		return &requestError{kind: kindRequest, code: code, line: fmt.Sprintf("meilisearch at %s: %s: %s: %s", server, op, code, oneLine(me.APIError.Message))}
	}
	return &requestError{kind: kindServer, line: fmt.Sprintf("meilisearch at %s: %s: %s", server, op, oneLine(errText(me.OriginError)))}
}

// fail returns the error of a failed request while the index is in use:
// the caller's own cancellation as it is, an engine that cannot be used as
// an EUNAVAILABLE error (with a German message for users and the one-line
// cause), anything else (a request Meilisearch refused, which is municat's
// fault) as an internal error.
func (x *Index) fail(ctx context.Context, op string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("meilisearch: %s: %w", op, ctx.Err())
	}
	re := describe(x.server, op, err)
	switch re.kind {
	case kindUnreachable, kindTimeout, kindAuth, kindNotFound, kindServer:
		return &municat.Error{Code: municat.EUNAVAILABLE, Message: unavailableMessage, Err: re}
	}
	return re
}

// isCode reports whether err is a Meilisearch error with the given code.
func isCode(err error, code meilisearch.APIErrCode) bool {
	var me *meilisearch.Error
	if errors.As(err, &me) && me.APIError.Code == code {
		return true
	}
	var re *requestError
	return errors.As(err, &re) && re.code == string(code)
}

func orStatus(code string, status int) string {
	if code != "" {
		return code
	}
	return fmt.Sprintf("HTTP %d", status)
}

func errText(err error) string {
	if err == nil {
		return "unknown error"
	}
	return err.Error()
}

// oneLine joins the lines of s, so that every error stays one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
