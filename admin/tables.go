package admin

import (
	"context"
	"fmt"
	"slices"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/municat/municat"
	"github.com/municat/municat/tabular"
)

// tableStates fills in the state of the table of each distribution row
// that holds a file, when Config.Tables is set.
func (a *admin) tableStates(ctx context.Context, d *municat.Dataset, rows []distRow) {
	if a.cfg.Tables == nil {
		return
	}
	for i := range rows {
		if !rows[i].File {
			continue
		}
		if j := slices.IndexFunc(d.Distributions, func(dist municat.Distribution) bool { return dist.ID == rows[i].ID }); j >= 0 {
			if st, ok := a.tableStatus(ctx, d, &d.Distributions[j]); ok {
				rows[i].Table = tableState(st)
			}
		}
	}
}

// tableStatus reads the status of the table of dist; ok is false if there
// is none (not a table, no file) or it could not be read (logged).
func (a *admin) tableStatus(ctx context.Context, d *municat.Dataset, dist *municat.Distribution) (st tabular.Status, ok bool) {
	st, err := a.cfg.Tables.Status(ctx, d, dist)
	if err != nil {
		if municat.ErrorCode(err) != municat.ENOTFOUND {
			a.log.Warn("reading a table status failed", "dataset", d.ID, "distribution", dist.ID, "err", err)
		}
		return st, false
	}
	return st, true
}

// tableLine is the state of the table of one distribution.
type tableLine struct {
	// Name is the distribution's title, else its id.
	Name string
	// State says in German how far its table is.
	State string
}

// tableLines returns the table states of the distributions of d whose CSV
// or XLSX file municat holds, when Config.Tables is set.
func (a *admin) tableLines(ctx context.Context, d *municat.Dataset) []tableLine {
	if a.cfg.Tables == nil {
		return nil
	}
	var out []tableLine
	for i := range d.Distributions {
		dist := &d.Distributions[i]
		if dist.FileKey == "" || !tabular.IsTabular(dist) {
			continue
		}
		st, ok := a.tableStatus(ctx, d, dist)
		if !ok {
			continue
		}
		name := dist.Title.String()
		if name == "" {
			name = dist.ID
		}
		state := tableState(st)
		if state == "" {
			state = "noch nicht aufbereitet; das geschieht beim ersten Abruf der Zeilen-API."
		}
		out = append(out, tableLine{Name: name, State: state})
	}
	return out
}

// tableState says in German how far the table is.
func tableState(st tabular.Status) string {
	switch st.State {
	case tabular.Queued:
		return "Tabelle für die Zeilen-API: wartet auf die Aufbereitung."
	case tabular.Processing:
		return fmt.Sprintf("Tabelle wird aufbereitet: %d %% (%s Zeilen gelesen).", st.Percent(), germanInt(st.Rows))
	case tabular.Ready:
		return fmt.Sprintf("Tabelle für die Zeilen-API bereit: %s Zeilen.", germanInt(st.Rows))
	case tabular.Failed:
		return "Die Datei konnte nicht als Tabelle aufbereitet werden: " + st.Error
	}
	return ""
}

// germanInt writes n with thousands dots: 120.000.
func germanInt(n int64) string { return germanPrinter.Sprint(n) }

// germanPrinter formats numbers the German way.
var germanPrinter = message.NewPrinter(language.German)
