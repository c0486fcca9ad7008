/**
 * Query expansion by acronym: a passage that writes "IAA" also asks for "inter-annotator
 * agreement". Expansions come from the passage itself first (authors define acronyms where they
 * use them), then from the definitions the indexed papers give (index/lexicon.ts).
 */
import type { PaperIndex, WeightedTerm } from '../index/paperIndex';
import { acronymDefinitions, acronymsIn } from '../text/acronyms';
import { DEFAULT_PARAMETERS } from './parameters';

/**
 * Expansion terms for the acronyms `text` uses, at `weight` (by default the same as a word the
 * passage says once: the expansion says what the acronym says; DESIGN.md).
 */
export function acronymExpansions(index: PaperIndex, text: string, weight = DEFAULT_PARAMETERS.acronymWeight): WeightedTerm[] {
  if (weight <= 0) return [];
  const used = acronymsIn(text);
  if (used.size === 0) return [];
  const local = acronymDefinitions(text);
  const out: WeightedTerm[] = [];
  for (const acronym of used) {
    for (const term of local.get(acronym) ?? index.lexicon.expansion(acronym) ?? []) out.push({ term, weight });
  }
  return out;
}
