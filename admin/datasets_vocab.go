package admin

import (
	"sort"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// The vocabulary pickers of the dataset form, built once. Each list puts
// what municipalities use most first.
var (
	licenseOptions   = buildLicenseOptions()
	frequencyOptions = buildFrequencyOptions()
	accessOptions    = []option{
		{Value: municat.AccessPublic, Label: "öffentlich – alle dürfen die Daten nutzen"},
		{Value: municat.AccessRestricted, Label: "eingeschränkt – nur unter Bedingungen"},
		{Value: municat.AccessNonPublic, Label: "nicht öffentlich – nur beschrieben, nicht herunterladbar"},
	}
	commonFormats = []string{"CSV", "XLSX", "ODS", "JSON", "GEOJSON", "XML", "PDF", "ZIP", "SHP", "GPKG", "KML", "WMS_SRVC", "WFS_SRVC", "HTML", "TXT"}
	formatOptions = buildFormatOptions()
	// languageOptions are the data languages offered as checkboxes.
	languageOptions = []option{
		{Value: "de", Label: "Deutsch"}, {Value: "en", Label: "Englisch"}, {Value: "fr", Label: "Französisch"},
		{Value: "pl", Label: "Polnisch"}, {Value: "tr", Label: "Türkisch"}, {Value: "uk", Label: "Ukrainisch"},
		{Value: "ru", Label: "Russisch"}, {Value: "ar", Label: "Arabisch"},
	}
)

// recommendedLicenses come first in the licence select.
var recommendedLicenses = []string{"dl-zero-de/2.0", "dl-by-de/2.0", "cc-zero", "cc-by/4.0"}

func buildLicenseOptions() []option {
	var first, rest []option
	for _, l := range dcat.Licenses {
		o := option{Value: l.IRI, Label: l.Name}
		if i := indexOf(recommendedLicenses, l.ID); i >= 0 {
			first = append(first, o)
		} else {
			rest = append(rest, o)
		}
	}
	sort.Slice(first, func(i, j int) bool { return first[i].Label < first[j].Label })
	sort.Slice(rest, func(i, j int) bool { return strings.ToLower(rest[i].Label) < strings.ToLower(rest[j].Label) })
	return append(first, rest...)
}

// commonFrequencies come first in the frequency select, in this order.
var commonFrequencies = []string{"CONT", "DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL_2", "ANNUAL", "IRREG", "NEVER", "UNKNOWN"}

func buildFrequencyOptions() []option {
	var first, rest []option
	for _, code := range commonFrequencies {
		if c, ok := dcat.Frequencies.Lookup(code); ok {
			first = append(first, option{Value: c.Code, Label: conceptLabel(c)})
		}
	}
	for _, c := range dcat.Frequencies.Concepts() {
		if indexOf(commonFrequencies, c.Code) < 0 {
			rest = append(rest, option{Value: c.Code, Label: conceptLabel(c)})
		}
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i].Label < rest[j].Label })
	return append(first, rest...)
}

func buildFormatOptions() []option {
	out := make([]option, 0, len(dcat.FileTypes.Concepts()))
	for _, c := range dcat.FileTypes.Concepts() {
		label := c.Code
		if l := c.Label.Get("de"); l != "" && !strings.EqualFold(l, c.Code) {
			label += " – " + l
		}
		out = append(out, option{Value: c.Code, Label: label})
	}
	return out
}

func conceptLabel(c dcat.Concept) string {
	if l := c.Label.Get("de"); l != "" {
		return l
	}
	return c.Code
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// pick returns list with the entries of values selected; values that are
// not in the list are added at the end (so nothing stored is lost).
func pick(list []option, values ...string) []option {
	out := make([]option, len(list), len(list)+len(values))
	want := map[string]bool{}
	for _, v := range values {
		if v != "" {
			want[v] = true
		}
	}
	for i, o := range list {
		o.Selected = want[o.Value]
		delete(want, o.Value)
		out[i] = o
	}
	for _, v := range values {
		if want[v] {
			out = append(out, option{Value: v, Label: v, Selected: true})
			delete(want, v)
		}
	}
	return out
}

// themeOptions returns the EU data themes with German labels, those in
// selected checked.
func themeOptions(selected []string) []option {
	list := make([]option, len(municat.Themes))
	for i, t := range municat.Themes {
		list[i] = option{Value: t.Code, Label: t.Label.Get("de")}
	}
	return pick(list, selected...)
}

// formatChoice is the format select of one distribution row: the common
// formats and all others in two groups.
type formatChoice struct {
	Common, All []option
}

// formatChoices returns the format select for a row with value selected.
func formatChoices(value string) formatChoice {
	var fc formatChoice
	code := value
	if c, known := dcat.FormatCode(value); known {
		code = c
	}
	for _, f := range commonFormats {
		label := f
		if c, ok := dcat.FileTypes.Lookup(f); ok && !strings.EqualFold(c.Label.Get("de"), f) {
			label += " – " + c.Label.Get("de")
		}
		fc.Common = append(fc.Common, option{Value: f, Label: label, Selected: f == code})
	}
	selected := code
	if indexOf(commonFormats, code) >= 0 {
		selected = ""
	}
	fc.All = pick(formatOptions, selected)
	return fc
}
