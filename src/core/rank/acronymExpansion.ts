/**
 * Query expansion by acronym: a passage that writes "IAA" also asks for "inter-annotator
 * agreement". Expansions come from the passage itself first (authors define acronyms where they
 * use them), then from the definitions the indexed papers give (index/lexicon.ts).
 */
import type { PaperIndex, WeightedTerm } from '../index/paperIndex';
import { acronymDefinitions, acronymsIn } from '../text/acronyms';

/**
 * Weight of an expansion term, the same as a word the passage says once: the expansion says what
 * the acronym says. (0.5 measured no different on cite and one cited work of 71 lower on discover.)
 */
export const EXPANSION_WEIGHT = 1;

/** Expansion terms for the acronyms `text` uses. */
export function acronymExpansions(index: PaperIndex, text: string): WeightedTerm[] {
  const used = acronymsIn(text);
  if (used.size === 0) return [];
  const local = acronymDefinitions(text);
  const out: WeightedTerm[] = [];
  for (const acronym of used) {
    for (const term of local.get(acronym) ?? index.lexicon.expansion(acronym) ?? []) out.push({ term, weight: EXPANSION_WEIGHT });
  }
  return out;
}
