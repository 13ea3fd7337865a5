package admin

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/schedule"
)

// sourcesPage is the data of the list of sources.
type sourcesPage struct {
	Base
	Rows      []sourceRow
	CanCreate bool
}

// sourceRow is one source in the list, with its last run.
type sourceRow struct {
	Source   *municat.Source
	OrgName  string
	Schedule string
	Last     *runRow
}

// sourcesList shows the sources of the principal's organisations with
// their schedule and last run.
func (a *admin) sourcesList(c *fiber.Ctx) error {
	ctx := c.UserContext()
	p := auth.PrincipalOf(c)
	list, err := a.cfg.Sources.Sources(ctx, p, "")
	if err != nil {
		return err
	}
	names, err := a.orgNames(ctx)
	if err != nil {
		return err
	}
	data := sourcesPage{Base: a.base(c, "Quellen", "sources")}
	for _, s := range list {
		row := sourceRow{Source: s, OrgName: nameOr(names, s.Organization), Schedule: schedule.Describe(s.Schedule)}
		if r := a.lastRun(ctx, s.ID); r != nil {
			rr := newRunRow(r)
			row.Last = &rr
		}
		data.Rows = append(data.Rows, row)
	}
	sort.SliceStable(data.Rows, func(i, j int) bool {
		if data.Rows[i].OrgName != data.Rows[j].OrgName {
			return data.Rows[i].OrgName < data.Rows[j].OrgName
		}
		return data.Rows[i].Source.ID < data.Rows[j].Source.ID
	})
	orgs, err := a.orgOptions(ctx, p, municat.RoleAdmin, "")
	if err != nil {
		return err
	}
	data.CanCreate = len(orgs) > 0
	return a.page(c, http.StatusOK, "sources", data)
}

func nameOr(names map[string]string, id string) string {
	if n := names[id]; n != "" {
		return n
	}
	return id
}

// lastRun returns the newest run of the source, nil if it has none.
func (a *admin) lastRun(ctx context.Context, sourceID string) *municat.Run {
	var last *municat.Run
	err := a.cfg.Catalog.EachRun(ctx, sourceID, func(r *municat.Run) bool {
		last = r
		return false
	})
	if err != nil {
		a.log.Warn("admin: last run", "source", sourceID, "err", err)
	}
	return last
}

// sourceShow shows a source: state, actions and (for its admins) the form.
func (a *admin) sourceShow(c *fiber.Ctx) error {
	s, err := a.cfg.Sources.Source(c.UserContext(), auth.PrincipalOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	data, err := a.sourcePageData(c, s, sourceFormOf(s))
	if err != nil {
		return err
	}
	return a.page(c, http.StatusOK, "source", data)
}

// sourceCreate handles the form of a new source: save, show the schedule
// or test the connection, as the pressed button says.
func (a *admin) sourceCreate(c *fiber.Ctx) error {
	return a.sourceSubmit(c, nil)
}

// sourceUpdate handles the form of a stored source.
func (a *admin) sourceUpdate(c *fiber.Ctx) error {
	s, err := a.cfg.Sources.Source(c.UserContext(), auth.PrincipalOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return a.sourceSubmit(c, s)
}

// sourceSubmit handles the source form for the stored source s (nil for a
// new one). The button pressed is the field "action": "preview" shows the
// schedule in words, "test" tests the connection with the input, anything
// else saves.
func (a *admin) sourceSubmit(c *fiber.Ctx, s *municat.Source) error {
	ctx := c.UserContext()
	p := auth.PrincipalOf(c)
	form, err := a.form(c)
	if err != nil {
		return err
	}
	f := readSourceForm(form)
	if s != nil {
		f.ID = s.ID
	}
	in, ferrs := f.apply(s)
	data, err := a.sourcePageData(c, s, f)
	if err != nil {
		return err
	}
	if s == nil && len(data.Orgs) == 0 {
		return forbidden("Quellen anzulegen (Administration)")
	}
	invalid := func(errs []municat.FieldError) error {
		for _, e := range errs {
			data.Errors = append(data.Errors, municat.FieldError{Field: sourceInput(e.Field, f.Schedule), Message: e.Message})
		}
		return a.page(c, http.StatusUnprocessableEntity, "source", data)
	}
	switch form.Get("action") {
	case "preview":
		if data.Preview.Error != nil {
			return invalid([]municat.FieldError{*data.Preview.Error})
		}
		return a.page(c, http.StatusOK, "source", data)
	case "test":
		if len(ferrs) > 0 {
			return invalid(ferrs)
		}
		if fields := a.test(ctx, data, in); len(fields) > 0 {
			return invalid(fields)
		}
		return a.page(c, http.StatusOK, "source", data)
	}
	if len(ferrs) > 0 {
		return invalid(ferrs)
	}
	var saved *municat.Source
	if s == nil {
		saved, err = a.cfg.Sources.Create(ctx, p, in)
	} else {
		saved, err = a.cfg.Sources.Update(ctx, p, s.ID, in)
	}
	if fields, ok := validationFields(err); ok {
		return invalid(fields)
	}
	if s == nil && municat.ErrorCode(err) == municat.ECONFLICT {
		return invalid([]municat.FieldError{{Field: "id", Message: municat.ErrorMessage(err) + " Bitte wählen Sie eine andere Kennung."}})
	}
	if err != nil {
		return err
	}
	if s == nil {
		return a.redirect(c, "/sources/"+saved.ID, "Die Quelle „"+sourceLabel(saved)+"“ ist angelegt. Testen Sie jetzt die Verbindung oder starten Sie einen Probelauf, bevor sie nach Zeitplan läuft.")
	}
	return a.redirect(c, "/sources/"+saved.ID, "Die Änderungen an der Quelle sind gespeichert. Zeitplan: "+schedule.Describe(saved.Schedule)+".")
}

// test tests the connection to in and puts the result on the page. It
// returns the fields at fault if the input is invalid.
func (a *admin) test(ctx context.Context, data *sourcePage, in *municat.Source) []municat.FieldError {
	data.Tested = true
	probe, err := a.cfg.Sources.Test(ctx, data.Principal, in)
	if fields, ok := validationFields(err); ok {
		return fields
	}
	if err != nil {
		if municat.ErrorCode(err) == municat.EINTERNAL {
			a.log.Error("admin: source test", "source", in.ID, "err", err)
		}
		data.ProbeError = municat.ErrorMessage(err)
		return nil
	}
	data.Probe = probe
	data.ProbeTook = strings.Replace(fmt.Sprintf("%.1f s", probe.Duration.Seconds()), ".", ",", 1)
	return nil
}
