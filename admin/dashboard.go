package admin

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/publish"
)

// staleDraft is how long a draft may stay untouched before the dashboard
// asks about it.
const staleDraft = 14 * 24 * time.Hour

// maxDashboardOrgs is the most organisations the dashboard shows at once;
// with more, it asks to choose one.
const maxDashboardOrgs = 5

// maxProblems is the most datasets with problems listed per organisation.
const maxProblems = 10

// dashboardPage is the data of the dashboard.
type dashboardPage struct {
	Base
	// Orgs are the organisations shown.
	Orgs []*orgDashboard
	// Choose lists the organisations to pick from when there are too many
	// to show at once.
	Choose []*municat.Organization
}

// orgDashboard is the dashboard of one organisation.
type orgDashboard struct {
	Org *municat.Organization
	// Role is the principal's role there ("" for instance admins without
	// membership).
	Role municat.Role
	// Admin says whether the principal administers the organisation.
	Admin bool
	// Counts are the datasets per state.
	Draft, Scheduled, Published, Withdrawn int
	// Upcoming are the scheduled datasets, soonest first.
	Upcoming []*municat.Dataset
	// Problems are datasets with validation errors or warnings.
	Problems []datasetProblem
	// ProblemsMore counts the datasets with problems not listed.
	ProblemsMore int
	// Sources are the organisation's sources with their last runs.
	Sources []sourceStatus
	// Attention lists what needs doing, errors first.
	Attention []attention
}

// datasetProblem is a dataset with what publish.Check found.
type datasetProblem struct {
	Dataset  *municat.Dataset
	Errors   []municat.FieldError
	Warnings []municat.FieldError
}

// sourceStatus is a source and its last run (nil if it never ran).
type sourceStatus struct {
	Source *municat.Source
	Last   *municat.Run
}

// attention is one thing on the "needs attention" list.
type attention struct {
	Text  string
	Link  string
	Label string
	Error bool
}

// registerDashboard registers the dashboard.
func (a *admin) registerDashboard() {
	a.handle(fiber.MethodGet, "/", auth.Policy{SignedIn: true}, a.dashboard)
}

// dashboard shows, per organisation of the principal, its datasets by
// state, datasets with problems, the last runs of its sources and what
// needs attention.
func (a *admin) dashboard(c *fiber.Ctx) error {
	ctx := c.UserContext()
	p := a.base(c, "Übersicht", "dashboard")
	page := dashboardPage{Base: p}
	orgs, err := a.principalOrgs(ctx, p.Principal, municat.RoleEditor)
	if err != nil {
		return err
	}
	if want := c.Query("org"); want != "" {
		var chosen []*municat.Organization
		for _, o := range orgs {
			if o.ID == want {
				chosen = append(chosen, o)
			}
		}
		if chosen == nil {
			return municat.NotFound("Die Organisation %q gibt es nicht, oder Sie gehören ihr nicht an.", want)
		}
		orgs = chosen
	}
	if len(orgs) > maxDashboardOrgs {
		page.Choose = orgs
		return a.page(c, fiber.StatusOK, "dashboard", page)
	}
	datasets, sources, err := a.dashboardRecords(ctx, p.Principal, orgs)
	if err != nil {
		return err
	}
	for _, o := range orgs {
		d := a.orgDashboard(p.Principal, o, datasets[o.ID])
		if err := a.sourceStatuses(ctx, d, sources[o.ID]); err != nil {
			return err
		}
		sort.SliceStable(d.Attention, func(i, j int) bool { return d.Attention[i].Error && !d.Attention[j].Error })
		page.Orgs = append(page.Orgs, d)
	}
	return a.page(c, fiber.StatusOK, "dashboard", page)
}

// principalOrgs returns the organisations in which p has at least role
// want, sorted by name: all of them for an instance admin.
func (a *admin) principalOrgs(ctx context.Context, p *municat.Principal, want municat.Role) ([]*municat.Organization, error) {
	all, err := a.cfg.Catalog.Organizations(ctx)
	if err != nil {
		return nil, err
	}
	var out []*municat.Organization
	for _, o := range all {
		if p.Can(o.ID, want) {
			out = append(out, o)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return orgLabel(out[i]) < orgLabel(out[j]) })
	return out, nil
}

// orgLabel returns the organisation's name, or its id without one.
func orgLabel(o *municat.Organization) string {
	if o.Name != "" {
		return o.Name
	}
	return o.ID
}

// orgDashboard gathers the dataset part of the dashboard of one
// organisation from its datasets in every state.
func (a *admin) orgDashboard(p *municat.Principal, o *municat.Organization, datasets []*municat.Dataset) *orgDashboard {
	d := &orgDashboard{Org: o, Role: p.Roles[o.ID], Admin: p.Can(o.ID, municat.RoleAdmin)}
	now := a.now()
	var problems []datasetProblem
	for _, ds := range datasets {
		switch ds.State {
		case municat.Draft:
			d.Draft++
			if ds.Modified != nil && now.Sub(*ds.Modified) > staleDraft {
				d.Attention = append(d.Attention, attention{
					Text:  fmt.Sprintf("Der Entwurf „%s“ wurde seit %d Tagen nicht bearbeitet. Veröffentlichen Sie ihn, planen Sie die Veröffentlichung, oder ergänzen Sie, was noch fehlt.", title(ds), int(now.Sub(*ds.Modified).Hours()/24)),
					Link:  a.path("/datasets/", ds.ID),
					Label: "Entwurf öffnen",
				})
			}
		case municat.Scheduled:
			d.Scheduled++
			d.Upcoming = append(d.Upcoming, ds)
			if ds.PublishAt != nil && ds.PublishAt.Before(now.Add(-2*time.Minute)) {
				d.Attention = append(d.Attention, attention{
					Text:  fmt.Sprintf("Die Veröffentlichung von „%s“ war für %s geplant, ist aber noch nicht geschehen. Prüfen Sie den Datensatz auf Fehler.", title(ds), a.formatTime(ds.PublishAt, "02.01.2006 15:04")),
					Link:  a.path("/datasets/", ds.ID),
					Label: "Datensatz öffnen",
					Error: true,
				})
			}
		case municat.Withdrawn, municat.Archived:
			d.Withdrawn++
		default:
			d.Published++
			if ds.SourceID == "" && ds.License == "" {
				d.Attention = append(d.Attention, attention{
					Text:  fmt.Sprintf("„%s“ ist veröffentlicht, hat aber keine Lizenz. Ohne Lizenz darf niemand die Daten sicher nachnutzen: Wählen Sie eine Lizenz.", title(ds)),
					Link:  a.path("/datasets/", ds.ID),
					Label: "Lizenz wählen",
				})
			}
		}
		if ds.State == municat.Withdrawn || ds.State == municat.Archived {
			continue
		}
		errs, warns := publish.Check(ds, now)
		if len(errs) > 0 || (len(warns) > 0 && ds.SourceID == "") {
			problems = append(problems, datasetProblem{Dataset: ds, Errors: errs, Warnings: warns})
		}
	}
	sort.SliceStable(d.Upcoming, func(i, j int) bool { return timeOf(d.Upcoming[i].PublishAt).Before(timeOf(d.Upcoming[j].PublishAt)) })
	sort.SliceStable(problems, func(i, j int) bool {
		if len(problems[i].Errors) != len(problems[j].Errors) {
			return len(problems[i].Errors) > len(problems[j].Errors)
		}
		return len(problems[i].Warnings) > len(problems[j].Warnings)
	})
	if len(problems) > maxProblems {
		d.ProblemsMore = len(problems) - maxProblems
		problems = problems[:maxProblems]
	}
	d.Problems = problems
	return d
}

// title returns the dataset's German title (another if none), or its id.
func title(d *municat.Dataset) string {
	if t := d.Title.Get("de"); t != "" {
		return t
	}
	return d.ID
}

// timeOf returns *t, or the zero time for nil.
func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
