/**
 * Citation keys and BibTeX entries for records that are not yet in the user's bibliography.
 *
 * Output is UTF-8: non-ASCII letters are written as they are, not as `{\"u}` accents. biber and
 * bibtex8 read UTF-8 .bib files, and classic BibTeX 0.99 passes the bytes through (with
 * `\usepackage[utf8]{inputenc}`, the default since LaTeX 2018); only its sorting of such names is
 * approximate. Every entry is written so that it parses back to the same title, authors, year and
 * DOI (see test/unit/cite/bibtexEntry.test.ts, which parses it with citation-js).
 */

import type { PaperRecord } from '../model';

// ---------------------------------------------------------------------------------------------
// Text helpers

/** Letters that NFKD does not decompose into an ASCII base letter plus marks. */
const FOLD_EXTRA: Record<string, string> = {
  ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L',
  đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'Th', ı: 'i', ĸ: 'k', ŋ: 'ng', Ŋ: 'Ng',
};
const FOLD_EXTRA_RE = new RegExp(`[${Object.keys(FOLD_EXTRA).join('')}]`, 'g');
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Strips accents and maps the few Latin letters NFKD leaves alone to ASCII; other scripts pass
 * through unchanged. `asciiFold('Müller-Łukasiewicz')` gives `'Muller-Lukasiewicz'`.
 */
export function asciiFold(s: string): string {
  if (!NON_ASCII.test(s)) return s;
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(FOLD_EXTRA_RE, (c) => FOLD_EXTRA[c] ?? c);
}

/** Name suffixes that follow the last name in a display name ("Martin Luther King Jr."). */
const NAME_SUFFIX = /^(?:jr|sr|ii|iii|iv)\.?$/i;

/** A display name split the way BibTeX's "von Last, Jr, First" form needs it. */
export interface NameParts {
  first: string;
  /** Lower-case particles before the last name: "van", "de la", ... */
  von: string;
  last: string;
  jr: string;
}

/**
 * Splits a "First von Last Jr." display name. A name that already contains a comma is read as
 * "Last, First" or "Last, Jr, First". A single word is a last name.
 * `splitName('Gertjan van Noord')` gives `{first: 'Gertjan', von: 'van', last: 'Noord', jr: ''}`.
 */
export function splitName(name: string): NameParts {
  const clean = name.replace(/\s+/g, ' ').trim();
  if (clean.includes(',')) {
    const parts = clean.split(',').map((p) => p.trim());
    // "Martin Luther King, Jr." is a display name with a suffix, not "Last, First".
    if (parts.length === 2 && NAME_SUFFIX.test(parts[1]!)) {
      return { ...splitName(parts[0]!), jr: parts[1]! };
    }
    const lastPart = parts[0] ?? '';
    const first = parts.length >= 3 ? parts.slice(2).join(', ') : (parts[1] ?? '');
    const jr = parts.length >= 3 ? (parts[1] ?? '') : '';
    const words = lastPart.split(' ').filter(Boolean);
    let i = 0;
    while (i < words.length - 1 && isParticle(words[i]!)) i++;
    return { first, von: words.slice(0, i).join(' '), last: words.slice(i).join(' '), jr };
  }
  const words = clean.split(' ').filter(Boolean);
  let jr = '';
  if (words.length >= 3 && NAME_SUFFIX.test(words[words.length - 1]!)) jr = words.pop()!;
  if (words.length <= 1) return { first: '', von: '', last: words[0] ?? '', jr };
  const last = words.pop()!;
  // Particles: lower-case words right before the last name, never the first word.
  let v = words.length;
  while (v > 1 && isParticle(words[v - 1]!)) v--;
  return { first: words.slice(0, v).join(' '), von: words.slice(v).join(' '), last, jr };
}

function isParticle(word: string): boolean {
  return /^\p{Ll}/u.test(word);
}

// ---------------------------------------------------------------------------------------------
// Citation keys

/**
 * Words skipped when picking the title word of a key: articles, prepositions, conjunctions and the
 * auxiliaries that start question titles ("Is attention interpretable?" gives `...attention`).
 */
export const KEY_STOPWORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'on', 'of', 'in', 'into', 'onto', 'to', 'towards', 'toward', 'for', 'from',
  'with', 'without', 'within', 'at', 'by', 'via', 'as', 'about', 'and', 'or', 'but', 'nor',
  'is', 'are', 'was', 'were', 'be', 'do', 'does', 'did', 'how', 'what', 'why', 'when', 'where',
  'which', 'who', 'whether',
]);

/** Lower-case ASCII letters and digits of `s` only. */
function keyPart(s: string): string {
  return asciiFold(s).toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/**
 * The title word of a key: the first whitespace-separated word that is not a stopword, reduced to
 * ASCII letters and digits (so "T-REG:" gives "treg", "LLM's" gives "llms"). Falls back to the
 * first non-empty word, then to "untitled".
 */
function keyTitleWord(title: string): string {
  const words = title
    .split(/\s+/)
    .map(keyPart)
    .filter((w) => w.length > 0);
  return words.find((w) => !KEY_STOPWORDS.has(w)) ?? words[0] ?? 'untitled';
}

/**
 * `lastnameYEARfirstword`, e.g. `vaswani2017attention`, made unique against `existingKeys` by
 * appending a, b, ..., z, aa, ab, ... (`vaswani2017attentiona`). The function does not add the
 * result to `existingKeys`: callers generating several keys add each one themselves.
 *
 * Parts: the first author's last name with its particles ("van Noord" gives "vannoord"),
 * ASCII-folded and reduced to [a-z0-9]. The year, left out when unknown. The title word, see
 * `keyTitleWord`. Without a usable author name (none, or no Latin letters or digits) the key is
 * `firstwordYEAR`, e.g. `zeroshot` or `title2020`: readable, and never starting with a digit.
 */
export function makeCitationKey(record: Pick<PaperRecord, 'authors' | 'year' | 'title'>, existingKeys: ReadonlySet<string>): string {
  const first = record.authors[0];
  let name = '';
  if (first !== undefined) {
    const parts = splitName(first);
    name = keyPart(parts.von + parts.last);
  }
  const year = record.year !== undefined && Number.isFinite(record.year) ? String(record.year) : '';
  const word = keyTitleWord(record.title);
  const base = name ? `${name}${year}${word}` : `${word}${year}`;
  if (!existingKeys.has(base)) return base;
  for (let n = 1; ; n++) {
    const candidate = base + letterSuffix(n);
    if (!existingKeys.has(candidate)) return candidate;
  }
}

/** 1 → a, 26 → z, 27 → aa (bijective base 26). */
function letterSuffix(n: number): string {
  let s = '';
  while (n > 0) {
    n--;
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Escaping

const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  // `\{` would be counted as an open brace by BibTeX's brace matching, so braces are spelled out.
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/**
 * Escapes the LaTeX special characters `\ & % $ # _ { } ~ ^` so the text prints as written.
 * The result never contains an unbalanced brace. `escapeLatex('50% & $x$')` gives `50\% \& \$x\$`.
 */
export function escapeLatex(s: string): string {
  return s.replace(/[\\&%$#_{}~^]/g, (c) => LATEX_SPECIALS[c]!);
}

/**
 * Escapes a title and braces the words whose capitals must survive a sentence-case style:
 * acronyms and mixed case (`{BERT}`, `{LLMs}`, `{GPT}-4`, `{iPhone}`) and single capital letters
 * after the first word. Capitalised ordinary words ("Attention") are left for the style.
 */
function protectTitle(title: string): string {
  const words = title.replace(/\s+/g, ' ').trim().split(' ');
  return words.map((word, index) => protectWord(word, index === 0)).join(' ');
}

function protectWord(word: string, isFirst: boolean): string {
  // Leading and trailing punctuation stay outside the braces, so a brace group never starts with a
  // backslash (BibTeX would read `{\...}` as a "special character" and change its case).
  const m = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(word);
  const lead = m?.[1] ?? '';
  const core = m?.[2] ?? '';
  const trail = m?.[3] ?? '';
  if (core === '') return escapeLatex(word);
  const protectedCore = core
    .split('-')
    .map((part) => (needsProtection(part, isFirst) ? `{${escapeLatex(part)}}` : escapeLatex(part)))
    .join('-');
  return escapeLatex(lead) + protectedCore + escapeLatex(trail);
}

function needsProtection(part: string, isFirst: boolean): boolean {
  const letters = part.replace(/[^\p{L}]/gu, '');
  if (letters.length === 0) return false;
  // A lone capital letter ("Vitamin C", "Do I"), except the first word and the article "A".
  if (letters.length === 1) return part.length === 1 && /^\p{Lu}$/u.test(part) && part !== 'A' && !isFirst;
  // Any capital after the first letter: BERT, LLMs, GrAInS, iPhone, T2I.
  return /\p{Lu}/u.test(letters.slice(1));
}

/** Fields that biblatex reads verbatim: no escaping, but braces must stay balanced. */
function verbatim(s: string): string {
  return s.replace(/[{}\s]/g, (c) => (c === '{' ? '%7B' : c === '}' ? '%7D' : '%20'));
}

/** One author in "von Last, Jr, First" form; names containing " and " are braced whole. */
function formatAuthor(name: string): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  if (/\sand\s/i.test(clean)) return `{${escapeLatex(clean)}}`;
  const { first, von, last, jr } = splitName(clean);
  const lastFull = escapeLatex([von, last].filter(Boolean).join(' '));
  if (!first && !jr) return lastFull;
  return [lastFull, jr && escapeLatex(jr), escapeLatex(first)].filter((p) => p !== '').join(', ');
}

// ---------------------------------------------------------------------------------------------
// Entries

/** Venue field by entry type. */
const VENUE_FIELD: Record<string, string> = {
  article: 'journal',
  inproceedings: 'booktitle',
  conference: 'booktitle',
  incollection: 'booktitle',
  techreport: 'institution',
  phdthesis: 'school',
  mastersthesis: 'school',
  book: 'publisher',
};

const KNOWN_TYPES = new Set([
  'article', 'book', 'booklet', 'conference', 'inbook', 'incollection', 'inproceedings', 'manual',
  'mastersthesis', 'misc', 'phdthesis', 'proceedings', 'techreport', 'unpublished', 'online',
]);

const CONFERENCE_VENUE = /proceedings|conference|advances in neural information processing|workshop|symposium|meeting|congress|colloquium|\b(?:acl|naacl|eacl|emnlp|coling|lrec|neurips|nips|icml|iclr|aaai|ijcai|cvpr|iccv|eccv|sigir|kdd|interspeech|icassp)\b/i;
const JOURNAL_VENUE = /journal|transactions|letters|magazine|review|\bcommunications\b|^computational linguistics$|\b(?:tacl|jmlr|tpami)\b/i;
const ARXIV_VENUE = /^\s*(?:arxiv|corr)\b/i;

/**
 * The BibTeX type for a record: its own `type` when it is a BibTeX type; `@misc` with an eprint
 * for an arXiv-only record; `@inproceedings` for conference-like venues; `@article` for journals;
 * `@misc` (venue as `howpublished`) otherwise.
 */
function bibtexType(record: PaperRecord): string {
  if (record.type && KNOWN_TYPES.has(record.type)) return record.type;
  const venue = record.venue?.trim() ?? '';
  if (venue === '' || ARXIV_VENUE.test(venue)) return 'misc';
  if (CONFERENCE_VENUE.test(venue)) return 'inproceedings';
  if (JOURNAL_VENUE.test(venue)) return 'article';
  return 'misc';
}

/** Characters that cannot appear in a BibTeX key. */
const BAD_KEY = /[\s,{}()"#%'=\\]/;

/**
 * A BibTeX entry for `record` under `key`, fields aligned, ending with a newline:
 * ```
 * @inproceedings{vaswani2017attention,
 *   title     = {Attention Is All You Need},
 *   author    = {Vaswani, Ashish and Shazeer, Noam},
 *   booktitle = {Advances in Neural Information Processing Systems},
 *   year      = {2017}
 * }
 * ```
 * arXiv records get `eprint` and `archivePrefix = {arXiv}` (no `primaryClass`: records do not
 * carry it). The abstract only with `abstract: true`: a user's .bib is for typesetting, and a
 * whole abstract there is noise in every diff (and some styles print it). Throws
 * `formatBibtex: invalid citation key` for a key BibTeX cannot read.
 */
export function formatBibtex(record: PaperRecord, key: string, { abstract = false }: { abstract?: boolean } = {}): string {
  if (key === '' || BAD_KEY.test(key)) {
    throw new RangeError(`formatBibtex: invalid citation key ${JSON.stringify(key)}`);
  }
  const type = bibtexType(record);
  const fields: [string, string][] = [];
  fields.push(['title', protectTitle(record.title)]);
  if (record.authors.length > 0) fields.push(['author', record.authors.map(formatAuthor).join(' and ')]);
  const venue = record.venue?.trim();
  if (venue && !(type === 'misc' && ARXIV_VENUE.test(venue) && record.arxiv)) {
    fields.push([VENUE_FIELD[type] ?? 'howpublished', escapeLatex(venue)]);
  }
  if (record.year !== undefined && Number.isFinite(record.year)) fields.push(['year', String(record.year)]);
  if (record.doi) fields.push(['doi', verbatim(record.doi)]);
  if (record.url) fields.push(['url', verbatim(record.url)]);
  if (record.arxiv) {
    fields.push(['eprint', verbatim(record.arxiv)]);
    fields.push(['archivePrefix', 'arXiv']);
  }
  if (abstract && record.abstract && record.abstract.trim() !== '') {
    fields.push(['abstract', escapeLatex(record.abstract.replace(/\s+/g, ' ').trim())]);
  }
  const width = Math.max(...fields.map(([name]) => name.length));
  const body = fields.map(([name, value]) => `  ${name.padEnd(width)} = {${value}}`).join(',\n');
  return `@${type}{${key},\n${body}\n}\n`;
}
