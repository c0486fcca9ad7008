/**
 * The text edit that cites a key at the cursor: a new `\cite{key}` / `[@key]`, the key added to
 * the citation group the cursor is in, or just the key where a key is being typed.
 */
import { citationContextAt } from '../draft/scan';
import type { CitationRef } from '../draft/types';
import { citationText, mergeIntoCitation, type CitationEdit, type CiteCommand } from './insert';

export type CiteEditResult =
  | { kind: 'edit'; edit: CitationEdit }
  /** The key is already in the group at the cursor: nothing to do. */
  | { kind: 'already-cited' };

/**
 * How to cite `key` at `offset` of a LaTeX / Markdown `text` whose citations (from scanDraft) are
 * `citations`:
 * - inside a citation group (`\citep[p.~3]{a|, b}`, `[see @a|]`): the key is merged into it
 *   (`mergeIntoCitation`), never nested; `already-cited` when the group has it;
 * - where a key is being typed in an otherwise empty position (`\cite{|}`, `[@|`): the key alone;
 * - elsewhere: a new citation, `\<command>{key}` or `[@key]`, at the cursor.
 * The cursor right after a group's closing brace counts as outside it; right after a key, inside.
 * A bare narrative `@a` in Markdown cannot take more keys: the new citation goes after it.
 */
export function citeEditAt(
  text: string,
  citations: readonly CitationRef[],
  offset: number,
  key: string,
  format: 'latex' | 'markdown',
  command: CiteCommand = 'cite',
): CiteEditResult {
  // In a group, or right at the end of one of its keys (`[@a|` while typing, `@a|`).
  const ref = citations.find((c) => (c.group.start < offset && offset < c.group.end) || (c.key !== '' && c.start <= offset && offset <= c.end));
  if (ref) {
    const groupText = text.slice(ref.group.start, ref.group.end);
    if (format === 'latex' || groupText.startsWith('[')) {
      const edit = mergeIntoCitation({ text: groupText, start: ref.group.start }, [key], format);
      return edit ? { kind: 'edit', edit } : { kind: 'already-cited' };
    }
    if (citations.some((c) => c.group.start === ref.group.start && c.key === key)) return { kind: 'already-cited' };
    const at = ref.group.end;
    return { kind: 'edit', edit: { start: at, end: at, text: ` ${citationText([key], format)}` } };
  }
  const ctx = citationContextAt(text, offset, format);
  if (ctx) {
    const typed = text.slice(ctx.replaceStart, ctx.replaceEnd);
    if (ctx.existingKeys.includes(key) || typed === key) return { kind: 'already-cited' };
    if (typed === '') return { kind: 'edit', edit: { start: offset, end: offset, text: key } };
    // A partial key is there (`\cite{ab|`): add after it rather than into it.
    const sep = format === 'latex' ? ', ' : '; @';
    return { kind: 'edit', edit: { start: ctx.replaceEnd, end: ctx.replaceEnd, text: sep + key } };
  }
  const cite = citationText([key], format, format === 'latex' ? { command } : {});
  return { kind: 'edit', edit: { start: offset, end: offset, text: spaced(text, offset, cite) } };
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * A new citation never glues onto a word: `word|` gets ` \cite{k}`, `|word` gets `\cite{k} `
 * (with the cursor at the start of a line before "cache", `\cite{k}cache` would not compile
 * as intended).
 */
function spaced(text: string, offset: number, cite: string): string {
  const before = offset > 0 ? text[offset - 1] : '';
  const after = offset < text.length ? text[offset] : '';
  return `${WORD_CHAR.test(before) ? ' ' : ''}${cite}${WORD_CHAR.test(after) ? ' ' : ''}`;
}
