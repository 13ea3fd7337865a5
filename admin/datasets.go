package admin

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/publish"
)

// datasetPage is the data of the dataset form (new or stored dataset).
type datasetPage struct {
	Base
	New bool
	// Dataset is the stored dataset; nil for a new one.
	Dataset *municat.Dataset
	Form    *datasetForm
	Orgs    []option
	// The vocabulary pickers, with the form's values selected.
	Themes, Licenses, Frequencies, Access, Languages []option
	Rows                                             []distRow
	NewRow                                           distRow
	// Warnings name the fields DCAT-AP.de recommends that are empty;
	// Pending the errors that block publishing a draft.
	Warnings, Pending []municat.FieldError
	// Upload is the upload form of a stored dataset.
	Upload uploadForm
	// PublicURL is the dataset's page in the catalogue once it is public.
	PublicURL string
}

// distRow is one distribution row of the form with its format select.
type distRow struct {
	distForm
	// Number counts the rows from 1, for their headings.
	Number  int
	Formats formatChoice
	// Table is the state of the distribution's table for the rows API,
	// in German; "" if there is none.
	Table string
}

// datasetPageData builds the form page for the stored dataset d (nil for
// a new one) with the form f.
func (a *admin) datasetPageData(c *fiber.Ctx, d *municat.Dataset, f *datasetForm) (*datasetPage, error) {
	title := "Neuer Datensatz"
	if d != nil {
		title = "Datensatz „" + datasetTitle(d) + "“"
	}
	data := &datasetPage{
		Base: a.base(c, title, "datasets"), New: d == nil, Dataset: d, Form: f,
		Themes:      themeOptions(f.Themes),
		Licenses:    pick(licenseOptions, f.License),
		Frequencies: pick(frequencyOptions, f.Frequency),
		Access:      pick(accessOptions, f.AccessRights),
		Languages:   pick(languageOptions, f.Languages...),
		NewRow:      distRow{distForm: f.NewDist, Formats: formatChoices(f.NewDist.Format)},
	}
	data.NewRow.Key = "new"
	for i, r := range f.Dists {
		data.Rows = append(data.Rows, distRow{distForm: r, Number: i + 1, Formats: formatChoices(r.Format)})
	}
	orgs, err := a.orgOptions(c.UserContext(), data.Principal, municat.RoleEditor, f.Organization)
	if err != nil {
		return nil, err
	}
	data.Orgs = orgs
	if d != nil {
		data.Upload = a.uploadFormOf(d, uploadForm{Publication: pubNow})
		if d.Listed() {
			data.PublicURL = a.basePath + "/dataset/" + d.ID
		}
		_, data.Warnings = publish.Check(d, a.now())
		if d.Unreleased() {
			data.Pending = a.pending(d)
		}
		a.tableStates(c.UserContext(), d, data.Rows)
		rows := f.rowsOf(d)
		data.Warnings = sortByForm(toInputs(data.Warnings, rows, f))
		data.Pending = sortByForm(toInputs(data.Pending, rows, f))
	}
	return data, nil
}

// pending returns what still blocks publishing the unreleased dataset d.
func (a *admin) pending(d *municat.Dataset) []municat.FieldError {
	c := *d
	c.State, c.PublishAt = municat.Published, nil
	errs, _ := publish.Check(&c, a.now())
	return errs
}

// datasetTitle names a dataset for headings.
func datasetTitle(d *municat.Dataset) string {
	if t := d.Title.String(); t != "" {
		return t
	}
	return d.ID
}

// datasetNew shows the form for a new dataset.
func (a *admin) datasetNew(c *fiber.Ctx) error {
	f := &datasetForm{Publication: pubDraft, AccessRights: municat.AccessPublic, Languages: []string{"de"}, NewDist: distForm{Key: "new"}}
	if org := c.Query("org"); org != "" {
		f.Organization = org
	}
	data, err := a.datasetPageData(c, nil, f)
	if err != nil {
		return err
	}
	if len(data.Orgs) == 0 {
		return forbidden("Datensätze anzulegen (Redaktion)")
	}
	return a.page(c, http.StatusOK, "dataset", data)
}

// datasetCreate saves a new dataset from the form.
func (a *admin) datasetCreate(c *fiber.Ctx) error {
	return a.datasetSubmit(c, nil)
}

// datasetShow shows the form of a stored dataset, or the page of a
// harvested one (which is edited at its source).
func (a *admin) datasetShow(c *fiber.Ctx) error {
	d, err := a.cfg.Publish.Dataset(c.UserContext(), auth.PrincipalOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	if d.SourceID != "" {
		return a.harvestedPage(c, d)
	}
	data, err := a.datasetPageData(c, d, datasetFormOf(d, a.berlin))
	if err != nil {
		return err
	}
	return a.page(c, http.StatusOK, "dataset", data)
}

// datasetUpdate saves the form of a stored dataset.
func (a *admin) datasetUpdate(c *fiber.Ctx) error {
	d, err := a.cfg.Publish.Dataset(c.UserContext(), auth.PrincipalOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	if d.SourceID != "" {
		return municat.Errorf(municat.ECONFLICT, "Der Datensatz wird aus der Quelle „%s“ geerntet. Bitte ändern Sie ihn dort; die nächste Ernte übernimmt die Änderung.", d.SourceID)
	}
	return a.datasetSubmit(c, d)
}

// datasetSubmit saves the dataset form for the stored dataset d (nil for
// a new one). Problems re-show the form with status 422, every input kept
// and every problem listed at the top and next to its field.
func (a *admin) datasetSubmit(c *fiber.Ctx, d *municat.Dataset) error {
	ctx := c.UserContext()
	p := auth.PrincipalOf(c)
	form, err := a.form(c)
	if err != nil {
		return err
	}
	f := readDatasetForm(form)
	f.markFiles(d)
	in, ferrs, rows := f.apply(d, a.berlin)
	data, err := a.datasetPageData(c, d, f)
	if err != nil {
		return err
	}
	if len(data.Orgs) == 0 {
		return forbidden("Datensätze anzulegen (Redaktion)")
	}
	invalid := func(errs []municat.FieldError) error {
		data.Errors = sortByForm(toInputs(errs, rows, f))
		return a.page(c, http.StatusUnprocessableEntity, "dataset", data)
	}
	if len(ferrs) > 0 {
		// Show everything at once: the form's own problems and, for the
		// other inputs, what the check finds.
		errs, _ := publish.Check(checkable(in), a.now())
		return invalid(mergeProblems(ferrs, toInputs(errs, rows, f)))
	}
	var saved *municat.Dataset
	if d == nil {
		saved, err = a.cfg.Publish.CreateDataset(ctx, p, in)
	} else {
		saved, err = a.cfg.Publish.UpdateDataset(ctx, p, d.ID, in)
	}
	if fields, ok := validationFields(err); ok {
		return invalid(fields)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, "/datasets/"+saved.ID, savedMessage(d == nil, saved, a))
}

// mergeProblems returns first followed by those of more whose input has
// no problem in first.
func mergeProblems(first, more []municat.FieldError) []municat.FieldError {
	has := map[string]bool{}
	for _, e := range first {
		has[e.Field] = true
	}
	out := append([]municat.FieldError(nil), first...)
	for _, e := range more {
		if !has[e.Field] {
			out = append(out, e)
		}
	}
	return out
}

// savedMessage is the notice after saving d, with the next step.
func savedMessage(created bool, d *municat.Dataset, a *admin) string {
	msg := "Die Änderungen sind gespeichert."
	if created {
		msg = "Der Datensatz ist angelegt."
	}
	switch d.State {
	case municat.Draft:
		return msg + " Er ist ein Entwurf und nur hier sichtbar. Laden Sie jetzt Dateien hoch oder veröffentlichen Sie ihn."
	case municat.Scheduled:
		return msg + " Er wird am " + a.formatTime(d.PublishAt, "02.01.2006 um 15:04") + " Uhr veröffentlicht; bis dahin ist er nur hier sichtbar."
	case municat.Published, "":
		return msg + " Er ist im Katalog veröffentlicht."
	}
	return msg
}

// datasetWithdraw withdraws a published dataset from the catalogue.
func (a *admin) datasetWithdraw(c *fiber.Ctx) error {
	d, err := a.cfg.Publish.WithdrawDataset(c.UserContext(), auth.PrincipalOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return a.redirect(c, "/datasets/"+d.ID, "Der Datensatz ist zurückgezogen: er erscheint nicht mehr in der Suche und im Katalog. Sie können ihn jederzeit wieder veröffentlichen.")
}

// formatView is the format select of a distribution row.
type formatView struct {
	fieldView
	formatChoice
}

// Format returns the format select of row for the template.
func (p *datasetPage) Format(row distRow) formatView {
	name := row.Input("format")
	return formatView{fieldView: newField(p.Errors, name, "Format", nil, "", false, ""), formatChoice: row.Formats}
}
