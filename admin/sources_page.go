package admin

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/harvester"
)

// sourcePage is the data of the page of one source (or of a new one): its
// state, the actions the principal may take and the form.
type sourcePage struct {
	Base
	New    bool
	Source *municat.Source
	// Form is what the form shows: the stored source or the input.
	Form     sourceForm
	Orgs     []option
	Types    []option
	Modes    []option
	Weekdays []option
	// Preview describes the schedule of the form; Current that of the
	// stored source.
	Preview schedulePreview
	Current schedulePreview
	// CanAdmin: the principal administers the source's organisation;
	// CanEdit: and the source is not managed by the configuration file.
	CanAdmin, CanEdit bool
	OrgName           string
	TypeLabel         string
	LastRun           *runRow
	// Probe is the result of a connection test, ProbeError its failure.
	Probe      *harvester.Probe
	ProbeError string
	ProbeTook  string
	Tested     bool
}

// sourceNew shows the form for a new source.
func (a *admin) sourceNew(c *fiber.Ctx) error {
	f := sourceForm{Schedule: scheduleInput{Mode: modeDaily, Time: "03:00", Weekday: "1", Day: "1"}, TimeZone: municat.DefaultTimeZone}
	data, err := a.sourcePageData(c, nil, f)
	if err != nil {
		return err
	}
	if len(data.Orgs) == 0 {
		return forbidden("Quellen anzulegen (Administration)")
	}
	return a.page(c, http.StatusOK, "source", data)
}

// sourcePageData builds the page of the stored source s (nil for a new
// one) with the form f.
func (a *admin) sourcePageData(c *fiber.Ctx, s *municat.Source, f sourceForm) (*sourcePage, error) {
	ctx := c.UserContext()
	p := auth.PrincipalOf(c)
	title := "Neue Quelle"
	if s != nil {
		title = "Quelle „" + sourceLabel(s) + "“"
	}
	data := &sourcePage{Base: a.base(c, title, "sources"), New: s == nil, Source: s, Form: f}
	orgs, err := a.orgOptions(ctx, p, municat.RoleAdmin, f.Organization)
	if err != nil {
		return nil, err
	}
	data.Orgs = orgs
	for _, t := range a.cfg.SourceTypes {
		data.Types = append(data.Types, option{Value: t, Label: sourceTypeLabel(t), Selected: t == f.Type})
	}
	data.Modes = selectOptions(scheduleModes, f.Schedule.Mode)
	data.Weekdays = selectOptions(weekdays, f.Schedule.Weekday)
	tz := f.TimeZone
	if tz == "" {
		tz = municat.DefaultTimeZone
	}
	data.Preview = a.preview(f.Schedule, tz)
	if s != nil {
		data.CanAdmin = p.Can(s.Organization, municat.RoleAdmin)
		data.CanEdit = data.CanAdmin && s.Managed != municat.ManagedByConfig
		names, err := a.orgNames(ctx)
		if err != nil {
			return nil, err
		}
		data.OrgName = nameOr(names, s.Organization)
		data.TypeLabel = sourceTypeLabel(s.Type)
		data.Current = a.preview(scheduleFromSpec(s.Schedule), s.Location())
		if r := a.lastRun(ctx, s.ID); r != nil {
			rr := newRunRow(r)
			data.LastRun = &rr
		}
	}
	return data, nil
}

// selectOptions copies list with the entry of value selected.
func selectOptions(list []option, value string) []option {
	out := make([]option, len(list))
	for i, o := range list {
		o.Selected = o.Value == value
		out[i] = o
	}
	return out
}

// sourceTypeLabels names the source types in the form.
var sourceTypeLabels = map[string]string{
	municat.SourceCKAN:     "CKAN-Portal",
	municat.SourceDCAT:     "DCAT-AP-Katalog (RDF)",
	municat.SourceCSW:      "Geodatenkatalog (CSW)",
	municat.SourceDataJSON: "data.json (DCAT-US, z. B. ArcGIS Hub)",
	municat.SourceSocrata:  "Socrata-Portal",
	municat.SourceODS:      "Opendatasoft-Portal",
	municat.SourceFile:     "Datei unter einer Adresse",
}

func sourceTypeLabel(t string) string {
	if l, ok := sourceTypeLabels[t]; ok {
		return l + " (" + t + ")"
	}
	return t
}
