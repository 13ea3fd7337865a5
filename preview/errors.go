package preview

import (
	"fmt"
	"unicode/utf8"

	"github.com/municat/municat"
)

// The errors of this package. They are *municat.Error values: Message is
// German and written for citizens, Code maps them like every other error of
// municat (municat.ErrorCode). Errors returned may add a German detail to
// the message; errors.Is still matches them, and municat.ErrorMessage and
// Error() return the whole German text.
var (
	// ErrEmpty reports a file without any content to show.
	ErrEmpty = &municat.Error{Code: municat.EINVALID, Message: "Die Datei ist leer oder enthält keine Daten."}
	// ErrNotText reports a file that should be text (CSV) but is binary.
	ErrNotText = &municat.Error{Code: municat.EINVALID, Message: "Die Datei ist keine Textdatei und kann nicht als Tabelle angezeigt werden."}
	// ErrHTML reports a web page (often an error page of the publisher's
	// server) where a data file was expected.
	ErrHTML = &municat.Error{Code: municat.EINVALID, Message: "Die Datei ist eine Webseite (HTML) und keine Datendatei."}
	// ErrRead reports that the file could not be read (storage or network
	// failure); the cause is wrapped.
	ErrRead = &municat.Error{Code: municat.EUNAVAILABLE, Message: "Die Datei konnte nicht gelesen werden."}
	// ErrLineTooLong reports a record longer than MaxLineBytes. It is
	// returned when the header is too long, and set as Table.Stopped when a
	// later record is.
	ErrLineTooLong = &municat.Error{Code: municat.EINVALID, Message: "Eine Zeile der Datei ist länger als 1 MiB (oder ein Anführungszeichen wird nicht geschlossen); die Vorschau endet dort."}
	// ErrSizeLimit is set as Table.Stopped when the preview stopped because
	// the read limit was reached; the file goes on after the rows shown.
	ErrSizeLimit = &municat.Error{Code: municat.ETOOLARGE, Message: "Die Datei ist zu lang für eine vollständige Vorschau; angezeigt wird nur ihr Anfang."}
	// ErrTooLarge reports a file that is too large to be previewed at all
	// (XLSX and GeoJSON must be read whole).
	ErrTooLarge = &municat.Error{Code: municat.ETOOLARGE, Message: "Die Datei ist zu groß für eine Vorschau."}
	// ErrNotXLSX reports a file that is not a readable XLSX workbook (for
	// example an old binary XLS file or a damaged archive).
	ErrNotXLSX = &municat.Error{Code: municat.EINVALID, Message: "Die Datei ist keine lesbare Excel-Arbeitsmappe im XLSX-Format."}
	// ErrEncrypted reports a password-protected XLSX workbook.
	ErrEncrypted = &municat.Error{Code: municat.EINVALID, Message: "Die Excel-Arbeitsmappe ist mit einem Passwort geschützt und kann nicht angezeigt werden."}
	// ErrNoSheet reports a workbook without the requested worksheet.
	ErrNoSheet = &municat.Error{Code: municat.ENOTFOUND, Message: "Die Excel-Arbeitsmappe enthält kein passendes Tabellenblatt."}
	// ErrInvalidJSON reports a file that is not valid JSON.
	ErrInvalidJSON = &municat.Error{Code: municat.EINVALID, Message: "Die Datei ist kein gültiges JSON."}
	// ErrNotGeoJSON reports valid JSON that is not a GeoJSON object.
	ErrNotGeoJSON = &municat.Error{Code: municat.EINVALID, Message: "Die Datei ist kein GeoJSON: Es fehlt ein Objekt vom Typ FeatureCollection, Feature oder Geometrie."}
	// ErrInvalidGeometry reports a geometry whose coordinates do not have
	// the structure its type requires.
	ErrInvalidGeometry = &municat.Error{Code: municat.EINVALID, Message: "Die Datei enthält eine ungültige Geometrie."}
	// ErrCoordinates reports coordinates outside the valid range of the
	// coordinate reference system, most often a missing or wrong crs member.
	ErrCoordinates = &municat.Error{Code: municat.EINVALID, Message: "Die Koordinaten liegen außerhalb des gültigen Bereichs des Koordinatenreferenzsystems. Vermutlich fehlt die Angabe des Koordinatenreferenzsystems oder sie ist falsch."}
	// ErrUnknownCRS reports a declared coordinate reference system the
	// preview cannot convert; the error returned is a *CRSError naming it.
	ErrUnknownCRS = &municat.Error{Code: municat.EINVALID, Message: "Das Koordinatenreferenzsystem der Datei wird von der Vorschau nicht unterstützt."}
)

// CRSError reports a coordinate reference system the preview cannot convert
// to WGS84. It matches ErrUnknownCRS with errors.Is.
type CRSError struct {
	// Name is the CRS as declared in the file.
	Name string
}

// Error returns a German message naming the coordinate reference system.
func (e *CRSError) Error() string {
	return fmt.Sprintf("Das Koordinatenreferenzsystem „%s“ wird von der Vorschau nicht unterstützt; "+
		"sie kann WGS84 (EPSG:4326), ETRS89/UTM (z. B. EPSG:25832, EPSG:25833) und Web Mercator (EPSG:3857) anzeigen.",
		cut(e.Name, 120))
}

// Unwrap returns a *municat.Error with the same message that wraps
// ErrUnknownCRS.
func (e *CRSError) Unwrap() error {
	return &municat.Error{Code: ErrUnknownCRS.Code, Message: e.Error(), Err: ErrUnknownCRS}
}

// detailError is an error with a German message that wraps one of the
// exported errors and, optionally, a technical cause (for logs only).
type detailError struct {
	msg   *municat.Error // the kind's code, the whole message; Err is the kind
	cause error
}

func (e *detailError) Error() string { return e.msg.Message }

func (e *detailError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.msg}
	}
	return []error{e.msg, e.cause}
}

// wrap returns an error whose message is kind's message followed by the
// German detail, matching kind with errors.Is and carrying cause.
func wrap(kind *municat.Error, detail string, cause error) error {
	msg := kind.Message
	if detail != "" {
		msg += " " + detail
	}
	return &detailError{msg: &municat.Error{Code: kind.Code, Message: msg, Err: kind}, cause: cause}
}

// cut shortens s to at most n characters, marking the cut with "…".
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j] + "…"
		}
		i++
	}
	return s
}

// mib formats a byte count for German messages.
func mib(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d Bytes", n)
}
