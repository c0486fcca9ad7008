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

/** How a draft cites: the LaTeX command it uses most, and whether its citations follow a tie (`word~\cite`). */
export interface CiteStyle {
  /** Undefined for a draft without citations (the caller's default applies). */
  command?: string;
  tie: boolean;
}

/** Commands that cite nothing in the running text: they say nothing of the draft's style. */
const NOT_STYLE = /^(nocite|citeauthor\*?|Citeauthor\*?|citeyear|citeyearpar|citetitle|fullcite|footfullcite|citeurl)$/;

/**
 * The style of a LaTeX draft's citations, each group counted once: its most used citing command
 * (ties: the first used), and a tie when most groups come right after a `~`.
 * `citeStyleOf('a~\\citep{x} b~\\citep{y}', citations)` gives `{command: 'citep', tie: true}`.
 */
export function citeStyleOf(text: string, citations: readonly CitationRef[]): CiteStyle {
  const counts = new Map<string, number>();
  let groups = 0;
  let tied = 0;
  let last = -1;
  for (const c of citations) {
    if (c.group.start === last || c.command === '@' || !/^[A-Za-z]+\*?$/.test(c.command) || NOT_STYLE.test(c.command)) continue;
    last = c.group.start;
    groups++;
    counts.set(c.command, (counts.get(c.command) ?? 0) + 1);
    if (text[c.group.start - 1] === '~') tied++;
  }
  let command: string | undefined;
  for (const [name, n] of counts) if (command === undefined || n > counts.get(command)!) command = name;
  return { command, tie: groups > 0 && tied * 2 > groups };
}

/**
 * How to cite `key` at `offset` of a LaTeX / Markdown `text` whose citations (from scanDraft) are
 * `citations`:
 * - inside a citation group (`\citep[p.~3]{a|, b}`, `[see @a|]`): the key is merged into it
 *   (`mergeIntoCitation`), never nested; `already-cited` when the group has it;
 * - where a key is being typed in an otherwise empty position (`\cite{|}`, `[@|`): the key alone;
 * - elsewhere: a new citation, `[@key]`, or in LaTeX the command the draft uses most (`command`
 *   only for a draft without citations), after a `~` where the draft ties its citations to the
 *   word before; inside a word, after the word (a word is never split).
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
  if (format === 'markdown') {
    const at = afterWord(text, offset);
    return { kind: 'edit', edit: { start: at, end: at, text: spaced(text, at, citationText([key], format)) } };
  }
  const style = citeStyleOf(text, citations);
  const cite = citationText([key], format, { command: style.command ?? command });
  const at = afterWord(text, offset);
  const tie = style.tie && at > 0 && WORD_CHAR.test(text[at - 1]);
  return { kind: 'edit', edit: { start: at, end: at, text: tie ? `~${spaced(text, at, cite).trimStart()}` : spaced(text, at, cite) } };
}

/** `offset`, or the end of the word it is inside (`wo|rd` -> `word|`). */
function afterWord(text: string, offset: number): number {
  if (offset === 0 || !WORD_CHAR.test(text[offset - 1] ?? '') || !WORD_CHAR.test(text[offset] ?? '')) return offset;
  let end = offset;
  while (end < text.length && WORD_CHAR.test(text[end])) end++;
  return end;
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
