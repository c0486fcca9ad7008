// Differential test of the .bib reader against pybtex 0.24 and bibtexparser 1.1 (Debian's
// python3-pybtex, python3-bibtexparser, python3-latexcodec): for each file, the entries the
// references keep that we do not (unless one of our located errors names them), and the titles
// and first authors' family names that differ after normalising braces, spacing and Unicode form.
//
//   npm run build && node scripts/bib-diff.mjs [--show N] FILE[:ENCODING] ...
//
// ENCODING (e.g. refs.bib:latin-1) is what the reference reads the file as; we detect it ourselves.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from './bundle-core.mjs';

const { values: args, positionals: files } = parseArgs({ options: { show: { type: 'string', default: '20' } }, allowPositionals: true });
const CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');
const REFERENCE = path.join(PROJECT_ROOT, 'scripts', 'bib-diff', 'reference.py');

/**
 * Braces gone, white space (no-break included) collapsed, soft hyphens (`\-`, a hyphenation
 * hint the reference keeps as U+00AD) dropped, NFC: what the comparison ignores.
 */
const norm = (s) => (s ?? '').normalize('NFC').replace(/[{}\u00ad]/g, '').replace(/\s+/g, ' ').trim();

/**
 * Why a value differs, when the reference is the one that is off: it kept a LaTeX command it
 * does not know (pybtex's LaTeX reader leaves \TeX, \textsc, \, and accents on capitals),
 * its maths as source, or a byte it could not decode.
 */
function referenceLimit(reference) {
  if (/\\\S/.test(reference)) return 'the reference keeps a LaTeX command';
  if (reference.includes('\ufffd')) return 'the reference misread the encoding';
  if (/[$^_]/.test(reference)) return 'the reference keeps maths as source';
  return undefined;
}

const totals = { files: 0, entries: 0, lost: 0, explained: 0, titles: 0, families: 0, referenceLimits: 0 };
const differences = [];
for (const spec of files) {
  const [file, encoding = 'utf-8'] = spec.split(/:(?=[\w-]+$)/);
  const ref = JSON.parse(execFileSync('/usr/bin/python3', [REFERENCE, file, '--encoding', encoding], { encoding: 'utf8', maxBuffer: 1 << 28 }));
  let stderr = '';
  let out;
  try {
    out = execFileSync('node', [CLI, 'export', file, '--format', 'csl-json'], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = e.stdout; // exit 1: some entry could not be read; the others are written
    stderr = e.stderr;
  }
  const ours = new Map(JSON.parse(out).map((item) => [item.id, item]));
  const refKeys = new Set([...Object.keys(ref.pybtex), ...ref.bibtexparser]);
  let lost = 0;
  let explained = 0;
  for (const key of refKeys) {
    if (ours.has(key)) continue;
    // BibTeX keys are case-insensitive: a reference keeping both spellings of one key is not a loss.
    if ([...ours.keys()].some((k) => k.toLowerCase() === key.toLowerCase())) continue;
    if (stderr.includes(`"${key}"`)) explained++;
    else {
      lost++;
      differences.push({ kind: 'lost', file, key });
    }
  }
  let titles = 0;
  let families = 0;
  for (const [key, r] of Object.entries(ref.pybtex)) {
    const item = ours.get(key);
    if (!item) continue;
    const first = item.author?.[0];
    const family = first ? (first.family ?? first.literal ?? '') : '';
    for (const [kind, ourValue, refValue] of [['title', item.title, r.title], ['family', family, r.family]]) {
      if (norm(ourValue) === norm(refValue)) continue;
      const why = referenceLimit(refValue);
      if (why) totals.referenceLimits++;
      else if (kind === 'title') titles++;
      else families++;
      differences.push({ kind: why ? 'reference' : kind, file, key, ours: norm(ourValue), reference: norm(refValue), why });
    }
  }
  totals.files++;
  totals.entries += refKeys.size;
  totals.lost += lost;
  totals.explained += explained;
  totals.titles += titles;
  totals.families += families;
  console.log(`${path.basename(file)}: ${refKeys.size} entries (pybtex ${Object.keys(ref.pybtex).length}, bibtexparser ${ref.bibtexparser.length}, ours ${ours.size}); lost ${lost} (+${explained} with a located error); titles differ ${titles}; first-author family names differ ${families}${ref.errors.length ? `; reference: ${ref.errors.join('; ')}` : ''}`);
}
const show = Number(args.show);
for (const kind of ['lost', 'title', 'family', 'reference']) {
  const list = differences.filter((d) => d.kind === kind);
  if (list.length) console.log(`\n${kind} (${list.length}${list.length > show ? `, first ${show}` : ''}):`);
  for (const d of list.slice(0, show)) {
    console.log(kind === 'lost' ? `  ${path.basename(d.file)} ${d.key}` : `  ${path.basename(d.file)} ${d.key}${d.why ? ` (${d.why})` : ''}\n    ours:      ${d.ours}\n    reference: ${d.reference}`);
  }
}
console.log(`\n${JSON.stringify(totals)}`);
