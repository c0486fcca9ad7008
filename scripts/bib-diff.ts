// Differential test of the .bib reader against pybtex 0.24 and bibtexparser 1.1 (Debian's
// python3-pybtex, python3-bibtexparser, python3-latexcodec): for each file, the entries the
// references keep that we do not (unless one of our located errors names them), and the titles
// and first authors' family names that differ after normalising braces, spacing and Unicode form.
//
//   npm run bib-diff                      the committed set against its committed expectations
//   npm run bib-diff -- --update          re-read the committed set with the reference (needs it)
//   npm run bib-diff -- FILE[:ENCODING]…  any files against the installed reference
//
// ENCODING (e.g. refs.bib:latin-1) is what the reference reads the file as; we detect it ourselves.
// The committed set and its licences: test/fixtures/bib-diff/README.md.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compareFile, readOurs, type Difference, type ReferenceReading } from './bib-diff/compare';
import { FIXTURES, knownDifferences, loadExpected, type Expected } from './bib-diff/fixtures';

const { values: args, positionals: specs } = parseArgs({
  options: { show: { type: 'string', default: '20' }, update: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const REFERENCE = path.join(__dirname, 'bib-diff', 'reference.py');
const PYTHON = '/usr/bin/python3'; // Debian's, where python3-pybtex installs

function readReference(file: string, encoding: string): ReferenceReading {
  const out = execFileSync(PYTHON, [REFERENCE, file, '--encoding', encoding], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(out) as ReferenceReading;
}

/** What the reference should read a file as: UTF-8 when it is valid UTF-8, else Latin-1. */
function encodingOf(file: string): string {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
    return 'utf-8';
  } catch {
    return 'latin-1';
  }
}

const committed = () => readdirSync(FIXTURES).filter((f) => f.endsWith('.bib')).sort();

async function main(): Promise<number> {
  if (args.update) {
    const versions = execFileSync(PYTHON, ['-c', 'import pybtex, bibtexparser; print(f"pybtex {pybtex.__version__}, bibtexparser {bibtexparser.__version__}")'], { encoding: 'utf8' }).trim();
    const expected: Expected = { reference: versions, files: {} };
    for (const name of committed()) {
      const ref = readReference(path.join(FIXTURES, name), encodingOf(path.join(FIXTURES, name)));
      expected.files[name] = { ...ref, file: name };
    }
    writeFileSync(path.join(FIXTURES, 'expected.json'), `${JSON.stringify(expected, null, 1)}\n`);
    console.log(`expected.json: ${Object.keys(expected.files).length} files read by ${versions}`);
    return 0;
  }
  const expected = specs.length ? undefined : loadExpected();
  const runs: Array<{ file: string; ref: () => ReferenceReading }> = specs.length
    ? specs.map((spec) => {
        const [file, encoding = 'utf-8'] = spec.split(/:(?=[\w-]+$)/);
        return { file, ref: () => readReference(file, encoding) };
      })
    : Object.keys(expected!.files).map((name) => ({ file: path.join(FIXTURES, name), ref: () => expected!.files[name] }));
  const known = specs.length ? new Map<string, string>() : knownDifferences();
  const totals = { files: 0, entries: 0, lost: 0, explained: 0, titles: 0, families: 0, known: 0, referenceLimits: 0 };
  const shown: Array<Difference & { file: string }> = [];
  for (const { file, ref } of runs) {
    const reference = ref();
    const c = compareFile(await readOurs(file), reference);
    const name = path.basename(file);
    const count = (kind: string) => c.differences.filter((d) => d.kind === kind && !known.has(`${name} ${d.key} ${d.kind}`)).length;
    totals.files++;
    totals.entries += c.entries;
    totals.lost += c.lost;
    totals.explained += c.explained;
    totals.titles += count('title');
    totals.families += count('family');
    totals.known += c.differences.filter((d) => known.has(`${name} ${d.key} ${d.kind}`)).length;
    totals.referenceLimits += count('reference');
    shown.push(...c.differences.map((d) => ({ ...d, file: name })));
    const refErrors = reference.errors.length ? `; reference: ${reference.errors.join('; ')}` : '';
    console.log(`${name}: ${c.entries} entries; lost ${c.lost} (+${c.explained} with a located error); titles differ ${count('title')}; first-author family names differ ${count('family')}${refErrors}`);
  }
  const show = Number(args.show);
  for (const kind of ['lost', 'title', 'family', 'reference']) {
    const list = shown.filter((d) => d.kind === kind);
    if (list.length) console.log(`\n${kind} (${list.length}${list.length > show ? `, first ${show}` : ''}):`);
    for (const d of list.slice(0, show)) {
      const note = known.get(`${d.file} ${d.key} ${d.kind}`) ?? d.why;
      console.log(kind === 'lost' ? `  ${d.file} ${d.key}` : `  ${d.file} ${d.key}${note ? ` (${note})` : ''}\n    ours:      ${d.ours}\n    reference: ${d.reference}`);
    }
  }
  console.log(`\n${JSON.stringify(totals)}`);
  return totals.lost + totals.titles + totals.families > 0 ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e);
  process.exit(2);
});
