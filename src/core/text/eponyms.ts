/**
 * Adjectives made from a person's name: "Zipfian", "Gricean", "Bayesian", "Chomskyan". A draft
 * that writes "the Zipfian rate" is pointing at Zipf's work without naming him, so the name
 * behind the adjective is worth looking for among the authors (rank/eponymExpansion.ts).
 */
import { processTerm } from './analyze';

const SUFFIXES: { suffix: string; keep: string[] }[] = [
  // Zipf-ian, Darwin-ian; Euclid-ean, Gric(e)-ean; Chomsky-an.
  { suffix: 'ian', keep: [''] },
  { suffix: 'ean', keep: ['', 'e'] },
  { suffix: 'an', keep: [''] },
];
/** Shorter bases are mostly ordinary words ("hum-an", "med-ian"). */
const MIN_BASE = 4;

/**
 * The index terms of the names an adjective may come from; the caller keeps those that are
 * authors' surnames.
 *
 * @example eponymBases('Gricean') // ['grice'] (as index terms; 'gric' is too short)
 */
export function eponymBases(word: string): string[] {
  const lower = word.toLowerCase();
  const out: string[] = [];
  for (const { suffix, keep } of SUFFIXES) {
    if (!lower.endsWith(suffix)) continue;
    for (const tail of keep) {
      const base = lower.slice(0, lower.length - suffix.length) + tail;
      if (base.length < MIN_BASE) continue;
      const term = processTerm(base);
      if (term !== undefined && !out.includes(term)) out.push(term);
    }
  }
  return out;
}
