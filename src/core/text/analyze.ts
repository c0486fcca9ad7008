/**
 * Text analysis shared by the index and the query side: one definition of what a "term" is, so
 * a word in a draft and the same word in an abstract always meet.
 */
import { stemmer } from 'stemmer';
import { STOPWORDS } from './stopwords';
import { FNV_OFFSET, FNV_PRIME, TermTable } from '../index/termTable';
import { COMPOUND, HYPHEN, MAX_JOINED_PARTS, isHyphen, wordForms } from './wordForms';

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const ALL_DIGITS = /^\d+$/;

// Stemming dominates analysis time on large corpora; words repeat heavily, so memoise.
const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 200_000;

/** Lower-cases, folds accents ("Müller" -> "muller"): how every token is compared. */
export function normalizeWord(word: string): string {
  const lower = word.toLowerCase();
  // Only pay for NFD when there is something outside ASCII.
  return /[^\x00-\x7f]/.test(lower) ? lower.normalize('NFD').replace(COMBINING_MARKS, '') : lower;
}

/**
 * Maps one token to its index term, or undefined for tokens that carry no topic:
 * stopwords, single characters and bare numbers (years, section numbers).
 *
 * @example processTerm('Models') // 'model'
 */
export function processTerm(token: string): string | undefined {
  const word = normalizeWord(token);
  if (word.length < 2 || STOPWORDS.has(word) || ALL_DIGITS.test(word)) return undefined;
  let stem = stemCache.get(word);
  if (stem === undefined) {
    stem = stemmer(word);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, stem);
  }
  return stem;
}

/**
 * The raw word tokens of a text, in order: runs of letters and digits (any script), each word
 * followed by its other forms (see wordForms: the pieces of "PersonaChat", and after a hyphenated
 * word its parts joined). Slashes, apostrophes and hyphens split words.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const compound of text.match(COMPOUND) ?? []) out.push(...formsOf(compound));
  return out;
}

// Most words are plain lower-case runs, which have no other form.
const PLAIN = /^[\p{L}\p{N}][\p{Ll}\p{N}]*$/u;
const formsOf = (compound: string): string[] => (PLAIN.test(compound) ? [compound] : wordForms(compound));

/** The terms one word (no hyphen) stands for: null for none, one term, or its forms' terms. */
function termsOfWord(word: string): string | string[] | null {
  const forms = formsOf(word);
  if (forms.length === 1) return processTerm(word) ?? null;
  const terms = forms.map((form) => processTerm(form)).filter((t): t is string => t !== undefined);
  return terms.length === 0 ? null : terms.length === 1 ? terms[0] : terms;
}

// Analysing a 100k-paper corpus meets 12M tokens but only ~200k distinct ones: each distinct
// token's term is remembered (null: no term), which skips lower-casing, the stopword and digit
// tests and the stem lookup. ASCII text is scanned in place and looked up by hash (TermTable),
// so a token that was seen before costs no substring and no string hashing.
const TOKEN_CACHE_LIMIT = 500_000;
let tokens = new TermTable();
let termOfToken: (string | string[] | null)[] = [];
// Imported bindings are getters under tsx's CommonJS transform: copied once, not read per character.
const HASH_OFFSET = FNV_OFFSET;
const HASH_PRIME = FNV_PRIME;

function termOf(token: string, start: number, end: number, hash: number): string | string[] | null {
  const id = tokens.find(token, start, end, hash);
  if (id >= 0) return termOfToken[id];
  if (tokens.size >= TOKEN_CACHE_LIMIT) {
    tokens = new TermTable();
    termOfToken = [];
  }
  const term = termsOfWord(token.slice(start, end));
  termOfToken[tokens.intern(token, start, end, hash)] = term;
  return term;
}

/** Whether a code unit outside ASCII is a letter or digit, by code unit: 1 yes, 2 no. */
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const unitClass = new Uint8Array(0x10000);

function isWordUnit(code: number): boolean {
  let c = unitClass[code];
  if (c === 0) unitClass[code] = c = WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 2;
  return c === 1;
}

/** Whether a word character starts at `i`. */
function wordStartsAt(text: string, i: number): boolean {
  if (i >= text.length) return false;
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  if (c >= 0xd800 && c <= 0xdbff) return WORD_CHAR.test(text.slice(i, i + 2));
  return isWordUnit(c);
}


/**
 * The index terms of a text, in order (with repeats): the same as `tokenize` then `processTerm`.
 * Scans for word runs by hand: letters and digits of ASCII inline, other code units by their
 * Unicode class, surrogate pairs as one character (a lone surrogate is no letter). A run that
 * ends at a hyphen with another run right after continues a compound, whose joined form follows
 * its last part.
 */
export function analyze(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let compoundStart = -1;
  let hyphens = 0;
  for (let i = 0, start = -1, hash = HASH_OFFSET; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0;
    let units = 0;
    if (c < 0x80) {
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) units = 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      if (WORD_CHAR.test(text.slice(i, i + 2))) units = 2;
    } else if (isWordUnit(c)) {
      units = 1;
    }
    if (units > 0) {
      if (start < 0) {
        start = i;
        hash = HASH_OFFSET;
      }
      hash = Math.imul(hash ^ c, HASH_PRIME);
      if (units === 2) hash = Math.imul(hash ^ text.charCodeAt(++i), HASH_PRIME);
      continue;
    }
    // A surrogate pair that is no word character is two non-word units: skipping one at a time is the same.
    if (start < 0) continue;
    const term = termOf(text, start, i, hash);
    if (typeof term === 'string') out.push(term);
    else if (term !== null) out.push(...term);
    if (isHyphen(c) && wordStartsAt(text, i + 1)) {
      if (compoundStart < 0) compoundStart = start;
      hyphens++;
    } else {
      if (compoundStart >= 0 && hyphens < MAX_JOINED_PARTS) {
        const joined = processTerm(text.slice(compoundStart, i).split(HYPHEN).join(''));
        if (joined !== undefined) out.push(joined);
      }
      compoundStart = -1;
      hyphens = 0;
    }
    start = -1;
  }
  return out;
}

/** Like `analyze`, but remembers one surface form per term, to show users which words matched. */
export function analyzeWithSurface(text: string): { terms: string[]; surface: Map<string, string> } {
  const terms: string[] = [];
  const surface = new Map<string, string>();
  for (const compound of text.match(COMPOUND) ?? []) {
    const forms = formsOf(compound);
    // The joined form of "vision-language" reads best as written.
    const joined = forms.length > 1 && compound !== forms[0] && HYPHEN.test(compound) ? forms[forms.length - 1] : undefined;
    for (const token of forms) {
      const term = processTerm(token);
      if (term === undefined) continue;
      terms.push(term);
      if (!surface.has(term)) surface.set(term, token === joined ? compound : token);
    }
  }
  return { terms, surface };
}
