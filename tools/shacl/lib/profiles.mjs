// The validation profiles: which shape files form the shapes graph and which vocabulary files
// are merged into the data graph. Paths are relative to testdata/standards (see its SOURCES.md).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** STANDARDS is the absolute path of the repository's testdata/standards directory. */
export const STANDARDS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../testdata/standards');

const SEMIC_300 = 'dcat-ap/3.0.0/shacl/dcat-ap-SHACL.ttl';

// The four DCAT-AP.de 3.0 shape files GovData's validator adds to SEMIC 3.0.0 for its
// "v30_de_spec" profile (validator/resources/config.properties of DCAT-AP.de-SHACL-Validation).
const DE_30 = [
  'dcat-ap.de/3.0/shacl/dcat-ap-SHACL-DE.ttl',
  'dcat-ap.de/3.0/shacl/dcat-ap-de-deprecated.ttl',
  'dcat-ap.de/3.0/shacl/dcat-ap-spec-german-additions.ttl',
  'dcat-ap.de/3.0/shacl/dcat-ap-de-controlledvocabularies.ttl',
];

// What the validators' owl:imports would bring into the data graph: the ontologies (so that
// sh:class sees rdfs:subClassOf, e.g. vcard:Organization ⊑ vcard:Kind) and the code lists (so
// that skos:inScheme checks find the concepts). Files under vocabularies/municat are hand-typed
// or generated (eu-nal-inscheme.nt by derive-inscheme.mjs); see SOURCES.md.
const VOCABULARIES = [
  'dcat-ap.de/validator-mirror/foaf_0_1.rdf',
  'dcat-ap.de/validator-mirror/vcard.ttl',
  'dcat-ap.de/validator-mirror/org.ttl',
  'vocabularies/eu/data-theme-filtered.rdf',
  'vocabularies/eu/filetypes-filtered.rdf',
  'vocabularies/eu/frequencies-filtered.rdf',
  'vocabularies/eu/languages-filtered.rdf',
  'vocabularies/municat/eu-nal-inscheme.nt',
  'vocabularies/municat/access-right.ttl',
  'vocabularies/municat/planned-availability.ttl',
  'vocabularies/municat/distribution-status.ttl',
  'vocabularies/adms/ADMS_SKOS_v1.00.rdf',
  'vocabularies/municat/spdx-checksum-algorithms.ttl',
  'vocabularies/dcat-ap.de/contributors-20251021.rdf',
  'vocabularies/dcat-ap.de/licenses-20200715-with-govdata-open-flags.rdf',
  'vocabularies/municat/political-geocoding-level.ttl',
];

/** PROFILES maps a profile name to its shape files and vocabulary files. */
export const PROFILES = {
  'dcat-ap-3.0.0': { shapes: [SEMIC_300], vocabularies: VOCABULARIES },
  'dcat-ap.de-3.0': { shapes: [SEMIC_300, ...DE_30], vocabularies: VOCABULARIES },
};

/** EU_NAL_FILES are the EU authority-table copies whose missing skos:inScheme derive-inscheme.mjs adds. */
export const EU_NAL_FILES = VOCABULARIES.filter((f) => f.startsWith('vocabularies/eu/'));

/** INSCHEME_FILE is the generated file holding the derived skos:inScheme triples. */
export const INSCHEME_FILE = 'vocabularies/municat/eu-nal-inscheme.nt';

/** standardsPath returns the absolute path of a file under testdata/standards. */
export function standardsPath(rel) {
  return path.join(STANDARDS, rel);
}
