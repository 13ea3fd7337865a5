package dcat

import (
	"fmt"
	"net/mail"
	"strings"

	"github.com/municat/municat"
)

// Rule names used in Problems: SHACL shapes of DCAT-AP 3.0.0 (SEMIC) and
// DCAT-AP.de 3.0, and the DCAT-AP.de conventions (Konventionen).
const (
	ruleTitle       = "DCAT-AP 3.0: dct:title ist Pflicht"
	ruleDescription = "DCAT-AP 3.0: dct:description ist Pflicht"
	rulePublisher   = "DCAT-AP.de 3.0: dct:publisher ist Pflicht (Konvention 36)"
	ruleAgentName   = "DCAT-AP 3.0: foaf:Agent braucht foaf:name"
	ruleContact     = "DCAT-AP.de 3.0: vcard:Kind braucht E-Mail, Web-Adresse oder Telefon (Konvention 1)"
	ruleLicense     = "DCAT-AP.de 3.0: dct:license ist an jeder Distribution Pflicht (Konvention 32)"
	ruleLicenseList = "DCAT-AP.de 3.0: Lizenz aus http://dcat-ap.de/def/licenses"
	ruleAttribution = "DCAT-AP.de: dcatde:licenseAttributionByText (Konvention 35)"
	ruleAccessURL   = "DCAT-AP 3.0: dcat:accessURL ist Pflicht (Konvention 39)"
	ruleFormat      = "DCAT-AP.de 3.0: dct:format aus der EU-Liste file-type (Konvention 31)"
	ruleMediaType   = "DCAT-AP 3.0: dcat:mediaType ist ein IANA-Medientyp"
	ruleFrequency   = "DCAT-AP 3.0: dct:accrualPeriodicity aus der EU-Liste frequency"
	ruleLanguage    = "DCAT-AP 3.0: dct:language aus der EU-Liste language"
	ruleTheme       = "DCAT-AP 3.0: dcat:theme aus der EU-Liste data-theme"
	ruleAccess      = "DCAT-AP 3.0: dct:accessRights aus der EU-Liste access-right"
	rulePeriod      = "DCAT-AP.de 3.0: dct:PeriodOfTime braucht Beginn oder Ende (Konvention 38)"
	ruleContributor = "DCAT-AP.de: dcatde:contributorID (Konventionen 12 und 13)"
	ruleByteSize    = "DCAT-AP 3.0: dcat:byteSize ist xsd:nonNegativeInteger"
	ruleChecksum    = "DCAT-AP 3.0: spdx:Checksum mit spdx:algorithm und spdx:checksumValue (xsd:hexBinary)"
	ruleAvail       = "DCAT-AP 3.0: dcatap:availability aus der EU-Liste planned-availability"
	ruleStatus      = "DCAT-AP 3.0: adms:status aus der EU-Liste distribution-status"
	ruleLevel       = "DCAT-AP.de 3.0: dcatde:politicalGeocodingLevelURI aus http://dcat-ap.de/def/politicalGeocoding/Level"
	ruleIRI         = "DCAT-AP 3.0: Verweise sind IRIs"
	ruleRecommended = "DCAT-AP.de 3.0: empfohlene Angabe"
)

// checksumLengths are the hex digest lengths of the common algorithms.
var checksumLengths = map[string]int{
	"md5": 32, "sha1": 40, "sha224": 56, "sha256": 64, "sha384": 96, "sha512": 128,
	"sha3-256": 64, "sha3-384": 96, "sha3-512": 128,
}

type checker struct{ problems []Problem }

func (c *checker) add(sev Severity, field, rule, format string, args ...any) {
	c.problems = append(c.problems, Problem{Severity: sev, Field: field, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

// Check returns the DCAT-AP.de problems of d as the Exporter would publish
// it for the organisation org (which may be nil). Violations make GovData's
// validator report an error; warnings are recommendations or values the
// export has to leave out. The checks follow the SHACL shapes of DCAT-AP
// 3.0.0 and DCAT-AP.de 3.0 and the DCAT-AP.de conventions.
func Check(d *municat.Dataset, org *municat.Organization) []Problem {
	c := &checker{}
	if d.Title.IsEmpty() {
		c.add(Violation, "title", ruleTitle, "Der Datensatz hat keinen Titel. Geben Sie einen kurzen, aussagekräftigen Titel an, z. B. „Baumkataster der Stadt Musterstadt“.")
	}
	if d.Description.IsEmpty() {
		c.add(Violation, "description", ruleDescription, "Der Datensatz hat keine Beschreibung. Beschreiben Sie in ein paar Sätzen, welche Daten er enthält, woher sie stammen und wie aktuell sie sind.")
	}
	checkPublisher(c, d, org)
	checkContact(c, d.ContactPoint)
	if len(d.Keywords) == 0 {
		c.add(Warning, "keywords", ruleRecommended, "Der Datensatz hat keine Schlagwörter. Schlagwörter helfen, ihn bei GovData zu finden; geben Sie einige an, z. B. „Bäume“, „Umwelt“.")
	}
	if len(d.Themes) == 0 {
		c.add(Warning, "themes", ruleRecommended, "Der Datensatz hat keine Kategorie. Wählen Sie mindestens eine der 13 EU-Kategorien, z. B. „Umwelt“.")
	}
	for i, t := range d.Themes {
		if !DataThemes.Has(t) {
			c.add(Violation, fmt.Sprintf("themes[%d]", i), ruleTheme, "Die Kategorie „%s“ gibt es in der EU-Liste nicht und wird nicht übermittelt. Wählen Sie eine der EU-Kategorien, z. B. ENVI für „Umwelt“.", t)
		}
	}
	if d.AccessRights != "" && !AccessRights.Has(d.AccessRights) {
		c.add(Violation, "access_rights", ruleAccess, "Die Zugriffsangabe „%s“ gibt es in der EU-Liste nicht. Erlaubt sind PUBLIC (öffentlich), RESTRICTED (eingeschränkt) und NON_PUBLIC (nicht öffentlich).", d.AccessRights)
	}
	if d.Frequency != "" && !Frequencies.Has(d.Frequency) {
		c.add(Violation, "frequency", ruleFrequency, "Die Aktualisierungshäufigkeit „%s“ gibt es in der EU-Liste nicht und wird nicht übermittelt. Wählen Sie z. B. „jährlich“ (ANNUAL) oder „unregelmäßig“ (IRREG).", d.Frequency)
	}
	checkLanguages(c, "languages", d.Languages)
	checkPeriod(c, d.Temporal)
	checkGeocoding(c, d, org)
	if d.Availability != "" && !PlannedAvailabilities.Has(d.Availability) {
		c.add(Violation, "availability", ruleAvail, "Die geplante Verfügbarkeit „%s“ gibt es in der EU-Liste nicht. Erlaubt sind AVAILABLE, EXPERIMENTAL, STABLE und TEMPORARY.", d.Availability)
	}
	checkContributor(c, org)
	checkLinks(c, d)
	if d.License != "" {
		checkLicenseListed(c, "license", d.License)
	}
	for i := range d.Distributions {
		checkDistribution(c, d, i, org)
	}
	return c.problems
}

func checkPublisher(c *checker, d *municat.Dataset, org *municat.Organization) {
	switch {
	case d.Publisher != nil:
		if d.Publisher.Name.IsEmpty() {
			c.add(Violation, "publisher.name", ruleAgentName, "Die veröffentlichende Stelle hat keinen Namen. Tragen Sie ihren Namen ein, z. B. „Stadt Musterstadt“.")
		}
	case org == nil || strings.TrimSpace(org.Name) == "":
		c.add(Violation, "publisher", rulePublisher, "Es fehlt die veröffentlichende Stelle. Ordnen Sie den Datensatz einer Organisation zu oder tragen Sie die veröffentlichende Stelle ein.")
	}
}

func checkContact(c *checker, cp *municat.Contact) {
	if cp == nil || *cp == (municat.Contact{}) {
		c.add(Warning, "contact_point", ruleRecommended, "Es ist keine Ansprechstelle angegeben. Nennen Sie eine Stelle mit E-Mail-Adresse, an die sich Nutzende mit Fragen wenden können.")
		return
	}
	if cp.Email == "" && cp.URL == "" && telIRI(cp.Phone) == "" {
		c.add(Violation, "contact_point", ruleContact, "Die Ansprechstelle „%s“ hat weder E-Mail-Adresse noch Web-Adresse noch Telefonnummer. Geben Sie mindestens eines davon an, am besten eine E-Mail-Adresse.", cp.Name)
	}
	if cp.Email != "" {
		if _, err := mail.ParseAddress(cp.Email); err != nil || mailtoIRI(cp.Email) == "" {
			c.add(Violation, "contact_point.email", ruleContact, "„%s“ ist keine gültige E-Mail-Adresse. Schreiben Sie sie in der Form name@musterstadt.de.", cp.Email)
		}
	}
	if cp.URL != "" && absIRI(cp.URL) == "" {
		c.add(Violation, "contact_point.url", ruleIRI, "„%s“ ist keine vollständige Web-Adresse. Sie muss mit https:// beginnen.", cp.URL)
	}
	if cp.Phone != "" && telIRI(cp.Phone) == "" {
		c.add(Warning, "contact_point.phone", ruleContact, "„%s“ ist keine Telefonnummer und wird nicht übermittelt. Schreiben Sie sie z. B. als +49 421 12345.", cp.Phone)
	}
}

func checkLanguages(c *checker, field string, langs []string) {
	for i, l := range langs {
		if LanguageIRI(l) == "" {
			c.add(Violation, fmt.Sprintf("%s[%d]", field, i), ruleLanguage, "Die Sprache „%s“ ist unbekannt und wird nicht übermittelt. Verwenden Sie zweibuchstabige Sprachcodes wie „de“ oder „en“.", l)
		}
	}
}

func checkPeriod(c *checker, p *municat.Period) {
	if p == nil {
		return
	}
	if p.Start == nil && p.End == nil {
		c.add(Warning, "temporal", rulePeriod, "Der Zeitraum hat weder Beginn noch Ende und wird nicht übermittelt. Geben Sie mindestens eines von beiden an.")
	}
	if p.Start != nil && p.End != nil && p.End.Before(*p.Start) {
		c.add(Violation, "temporal", rulePeriod, "Der Zeitraum endet (%s) vor seinem Beginn (%s). Prüfen Sie die beiden Daten.", p.End.Format("02.01.2006"), p.Start.Format("02.01.2006"))
	}
}

func checkGeocoding(c *checker, d *municat.Dataset, org *municat.Organization) {
	if d.PoliticalGeocodingLevel != "" {
		if !GeocodingLevels.Has(d.PoliticalGeocodingLevel) {
			c.add(Warning, "political_geocoding_level", ruleLevel, "Die Verwaltungsebene „%s“ ist unbekannt und wird nicht übermittelt. Erlaubt sind municipality (Kommune), administrativeDistrict (Kreis), state (Land), federal (Bund), european und international.", d.PoliticalGeocodingLevel)
		}
		return
	}
	if org == nil {
		return
	}
	if _, level := politicalGeocoding(org.AGS); level == "" {
		c.add(Warning, "political_geocoding_level", ruleLevel, "Für den Datensatz ist keine Verwaltungsebene bekannt. Tragen Sie bei der Organisation „%s“ den Amtlichen Gemeindeschlüssel (AGS) ein, dann wird sie automatisch ergänzt.", org.Name)
	}
}

func checkContributor(c *checker, org *municat.Organization) {
	switch {
	case org == nil || org.ContributorID == "":
		c.add(Warning, "contributor_ids", ruleContributor, "Es ist keine GovData-Datenbereitsteller-ID (contributorID) bekannt. GovData verlangt sie für jeden gelieferten Datensatz; tragen Sie die ID, die Sie von GovData erhalten haben, bei der Organisation ein.")
	case ContributorIRI(org.ContributorID) == "":
		c.add(Warning, "contributor_ids", ruleContributor, "Die Datenbereitsteller-ID „%s“ der Organisation „%s“ steht nicht in der GovData-Liste der Datenbereitsteller. Prüfen Sie die Schreibweise oder fragen Sie bei GovData nach.", org.ContributorID, org.Name)
	}
}

func checkLinks(c *checker, d *municat.Dataset) {
	check := func(field, v string) {
		if v != "" && absIRI(v) == "" {
			c.add(Warning, field, ruleIRI, "„%s“ ist keine vollständige Web-Adresse und wird nicht übermittelt. Sie muss mit https:// beginnen.", v)
		}
	}
	check("landing_page", d.LandingPage)
	for _, l := range []struct {
		field string
		list  []string
	}{{"pages", d.Pages}, {"conforms_to", d.ConformsTo}, {"references", d.References}, {"legislation", d.Legislation}} {
		for i, v := range l.list {
			check(fmt.Sprintf("%s[%d]", l.field, i), v)
		}
	}
	if d.Spatial != nil {
		for i, v := range d.Spatial.URIs {
			check(fmt.Sprintf("spatial.uris[%d]", i), v)
		}
	}
}

// checkLicenseListed warns about a licence that is not in the DCAT-AP.de
// list.
func checkLicenseListed(c *checker, field, lic string) {
	if _, ok := LicenseFor(lic); !ok {
		c.add(Warning, field, ruleLicenseList, "Die Lizenz „%s“ steht nicht in der DCAT-AP.de-Lizenzliste, GovData kann sie nicht zuordnen. Wählen Sie eine Lizenz aus der Liste, z. B. „%s“.", lic, exampleLicense())
	}
}

// exampleLicense returns the name of the licence suggested in messages.
func exampleLicense() string {
	if l, ok := LicenseFor("dl-by-de/2.0"); ok {
		return l.Name
	}
	return "dl-by-de/2.0"
}
