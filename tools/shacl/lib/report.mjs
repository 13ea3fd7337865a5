// Turning an rdf-validate-shacl report into plain result records, a text listing and JSON.
import rdf from '@zazuko/env';

const SH = 'http://www.w3.org/ns/shacl#';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const SEVERITY_ORDER = { Violation: 0, Warning: 1, Info: 2 };

/**
 * term renders an RDF term as one string: an IRI as itself, a blank node as `_:label`, a literal
 * in N-Triples syntax (`"text"`, `"text"@de`, `"5"^^<…#integer>`). The three forms cannot be
 * confused, because an IRI never starts with `"` or `_:`.
 */
export function term(t) {
  if (!t) return '';
  switch (t.termType) {
    case 'NamedNode':
      return t.value;
    case 'BlankNode':
      return `_:${t.value}`;
    case 'Literal': {
      const lex = JSON.stringify(t.value);
      if (t.language) return `${lex}@${t.language}`;
      if (t.datatype && t.datatype.value !== XSD_STRING) return `${lex}^^<${t.datatype.value}>`;
      return lex;
    }
    default:
      return t.value;
  }
}

// pickMessage prefers German (the DCAT-AP.de shapes' language), then English, then any message.
function pickMessage(literals) {
  const by = (lang) => literals.find((l) => l.language === lang);
  const m = by('de') || by('en') || by('') || literals[0];
  return m ? m.value.replace(/\s+/g, ' ').trim() : '';
}

// fallbackMessage explains results for which neither the shape nor rdf-validate-shacl has a
// message (sh:class, sh:nodeKind, …), from the constraint parameters of the source shape.
function fallbackMessage(shapes, shape, component) {
  const name = component ? component.value.replace(SH, '').replace(/ConstraintComponent$/, '') : 'unknown';
  const param = (p) => {
    const o = shape ? [...shapes.match(shape, rdf.namedNode(SH + p), null)] : [];
    return o.length ? term(o[0].object) : '';
  };
  switch (name) {
    case 'Class':
      return `Value does not have class ${param('class')}`;
    case 'NodeKind':
      return `Value does not have node kind ${param('nodeKind').replace(SH, 'sh:')}`;
    default:
      return `${name} constraint not satisfied`;
  }
}

/** results returns the plain, sorted result records of a validation report. */
export function results(report, shapes) {
  const out = report.results.map((r) => {
    const severity = r.severity ? r.severity.value.replace(SH, '') : 'Violation';
    return {
      severity,
      focus: term(r.focusNode),
      path: term(r.path),
      value: term(r.value),
      shape: term(r.sourceShape),
      component: term(r.sourceConstraintComponent),
      message: pickMessage(r.message) || fallbackMessage(shapes, r.sourceShape, r.sourceConstraintComponent),
    };
  });
  const key = (r) => [SEVERITY_ORDER[r.severity] ?? 9, r.focus, r.path, r.shape, r.value, r.message].join('\u0000');
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** counts returns the number of results per severity. */
export function counts(list) {
  const c = { violations: 0, warnings: 0, infos: 0 };
  for (const r of list) {
    if (r.severity === 'Warning') c.warnings++;
    else if (r.severity === 'Info') c.infos++;
    else c.violations++;
  }
  return c;
}

// Prefixes for the text listing only (the JSON report carries full IRIs).
const PREFIXES = [
  ['https://semiceu.github.io/DCAT-AP/releases/3.0.0/shacl/dcat-ap-SHACL.ttl#', 'semic300:'],
  ['http://dcat-ap.de/def/dcatde/3.0/shacl/', 'de30:'],
  ['http://publications.europa.eu/resource/authority/', 'euvoc:'],
  ['http://dcat-ap.de/def/dcatde/', 'dcatde:'],
  ['http://www.w3.org/ns/dcat#', 'dcat:'],
  ['http://purl.org/dc/terms/', 'dct:'],
  ['http://xmlns.com/foaf/0.1/', 'foaf:'],
  ['http://data.europa.eu/r5r/', 'dcatap:'],
  ['http://www.w3.org/2006/vcard/ns#', 'vcard:'],
  ['http://www.w3.org/2004/02/skos/core#', 'skos:'],
  ['http://www.w3.org/ns/adms#', 'adms:'],
  ['http://spdx.org/rdf/terms#', 'spdx:'],
  ['http://www.w3.org/2001/XMLSchema#', 'xsd:'],
  ['http://www.w3.org/ns/locn#', 'locn:'],
  ['http://www.w3.org/ns/shacl#', 'sh:'],
].sort((a, b) => b[0].length - a[0].length);

function short(s) {
  if (!s) return '-';
  for (const [ns, p] of PREFIXES) {
    if (s.startsWith(ns)) return p + s.slice(ns.length);
    s = s.replaceAll(`<${ns}`, `<${p}`);
  }
  return s;
}

/** text renders the results and the summary line for people. */
export function text(list, c) {
  const lines = [];
  for (const r of list) {
    lines.push(`${r.severity.toUpperCase()} focus=${short(r.focus)} path=${short(r.path)} value=${short(r.value)}`);
    lines.push(`    shape=${short(r.shape)} (${short(r.component)})`);
    lines.push(`    ${r.message}`);
  }
  lines.push(`conforms=${c.violations === 0} violations=${c.violations} warnings=${c.warnings} infos=${c.infos}`);
  return lines.join('\n');
}
