package admin

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/harvester"
)

// sourceTest tests the connection to the stored source and shows the
// result on the source's page.
func (a *admin) sourceTest(c *fiber.Ctx) error {
	s, err := a.cfg.Sources.Source(c.UserContext(), auth.PrincipalOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	data, err := a.sourcePageData(c, s, sourceFormOf(s))
	if err != nil {
		return err
	}
	if fields := a.test(c.UserContext(), data, s); len(fields) > 0 {
		data.ProbeError = (&municat.ValidationError{Subject: "Die Quelle", Fields: fields}).Error()
	}
	return a.page(c, http.StatusOK, "source", data)
}

// dryRunPage is the data of the result of a dry run.
type dryRunPage struct {
	Base
	Source *municat.Source
	Run    *runRow
	// Groups are the would-be changes by kind, in a fixed order.
	Groups []changeGroup
	Error  string
}

// changeGroup is the would-be changes of one kind.
type changeGroup struct {
	Label   string
	Link    bool // the datasets exist, so they can be linked
	Changes []harvester.Change
}

// changeKinds are the kinds of change in the order the page shows them.
var changeKinds = []struct{ action, label string }{
	{harvester.ChangeAdd, "Neu hinzukommen würden"},
	{harvester.ChangeUpdate, "Geändert würden"},
	{harvester.ChangeWithdraw, "Zurückgezogen würden (nicht mehr in der Quelle)"},
	{harvester.ChangeArchive, "Archiviert würden"},
}

// sourceDryRun runs the source without writing anything and shows what a
// run would change.
func (a *admin) sourceDryRun(c *fiber.Ctx) error {
	ctx := c.UserContext()
	p := auth.PrincipalOf(c)
	s, err := a.cfg.Sources.Source(ctx, p, c.Params("id"))
	if err != nil {
		return err
	}
	data := dryRunPage{Base: a.base(c, "Probelauf der Quelle „"+sourceLabel(s)+"“", "sources"), Source: s}
	res, err := a.cfg.Sources.DryRun(ctx, p, s.ID)
	switch code := municat.ErrorCode(err); code {
	case "":
	case municat.EFORBIDDEN, municat.ENOTFOUND, municat.ECONFLICT:
		return err
	default:
		if code == municat.EINTERNAL {
			a.log.Error("admin: dry run", "source", s.ID, "err", err)
		}
		data.Error = municat.ErrorMessage(err)
	}
	if res != nil {
		if res.Run != nil {
			rr := newRunRow(res.Run)
			data.Run = &rr
			if data.Error == "" && res.Run.Error != "" {
				data.Error = res.Run.Error
			}
		}
		for _, k := range changeKinds {
			g := changeGroup{Label: k.label, Link: k.action != harvester.ChangeAdd}
			for _, ch := range res.Changes {
				if ch.Action == k.action {
					g.Changes = append(g.Changes, ch)
				}
			}
			if len(g.Changes) > 0 {
				data.Groups = append(data.Groups, g)
			}
		}
	}
	return a.page(c, http.StatusOK, "source_dryrun", data)
}

// sourceRun starts a run of the source now and goes to its runs.
func (a *admin) sourceRun(c *fiber.Ctx) error {
	id := c.Params("id")
	runID, err := a.cfg.Sources.RunNow(c.UserContext(), auth.PrincipalOf(c), id)
	if err != nil {
		return err
	}
	a.log.Info("admin: run started", "source", id, "run", runID)
	return a.redirect(c, "/sources/"+id+"/runs", "Der Lauf ist gestartet. Er erscheint in der Liste, sobald er die ersten Daten geholt hat; laden Sie die Seite dann neu, um den Stand zu sehen.")
}

// sourcePause returns the handler that pauses (or resumes) the scheduled
// runs of the source.
func (a *admin) sourcePause(paused bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		s, err := a.cfg.Sources.SetPaused(c.UserContext(), auth.PrincipalOf(c), c.Params("id"), paused)
		if err != nil {
			return err
		}
		msg := "Die Quelle ist pausiert: sie läuft nicht mehr nach Zeitplan. Von Hand starten können Sie sie weiterhin."
		if !paused {
			msg = "Die Quelle läuft wieder nach Zeitplan."
		}
		return a.redirect(c, "/sources/"+s.ID, msg)
	}
}

// sourceDelete deletes the source after the confirmation box was ticked.
// Its datasets and runs stay.
func (a *admin) sourceDelete(c *fiber.Ctx) error {
	ctx := c.UserContext()
	p := auth.PrincipalOf(c)
	form, err := a.form(c)
	if err != nil {
		return err
	}
	s, err := a.cfg.Sources.Source(ctx, p, c.Params("id"))
	if err != nil {
		return err
	}
	if form.Get("confirm") != "ja" {
		data, err := a.sourcePageData(c, s, sourceFormOf(s))
		if err != nil {
			return err
		}
		data.Errors = []municat.FieldError{{Field: "confirm", Message: "Bitte bestätigen Sie das Löschen, indem Sie das Kästchen „Ja, Quelle löschen“ ankreuzen."}}
		return a.page(c, http.StatusUnprocessableEntity, "source", data)
	}
	if err := a.cfg.Sources.Delete(ctx, p, s.ID); err != nil {
		return err
	}
	return a.redirect(c, "/sources", "Die Quelle „"+sourceLabel(s)+"“ ist gelöscht. Ihre Datensätze bleiben im Katalog; ziehen Sie sie bei Bedarf einzeln zurück.")
}
