package admin

import (
	"sort"
	"strconv"
	"strings"

	"github.com/municat/municat"
)

// datasetInput maps the field of a dataset problem (a JSON path such as
// "distributions[1].access_url") to the name of the form's input, so that
// the error summary links to it and the message shows next to it. rows
// are the form rows of the distributions by index; form says which
// publication choice was made.
func datasetInput(field string, rows []distForm, f *datasetForm) string {
	head, rest := splitField(field)
	switch head {
	case "id", "title":
		if rest == "en" {
			return "title_en"
		}
		return "title_de"
	case "description":
		if rest == "en" {
			return "description_en"
		}
		return "description_de"
	case "keywords", "themes", "license", "frequency", "access_rights", "landing_page", "languages", "organization":
		return head
	case "contact_point":
		switch rest {
		case "email", "url", "phone", "name":
			return "contact_" + rest
		}
		return "contact_email"
	case "publisher":
		if rest == "homepage" {
			return "publisher_homepage"
		}
		return "publisher_name"
	case "temporal":
		if rest == "end" {
			return "temporal_end"
		}
		return "temporal_start"
	case "spatial":
		return "spatial_names"
	case "state", "publish_at":
		if f != nil && f.Publication == pubSchedule {
			return "publish_date"
		}
		return "publication"
	case "distributions":
		return distInput(rest, rows)
	}
	// Already an input name (from the form's own checks), or a field the
	// form has no input for: the title, at the top of the form.
	if isDatasetInput(field) {
		return field
	}
	return "title_de"
}

// distInput maps "[i].field" (or "" for the distributions as a whole) to
// the input of the row.
func distInput(rest string, rows []distForm) string {
	idx, sub := -1, ""
	if strings.HasPrefix(rest, "[") {
		if end := strings.Index(rest, "]"); end > 0 {
			if n, err := strconv.Atoi(rest[1:end]); err == nil {
				idx = n
			}
			sub = strings.TrimPrefix(rest[end+1:], ".")
		}
	}
	if idx < 0 || idx >= len(rows) {
		return "dist-new-access_url"
	}
	row := rows[idx]
	switch {
	case sub == "format":
		return row.Input("format")
	case (sub == "access_url" || sub == "download_url") && !row.File:
		return row.Input("access_url")
	}
	return row.Input("title")
}

// splitField splits "contact_point.email" into "contact_point" and
// "email", "distributions[2].format" into "distributions" and
// "[2].format", "themes[0]" into "themes" and "[0]".
func splitField(field string) (head, rest string) {
	i := strings.IndexAny(field, ".[")
	if i < 0 {
		return field, ""
	}
	if field[i] == '.' {
		return field[:i], field[i+1:]
	}
	return field[:i], field[i:]
}

// datasetInputs are the names of the form's fixed inputs.
var datasetInputs = map[string]bool{
	"organization": true, "title_de": true, "title_en": true, "description_de": true, "description_en": true,
	"keywords": true, "themes": true, "license": true, "frequency": true, "access_rights": true,
	"contact_name": true, "contact_email": true, "contact_url": true, "contact_phone": true,
	"publisher_name": true, "publisher_homepage": true, "temporal_start": true, "temporal_end": true,
	"spatial_names": true, "landing_page": true, "languages": true, "publication": true,
	"publish_date": true, "publish_time": true,
}

func isDatasetInput(name string) bool {
	return datasetInputs[name] || strings.HasPrefix(name, "dist-")
}

// toInputs maps problems to the form's inputs, dropping repeats of the
// same message for the same input.
func toInputs(list []municat.FieldError, rows []distForm, f *datasetForm) []municat.FieldError {
	var out []municat.FieldError
	seen := map[municat.FieldError]bool{}
	for _, e := range list {
		e.Field = datasetInput(e.Field, rows, f)
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}

// inputOrder is the order of the inputs in the dataset form; the rows of
// the distributions come between the landing page and the publication.
var inputOrder = []string{
	"organization", "title_de", "title_en", "description_de", "description_en", "keywords",
	"themes", "license", "frequency", "access_rights", "languages",
	"contact_name", "contact_email", "contact_url", "contact_phone", "publisher_name", "publisher_homepage",
	"temporal_start", "temporal_end", "spatial_names", "landing_page",
	"dist", "publication", "publish_date", "publish_time",
}

// inputRank returns the position of an input in the form, for sorting.
func inputRank(name string) (int, int) {
	if rest, ok := strings.CutPrefix(name, "dist-"); ok {
		key, _, _ := strings.Cut(rest, "-")
		n, err := strconv.Atoi(key)
		if err != nil {
			n = maxDistRows // the new row comes last
		}
		return indexOf(inputOrder, "dist"), n
	}
	if i := indexOf(inputOrder, name); i >= 0 {
		return i, 0
	}
	return len(inputOrder), 0
}

// sortByForm orders problems as their inputs appear in the form, so that
// the error summary reads top to bottom (stable for one input).
func sortByForm(list []municat.FieldError) []municat.FieldError {
	sort.SliceStable(list, func(i, j int) bool {
		a1, a2 := inputRank(list[i].Field)
		b1, b2 := inputRank(list[j].Field)
		return a1 < b1 || a1 == b1 && a2 < b2
	})
	return list
}
