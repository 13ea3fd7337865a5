package rdf

import (
	"encoding/xml"
	"strconv"
	"strings"
)

// declare binds the namespaces that se declares.
func (d *rdfxmlDecoder) declare(se xml.StartElement) error {
	for _, a := range se.Attr {
		var prefix string
		switch {
		case a.Name.Space == "xmlns":
			prefix = a.Name.Local
		case a.Name.Space == "" && a.Name.Local == "xmlns":
		default:
			continue
		}
		switch {
		case prefix == "xmlns" || a.Value == xmlnsNS:
			return d.errorf("the xmlns prefix and namespace cannot be declared")
		case (prefix == "xml") != (a.Value == xmlNS):
			return d.errorf("the xml prefix is bound to %s only", xmlNS)
		case prefix != "" && a.Value == "":
			return d.errorf("namespace prefix %q cannot be undeclared", prefix)
		}
		d.ns = append(d.ns, nsBinding{prefix, normalizeAttr(a.Value)})
	}
	return nil
}

// lookup returns the namespace IRI bound to prefix ("" for the default
// namespace, which may be unbound).
func (d *rdfxmlDecoder) lookup(prefix string) (string, error) {
	if prefix == "xml" {
		return xmlNS, nil
	}
	for i := len(d.ns) - 1; i >= 0; i-- {
		if d.ns[i].prefix == prefix {
			return d.ns[i].iri, nil
		}
	}
	if prefix == "" {
		return "", nil
	}
	return "", d.errorf("namespace prefix %q is not declared", prefix)
}

// expand returns the IRI an element or attribute name stands for.
func (d *rdfxmlDecoder) expand(n xml.Name, attr bool) (string, error) {
	if !isNCName(n.Local) || n.Space != "" && !isNCName(n.Space) {
		return "", d.errorf("<%s> is not a namespace-qualified XML name", qname(n))
	}
	if attr && n.Space == "" {
		return n.Local, nil
	}
	if n.Space == "xmlns" {
		return "", d.errorf("the xmlns prefix cannot name <%s>", qname(n))
	}
	ns, err := d.lookup(n.Space)
	if err != nil {
		return "", err
	}
	if ns == "" {
		return "", d.errorf("element <%s> is in no namespace", qname(n))
	}
	if !isAbsoluteIRI(ns + n.Local) {
		return "", d.errorf("the namespace of <%s> gives no absolute IRI", qname(n))
	}
	// Dot segments are removed as from the IRIs of rdf:about and
	// rdf:resource (and Turtle's), so that an IRI read from a name is the
	// one the encoder's rdf:resource reads back.
	iri, err := resolveIRI("", ns+n.Local)
	if err != nil {
		return "", d.errorf("%v", err)
	}
	return escapeIRIChars(iri), nil
}

// scope returns the base IRI and language of se, inherited from the
// enclosing element and changed by xml:base and xml:lang.
func (d *rdfxmlDecoder) scope(se xml.StartElement) (base, lang string, err error) {
	base, lang = d.base, ""
	if n := len(d.stack); n > 0 {
		base, lang = d.stack[n-1].base, d.stack[n-1].lang
	}
	for _, a := range se.Attr {
		if a.Name.Space != "xml" {
			continue
		}
		switch a.Name.Local {
		case "base":
			t, err := d.resolve(base, normalizeAttr(a.Value))
			if err != nil {
				return "", "", err
			}
			base = t.Value
		case "lang":
			lang = normalizeAttr(a.Value)
		}
	}
	return base, lang, nil
}

// attrs returns the attributes of se that RDF/XML gives meaning to, with
// expanded names: namespace declarations, xml:* attributes and other
// names starting with "xml" are left out; the unqualified names ID, about,
// resource, parseType and type mean the rdf: ones; other unqualified
// attributes are ignored.
func (d *rdfxmlDecoder) attrs(se xml.StartElement) ([]xmlAttr, error) {
	var out []xmlAttr
	for _, a := range se.Attr {
		if a.Name.Space == "" && a.Name.Local == "xmlns" || strings.HasPrefix(strings.ToLower(a.Name.Space), "xml") {
			continue
		}
		var iri string
		if a.Name.Space == "" {
			switch {
			case strings.HasPrefix(strings.ToLower(a.Name.Local), "xml"):
				continue
			case a.Name.Local == "ID" || a.Name.Local == "about" || a.Name.Local == "resource" ||
				a.Name.Local == "parseType" || a.Name.Local == "type":
				iri = RDF + a.Name.Local
			default:
				continue
			}
		} else {
			var err error
			if iri, err = d.expand(a.Name, true); err != nil {
				return nil, err
			}
		}
		for _, b := range out {
			if b.iri == iri {
				return nil, d.errorf("attribute <%s> given twice", iri)
			}
		}
		out = append(out, xmlAttr{iri, normalizeAttr(a.Value)})
	}
	return out, nil
}

// normalizeAttr applies XML attribute-value normalisation to the white
// space that encoding/xml leaves as it is.
func normalizeAttr(s string) string {
	if !strings.ContainsAny(s, "\t\n\r") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

// rdfElement starts the rdf:RDF document element.
func (d *rdfxmlDecoder) rdfElement(se xml.StartElement, mark int) error {
	base, lang, err := d.scope(se)
	if err != nil {
		return err
	}
	attrs, err := d.attrs(se)
	if err != nil {
		return err
	}
	for _, a := range attrs {
		if strings.HasPrefix(a.iri, RDF) {
			return d.errorf("rdf:RDF must not have the attribute <%s>", a.iri)
		}
	}
	d.stack = append(d.stack, xmlFrame{kind: frameRDF, name: se.Name, nsMark: mark, base: base, lang: lang})
	return nil
}

// nodeElement starts a node element whose parent is the open element at
// index parent (-1 for none).
func (d *rdfxmlDecoder) nodeElement(se xml.StartElement, mark, parent int) error {
	iri, err := d.expand(se.Name, false)
	if err != nil {
		return err
	}
	if !isNodeElementName(iri) {
		return d.errorf("<%s> cannot be a node element", qname(se.Name))
	}
	base, lang, err := d.scope(se)
	if err != nil {
		return err
	}
	attrs, err := d.attrs(se)
	if err != nil {
		return err
	}
	var subj Term
	var props []xmlAttr
	for _, a := range attrs {
		switch a.iri {
		case rdfID, rdfNodeID, rdfAbout:
			if !subj.IsZero() {
				return d.errorf("node element <%s> may have only one of rdf:ID, rdf:nodeID and rdf:about", qname(se.Name))
			}
			switch a.iri {
			case rdfID:
				subj, err = d.idIRI(base, a.value)
			case rdfNodeID:
				subj, err = d.nodeID(a.value)
			default:
				subj, err = d.resolve(base, a.value)
			}
			if err != nil {
				return err
			}
		default:
			if !isPropertyAttrName(a.iri) {
				return d.errorf("attribute <%s> is not allowed on node element <%s>", a.iri, qname(se.Name))
			}
			props = append(props, a)
		}
	}
	if subj.IsZero() {
		subj = d.newBlank()
	}
	d.attach(parent, subj)
	if iri != rdfDescription {
		d.emit(subj, IRI(RDFType), IRI(iri))
	}
	for _, a := range props {
		o, err := d.attrObject(a, base, lang)
		if err != nil {
			return err
		}
		d.emit(subj, IRI(a.iri), o)
	}
	d.stack = append(d.stack, xmlFrame{kind: frameNode, name: se.Name, nsMark: mark, base: base, lang: lang, subject: subj})
	return nil
}

// propertyElement starts a property element of the node element at index
// parent.
func (d *rdfxmlDecoder) propertyElement(se xml.StartElement, mark, parent int) error {
	iri, err := d.expand(se.Name, false)
	if err != nil {
		return err
	}
	if !isPropertyElementName(iri) {
		return d.errorf("<%s> cannot be a property element", qname(se.Name))
	}
	if iri == rdfLi {
		d.stack[parent].li++
		iri = RDF + "_" + strconv.Itoa(d.stack[parent].li)
	}
	f := xmlFrame{kind: frameProp, name: se.Name, nsMark: mark, subject: d.stack[parent].subject, pred: IRI(iri)}
	if f.base, f.lang, err = d.scope(se); err != nil {
		return err
	}
	attrs, err := d.attrs(se)
	if err != nil {
		return err
	}
	parseType, hasParseType := "", false
	for _, a := range attrs {
		switch a.iri {
		case rdfID:
			f.reif, err = d.idIRI(f.base, a.value)
		case rdfParseType:
			parseType, hasParseType = a.value, true
		case rdfResource, rdfNodeID:
			if !f.res.IsZero() {
				return d.errorf("property element <%s> may have only one of rdf:resource and rdf:nodeID", qname(se.Name))
			}
			if a.iri == rdfResource {
				f.res, err = d.resolve(f.base, a.value)
			} else {
				f.res, err = d.nodeID(a.value)
			}
		case rdfDatatype:
			var dt Term
			dt, err = d.resolve(f.base, a.value)
			f.datatype = dt.Value
		default:
			if !isPropertyAttrName(a.iri) {
				return d.errorf("attribute <%s> is not allowed on property element <%s>", a.iri, qname(se.Name))
			}
			f.props = append(f.props, a)
		}
		if err != nil {
			return err
		}
	}
	switch {
	case hasParseType && (!f.res.IsZero() || f.datatype != "" || len(f.props) > 0):
		return d.errorf("rdf:parseType on <%s> allows no rdf:resource, rdf:nodeID, rdf:datatype or property attributes", qname(se.Name))
	case f.datatype != "" && (!f.res.IsZero() || len(f.props) > 0):
		return d.errorf("rdf:datatype on <%s> allows no rdf:resource, rdf:nodeID or property attributes", qname(se.Name))
	case !hasParseType:
	case parseType == "Resource":
		f.kind = frameResource
		n := d.newBlank()
		d.emitReified(f.subject, f.pred, n, f.reif)
		f.subject = n
	case parseType == "Collection":
		f.kind = frameCollection
	default:
		f.kind = frameLiteral
		d.lit.Reset()
		d.litNS = d.litNS[:0]
	}
	d.stack = append(d.stack, f)
	return nil
}
