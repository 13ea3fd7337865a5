package tabular

import (
	"fmt"

	"github.com/municat/municat"
)

// The errors of a distribution that has no table.
var (
	// ErrNotTabular reports a distribution that is no CSV or XLSX file.
	ErrNotTabular = &municat.Error{Code: municat.ENOTFOUND, Message: "Die Distribution ist keine Tabelle im Format CSV oder XLSX; Zeilen, Schema und Auswertungen gibt es nur für solche Dateien."}
	// ErrNoFile reports a distribution whose file municat does not hold.
	ErrNoFile = &municat.Error{Code: municat.ENOTFOUND, Message: "municat hält keine Datei dieser Distribution; Zeilen, Schema und Auswertungen gibt es nur für Dateien, die municat gespeichert oder geerntet hat. Die Daten sind unter der Zugriffsadresse der Distribution erreichbar."}
)

// PendingError is returned by Open while the table is queued or being
// processed.
type PendingError struct {
	// Status is the table's progress.
	Status Status
}

// Error says in German how far processing is.
func (e *PendingError) Error() string {
	if e.Status.State == Processing {
		return fmt.Sprintf("Die Tabelle wird aufbereitet: %d %% (%d Zeilen). Bitte fragen Sie in einigen Sekunden erneut.", e.Status.Percent(), e.Status.Rows)
	}
	return "Die Tabelle wartet auf ihre Aufbereitung. Bitte fragen Sie in einigen Sekunden erneut."
}

// FailedError is returned by Open for a file that could not be made into a
// table.
type FailedError struct {
	// Status holds the German reason in Error.
	Status Status
}

// Error says in German why the file could not be processed.
func (e *FailedError) Error() string {
	return "Die Datei konnte nicht als Tabelle aufbereitet werden: " + e.Status.Error
}
