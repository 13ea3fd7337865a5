package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/publish"
)

// checkResult is the answer of the live validation: the problems of the
// form as it would be saved now, by input.
type checkResult struct {
	Errors   []checkMessage `json:"errors"`
	Warnings []checkMessage `json:"warnings"`
}

// checkMessage is one problem: the input's name, its HTML id and the
// message.
type checkMessage struct {
	Field   string `json:"field"`
	ID      string `json:"id"`
	Message string `json:"message"`
}

// datasetCheck validates the dataset form as sent (the field "dataset" names
// a stored dataset the form edits) and answers the errors that would block
// saving and the warnings, each with the input they belong to. admin.js
// calls it while the form is being filled in; nothing is saved.
func (a *admin) datasetCheck(c *fiber.Ctx) error {
	ctx := c.UserContext()
	form, err := a.form(c)
	if err != nil {
		return err
	}
	var base *municat.Dataset
	if id := form.Get("dataset"); id != "" {
		base, err = a.cfg.Publish.Dataset(ctx, auth.PrincipalOf(c), id)
		if err != nil {
			return err
		}
		if err := auth.Require(c, base.Organization, municat.RoleEditor); err != nil {
			return err
		}
	}
	f := readDatasetForm(form)
	f.markFiles(base)
	d, ferrs, rows := f.apply(base, a.berlin)
	errs, warnings := publish.Check(checkable(d), a.now())
	out := checkResult{
		Errors:   checkMessages(mergeProblems(ferrs, toInputs(errs, rows, f))),
		Warnings: checkMessages(toInputs(warnings, rows, f)),
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(out)
}

func checkMessages(list []municat.FieldError) []checkMessage {
	out := make([]checkMessage, 0, len(list))
	for _, e := range list {
		out = append(out, checkMessage{Field: e.Field, ID: fieldID(e.Field), Message: e.Message})
	}
	return out
}
