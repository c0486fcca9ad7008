#!/usr/bin/env node
// Builds data/default-corpus.jsonl, the corpus bundled with the extension, from a saved
// Hugging Face Daily Papers listing (page text: some page chrome, then title / abstract pairs,
// paragraphs separated by blank lines).
//
//   node scripts/build-default-corpus.mjs [seed.txt] [--out file.jsonl] [--expect N]
//
// Default seed: ../shared/seed/000_e250a2ca35a48f7a.txt relative to the project root; default
// output: data/default-corpus.jsonl. Plain Node, no dependencies.
//
// Each line: {id, title, abstract, authors, year, venue, url, doi, bibkey}, the corpus format of
// acl-anthology.jsonl.gz. The listing gives no authors, year, URL, DOI or arXiv id, so authors is
// [] and year/url/doi/bibkey are null: nothing is made up. id is `hf:<slug of the title>`. A
// citation key is made (makeCitationKey) when the user cites one of these papers.
//
// Fails (exit 1, `build-default-corpus: file:line: ...`) when the text is not chrome followed by
// title / abstract pairs, and when the number of papers differs from the one expected for a
// known seed (or --expect).

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_SEED = resolve(ROOT, '../shared/seed/000_e250a2ca35a48f7a.txt');
const DEFAULT_OUT = resolve(ROOT, 'data/default-corpus.jsonl');
const VENUE = 'Hugging Face Daily Papers';

/** Papers expected in the seeds we know, by file name. */
const EXPECTED = { '000_e250a2ca35a48f7a.txt': 70 };

/** Page chrome of a Daily Papers listing, matched against a whole paragraph. */
const CHROME = [
  /^new$/i,
  /^get trending papers in your email inbox!?$/i,
  /^subscribe$/i,
  /^daily papers$/i,
  /^by\s*ak and the research community$/i,
  // The listing date: "Jul 30", "July 30, 2025".
  /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?$/i,
];

/** A title is one short line; an abstract a long paragraph. */
const MAX_TITLE = 300;
const MIN_ABSTRACT = 200;

class SeedError extends Error {}

function fail(file, line, message) {
  throw new SeedError(`build-default-corpus: ${file}:${line}: ${message}`);
}

/** Paragraphs (runs of non-blank lines) with the 1-based line each starts on. */
function paragraphs(text) {
  const out = [];
  let current;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') {
      current = undefined;
    } else if (current) {
      current.lines.push(line);
    } else {
      current = { line: i + 1, lines: [line] };
      out.push(current);
    }
  });
  return out.map((p) => ({ line: p.line, lineCount: p.lines.length, text: p.lines.join(' ') }));
}

/**
 * The LaTeX the listing carries over from arXiv metadata (`\textemdash`, `\%`, `--`, ``...''),
 * as plain text. In titles `~` is a tie
 * ("Byte-~and Word-Level"); in abstracts it is kept, as it often means "about" or a range.
 */
function plain(text, isTitle) {
  let s = text
    .replace(/\\textemdash(?:\{\})?/g, '\u2014')
    .replace(/\\textendash(?:\{\})?/g, '\u2013')
    .replace(/\\textless(?:\{\})?/g, '<')
    .replace(/\\textgreater(?:\{\})?/g, '>')
    .replace(/\\([%&#_$])/g, '$1')
    // TeX ligatures for dashes and quotes, written out as the characters they make.
    .replace(/---/g, '\u2014')
    .replace(/--/g, '\u2013')
    .replace(/``/g, '\u201c')
    .replace(/''/g, '\u201d');
  if (isTitle) s = s.replace(/~/g, ' ');
  return s.replace(/\s+/g, ' ').trim();
}

const isChrome = (text) => CHROME.some((re) => re.test(text));
const looksLikeTitle = (p) => p.lineCount === 1 && p.text.length <= MAX_TITLE;
const looksLikeAbstract = (p) => p.text.length >= MIN_ABSTRACT;

/** Title / abstract pairs of a listing; throws a located SeedError when it is not one. */
export function parseListing(text, file) {
  const paras = paragraphs(text);
  let i = 0;
  // Leading chrome: known lines only. Anything else must already be the first title.
  while (i < paras.length && isChrome(paras[i].text)) i++;
  if (i === 0) fail(file, paras[0]?.line ?? 1, 'no page chrome ("Daily Papers", the date, ...) at the top: is this a Daily Papers listing?');
  const papers = [];
  for (; i < paras.length; i += 2) {
    const title = paras[i];
    const abstract = paras[i + 1];
    if (!looksLikeTitle(title)) {
      fail(file, title.line, `expected a paper title (one line of at most ${MAX_TITLE} characters), found ${title.lineCount} line(s), ${title.text.length} characters: ${JSON.stringify(title.text.slice(0, 60))}`);
    }
    if (isChrome(title.text)) fail(file, title.line, `page chrome ${JSON.stringify(title.text)} among the papers`);
    if (!abstract) fail(file, title.line, `title ${JSON.stringify(title.text)} has no abstract after it`);
    if (!looksLikeAbstract(abstract)) {
      fail(file, abstract.line, `expected the abstract of ${JSON.stringify(title.text)} (a paragraph of at least ${MIN_ABSTRACT} characters), found ${JSON.stringify(abstract.text.slice(0, 60))}`);
    }
    papers.push({ line: title.line, title: plain(title.text, true), abstract: plain(abstract.text, false) });
  }
  return papers;
}

/** `hf:` + the title, ASCII-folded, lower-case, non-alphanumeric runs as single hyphens. */
export function slug(title) {
  return title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The corpus lines for a listing's text. */
export function buildCorpus(text, file) {
  const papers = parseListing(text, file);
  const ids = new Map();
  return papers.map((p) => {
    const id = `hf:${slug(p.title)}`;
    if (id === 'hf:') fail(file, p.line, `title ${JSON.stringify(p.title)} gives an empty id`);
    if (ids.has(id)) fail(file, p.line, `title ${JSON.stringify(p.title)} gives the id ${id} of the paper at line ${ids.get(id)}`);
    ids.set(id, p.line);
    return { id, title: p.title, abstract: p.abstract, authors: [], year: null, venue: VENUE, url: null, doi: null, bibkey: null };
  });
}

function main(argv) {
  let seed = DEFAULT_SEED;
  let out = DEFAULT_OUT;
  let expect;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') out = resolve(argv[++i] ?? fail('argv', i + 1, '--out needs a file'));
    else if (a === '--expect') expect = Number(argv[++i]);
    else if (a.startsWith('--')) fail('argv', i + 1, `unknown option ${a}`);
    else seed = resolve(a);
  }
  const records = buildCorpus(readFileSync(seed, 'utf8'), seed);
  expect ??= EXPECTED[basename(seed)];
  console.log(`build-default-corpus: ${records.length} papers in ${seed}`);
  if (expect !== undefined && records.length !== expect) {
    fail(seed, 1, `found ${records.length} papers, expected ${expect}`);
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  console.log(`build-default-corpus: wrote ${out}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof SeedError) && e?.code !== 'ENOENT') throw e;
    console.error(e instanceof SeedError ? e.message : `build-default-corpus: ${e.message}`);
    process.exit(1);
  }
}
