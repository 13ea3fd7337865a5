package admin

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

// errorPage is the data of the error page.
type errorPage struct {
	Base
	// Status is the HTTP status.
	Status int
	// Message says what happened.
	Message string
	// Advice says what to do now.
	Advice string
}

// errorStatus maps error codes to HTTP statuses.
var errorStatus = map[string]int{
	municat.EUNAUTHORIZED: http.StatusUnauthorized,
	municat.EFORBIDDEN:    http.StatusForbidden,
	municat.ENOTFOUND:     http.StatusNotFound,
	municat.ECONFLICT:     http.StatusConflict,
	municat.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	municat.EINVALID:      http.StatusUnprocessableEntity,
	municat.ETOOMANY:      http.StatusTooManyRequests,
	municat.EUNAVAILABLE:  http.StatusServiceUnavailable,
}

// statusCode maps fiber's own errors (e.g. 405) to error codes.
var statusCode = map[int]string{
	http.StatusUnauthorized:          municat.EUNAUTHORIZED,
	http.StatusForbidden:             municat.EFORBIDDEN,
	http.StatusNotFound:              municat.ENOTFOUND,
	http.StatusMethodNotAllowed:      municat.ENOTFOUND,
	http.StatusConflict:              municat.ECONFLICT,
	http.StatusRequestEntityTooLarge: municat.ETOOLARGE,
	http.StatusUnprocessableEntity:   municat.EINVALID,
	http.StatusTooManyRequests:       municat.ETOOMANY,
	http.StatusServiceUnavailable:    municat.EUNAVAILABLE,
}

// errorTitles are the headings of the error pages.
var errorTitles = map[int]string{
	http.StatusForbidden:             "Keine Berechtigung",
	http.StatusNotFound:              "Nicht gefunden",
	http.StatusConflict:              "Das geht gerade nicht",
	http.StatusRequestEntityTooLarge: "Die Daten sind zu groß",
	http.StatusUnprocessableEntity:   "Die Angaben sind nicht vollständig",
	http.StatusTooManyRequests:       "Zu viele Versuche",
	http.StatusServiceUnavailable:    "Vorübergehend nicht erreichbar",
	http.StatusInternalServerError:   "Ein Fehler ist aufgetreten",
}

// errorAdvice says what to do after an error with the status.
var errorAdvice = map[int]string{
	http.StatusForbidden:             "Wenn Sie diese Aufgabe übernehmen sollen, bitten Sie die Administration Ihrer Organisation, Ihnen die nötige Rolle zu geben. Sonst kehren Sie zur Übersicht zurück.",
	http.StatusNotFound:              "Prüfen Sie die Adresse, oder suchen Sie den Eintrag über die Übersicht oder die Listen in der Navigation.",
	http.StatusConflict:              "Laden Sie die Seite neu, um den aktuellen Stand zu sehen, und versuchen Sie es dann noch einmal.",
	http.StatusRequestEntityTooLarge: "Verkleinern Sie die Datei oder den Text, oder teilen Sie die Daten auf mehrere Dateien auf, und senden Sie das Formular noch einmal.",
	http.StatusUnprocessableEntity:   "Gehen Sie zurück, korrigieren Sie die genannten Angaben und senden Sie das Formular noch einmal.",
	http.StatusTooManyRequests:       "Warten Sie die genannte Zeit ab und versuchen Sie es dann noch einmal.",
	http.StatusServiceUnavailable:    "Versuchen Sie es in einigen Minuten noch einmal. Ihre bisherigen Eingaben sind nicht gespeichert.",
	http.StatusInternalServerError:   "Versuchen Sie es noch einmal. Wenn der Fehler bleibt, wenden Sie sich an die Administration des Portals und nennen Sie die Uhrzeit.",
}

// fail renders err as an HTML page: the sign-in form for EUNAUTHORIZED,
// else the error page with the status of its code and German advice.
// Internal errors are logged; their details are never shown.
func (a *admin) fail(c *fiber.Ctx, err error) error {
	code := municat.ErrorCode(err)
	var fe *fiber.Error
	if errors.As(err, &fe) {
		code = statusCode[fe.Code]
		if code == "" {
			code = municat.EINTERNAL
		}
		err = municat.Errorf(code, "%s", fiberMessage(fe))
	}
	if code == municat.EUNAUTHORIZED {
		return a.needLogin(c, municat.ErrorMessage(err), nextOf(c))
	}
	status, ok := errorStatus[code]
	if !ok {
		status = http.StatusInternalServerError
		a.log.Error("admin page failed", "method", c.Method(), "path", c.Path(), "err", err)
	}
	p := errorPage{Base: a.base(c, errorTitles[status], ""), Status: status, Message: municat.ErrorMessage(err), Advice: errorAdvice[status]}
	if status == http.StatusForbidden && strings.Contains(p.Message, "Formular ist abgelaufen") {
		// The CSRF check of auth's guard: no question of roles.
		p.Title = "Das Formular ist abgelaufen"
		p.Advice = "Gehen Sie im Browser zurück, laden Sie die Seite neu und senden Sie das Formular noch einmal. Ihre Eingaben sind nicht gespeichert."
	}
	var ve *municat.ValidationError
	if errors.As(err, &ve) {
		p.Errors = ve.Fields
		p.Message = "Bitte korrigieren Sie die oben genannten Angaben."
	}
	if status == http.StatusInternalServerError {
		p.Message = "Bei der Bearbeitung ist ein unerwarteter Fehler aufgetreten."
	}
	if rerr := a.page(c, status, "error", p); rerr != nil {
		a.log.Error("admin error page failed", "path", c.Path(), "err", rerr)
		return c.Status(status).SendString(p.Message)
	}
	return nil
}

// fiberMessage returns a German message for one of fiber's own errors.
func fiberMessage(fe *fiber.Error) string {
	switch fe.Code {
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		return "Diese Seite gibt es nicht."
	case http.StatusRequestEntityTooLarge:
		return "Die gesendeten Daten sind zu groß."
	}
	return "Die Anfrage konnte nicht bearbeitet werden."
}
