/**
 * Acronyms and what they stand for, read from text the way authors define them:
 * "inter-annotator agreement (IAA)", "large language models (LLMs)". A passage that only says
 * "IAA" then also finds the paper whose title spells it out.
 * Measured on the masked-citation benchmark (DESIGN.md).
 */
import { analyze, processTerm } from './analyze';
import { COMPOUND, HYPHEN } from './wordForms';

/** "(IAA)", "(LLMs)", "(NLU)": two to ten letters, at least two capitals, an optional plural s. */
const DEFINED = /\(\s*(\p{Lu}[\p{L}\p{N}]{0,8}[\p{Lu}\p{N}])(s?)\s*\)/uy;
/** Small words an expansion may skip: "Statistical Machine Translation (SMT)" vs "Society of Mind (SoM)". */
const SKIPPABLE = new Set(['of', 'the', 'and', 'for', 'in', 'on', 'to', 'a', 'an', 'with', 'by']);

/** An acronym's index term: lower case, no plural ("LLMs" -> "llm"). */
export function acronymTerm(acronym: string): string | undefined {
  return processTerm(acronym.replace(/s$/, ''));
}

/**
 * The words before an acronym that spell it, initials in order: each capital of the acronym is
 * the first letter of a word, or of a hyphen-joined part of one ("Inter-Annotator Agreement").
 * Undefined when the words do not spell it.
 */
function expansionOf(letters: string, before: string[]): string[] | undefined {
  const wanted = letters.toLowerCase().replace(/[^\p{L}]/gu, '');
  let i = wanted.length - 1;
  let start = before.length;
  for (let w = before.length - 1; w >= 0 && i >= 0; w--) {
    const word = before[w];
    const parts = word.toLowerCase().split(HYPHEN);
    let matched = false;
    for (let p = parts.length - 1; p >= 0 && i >= 0; p--) {
      if (parts[p][0] === wanted[i]) {
        i--;
        matched = true;
      }
    }
    if (!matched && !SKIPPABLE.has(word.toLowerCase())) return undefined;
    start = w;
    if (before.length - w > wanted.length + 2) return undefined;
  }
  return i < 0 ? before.slice(start) : undefined;
}

/**
 * The acronym definitions of a text: acronym term -> the analysed terms of its expansion.
 *
 * @example acronymDefinitions('inter-annotator agreement (IAA) is low').get('iaa') // ['inter', 'annot', 'interannot', 'agreement']
 */
export function acronymDefinitions(text: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  // Tried only at each "(" (sticky): scanning a whole abstract with a Unicode regex costs more.
  for (let at = text.indexOf('('); at >= 0; at = text.indexOf('(', at + 1)) {
    DEFINED.lastIndex = at;
    const m = DEFINED.exec(text);
    if (!m) continue;
    const acronym = m[1];
    const capitals = acronym.replace(/[^\p{Lu}]/gu, '');
    if (capitals.length < 2) continue;
    // The words just before the parenthesis, no further back than its sentence.
    const head = text.slice(Math.max(0, at - 120), at).split(/[.;:!?()]/).pop()!;
    const before = (head.match(COMPOUND) ?? []).slice(-(capitals.length + 3));
    const words = expansionOf(capitals, before);
    const term = acronymTerm(acronym);
    if (!words || !term) continue;
    const terms = analyze(words.join(' ')).filter((t) => t !== term);
    if (terms.length > 0) found.set(term, terms);
  }
  return found;
}

/** An acronym as written in running text: "IAA", "LLMs", "NLU" (two or more capitals). */
const ACRONYM = /^\p{Lu}[\p{L}\p{N}]*\p{Lu}s?$/u;

/** The acronym terms a text uses. */
export function acronymsIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const token of text.match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (token.length > 11 || !ACRONYM.test(token)) continue;
    const term = acronymTerm(token);
    if (term) out.add(term);
  }
  return out;
}

const MAYBE_DEFINED = /\(\s*\p{Lu}[\p{L}\p{N}]{0,8}[\p{Lu}\p{N}]/u;

/** A cheap first test: most texts define nothing, and a 100k-paper scan should not parse them. */
export function mayDefineAcronyms(text: string): boolean {
  return MAYBE_DEFINED.test(text);
}
