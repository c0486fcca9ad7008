/**
 * The forms under which a word is written. Names of systems and datasets are spelt with hyphens
 * and inner capitals in one paper and without in the next ("sub-word" / "subword", "GPT-2" /
 * "GPT2", "DailyDialog" / "Daily Dialog", "ParlAI" / "Parl AI"), so a hyphenated word also counts
 * as its parts joined, and a word with inner capitals also counts as its pieces. Measured on the
 * masked-citation benchmark (DESIGN.md).
 */

/** A word, or several joined by hyphens. */
export const COMPOUND = /[\p{L}\p{N}]+(?:[-\u2010\u2011][\p{L}\p{N}]+)*/gu;
/** Hyphen-minus, hyphen, non-breaking hyphen. */
export const HYPHEN = /[-\u2010\u2011]/;
export const isHyphen = (code: number): boolean => code === 0x2d || code === 0x2010 || code === 0x2011;
/** Between a lower-case and an upper-case letter, or before the last capital of a run followed by lower case ("ACUTEval" -> "ACUT|Eval"). */
const INNER_CAPITAL = /(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll}{2})/u;
/** Longer hyphenated runs are phrases ("state-of-the-art-results"), not one name. */
export const MAX_JOINED_PARTS = 4;

/**
 * The tokens one compound stands for, in order: each hyphen-separated part, then that part's
 * inner-capital pieces when it has any, then (for 2–4 parts) the parts joined.
 *
 * @example wordForms('sub-word') // ['sub', 'word', 'subword']
 * @example wordForms('PersonaChat') // ['PersonaChat', 'Persona', 'Chat']
 */
export function wordForms(compound: string): string[] {
  const parts = compound.split(HYPHEN);
  const out: string[] = [];
  for (const part of parts) {
    out.push(part);
    const pieces = part.split(INNER_CAPITAL);
    if (pieces.length > 1) out.push(...pieces);
  }
  if (parts.length > 1 && parts.length <= MAX_JOINED_PARTS) out.push(parts.join(''));
  return out;
}
