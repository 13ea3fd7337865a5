#!/usr/bin/env node
// Validates municat's DCAT output against the official DCAT-AP 3.0.0 / DCAT-AP.de 3.0 SHACL
// shapes, offline, the way the GovData (ITB) validator does: the vocabularies are merged into the
// data graph. Shapes and vocabularies live in testdata/standards (see SOURCES.md there).
//
// usage: node validate.mjs --profile dcat-ap-3.0.0|dcat-ap.de-3.0 [--json] FILE...
//   FILE: .ttl, .nt, .rdf (RDF/XML) or .jsonld; all files form one data graph.
// Output: one entry per result (severity, focus node, path, value, source shape, message) and a
// summary line "conforms=… violations=N warnings=M infos=K"; with --json one JSON object instead.
// "conforms" means no sh:Violation: warnings and infos do not count (as in the GovData report).
// Exit status: 0 no violations, 1 violations, 2 usage error or unreadable/invalid file.
import SHACLValidator from 'rdf-validate-shacl';
import rdf from '@zazuko/env';
import { loadInto, LoadError } from './lib/load.mjs';
import { PROFILES, standardsPath } from './lib/profiles.mjs';
import { counts, results, term, text } from './lib/report.mjs';

const USAGE = `usage: node validate.mjs --profile ${Object.keys(PROFILES).join('|')} [--json] FILE...`;

class UsageError extends Error {}

function parseArgs(argv) {
  const o = { profile: '', json: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--profile') o.profile = argv[++i] ?? '';
    else if (a.startsWith('--profile=')) o.profile = a.slice('--profile='.length);
    else if (a === '--json') o.json = true;
    else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (a === '--') {
      o.files.push(...argv.slice(i + 1));
      break;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else o.files.push(a);
  }
  if (!Object.hasOwn(PROFILES, o.profile)) throw new UsageError(o.profile ? `unknown profile ${o.profile}` : 'no --profile given');
  if (o.files.length === 0) throw new UsageError('no data file given');
  return o;
}

// nodesOf returns the rendered subjects and objects of a dataset (see report.term).
function nodesOf(ds) {
  const s = new Set();
  for (const q of ds) {
    s.add(term(q.subject));
    s.add(term(q.object));
  }
  return s;
}

async function run(o) {
  const profile = PROFILES[o.profile];
  const t0 = performance.now();
  const data = rdf.dataset();
  for (const f of o.files) {
    if ((await loadInto(data, f)) === 0) throw new LoadError(`${f}: contains no triples`);
  }
  const dataTriples = data.size;
  const mentioned = nodesOf(data);
  for (const f of profile.vocabularies) await loadInto(data, standardsPath(f));
  const shapes = rdf.dataset();
  for (const f of profile.shapes) await loadInto(shapes, standardsPath(f));
  const t1 = performance.now();

  const validator = new SHACLValidator(shapes, {
    factory: rdf,
    importGraph: async (url) => {
      throw new Error(`owl:imports of ${url.value} not allowed (offline)`);
    },
  });
  const report = await validator.validate(data);
  const t2 = performance.now();

  // Results about vocabulary nodes the data never mentions (e.g. the official concept schemes
  // lack the dct:title SEMIC requires) say nothing about the data: leave them out, but count them.
  const all = results(report, shapes);
  const list = all.filter((r) => mentioned.has(r.focus));
  const ignored = all.length - list.length;
  const c = counts(list);
  if (o.json) {
    const out = {
      profile: o.profile,
      files: o.files,
      conforms: c.violations === 0,
      ...c,
      ignoredVocabularyResults: ignored,
      dataTriples,
      graphTriples: data.size,
      shapeTriples: shapes.size,
      loadMs: Math.round(t1 - t0),
      validateMs: Math.round(t2 - t1),
      results: list,
    };
    process.stdout.write(JSON.stringify(out, null, 1) + '\n');
  } else {
    console.log(`profile=${o.profile} files=${o.files.length} data triples=${dataTriples} (graph ${data.size} with vocabularies; ${ignored} results about vocabulary nodes left out) load=${Math.round(t1 - t0)}ms validate=${Math.round(t2 - t1)}ms`);
    console.log(text(list, c));
  }
  return c.violations === 0 ? 0 : 1;
}

try {
  process.exitCode = await run(parseArgs(process.argv.slice(2)));
} catch (e) {
  if (e instanceof UsageError) console.error(`validate.mjs: ${e.message}\n${USAGE}`);
  else if (e instanceof LoadError) console.error(`validate.mjs: ${e.message}`);
  else console.error(`validate.mjs: ${e?.stack || e}`);
  process.exitCode = 2;
}
