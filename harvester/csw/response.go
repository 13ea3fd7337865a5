package csw

import (
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/municat/municat"
)

// results is what Fetch needs of one GetRecords response.
type results struct {
	// matched is numberOfRecordsMatched: the size of the whole listing.
	matched int
	// returned is numberOfRecordsReturned as the server wrote it (-1 if
	// absent).
	returned int
	// next is nextRecord (-1 if absent): where the next page starts, 0
	// after the last page.
	next int
	// records are the ISO 19139 records (gmd:MD_Metadata or
	// gmi:MI_Metadata) of the page, in order.
	records []*element
	// foreign counts the other records of the page, e.g. csw:Record when a
	// server ignores outputSchema.
	foreign     int
	foreignName string
}

// maxCount is the largest record count believed; more is a broken server.
const maxCount = 1 << 40

// parseResults reads a GetRecords response. It returns an error matching
// municat.ErrUnavailable, with a German message naming u, for an
// ows:ExceptionReport, a body that is no XML or ends too early, a DTD, a
// document that exceeds the reader's limits, and a document that is no
// GetRecordsResponse or lacks numberOfRecordsMatched.
func parseResults(body []byte, u string) (*results, error) {
	r := &tokenReader{d: decoder(body)}
	root, err := rootElement(r)
	if err != nil {
		return nil, readError(err, u)
	}
	switch {
	case isOWS(root.Name, "ExceptionReport"):
		return nil, exceptionError(r, root, u)
	case root.Name.Space != nsCSW || root.Name.Local != "GetRecordsResponse":
		return nil, municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s ist keine CSW-GetRecords-Antwort, sondern ein <%s>-Dokument; ist die Adresse die eines CSW-2.0.2-Katalogdienstes?", u, root.Name.Local)
	}
	res, found := &results{returned: -1, next: -1}, false
	for {
		tok, err := r.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, readError(err, u)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Space != nsCSW || se.Name.Local != "SearchResults" {
			if err := r.skip(); err != nil {
				return nil, readError(err, u)
			}
			continue
		}
		if found {
			return nil, municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s enthält mehr als ein csw:SearchResults-Element", u)
		}
		found = true
		if err := res.readSearchResults(r, se, u); err != nil {
			return nil, err
		}
	}
	if !found {
		return nil, municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s enthält kein csw:SearchResults-Element", u)
	}
	if len(res.records) == 0 && res.foreign > 0 {
		return nil, municat.Errorf(municat.EUNAVAILABLE, "Der Katalogdienst lieferte die Datensätze nicht im ISO-19139-Format (gmd:MD_Metadata), sondern als <%s> (%s). Unterstützt er outputSchema=%s nicht?", res.foreignName, u, nsGMD)
	}
	return res, nil
}

// rootElement returns the start of the document's root element.
func rootElement(r *tokenReader) (xml.StartElement, error) {
	for {
		tok, err := r.next()
		if err != nil {
			return xml.StartElement{}, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se, nil
		}
	}
}

// readSearchResults reads the attributes and records of csw:SearchResults.
func (res *results) readSearchResults(r *tokenReader, se xml.StartElement, u string) error {
	attrs := map[string]string{}
	for _, a := range se.Attr {
		attrs[a.Name.Local] = strings.TrimSpace(a.Value)
	}
	matched, ok := count(attrs["numberOfRecordsMatched"])
	if !ok {
		return municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s nennt keine gültige Trefferzahl (numberOfRecordsMatched=%q)", u, municat.Shorten(attrs["numberOfRecordsMatched"], 40))
	}
	res.matched = matched
	if v, ok := attrs["numberOfRecordsReturned"]; ok {
		if res.returned, ok = count(v); !ok {
			return municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s nennt eine ungültige Zahl gelieferter Datensätze (numberOfRecordsReturned=%q)", u, municat.Shorten(v, 40))
		}
	}
	if v, ok := attrs["nextRecord"]; ok {
		if res.next, ok = count(v); !ok {
			return municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s nennt eine ungültige nächste Position (nextRecord=%q)", u, municat.Shorten(v, 40))
		}
	}
	for {
		tok, err := r.next()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return readError(err, u)
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			if t.Name.Local == "MD_Metadata" && t.Name.Space == nsGMD || t.Name.Local == "MI_Metadata" && t.Name.Space == nsGMI {
				e, err := r.readElement(t)
				if err != nil {
					return readError(err, u)
				}
				res.records = append(res.records, e)
				continue
			}
			res.foreign++
			if res.foreignName == "" {
				res.foreignName = t.Name.Local
			}
			if err := r.skip(); err != nil {
				return readError(err, u)
			}
		}
	}
}

// count parses a non-negative record count.
func count(s string) (int, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 || n > maxCount {
		return 0, false
	}
	return int(n), true
}

// isOWS reports whether n is the OWS element local in any OWS version.
func isOWS(n xml.Name, local string) bool {
	return n.Local == local && slices.Contains(owsNamespaces, n.Space)
}

// exceptionError reads an ows:ExceptionReport and returns its message.
func exceptionError(r *tokenReader, root xml.StartElement, u string) error {
	report, err := r.readElement(root)
	if err != nil {
		return municat.Errorf(municat.EUNAVAILABLE, "Der Katalogdienst meldete auf %s einen Fehler (ows:ExceptionReport), der nicht lesbar war", u)
	}
	var parts []string
	for _, ex := range report.kids {
		if !isOWS(ex.name, "Exception") {
			continue
		}
		var msg []string
		for _, t := range ex.kids {
			if isOWS(t.name, "ExceptionText") && t.text != "" {
				msg = append(msg, t.text)
			}
		}
		part := strings.Join(msg, " ")
		if c := ex.attr("", "exceptionCode"); c != "" && part != "" {
			part = c + ": " + part
		} else if c != "" {
			part = c
		}
		if l := ex.attr("", "locator"); l != "" {
			part += " (" + l + ")"
		}
		if part != "" {
			parts = append(parts, part)
		}
	}
	text := strings.Join(parts, "; ")
	if text == "" {
		text = "ohne Begründung"
	}
	return municat.Errorf(municat.EUNAVAILABLE, "Der Katalogdienst meldete auf %s einen Fehler: %s", u, municat.Shorten(strings.Join(strings.Fields(text), " "), 400))
}

// readError turns a failure to read a response into a German message.
func readError(err error, u string) error {
	var dtd errDTD
	var lim errLimit
	var se *xml.SyntaxError
	switch {
	case errors.As(err, &dtd) && dtd.entities:
		return municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s enthält eine Dokumenttyp-Deklaration (DOCTYPE) mit Entity-Definitionen. Solche Antworten werden aus Sicherheitsgründen nicht gelesen", u)
	case errors.As(err, &dtd):
		return municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s enthält eine Dokumenttyp-Deklaration (DOCTYPE); ein CSW-Dienst sendet keine, daher wird die Antwort nicht gelesen", u)
	case errors.As(err, &lim) && lim.deep:
		return municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s ist zu tief verschachtelt (%s) und wurde nicht gelesen; das ist kein ISO-19139-Datensatz", u, lim.what)
	case errors.As(err, &lim):
		return municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s ist zu groß (%s) und wurde nicht gelesen; bitte die Seitengröße der Quelle (page_size) verkleinern", u, lim.what)
	case err == io.EOF:
		return municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s ist leer oder enthält kein XML-Element", u)
	case isTruncated(err):
		return &municat.Error{Code: municat.EUNAVAILABLE, Message: "Die Antwort von " + u + " bricht mitten im XML ab; sie wurde wohl nicht vollständig übertragen", Err: err}
	case errors.As(err, &se):
		return &municat.Error{Code: municat.EUNAVAILABLE, Message: "Die Antwort von " + u + " ist kein gültiges XML (Zeile " + strconv.Itoa(se.Line) + ": " + municat.Shorten(se.Msg, 120) + ")", Err: err}
	}
	return &municat.Error{Code: municat.EUNAVAILABLE, Message: "Die Antwort von " + u + " ist kein lesbares XML", Err: err}
}
