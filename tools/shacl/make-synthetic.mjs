#!/usr/bin/env node
// Writes a synthetic DCAT-AP.de catalogue with N datasets (one CSV distribution each) as Turtle,
// for measuring validation time: node make-synthetic.mjs 1000 > /tmp/cat-1000.ttl
// Every linked resource is typed, so the output conforms to both profiles.
const n = Number(process.argv[2] || 1000);
if (!Number.isInteger(n) || n < 1) {
  console.error('usage: node make-synthetic.mjs N');
  process.exit(2);
}
const B = 'https://musterstadt.example';
const EU = 'http://publications.europa.eu/resource/authority';
const themes = ['ENVI', 'TRAN', 'GOVE', 'EDUC', 'ECON'];
const out = [
  '@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .',
  '@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .',
  '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .',
  '@prefix dcatde: <http://dcat-ap.de/def/dcatde/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .',
  `<${B}/catalog> a dcat:Catalog ; dct:title "Katalog"@de ; dct:description "Synthetisch"@de ;`,
  `  dct:publisher <${B}/org> ; foaf:homepage <${B}/> ;`,
  `  dcat:dataset ${Array.from({ length: n }, (_, i) => `<${B}/dataset/d${i}>`).join(', ')} .`,
  `<${B}/org> a foaf:Agent ; foaf:name "Stadt Musterstadt"@de .`,
  `<${B}/> a foaf:Document .`,
  `<${B}/contact> a vcard:Kind, vcard:Organization ; vcard:fn "Stadt"@de ; vcard:hasEmail <mailto:info@musterstadt.example> .`,
  `<${EU}/frequency/ANNUAL> a dct:Frequency .`,
  `<${EU}/file-type/CSV> a dct:MediaTypeOrExtent .`,
  `<https://www.iana.org/assignments/media-types/text/csv> a dct:MediaType .`,
  `<http://dcat-ap.de/def/licenses/dl-by-de/2.0> a dct:LicenseDocument .`,
];
for (let i = 0; i < n; i++) {
  const d = `${B}/dataset/d${i}`;
  out.push(
    `<${d}> a dcat:Dataset ; dct:title "Datensatz ${i}"@de ; dct:description "Beschreibung ${i}"@de ;`,
    `  dct:identifier "${d}" ; dct:publisher <${B}/org> ; dcat:contactPoint <${B}/contact> ;`,
    `  dcat:keyword "k${i % 50}"@de ; dcat:theme <${EU}/data-theme/${themes[i % themes.length]}> ;`,
    `  dct:accrualPeriodicity <${EU}/frequency/ANNUAL> ; dct:modified "2025-01-10"^^xsd:date ;`,
    `  dcatde:contributorID <http://dcat-ap.de/def/contributors/berlinOpenData> ;`,
    `  dcat:landingPage <${d}.html> ; dcat:distribution <${d}/csv> .`,
    `<${d}.html> a foaf:Document .`,
    `<${d}/csv> a dcat:Distribution ; dct:title "CSV"@de ; dcat:accessURL <${d}/f.csv> ; dcat:downloadURL <${d}/f.csv> ;`,
    `  dct:format <${EU}/file-type/CSV> ; dcat:mediaType <https://www.iana.org/assignments/media-types/text/csv> ;`,
    `  dct:license <http://dcat-ap.de/def/licenses/dl-by-de/2.0> ; dcat:byteSize "${1000 + i}"^^xsd:nonNegativeInteger .`,
    `<${d}/f.csv> a rdfs:Resource .`,
  );
}
console.log(out.join('\n'));
