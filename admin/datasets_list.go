package admin

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/publish"
)

// datasetsPerPage is how many datasets the list shows per page.
const datasetsPerPage = 50

// datasetsPage is the data of the list of datasets.
type datasetsPage struct {
	Base
	// The filter as chosen, and the choices.
	State, Org, Query string
	States            []option
	Orgs              []option
	Rows              []datasetRow
	// Total counts the datasets the filter matches; From and To number the
	// shown ones.
	Total, From, To int
	// PrevURL and NextURL page through the list ("" at either end).
	PrevURL, NextURL string
	CanCreate        bool
}

// datasetRow is one dataset in the list.
type datasetRow struct {
	D       *municat.Dataset
	OrgName string
	// Origin says where the dataset comes from: "von Hand" or the source.
	Origin string
}

// stateFilters are the choices of the state filter.
var stateFilters = []option{
	{Value: "", Label: "alle"},
	{Value: string(municat.Draft), Label: stateLabel(municat.Draft)},
	{Value: string(municat.Scheduled), Label: stateLabel(municat.Scheduled)},
	{Value: string(municat.Published), Label: stateLabel(municat.Published)},
	{Value: string(municat.Withdrawn), Label: stateLabel(municat.Withdrawn)},
	{Value: string(municat.Archived), Label: stateLabel(municat.Archived)},
}

// datasetsList lists the datasets of the principal's organisations in
// every state, filtered by state, organisation and a text in the title.
func (a *admin) datasetsList(c *fiber.Ctx) error {
	ctx := c.UserContext()
	p := auth.PrincipalOf(c)
	data := datasetsPage{
		Base:  a.base(c, "Datensätze", "datasets"),
		State: c.Query("state"), Org: c.Query("org"), Query: strings.TrimSpace(c.Query("q")),
	}
	if indexOfOption(stateFilters, data.State) < 0 {
		data.State = ""
	}
	data.States = selectOptions(stateFilters, data.State)
	orgs, err := a.orgOptions(ctx, p, municat.RoleEditor, data.Org)
	if err != nil {
		return err
	}
	if len(orgs) == 0 {
		return forbidden("Datensätze zu bearbeiten (Redaktion)")
	}
	data.Orgs, data.CanCreate = orgs, true
	if len(orgs) == 1 {
		data.Org = orgs[0].Value
	}
	rows, err := a.datasetRows(ctx, p, &data)
	if err != nil {
		return err
	}
	sort.SliceStable(rows, func(i, j int) bool { return modified(rows[i].D).After(modified(rows[j].D)) })
	data.Total = len(rows)
	page, _ := strconv.Atoi(c.Query("seite"))
	if page < 1 || (page-1)*datasetsPerPage >= len(rows) {
		page = 1
	}
	from := (page - 1) * datasetsPerPage
	to := min(from+datasetsPerPage, len(rows))
	data.Rows, data.From, data.To = rows[from:to], from+1, to
	if page > 1 {
		data.PrevURL = a.listURL(data, page-1)
	}
	if to < len(rows) {
		data.NextURL = a.listURL(data, page+1)
	}
	return a.page(c, http.StatusOK, "datasets", data)
}

// datasetRows returns the datasets of the list: those of the chosen
// organisation, or of every organisation the principal edits (read in one
// pass over the catalogue, not one per organisation), filtered.
func (a *admin) datasetRows(ctx context.Context, p *municat.Principal, data *datasetsPage) ([]datasetRow, error) {
	names := map[string]string{}
	for _, o := range data.Orgs {
		if data.Org == "" || o.Value == data.Org {
			names[o.Value] = o.Label
		}
	}
	var rows []datasetRow
	add := func(d *municat.Dataset) error {
		if _, ok := names[d.Organization]; ok && p.Can(d.Organization, municat.RoleEditor) && data.matches(d) {
			rows = append(rows, datasetRow{D: d, OrgName: names[d.Organization], Origin: origin(d)})
		}
		return nil
	}
	if data.Org != "" {
		list, err := a.cfg.Publish.Datasets(ctx, p, data.Org)
		if err != nil {
			return nil, err
		}
		for _, d := range list {
			_ = add(d)
		}
		return rows, nil
	}
	return rows, a.cfg.Catalog.Datasets(ctx, add)
}

// matches reports whether d passes the list's filter.
func (p *datasetsPage) matches(d *municat.Dataset) bool {
	if p.State != "" && string(d.State) != p.State && !(p.State == string(municat.Published) && d.State == "") {
		return false
	}
	if p.Query != "" {
		q := strings.ToLower(p.Query)
		if !strings.Contains(strings.ToLower(d.Title.String()), q) && !strings.Contains(d.ID, q) {
			return false
		}
	}
	return true
}

// listURL returns the address of page n of the list with its filter.
func (a *admin) listURL(p datasetsPage, n int) string {
	v := url.Values{}
	for k, s := range map[string]string{"state": p.State, "org": p.Org, "q": p.Query} {
		if s != "" {
			v.Set(k, s)
		}
	}
	v.Set("seite", strconv.Itoa(n))
	return a.path("/datasets") + "?" + v.Encode()
}

func indexOfOption(list []option, value string) int {
	for i, o := range list {
		if o.Value == value {
			return i
		}
	}
	return -1
}

// origin says where d comes from.
func origin(d *municat.Dataset) string {
	if d.SourceID != "" {
		return "Quelle " + d.SourceID
	}
	return "von Hand"
}

// modified returns when d last changed, as far as known.
func modified(d *municat.Dataset) time.Time {
	for _, t := range []*time.Time{d.Modified, d.Harvested, d.Issued} {
		if t != nil {
			return *t
		}
	}
	return time.Time{}
}

// harvestedPage is the data of the page of a harvested dataset, which is
// edited at its source.
type harvestedPage struct {
	Base
	Dataset   *municat.Dataset
	Source    *municat.Source
	Problems  []municat.FieldError
	Warnings  []municat.FieldError
	PublicURL string
	// Tables are the states of the tables of its files for the rows API.
	Tables []tableLine
}

// harvestedPage shows a harvested dataset: where it comes from, its
// validation state and where to change it.
func (a *admin) harvestedPage(c *fiber.Ctx, d *municat.Dataset) error {
	data := harvestedPage{Base: a.base(c, "Datensatz „"+datasetTitle(d)+"“", "datasets"), Dataset: d}
	if s, err := a.cfg.Catalog.Source(c.UserContext(), d.SourceID); err == nil {
		data.Source = s
	}
	data.Problems, data.Warnings = publish.Check(d, a.now())
	if d.Listed() {
		data.PublicURL = a.basePath + "/dataset/" + d.ID
	}
	data.Tables = a.tableLines(c.UserContext(), d)
	return a.page(c, http.StatusOK, "dataset_harvested", data)
}
