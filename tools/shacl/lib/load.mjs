// Loading RDF files into an RDF/JS dataset, offline.
//
// Formats are chosen by file extension: .ttl (Turtle), .nt (N-Triples), .rdf/.owl/.xml (RDF/XML),
// .jsonld (JSON-LD, inline contexts only: remote contexts are refused, nothing is fetched).
// Every triple goes to the default graph; blank nodes are renamed per file so that two files
// can never share a blank node by accident.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Parser as N3Parser } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { JsonLdParser } from 'jsonld-streaming-parser';
import rdf from '@zazuko/env';

const FORMATS = {
  '.ttl': 'turtle',
  '.nt': 'ntriples',
  '.rdf': 'rdfxml',
  '.owl': 'rdfxml',
  '.xml': 'rdfxml',
  '.jsonld': 'jsonld',
};

let fileCounter = 0;

/** LoadError is a problem with an input file (missing, unknown format, parse error). */
export class LoadError extends Error {}

/**
 * Parses `file` and adds its triples to `dataset`. Returns the number of triples read.
 * Throws LoadError for unreadable files, unknown extensions and syntax errors.
 */
export async function loadInto(dataset, file) {
  const format = FORMATS[path.extname(file).toLowerCase()];
  if (!format) {
    throw new LoadError(`${file}: unknown file type (want one of ${Object.keys(FORMATS).join(' ')})`);
  }
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new LoadError(`${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  const baseIRI = pathToFileURL(path.resolve(file)).href;
  const prefix = `f${fileCounter++}_`;
  const rename = (t) => (t.termType === 'BlankNode' ? rdf.blankNode(prefix + t.value) : t);
  let n = 0;
  const add = (q) => {
    dataset.add(rdf.quad(rename(q.subject), q.predicate, rename(q.object)));
    n++;
  };
  try {
    if (format === 'turtle' || format === 'ntriples') {
      const parser = new N3Parser({ baseIRI, format: format === 'turtle' ? 'Turtle' : 'N-Triples', factory: rdf });
      for (const q of parser.parse(text)) add(q);
    } else {
      const parser =
        format === 'rdfxml'
          ? new RdfXmlParser({ baseIRI, dataFactory: rdf })
          : new JsonLdParser({ baseIRI, dataFactory: rdf, documentLoader: noRemoteContexts });
      await new Promise((resolve, reject) => {
        parser.on('data', add).on('error', reject).on('end', resolve);
        parser.write(text);
        // rdfxml-streaming-parser never closes its XML tokenizer, so a truncated document
        // would pass unnoticed; closing it reports unclosed elements as errors.
        if (format === 'rdfxml') parser.saxParser.close();
        parser.end();
      });
    }
  } catch (e) {
    throw new LoadError(`${file}: ${format} syntax error: ${e.message}`);
  }
  return n;
}

// noRemoteContexts is a JSON-LD document loader that refuses every remote context.
const noRemoteContexts = {
  async load(url) {
    throw new Error(`remote JSON-LD context ${url} not allowed (offline); inline the context`);
  },
};
