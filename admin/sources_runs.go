package admin

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
)

// runsPerPage is how many runs the list of runs shows per page.
const runsPerPage = 50

// runRow is a run as the pages show it.
type runRow struct {
	Run *municat.Run
	// StatusLabel names the status in German, StatusClass styles it.
	StatusLabel, StatusClass string
	// Duration is how long the run took ("läuft seit …" while it runs).
	Duration string
}

// newRunRow describes r. A succeeded run with failed records is marked
// "mit Fehlern", so that it does not pass for a clean one.
func newRunRow(r *municat.Run) runRow {
	row := runRow{Run: r, StatusLabel: runStatus(r.Status), StatusClass: "status-" + string(r.Status)}
	if r.Status == municat.RunSucceeded && r.Counts.Failed > 0 {
		row.StatusLabel, row.StatusClass = "erfolgreich, mit Fehlern", "status-warning"
	}
	if r.Finished != nil {
		row.Duration = germanDuration(r.Finished.Sub(r.Started))
	} else if !r.Updated.IsZero() {
		row.Duration = "bisher " + germanDuration(r.Updated.Sub(r.Started))
	}
	return row
}

// germanDuration writes d as "2 min 5 s", "45 s" or "1 h 3 min".
func germanDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int(d.Round(time.Second) / time.Second)
	switch {
	case d < time.Second:
		return "unter 1 s"
	case s < 60:
		return fmt.Sprintf("%d s", s)
	case s < 3600:
		return fmt.Sprintf("%d min %d s", s/60, s%60)
	}
	return fmt.Sprintf("%d h %d min", s/3600, s%3600/60)
}

// runsPage is the data of the list of runs of a source.
type runsPage struct {
	Base
	Source *municat.Source
	Rows   []runRow
	// Next is the number of the next (older) page, 0 if there is none;
	// Prev that of the newer one, 0 on the first page.
	Next, Prev int
}

// runsList shows the runs of a source, newest first.
func (a *admin) runsList(c *fiber.Ctx) error {
	ctx := c.UserContext()
	s, err := a.cfg.Sources.Source(ctx, auth.PrincipalOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	page, _ := strconv.Atoi(c.Query("seite"))
	if page < 1 || page > 10000 {
		page = 1
	}
	data := runsPage{Base: a.base(c, "Läufe der Quelle „"+sourceLabel(s)+"“", "sources"), Source: s}
	skip, i := (page-1)*runsPerPage, 0
	err = a.cfg.Catalog.EachRun(ctx, s.ID, func(r *municat.Run) bool {
		i++
		switch {
		case i <= skip:
			return true
		case len(data.Rows) == runsPerPage:
			data.Next = page + 1
			return false
		}
		data.Rows = append(data.Rows, newRunRow(r))
		return true
	})
	if err != nil {
		return err
	}
	if page > 1 {
		data.Prev = page - 1
	}
	return a.page(c, http.StatusOK, "runs", data)
}

// runPage is the data of the page of one run.
type runPage struct {
	Base
	Source *municat.Source
	Row    runRow
	// Errors and warnings of single records, with the admin page of the
	// dataset where it exists.
	RecordErrors, RecordWarnings []recordRow
	// MoreErrors and MoreWarnings count those left off the page.
	MoreErrors, MoreWarnings int
}

// maxRecordRows caps the record problems a run page lists of each kind.
const maxRecordRows = 300

// recordRow is a problem with one record of a run.
type recordRow struct {
	municat.RecordError
	// DatasetID is the id of the dataset in the catalogue, "" if the
	// record did not become one.
	DatasetID string
}

// runShow shows one run: counts, the error and the problems of single
// records.
func (a *admin) runShow(c *fiber.Ctx) error {
	ctx := c.UserContext()
	s, err := a.cfg.Sources.Source(ctx, auth.PrincipalOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	r, err := a.cfg.Catalog.Run(ctx, s.ID, c.Params("run"))
	if err != nil {
		return err
	}
	row := newRunRow(r)
	title := "Lauf vom " + r.Started.In(a.berlin).Format("02.01.2006, 15:04") + " Uhr"
	data := runPage{Base: a.base(c, title, "sources"), Source: s, Row: row}
	data.RecordErrors, data.MoreErrors = a.recordRows(c, s.ID, r.RecordErrors)
	data.RecordWarnings, data.MoreWarnings = a.recordRows(c, s.ID, r.RecordWarnings)
	return a.page(c, http.StatusOK, "run", data)
}

// recordRows returns the first maxRecordRows problems with their datasets
// and how many were left off.
func (a *admin) recordRows(c *fiber.Ctx, sourceID string, list []municat.RecordError) ([]recordRow, int) {
	more := 0
	if len(list) > maxRecordRows {
		list, more = list[:maxRecordRows], len(list)-maxRecordRows
	}
	out := make([]recordRow, len(list))
	for i, e := range list {
		out[i] = recordRow{RecordError: e, DatasetID: a.existingDataset(c, sourceID, e.RemoteID)}
	}
	return out, more
}

// existingDataset returns the id of the dataset the record remoteID of the
// source became, "" if there is none.
func (a *admin) existingDataset(c *fiber.Ctx, sourceID, remoteID string) string {
	if remoteID == "" {
		return ""
	}
	id := municat.DatasetID(sourceID, remoteID)
	if _, err := a.cfg.Catalog.Dataset(c.UserContext(), id); err != nil {
		return ""
	}
	return id
}
