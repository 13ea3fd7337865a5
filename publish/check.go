package publish

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// distIDPattern is the shape of the id of a distribution of a local
// dataset: it appears in URLs and store keys.
var distIDPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?$`)

// exampleLicense is the licence the messages suggest.
const exampleLicense = "dl-by-de/2.0 (Datenlizenz Deutschland – Namensnennung – Version 2.0)"

// Check validates d as it would be saved at now. errs block saving: the
// problems of d.Validate plus the publishing rules (German title and
// description, organisation, a known licence for published and scheduled
// datasets, a future publish_at, an address or file for every
// distribution). warnings name the fields DCAT-AP.de recommends that are
// missing. Every message is plain German and says what to enter; Field is
// the JSON path, e.g. "distributions[0].format".
//
// A dataset or distribution without an id (a form not saved yet) is not
// faulted for it: the ids are made on saving.
func Check(d *municat.Dataset, now time.Time) (errs, warnings []municat.FieldError) {
	c := &fieldChecker{}
	if strings.TrimSpace(d.Title["de"]) == "" {
		c.fail("title.de", "Der deutsche Titel fehlt. Geben Sie einen kurzen, aussagekräftigen Titel ein, z. B. „Baumkataster der Stadt Musterstadt“.")
	}
	var verr *municat.ValidationError
	if err := d.Validate(); errors.As(err, &verr) {
		for _, f := range verr.Fields {
			switch {
			case f.Field == "id" && d.ID == "":
				continue // made on saving
			case f.Field == "title" && d.Title.IsEmpty():
				continue // reported as title.de
			case unnamedDistribution(d, f.Field):
				continue // made on saving
			}
			c.errs = append(c.errs, f)
		}
	}
	if strings.TrimSpace(d.Description["de"]) == "" {
		c.fail("description.de", "Die deutsche Beschreibung fehlt. Beschreiben Sie in ein paar Sätzen, welche Daten der Datensatz enthält, woher sie stammen und wie aktuell sie sind.")
	}
	if strings.TrimSpace(d.Organization) == "" {
		c.fail("organization", "Die Organisation fehlt. Wählen Sie die Organisation, zu der der Datensatz gehört.")
	}
	released := d.State == municat.Published || d.State == municat.Scheduled
	c.license("license", d.License, released, true)
	if d.State == municat.Scheduled && d.PublishAt != nil && !d.PublishAt.After(now) {
		c.fail("publish_at", "Der Zeitpunkt der Veröffentlichung (%s) liegt nicht in der Zukunft. Wählen Sie einen späteren Zeitpunkt oder veröffentlichen Sie den Datensatz sofort.", berlin(*d.PublishAt))
	}
	for i := range d.Distributions {
		checkDistribution(c, d, i, released)
	}
	recommended(c, d)
	return c.errs, c.warnings
}

// checkDistribution checks the i-th distribution of d.
func checkDistribution(c *fieldChecker, d *municat.Dataset, i int, released bool) {
	dist := &d.Distributions[i]
	field := fmt.Sprintf("distributions[%d]", i)
	if dist.ID != "" && !distIDPattern.MatchString(dist.ID) {
		c.fail(field+".id", "Die Kennung %q der Distribution ist ungültig. Erlaubt sind Kleinbuchstaben, Ziffern, Binde- und Unterstrich (höchstens 64 Zeichen), z. B. \"baeume-csv\"; lassen Sie das Feld leer, dann wird sie vergeben.", dist.ID)
	}
	if dist.Format == "" {
		c.warn(field+".format", "Das Dateiformat fehlt. Wählen Sie das Format der Datei, z. B. CSV, XLSX oder GEOJSON.")
	} else if code, known := dcat.FormatCode(dist.Format); !known || code != dist.Format {
		c.warn(field+".format", "Das Format „%s“ steht nicht in der EU-Liste der Dateiformate. Wählen Sie ein Format aus der Liste, z. B. CSV, XLSX, GEOJSON oder WMS_SRVC.", dist.Format)
	}
	if dist.License != "" {
		c.license(field+".license", dist.License, released, false)
	} else if d.License == "" && !released {
		c.warn(field+".license", "Für diese Datei ist keine Lizenz angegeben. Wählen Sie eine Lizenz für den Datensatz (sie gilt dann für alle Dateien) oder für diese Datei, z. B. %s.", exampleLicense)
	}
}

// recommended adds the warnings for the fields DCAT-AP.de recommends.
func recommended(c *fieldChecker, d *municat.Dataset) {
	if len(d.Themes) == 0 {
		c.warn("themes", "Es ist keine Kategorie gewählt. Wählen Sie mindestens eine der EU-Kategorien, z. B. „Umwelt“; sie hilft, den Datensatz zu finden.")
	}
	if len(d.Keywords) == 0 {
		c.warn("keywords", "Es sind keine Schlagwörter angegeben. Geben Sie einige Begriffe ein, unter denen man den Datensatz sucht, z. B. „Bäume“, „Grünflächen“.")
	}
	switch cp := d.ContactPoint; {
	case cp == nil || *cp == (municat.Contact{}):
		c.warn("contact_point", "Es ist keine Ansprechstelle angegeben. Nennen Sie eine Stelle mit E-Mail-Adresse, an die man sich mit Fragen zu den Daten wenden kann.")
	case cp.Email == "" && cp.URL == "" && cp.Phone == "":
		c.warn("contact_point.email", "Die Ansprechstelle hat weder E-Mail-Adresse noch Web-Adresse noch Telefonnummer. Geben Sie mindestens eines davon an, am besten eine E-Mail-Adresse.")
	}
	if d.Publisher == nil || d.Publisher.Name.IsEmpty() {
		c.warn("publisher", "Die veröffentlichende Stelle fehlt. Tragen Sie ihren Namen ein, z. B. „Stadt Musterstadt, Umweltamt“; ohne Angabe wird die Organisation genannt.")
	}
	if d.Frequency == "" {
		c.warn("frequency", "Es ist nicht angegeben, wie oft die Daten aktualisiert werden. Wählen Sie z. B. „jährlich“ (ANNUAL) oder „unregelmäßig“ (IRREG).")
	} else if !dcat.Frequencies.Has(d.Frequency) {
		c.warn("frequency", "Die Aktualisierungshäufigkeit „%s“ steht nicht in der EU-Liste. Wählen Sie z. B. „jährlich“ (ANNUAL), „monatlich“ (MONTHLY) oder „unregelmäßig“ (IRREG).", d.Frequency)
	}
	if d.Temporal == nil || (d.Temporal.Start == nil && d.Temporal.End == nil) {
		c.warn("temporal", "Der Zeitraum, den die Daten abdecken, fehlt. Geben Sie mindestens Beginn oder Ende an, z. B. 01.01.2024.")
	}
	if s := d.Spatial; s == nil || (len(s.Names) == 0 && len(s.URIs) == 0 && s.BBox == nil) {
		c.warn("spatial", "Das Gebiet, das die Daten abdecken, fehlt. Geben Sie einen Ortsnamen an, z. B. „Musterstadt“, oder einen Kartenausschnitt.")
	}
	if len(d.Distributions) == 0 {
		c.warn("distributions", "Der Datensatz hat noch keine Datei und keinen Link. Laden Sie eine Datei hoch oder geben Sie die Web-Adresse an, unter der die Daten abrufbar sind.")
	}
}

// fieldChecker collects errors and warnings.
type fieldChecker struct {
	errs, warnings []municat.FieldError
}

func (c *fieldChecker) fail(field, format string, args ...any) {
	c.errs = append(c.errs, municat.FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

func (c *fieldChecker) warn(field, format string, args ...any) {
	c.warnings = append(c.warnings, municat.FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// license checks a licence value: missing (only where required) or not in
// the DCAT-AP.de list is an error for a dataset that is or is to be
// published, a warning otherwise.
func (c *fieldChecker) license(field, lic string, released, required bool) {
	report := c.warn
	if released {
		report = c.fail
	}
	switch {
	case strings.TrimSpace(lic) == "":
		if required {
			report(field, "Die Lizenz fehlt. Wählen Sie eine Lizenz aus der Liste, z. B. %s; ohne Lizenz dürfen die Daten nicht genutzt werden.", exampleLicense)
		}
	default:
		if _, ok := dcat.LicenseFor(lic); !ok {
			report(field, "Die Lizenz „%s“ ist unbekannt. Wählen Sie eine Lizenz aus der DCAT-AP.de-Liste, z. B. %s.", lic, exampleLicense)
		}
	}
}

// berlin formats t for messages, in German time.
func berlin(t time.Time) string {
	if loc, err := time.LoadLocation("Europe/Berlin"); err == nil {
		t = t.In(loc)
	}
	return t.Format("02.01.2006 15:04 Uhr")
}

// unnamedDistribution reports whether field is the id of a distribution of
// d that has none yet.
func unnamedDistribution(d *municat.Dataset, field string) bool {
	for i := range d.Distributions {
		if d.Distributions[i].ID == "" && field == fmt.Sprintf("distributions[%d].id", i) {
			return true
		}
	}
	return false
}
