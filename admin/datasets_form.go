package admin

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// The publication choices of the dataset form.
const (
	pubDraft    = "draft"
	pubNow      = "now"
	pubSchedule = "schedule"
)

// maxDistRows caps the distribution rows the form reads.
const maxDistRows = 200

// datasetForm is the dataset form as entered, kept as text so that a form
// with errors shows exactly what was typed. Input names are the field
// names below in snake case; distribution rows are "dist-{i}-{field}",
// the row for a new distribution "dist-new-{field}".
type datasetForm struct {
	Organization                 string
	TitleDE, TitleEN             string
	DescriptionDE, DescriptionEN string
	Keywords                     string
	Themes                       []string
	License, Frequency           string
	AccessRights                 string
	ContactName, ContactEmail    string
	ContactURL, ContactPhone     string
	PublisherName                string
	PublisherHomepage            string
	TemporalStart, TemporalEnd   string
	SpatialNames                 string
	LandingPage                  string
	Languages                    []string
	Dists                        []distForm
	NewDist                      distForm
	Publication                  string
	PublishDate, PublishTime     string
}

// distForm is one distribution row of the form.
type distForm struct {
	// Key is the row's key in input names: its index, or "new".
	Key                  string
	ID, Title, AccessURL string
	Format               string
	Remove               bool
	// File is set for a distribution whose file municat holds (uploaded):
	// its address is not edited in the form.
	File     bool
	Versions int
}

// Input returns the name of the row's input for field.
func (d distForm) Input(field string) string { return "dist-" + d.Key + "-" + field }

// readDatasetForm reads the dataset form.
func readDatasetForm(v url.Values) *datasetForm {
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	f := &datasetForm{
		Organization:  get("organization"),
		TitleDE:       get("title_de"),
		TitleEN:       get("title_en"),
		DescriptionDE: strings.TrimSpace(v.Get("description_de")),
		DescriptionEN: strings.TrimSpace(v.Get("description_en")),
		Keywords:      get("keywords"),
		Themes:        v["themes"],
		License:       get("license"),
		Frequency:     get("frequency"),
		AccessRights:  get("access_rights"),
		ContactName:   get("contact_name"), ContactEmail: get("contact_email"),
		ContactURL: get("contact_url"), ContactPhone: get("contact_phone"),
		PublisherName: get("publisher_name"), PublisherHomepage: get("publisher_homepage"),
		TemporalStart: get("temporal_start"), TemporalEnd: get("temporal_end"),
		SpatialNames: get("spatial_names"),
		LandingPage:  get("landing_page"),
		Languages:    v["languages"],
		Publication:  get("publication"),
		PublishDate:  get("publish_date"), PublishTime: get("publish_time"),
	}
	for i := 0; i < maxDistRows; i++ {
		key := strconv.Itoa(i)
		if _, ok := v["dist-"+key+"-id"]; !ok {
			break
		}
		f.Dists = append(f.Dists, readDist(v, key))
	}
	f.NewDist = readDist(v, "new")
	return f
}

func readDist(v url.Values, key string) distForm {
	get := func(field string) string { return strings.TrimSpace(v.Get("dist-" + key + "-" + field)) }
	return distForm{Key: key, ID: get("id"), Title: get("title"), AccessURL: get("access_url"), Format: get("format"), Remove: get("remove") != ""}
}

// datasetFormOf fills the form from a stored dataset, times in loc.
func datasetFormOf(d *municat.Dataset, loc *time.Location) *datasetForm {
	f := &datasetForm{
		Organization: d.Organization,
		TitleDE:      d.Title["de"], TitleEN: d.Title["en"],
		DescriptionDE: d.Description["de"], DescriptionEN: d.Description["en"],
		Keywords:     strings.Join(d.Keywords, ", "),
		Themes:       d.Themes,
		License:      d.License,
		Frequency:    d.Frequency,
		AccessRights: d.AccessRights,
		LandingPage:  d.LandingPage,
		Languages:    d.Languages,
		Publication:  pubDraft,
		NewDist:      distForm{Key: "new"},
	}
	if l, ok := dcat.LicenseFor(d.License); ok {
		f.License = l.IRI
	}
	if c := d.ContactPoint; c != nil {
		f.ContactName, f.ContactEmail, f.ContactURL, f.ContactPhone = c.Name, c.Email, c.URL, c.Phone
	}
	if p := d.Publisher; p != nil {
		f.PublisherName, f.PublisherHomepage = p.Name.String(), p.Homepage
	}
	if t := d.Temporal; t != nil {
		if t.Start != nil {
			f.TemporalStart = t.Start.In(loc).Format(time.DateOnly)
		}
		if t.End != nil {
			f.TemporalEnd = t.End.In(loc).Format(time.DateOnly)
		}
	}
	if d.Spatial != nil {
		f.SpatialNames = strings.Join(d.Spatial.Names, ", ")
	}
	switch {
	case d.State == municat.Scheduled && d.PublishAt != nil:
		f.Publication = pubSchedule
		f.PublishDate = d.PublishAt.In(loc).Format(time.DateOnly)
		f.PublishTime = d.PublishAt.In(loc).Format("15:04")
	case d.IsPublished():
		f.Publication = pubNow
	}
	for i, dist := range d.Distributions {
		f.Dists = append(f.Dists, distForm{
			Key: strconv.Itoa(i), ID: dist.ID, Title: dist.Title.String(), AccessURL: dist.AccessURL,
			Format: dist.Format, File: dist.FileKey != "", Versions: len(dist.Versions),
		})
	}
	return f
}

// markFiles sets File and Versions of the rows whose distribution in d
// (the stored dataset, nil for a new one) has a file municat holds.
func (f *datasetForm) markFiles(d *municat.Dataset) {
	if d == nil {
		return
	}
	for i := range f.Dists {
		for _, dist := range d.Distributions {
			if dist.ID == f.Dists[i].ID {
				f.Dists[i].File, f.Dists[i].Versions = dist.FileKey != "", len(dist.Versions)
			}
		}
	}
}
