/**
 * The name a title gives its subject: "BERT: Pre-training of Deep Bidirectional Transformers",
 * "Vocal Tract Length Perturbation (VTLP) improves speech recognition". See rank/names.ts for
 * why ranking cares.
 */
import { processTerm } from './analyze';

/** "Name: subtitle", the name at most two words. */
const NAMED_TITLE = /^\s*([^:]{1,40}?)\s*:\s/u;
/** An acronym in parentheses: "(VTLP)". */
const PARENTHESISED = /\(([\p{L}\p{N}][\p{L}\p{N}-]{1,15})\)/gu;

/**
 * The names a title gives its subject, as index terms.
 *
 * @example titleNames('BERT: Pre-training of Deep Bidirectional Transformers') // ['bert']
 */
export function titleNames(title: string): string[] {
  const names: string[] = [];
  for (const spelled of spelledTitleNames(title)) {
    const term = processTerm(spelled);
    if (term && !names.includes(term)) names.push(term);
  }
  return names;
}

/**
 * A name as written, letters and digits only, lower-cased ("ACUTE-EVAL" -> "acuteeval").
 * Plain words pass too ("Bleu: a Method for ..."): a common word's low IDF keeps its bonus small,
 * and names many titles share are dropped when ranking. (Keeping only names with two capitals
 * cost discover 2 of 71 cited works.)
 */
export function spelledName(name: string): string {
  return name.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
}

/**
 * The names a title gives its subject, as spelled.
 *
 * @example spelledTitleNames('ACUTE-EVAL: Improved Dialogue Evaluation') // ['acuteeval']
 */
export function spelledTitleNames(title: string): string[] {
  const names: string[] = [];
  // Cheap tests first: the regexes cost microseconds a title, and most titles have neither.
  const colon = title.indexOf(':');
  const named = colon > 0 && colon <= 42 ? NAMED_TITLE.exec(title) : null;
  if (named && named[1].split(/\s+/).length <= 2) {
    const spelled = spelledName(named[1]);
    if (spelled) names.push(spelled);
  }
  if (!title.includes('(')) return names;
  for (const [, acronym] of title.matchAll(PARENTHESISED)) {
    const spelled = spelledName(acronym);
    if (spelled && !names.includes(spelled)) names.push(spelled);
  }
  return names;
}
