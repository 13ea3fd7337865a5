package csw

import (
	"context"
	"slices"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// Capabilities is what a CSW service says of itself in its
// GetCapabilities document, as far as harvesting needs it.
type Capabilities struct {
	// Title is the service's title (ows:ServiceIdentification/ows:Title).
	Title string
	// Provider is the name of the service's provider.
	Provider string
	// Versions are the service type versions it offers, e.g. "2.0.2".
	Versions []string
	// Operations are the names of the operations it offers, e.g.
	// "GetRecords".
	Operations []string
	// OutputSchemas are the outputSchema values GetRecords accepts; empty
	// if the document does not list them.
	OutputSchemas []string
}

// Probe fetches the GetCapabilities document of the service at src.URL
// and checks that it can be harvested: a CSW that offers version 2.0.2,
// the GetRecords operation and, if it lists its output schemas, ISO 19139
// (http://www.isotc211.org/2005/gmd). It returns the capabilities, and an
// error matching municat.ErrUnavailable with a German message when the
// service cannot be reached, answers with an exception or with no
// capabilities document, or lacks one of these.
func (f *Fetcher) Probe(ctx context.Context, src *municat.Source) (*Capabilities, error) {
	ep, err := parseEndpoint(src.URL)
	if err != nil {
		return nil, err
	}
	u := ep.getCapabilities()
	shown := redact(u)
	body, _, err := harvester.GetBody(ctx, f.Client, u, harvester.GetOptions{MaxBytes: f.MaxBytes, Accept: Accept, Retries: f.Retries, Backoff: f.Backoff})
	if err != nil {
		return nil, err
	}
	c, err := parseCapabilities(body, shown)
	if err != nil {
		return nil, err
	}
	switch {
	case !slices.Contains(c.Versions, "2.0.2"):
		return c, municat.Errorf(municat.EUNAVAILABLE, "Der Katalogdienst %s bietet CSW nicht in Version 2.0.2 an (angeboten: %s)", shown, listOr(c.Versions))
	case !slices.Contains(c.Operations, "GetRecords"):
		return c, municat.Errorf(municat.EUNAVAILABLE, "Der Katalogdienst %s bietet die Operation GetRecords nicht an (angeboten: %s)", shown, listOr(c.Operations))
	case len(c.OutputSchemas) > 0 && !slices.Contains(c.OutputSchemas, nsGMD):
		return c, municat.Errorf(municat.EUNAVAILABLE, "Der Katalogdienst %s liefert keine Datensätze im ISO-19139-Format (outputSchema %s); angeboten: %s", shown, nsGMD, listOr(c.OutputSchemas))
	}
	return c, nil
}

// parseCapabilities reads a CSW 2.0.2 capabilities document.
func parseCapabilities(body []byte, u string) (*Capabilities, error) {
	r := &tokenReader{d: decoder(body)}
	root, err := rootElement(r)
	if err != nil {
		return nil, readError(err, u)
	}
	if isOWS(root.Name, "ExceptionReport") {
		return nil, exceptionError(r, root, u)
	}
	if root.Name.Local != "Capabilities" {
		return nil, municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s ist kein Capabilities-Dokument, sondern ein <%s>-Dokument; ist die Adresse die eines CSW-Katalogdienstes?", u, root.Name.Local)
	}
	doc, err := r.readElement(root)
	if err != nil {
		return nil, readError(err, u)
	}
	c := &Capabilities{}
	for _, k := range doc.kids {
		switch {
		case isOWS(k.name, "ServiceIdentification"):
			for _, s := range k.kids {
				switch {
				case isOWS(s.name, "Title") && c.Title == "":
					c.Title = s.text
				case isOWS(s.name, "ServiceTypeVersion") && s.text != "":
					c.Versions = append(c.Versions, s.text)
				}
			}
		case isOWS(k.name, "ServiceProvider"):
			for _, s := range k.kids {
				if isOWS(s.name, "ProviderName") {
					c.Provider = s.text
				}
			}
		case isOWS(k.name, "OperationsMetadata"):
			c.readOperations(k)
		}
	}
	if len(c.Versions) == 0 { // the root's version attribute, then
		for _, a := range root.Attr {
			if a.Name.Local == "version" && a.Name.Space == "" && strings.TrimSpace(a.Value) != "" {
				c.Versions = append(c.Versions, strings.TrimSpace(a.Value))
			}
		}
	}
	return c, nil
}

// readOperations reads ows:OperationsMetadata: the operation names and
// GetRecords' outputSchema values.
func (c *Capabilities) readOperations(om *element) {
	for _, op := range om.kids {
		if !isOWS(op.name, "Operation") {
			continue
		}
		name := op.attr("", "name")
		c.Operations = append(c.Operations, name)
		if name != "GetRecords" {
			continue
		}
		for _, p := range op.kids {
			if !isOWS(p.name, "Parameter") || !strings.EqualFold(p.attr("", "name"), "outputSchema") {
				continue
			}
			for _, v := range p.kids {
				if isOWS(v.name, "Value") && v.text != "" {
					c.OutputSchemas = append(c.OutputSchemas, v.text)
				}
			}
		}
	}
}

// listOr joins list for a message, or says that it is empty.
func listOr(list []string) string {
	if len(list) == 0 {
		return "keine"
	}
	return strings.Join(list, ", ")
}
