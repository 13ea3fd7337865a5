package dcat

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/municat/municat"
)

// distName names a distribution in messages: its German title, else its
// format, else its number.
func distName(dist *municat.Distribution, i int) string {
	if t := dist.Title.String(); t != "" {
		return "Die Distribution „" + t + "“"
	}
	if dist.Format != "" {
		return "Die Distribution „" + dist.Format + "“"
	}
	return fmt.Sprintf("Die %d. Distribution", i+1)
}

func checkDistribution(c *checker, d *municat.Dataset, i int, org *municat.Organization) {
	dist := &d.Distributions[i]
	field := fmt.Sprintf("distributions[%d]", i)
	name := distName(dist, i)
	lic := first(dist.License, d.License)
	switch {
	case lic == "":
		c.add(Violation, field+".license", ruleLicense, "%s hat keine Lizenz. Bis Sie eine wählen, nennt der DCAT-Export „Andere geschlossene Lizenz“, und die Daten gelten nicht als offen. Wählen Sie eine Lizenz aus der DCAT-AP.de-Liste, z. B. „%s“.", name, exampleLicense())
	case dist.License != "":
		checkLicenseListed(c, field+".license", dist.License)
	}
	if l, ok := LicenseFor(lic); ok && l.Attribution && dist.LicenseAttribution == "" && publisherName(d, org) == "" {
		c.add(Warning, field+".license_attribution", ruleAttribution, "%s steht unter der Lizenz „%s“, die eine Namensnennung verlangt, aber es ist kein Namensnennungstext angegeben. Tragen Sie ein, wie die Quelle genannt werden soll, z. B. „Stadt Musterstadt“.", name, l.Name)
	}
	switch {
	case dist.AccessURL == "" && dist.DownloadURL == "" && dist.FileKey == "":
		c.add(Violation, field+".access_url", ruleAccessURL, "%s hat keine Zugangsadresse. Geben Sie die Web-Adresse an, unter der die Daten abrufbar sind, oder laden Sie die Datei hoch.", name)
	case dist.AccessURL != "" && absIRI(dist.AccessURL) == "":
		c.add(Violation, field+".access_url", ruleAccessURL, "%s: „%s“ ist keine vollständige Web-Adresse. Sie muss mit https:// beginnen.", name, dist.AccessURL)
	}
	if dist.DownloadURL != "" && absIRI(dist.DownloadURL) == "" {
		c.add(Violation, field+".download_url", ruleIRI, "%s: „%s“ ist keine vollständige Web-Adresse. Sie muss mit https:// beginnen.", name, dist.DownloadURL)
	}
	if dist.Format == "" {
		c.add(Warning, field+".format", ruleFormat, "%s hat kein Format. Geben Sie das Dateiformat an, z. B. CSV oder GeoJSON.", name)
	} else if code, known := FormatCode(dist.Format); !known || code != dist.Format {
		c.add(Warning, field+".format", ruleFormat, "%s hat das Format „%s“, das nicht in der EU-Liste der Dateiformate steht, und wird ohne Format übermittelt. Wählen Sie ein Format aus der Liste, z. B. CSV, XLSX, GEOJSON oder WMS_SRVC.", name, dist.Format)
	}
	if mt := dist.MediaType; mt != "" {
		switch {
		case MediaTypeIRI(mt) == "":
			c.add(Violation, field+".media_type", ruleMediaType, "%s: „%s“ ist kein gültiger Medientyp und wird nicht übermittelt. Medientypen sehen so aus: text/csv, application/json.", name, mt)
		case strings.Contains(mt, "/x-"):
			c.add(Warning, field+".media_type", ruleMediaType, "%s: Der Medientyp „%s“ ist nicht bei der IANA registriert. Verwenden Sie wenn möglich einen registrierten Typ, z. B. application/zip statt application/x-zip-compressed.", name, mt)
		}
	}
	if dist.ByteSize < 0 {
		c.add(Violation, field+".byte_size", ruleByteSize, "%s hat eine negative Dateigröße (%d). Geben Sie die Größe in Byte an oder lassen Sie das Feld leer.", name, dist.ByteSize)
	}
	checkChecksum(c, field, name, dist.Checksum)
	checkLanguages(c, field+".languages", dist.Languages)
	if dist.Availability != "" && !PlannedAvailabilities.Has(dist.Availability) {
		c.add(Violation, field+".availability", ruleAvail, "%s hat die Verfügbarkeit „%s“, die es in der EU-Liste nicht gibt. Erlaubt sind AVAILABLE, EXPERIMENTAL, STABLE und TEMPORARY.", name, dist.Availability)
	}
	if dist.Status != "" && !DistributionStatuses.Has(dist.Status) {
		c.add(Violation, field+".status", ruleStatus, "%s hat den Status „%s“, den es in der EU-Liste nicht gibt. Erlaubt sind COMPLETED, DEPRECATED, DEVELOP und WITHDRAWN.", name, dist.Status)
	}
}

func checkChecksum(c *checker, field, name string, cs *municat.Checksum) {
	if cs == nil {
		return
	}
	alg := strings.ToLower(strings.TrimSpace(cs.Algorithm))
	if cs.Value == "" || alg == "" {
		c.add(Violation, field+".checksum", ruleChecksum, "%s hat eine unvollständige Prüfsumme. Geben Sie Verfahren (z. B. sha256) und Wert an oder lassen Sie die Prüfsumme weg.", name)
		return
	}
	if _, err := hex.DecodeString(cs.Value); err != nil {
		c.add(Violation, field+".checksum.value", ruleChecksum, "%s: Die Prüfsumme „%s“ ist keine Hexadezimalzahl (nur 0–9 und a–f).", name, cs.Value)
		return
	}
	if n, ok := checksumLengths[alg]; ok && len(cs.Value) != n {
		c.add(Violation, field+".checksum.value", ruleChecksum, "%s: Eine %s-Prüfsumme hat %d Hexadezimalstellen, angegeben sind %d. Prüfen Sie den Wert.", name, alg, n, len(cs.Value))
	} else if !ok {
		c.add(Warning, field+".checksum.algorithm", ruleChecksum, "%s: Das Prüfsummenverfahren „%s“ ist unbekannt. Üblich ist sha256.", name, cs.Algorithm)
	}
}

// publisherName returns the name the exporter uses for attribution.
func publisherName(d *municat.Dataset, org *municat.Organization) string {
	if d.Publisher != nil {
		return d.Publisher.Name.String()
	}
	if org != nil {
		return org.Name
	}
	return ""
}
