/**
 * Query expansion by eponym: "the Zipfian rate" also asks for Zipf, when some indexed paper has
 * an author of that name (index/lexicon.ts), so his papers can match by their author field.
 */
import type { PaperIndex, WeightedTerm } from '../index/paperIndex';
import { eponymBases } from '../text/eponyms';
import { tokenize } from '../text/analyze';

/**
 * A surname behind an adjective counts twice a word the passage says once: it points at one
 * person's work as directly as a title name does, but can only match the short author field.
 * (At 1, Zipf's two cited books stayed at ranks 21–22 for "the Zipfian rate"; DESIGN.md.)
 */
export const EPONYM_WEIGHT = 2;

/** Surname terms behind the eponymous adjectives of `text`. */
export function eponymExpansions(index: PaperIndex, text: string): WeightedTerm[] {
  const out: WeightedTerm[] = [];
  for (const token of new Set(tokenize(text))) {
    for (const base of eponymBases(token)) {
      if (index.isSurname(base) && !out.some((t) => t.term === base)) out.push({ term: base, weight: EPONYM_WEIGHT });
    }
  }
  return out;
}
