/**
 * Text analysis shared by the index and the query side: one definition of what a "term" is, so
 * a word in a draft and the same word in an abstract always meet.
 */
import { stemmer } from 'stemmer';
import { STOPWORDS } from './stopwords';

/** Words: runs of letters and digits (any script). Hyphens, slashes and apostrophes split words. */
const WORD = /[\p{L}\p{N}]+/gu;
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

/** The raw word tokens of a text, in order. */
export function tokenize(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** The index terms of a text, in order (with repeats). */
export function analyze(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    const term = processTerm(token);
    if (term !== undefined) out.push(term);
  }
  return out;
}

/** Like `analyze`, but remembers one surface form per term, to show users which words matched. */
export function analyzeWithSurface(text: string): { terms: string[]; surface: Map<string, string> } {
  const terms: string[] = [];
  const surface = new Map<string, string>();
  for (const token of tokenize(text)) {
    const term = processTerm(token);
    if (term === undefined) continue;
    terms.push(term);
    if (!surface.has(term)) surface.set(term, token);
  }
  return { terms, surface };
}
