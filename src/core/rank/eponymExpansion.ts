/**
 * Query expansion by eponym: "the Zipfian rate" also asks for Zipf, when some indexed paper has
 * an author of that name (index/lexicon.ts), so his papers can match by their author field.
 */
import type { PaperIndex, WeightedTerm } from '../index/paperIndex';
import { eponymBases } from '../text/eponyms';
import { tokenize } from '../text/analyze';
import { DEFAULT_PARAMETERS } from './parameters';

/**
 * Surname terms behind the eponymous adjectives of `text`, at `weight`. By default a surname
 * counts twice a word the passage says once: it points at one person's work as directly as a
 * title name does, but can only match the short author field. (At 1, Zipf's two cited books
 * stayed at ranks 21–22 for "the Zipfian rate"; DESIGN.md.)
 */
export function eponymExpansions(index: PaperIndex, text: string, weight = DEFAULT_PARAMETERS.eponymWeight): WeightedTerm[] {
  if (weight <= 0) return [];
  const out: WeightedTerm[] = [];
  for (const token of new Set(tokenize(text))) {
    for (const base of eponymBases(token)) {
      if (index.isSurname(base) && !out.some((t) => t.term === base)) out.push({ term: base, weight });
    }
  }
  return out;
}
