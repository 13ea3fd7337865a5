package admin

import (
	"context"
	"fmt"
	"strconv"
	"strings"

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
		for j := range d.Distributions {
			dist := &d.Distributions[j]
			if dist.ID != rows[i].ID {
				continue
			}
			st, err := a.cfg.Tables.Status(ctx, d, dist)
			if err != nil {
				if municat.ErrorCode(err) != municat.ENOTFOUND {
					a.log.Warn("reading a table status failed", "dataset", d.ID, "distribution", dist.ID, "err", err)
				}
				break
			}
			rows[i].Table = tableState(st)
		}
	}
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
		st, err := a.cfg.Tables.Status(ctx, d, dist)
		if err != nil {
			if municat.ErrorCode(err) != municat.ENOTFOUND {
				a.log.Warn("reading a table status failed", "dataset", d.ID, "distribution", dist.ID, "err", err)
			}
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
func germanInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}
