package preview

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// The errors of this package. Their texts are German and written for
// citizens; the lead application may show them as they are.
var (
	// ErrEmpty reports a file without any content to show.
	ErrEmpty = errors.New("Die Datei ist leer oder enthält keine Daten.")
	// ErrNotText reports a file that should be text (CSV) but is binary.
	ErrNotText = errors.New("Die Datei ist keine Textdatei und kann nicht als Tabelle angezeigt werden.")
	// ErrHTML reports a web page (often an error page of the publisher's
	// server) where a data file was expected.
	ErrHTML = errors.New("Die Datei ist eine Webseite (HTML) und keine Datendatei.")
	// ErrRead reports that the file could not be read (storage or network
	// failure); the cause is wrapped.
	ErrRead = errors.New("Die Datei konnte nicht gelesen werden.")
	// ErrLineTooLong reports a record longer than MaxLineBytes. It is
	// returned when the header is too long, and set as Table.Stopped when a
	// later record is.
	ErrLineTooLong = errors.New("Eine Zeile der Datei ist länger als 1 MiB (oder ein Anführungszeichen wird nicht geschlossen); die Vorschau endet dort.")
	// ErrSizeLimit is set as Table.Stopped when the preview stopped because
	// the read limit was reached; the file goes on after the rows shown.
	ErrSizeLimit = errors.New("Die Datei ist zu lang für eine vollständige Vorschau; angezeigt wird nur ihr Anfang.")
	// ErrTooLarge reports a file that is too large to be previewed at all
	// (XLSX and GeoJSON must be read whole).
	ErrTooLarge = errors.New("Die Datei ist zu groß für eine Vorschau.")
	// ErrNotXLSX reports a file that is not a readable XLSX workbook (for
	// example an old binary XLS file or a damaged archive).
	ErrNotXLSX = errors.New("Die Datei ist keine lesbare Excel-Arbeitsmappe im XLSX-Format.")
	// ErrEncrypted reports a password-protected XLSX workbook.
	ErrEncrypted = errors.New("Die Excel-Arbeitsmappe ist mit einem Passwort geschützt und kann nicht angezeigt werden.")
	// ErrNoSheet reports a workbook without the requested worksheet.
	ErrNoSheet = errors.New("Die Excel-Arbeitsmappe enthält kein passendes Tabellenblatt.")
	// ErrInvalidJSON reports a file that is not valid JSON.
	ErrInvalidJSON = errors.New("Die Datei ist kein gültiges JSON.")
	// ErrNotGeoJSON reports valid JSON that is not a GeoJSON object.
	ErrNotGeoJSON = errors.New("Die Datei ist kein GeoJSON: Es fehlt ein Objekt vom Typ FeatureCollection, Feature oder Geometrie.")
	// ErrInvalidGeometry reports a geometry whose coordinates do not have
	// the structure its type requires.
	ErrInvalidGeometry = errors.New("Die Datei enthält eine ungültige Geometrie.")
	// ErrCoordinates reports coordinates outside the valid range of the
	// coordinate reference system, most often a missing or wrong crs member.
	ErrCoordinates = errors.New("Die Koordinaten liegen außerhalb des gültigen Bereichs des Koordinatenreferenzsystems. Vermutlich fehlt die Angabe des Koordinatenreferenzsystems oder sie ist falsch.")
	// ErrUnknownCRS reports a declared coordinate reference system the
	// preview cannot convert; the error returned is a *CRSError naming it.
	ErrUnknownCRS = errors.New("Das Koordinatenreferenzsystem der Datei wird von der Vorschau nicht unterstützt.")
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

// Is makes errors.Is(err, ErrUnknownCRS) true.
func (e *CRSError) Is(target error) bool { return target == ErrUnknownCRS }

// detailError is an error with a German message that wraps one of the
// exported sentinel errors and, optionally, the technical cause.
type detailError struct {
	msg   string
	kind  error
	cause error
}

func (e *detailError) Error() string { return e.msg }

func (e *detailError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}

// wrap returns an error whose message is kind's message followed by the
// German detail, matching kind with errors.Is and carrying cause.
func wrap(kind error, detail string, cause error) error {
	msg := kind.Error()
	if detail != "" {
		msg += " " + detail
	}
	return &detailError{msg: msg, kind: kind, cause: cause}
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
