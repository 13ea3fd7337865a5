package admin

import (
	"fmt"
	"strings"

	"github.com/municat/municat"
)

// fieldError returns the messages for field in errs, joined by a space.
func fieldError(errs []municat.FieldError, field string) string {
	var msgs []string
	for _, e := range errs {
		if e.Field == field {
			msgs = append(msgs, e.Message)
		}
	}
	return strings.Join(msgs, " ")
}

// fieldID returns the HTML id of the input of a field: "f-" and the field
// path with every character other than a letter or digit replaced by "-"
// ("title.de" → "f-title-de", "distributions[0].format" →
// "f-distributions-0--format").
func fieldID(field string) string {
	var b strings.Builder
	b.WriteString("f-")
	for _, r := range field {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

// fieldView is one form control for the partials of templates/partials.html
// ("field", "textarea", "checkbox" and, embedded, "select", "checkboxes",
// "format"): what its label, hint and error message show.
type fieldView struct {
	// Name is the form field's name and the field path of its errors.
	Name string
	// ID is the control's id (see fieldID).
	ID string
	// Label, Value and Type (text, email, url, password, date, time …)
	// of the control.
	Label, Value, Type string
	// Required marks the field as required, in the label's text.
	Required bool
	// Hint explains what to enter; Error says what is wrong.
	Hint, Error string
	// Autocomplete is the input's autocomplete token, if any.
	Autocomplete string
}

// DescribedBy returns the ids of the hint and the error message, for
// aria-describedby.
func (f fieldView) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// newField is the template function field.
func newField(errs []municat.FieldError, name, label string, value any, typ string, required bool, hint string) fieldView {
	v := ""
	if value != nil {
		v = fmt.Sprint(value)
	}
	return fieldView{Name: name, ID: fieldID(name), Label: label, Value: v, Type: typ, Required: required, Hint: hint, Error: fieldError(errs, name)}
}

// fieldOf is the template function fieldOf: the field name with only its
// id and error message, for the partial "error-message" next to a control
// a page writes out itself.
func fieldOf(errs []municat.FieldError, name string) fieldView {
	return newField(errs, name, "", nil, "", false, "")
}

// textareaView is a text area for the partial "textarea".
type textareaView struct {
	fieldView
	// Rows is the height in lines.
	Rows int
}

// checkboxView is a single checkbox for the partial "checkbox".
type checkboxView struct {
	fieldView
	Checked bool
}

// selectView is a select for the partial "select", or a group of
// checkboxes for "checkboxes".
type selectView struct {
	fieldView
	// Empty labels an empty first choice; "" for none.
	Empty   string
	Options []option
}

// Textarea returns the text area of the field name, rows lines high, with
// its error message from b.Errors.
func (b Base) Textarea(name, label, value string, rows int, required bool, hint string) textareaView {
	return textareaView{fieldView: newField(b.Errors, name, label, value, "", required, hint), Rows: rows}
}

// Checkbox returns the checkbox of the field name, sending value when
// ticked, with its error message from b.Errors.
func (b Base) Checkbox(name, label, value string, checked, required bool, hint string) checkboxView {
	return checkboxView{fieldView: newField(b.Errors, name, label, value, "checkbox", required, hint), Checked: checked}
}

// Select returns the select of the field name with its error message from
// b.Errors.
func (b Base) Select(name, label string, required bool, hint, empty string, opts []option) selectView {
	return selectView{fieldView: newField(b.Errors, name, label, nil, "", required, hint), Empty: empty, Options: opts}
}

// Checkboxes returns the checkbox group of the field name with its error
// message from b.Errors.
func (b Base) Checkboxes(name, label, hint string, opts []option) selectView {
	return b.Select(name, label, false, hint, "", opts)
}
