package rdf

import (
	"cmp"
	"encoding/xml"
	"slices"
	"strings"
)

// XML literals (rdf:parseType="Literal") are written in the form of
// Exclusive XML Canonicalization (without comments): each element declares
// the namespaces it visibly uses and no output ancestor declared already,
// declarations come first (sorted by prefix, the default namespace first),
// then the attributes sorted by namespace IRI and local name; empty
// elements get an end tag; comments are dropped.

// litAttr is an attribute of an element inside an XML literal.
type litAttr struct{ ns, local, qname, value string }

// literalStart writes the start tag of an element inside an XML literal.
func (d *rdfxmlDecoder) literalStart(se xml.StartElement, mark int) error {
	litMark := len(d.litNS)
	if err := d.useNS(se.Name.Space, litMark); err != nil {
		return err
	}
	var attrs []litAttr
	for _, a := range se.Attr {
		if a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns" {
			continue
		}
		ns := ""
		if a.Name.Space != "" {
			var err error
			if ns, err = d.lookup(a.Name.Space); err != nil {
				return err
			}
			if err := d.useNS(a.Name.Space, litMark); err != nil {
				return err
			}
		}
		attrs = append(attrs, litAttr{ns, a.Name.Local, qname(a.Name), normalizeAttr(a.Value)})
	}
	decls := d.litNS[litMark:]
	slices.SortFunc(decls, func(a, b nsBinding) int { return strings.Compare(a.prefix, b.prefix) })
	slices.SortFunc(attrs, func(a, b litAttr) int { return cmp.Or(strings.Compare(a.ns, b.ns), strings.Compare(a.local, b.local)) })

	name := qname(se.Name)
	d.lit.WriteByte('<')
	d.lit.WriteString(name)
	for _, b := range decls {
		d.lit.WriteString(" xmlns")
		if b.prefix != "" {
			d.lit.WriteByte(':')
			d.lit.WriteString(b.prefix)
		}
		d.lit.WriteString(`="`)
		attrEscaper.WriteString(&d.lit, b.iri)
		d.lit.WriteByte('"')
	}
	for _, a := range attrs {
		d.lit.WriteByte(' ')
		d.lit.WriteString(a.qname)
		d.lit.WriteString(`="`)
		attrEscaper.WriteString(&d.lit, a.value)
		d.lit.WriteByte('"')
	}
	d.lit.WriteByte('>')
	d.stack = append(d.stack, xmlFrame{kind: frameLiteralInner, name: se.Name, nsMark: mark, litMark: litMark, litQName: name})
	return nil
}

// useNS records that the element being written visibly uses prefix, and
// adds a declaration (from litMark on) unless an enclosing element of the
// literal output declared the same binding.
func (d *rdfxmlDecoder) useNS(prefix string, litMark int) error {
	if prefix == "xml" {
		return nil
	}
	iri, err := d.lookup(prefix)
	if err != nil {
		return err
	}
	rendered := ""
	for i := len(d.litNS) - 1; i >= 0; i-- {
		if d.litNS[i].prefix == prefix {
			if i >= litMark {
				return nil // already declared on this element
			}
			rendered = d.litNS[i].iri
			break
		}
	}
	if rendered != iri {
		d.litNS = append(d.litNS, nsBinding{prefix, iri})
	}
	return nil
}

// writeProcInst writes a processing instruction as Exc-C14N does.
func writeProcInst(b *strings.Builder, pi xml.ProcInst) {
	b.WriteString("<?")
	b.WriteString(pi.Target)
	if inst := strings.TrimLeft(string(pi.Inst), " \t\r\n"); inst != "" {
		b.WriteByte(' ')
		b.WriteString(inst)
	}
	b.WriteString("?>")
}
