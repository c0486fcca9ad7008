/**
 * Where in a paragraph the citation goes: the cursor, when the writer asks for a citation there
 * (completion inside `\cite{`, a key being replaced). The words right beside a
 * citation are the ones that name what it cites ("trained with two layers of GRUs [cite]",
 * "we follow the approach by [cite]"), more than the rest of the passage, which says what the
 * paragraph is about. rank/candidates.ts scores the bibliography's entries against them.
 */
import { plainTextOf } from './scan';
import type { CitationRef, DraftFormat, Span } from './types';

export interface CitationPoint {
  /** The paragraph's plain text before the point (at most a few sentences). */
  before: string;
  /** Its plain text after the point. */
  after: string;
}

/** Source characters read either side of the point: a few sentences, markup included. */
const REACH = 400;

/**
 * The point at `offset` of a draft's source, if it is inside `paragraph`: the plain text of the
 * paragraph's source either side. An offset inside one of its citation groups (a key being typed
 * or pointed at) stands for the whole group, which reads as nothing.
 *
 * @example pointAt('We train GRUs \\cite{} on it.', 'latex', { start: 0, end: 29 }, 20) // { before: 'We train GRUs', after: 'on it.' }
 */
export function pointAt(source: string, format: DraftFormat, paragraph: Span & { citations?: readonly CitationRef[] }, offset: number): CitationPoint | undefined {
  if (offset < paragraph.start || offset > paragraph.end) return undefined;
  const group = paragraph.citations?.find((c) => c.group.start < offset && offset < c.group.end)?.group;
  const [to, from] = group ? [group.start, group.end] : [offset, offset];
  const before = plainTextOf(source.slice(Math.max(paragraph.start, to - REACH), to), format).trim();
  const after = plainTextOf(source.slice(from, Math.min(paragraph.end, from + REACH)), format).trim();
  return { before, after };
}

/**
 * The `words` words either side of the point, as one text (a word cut by the reach's edge is
 * beyond the nearest ones and does not matter).
 *
 * @example wordsAtPoint({ before: 'two layers of GRUs', after: 'with 512 units' }, 2) // 'of GRUs with 512'
 */
export function wordsAtPoint(point: CitationPoint, words: number): string {
  if (words <= 0) return '';
  const split = (text: string) => text.split(/\s+/).filter(Boolean);
  return [...split(point.before).slice(-words), ...split(point.after).slice(0, words)].join(' ');
}
