package ods

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/jsonvalue"
)

// apiError is an error body of the Explore API. Opendatasoft documents two
// shapes: {"error_code": "ODSQLError", "message": "…"} for a bad request,
// and {"errorcode": 10002, "error": "…", "reset_time": "…",
// "limit_time_unit": "day", "call_limit": 10000} when the call quota is
// used up (HTTP 429).
type apiError struct {
	// status is the HTTP status the body came with (0 if unknown).
	status int
	// code is error_code or errorcode, message message or error.
	code, message string
	// resetTime, unit and callLimit describe a quota.
	resetTime, unit string
	callLimit       int64
}

// Error returns the code and message as the portal gave them.
func (e *apiError) Error() string { return strings.TrimSpace(e.code + ": " + e.message) }

// apiErrorOf returns the error a response body reports, or nil if o is no
// error body.
func apiErrorOf(o jsonvalue.Object) *apiError {
	if o == nil {
		return nil
	}
	e := &apiError{code: o.Str("error_code"), message: o.Str("message")}
	if e.code == "" {
		if n, ok := o.Int("errorcode"); ok {
			e.code = strconv.FormatInt(n, 10)
		}
	}
	if s := o.Str("error"); e.message == "" {
		e.message = s
	}
	_, hasResults := o["results"]
	if e.code == "" && (e.message == "" || hasResults) {
		return nil
	}
	e.resetTime, e.unit = o.Str("reset_time"), o.Str("limit_time_unit")
	e.callLimit, _ = o.Int("call_limit")
	return e
}

// timeUnits names Opendatasoft's quota periods in German.
var timeUnits = map[string]string{"day": "Tag", "hour": "Stunde", "minute": "Minute", "month": "Monat", "second": "Sekunde"}

// explain returns the error in words a data officer can act on; shown is
// the address of the request.
func (e *apiError) explain(shown string) *municat.Error {
	msg := municat.Shorten(e.message, 300)
	if msg == "" {
		msg = "ohne Begründung"
	}
	label := e.code
	if e.status != 0 {
		label = strings.TrimPrefix(fmt.Sprintf("%s, HTTP %d", e.code, e.status), ", ")
	}
	var s string
	switch {
	case e.status == 429 || e.code == "10002" || e.resetTime != "" || e.callLimit > 0:
		s = "Das Abrufkontingent des Portals ist erschöpft"
		if e.callLimit > 0 {
			unit := timeUnits[strings.ToLower(e.unit)]
			if unit == "" {
				unit = "Zeitraum"
			}
			s += fmt.Sprintf(" (höchstens %d Abrufe je %s)", e.callLimit, unit)
		}
		if e.resetTime != "" {
			s += fmt.Sprintf("; es wird am %s zurückgesetzt", municat.Shorten(e.resetTime, 40))
		}
		s += fmt.Sprintf(". Mit einem API-Schlüssel (Option apikey) gilt oft ein höheres Kontingent. Meldung des Portals auf %s: %s", shown, msg)
	case strings.Contains(strings.ToLower(e.code), "odsql"):
		s = fmt.Sprintf("Das Portal lehnte die Abfrage %s ab (%s): %s. Bitte die Optionen where, refine und order_by der Quelle prüfen", shown, label, msg)
	case e.status == 401 || e.status == 403:
		s = fmt.Sprintf("Das Portal verweigert den Zugriff auf %s (%s): %s. Bitte den API-Schlüssel (Option apikey) prüfen", shown, label, msg)
	default:
		s = fmt.Sprintf("Das Portal meldete einen Fehler auf %s (%s): %s", shown, label, msg)
	}
	return &municat.Error{Code: municat.EUNAVAILABLE, Message: s}
}

// explain turns an error of harvester.GetBody into one that says what the
// portal reported: the Opendatasoft error body of a failed request, if
// there was one, or what a 401, 403 or 404 means here. export says whether
// the request was the catalogue export, for which a body over MaxBytes has
// its own advice.
func (r *run) explain(err error, export bool) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var se *harvester.StatusError
	if !errors.As(err, &se) {
		se = &harvester.StatusError{}
	}
	status, shown, body := se.Status, se.URL, se.Body
	if ae := apiErrorOf(jsonvalue.Parse(body)); ae != nil {
		ae.status = status
		e := ae.explain(shown)
		e.Err = err
		return e
	}
	switch {
	case status == 401 || status == 403:
		return &municat.Error{Code: municat.EUNAVAILABLE, Err: err, Message: fmt.Sprintf("Das Portal verweigert den Zugriff auf %s (HTTP %d). Bitte den API-Schlüssel (Option apikey) prüfen", shown, status)}
	case status == 404:
		return &municat.Error{Code: municat.EUNAVAILABLE, Err: err, Message: fmt.Sprintf("Unter %s antwortet keine Explore API v2.1 (HTTP 404); ist die Adresse der Quelle die eines Opendatasoft-Portals?", shown)}
	case export && errors.Is(err, municat.ErrTooLarge):
		return &municat.Error{Code: municat.ETOOLARGE, Err: err, Message: fmt.Sprintf("Das Portal hat %d oder mehr Datensätze, so dass sie nur über den Katalog-Export gelesen werden können, und dieser ist größer als erlaubt. Bitte die Quelle mit den Optionen where oder refine in mehrere Quellen teilen oder die Grenze erhöhen", r.window)}
	}
	return err
}
