// Line prefixes that are structure, not text. The block parser uses the list marker to tell a
// list item from a paragraph; the inline scanner skips the prefixes at the start of every line.
import { DASH, LBRACK, LPAREN, SP, TAB } from './chars';

export const LIST_MARKER = /^([-*+]|\d{1,9}[.)]|#\.|\(@[\w-]*\)|\(\d{1,9}\))[ \t]/;

/** Skips block quote markers, a list marker, a task box or a footnote label at `k` (within `end`). */
export function skipPrefix(t: string, k: number, end: number): number {
  k = skipBlanks(t, k, end);
  while (k < end && t.charCodeAt(k) === 62 /* > */) k = skipBlanks(t, k + 1, end);
  const c = t.charCodeAt(k);
  // Cheap test first: list markers start with - * + ( # or a digit, footnote labels with [.
  if (!(c === DASH || c === 42 || c === 43 || c === LPAREN || c === 35 || c === LBRACK || (c >= 48 && c <= 57))) return k;
  const rest = t.slice(k, Math.min(end, k + 24));
  const m = LIST_MARKER.exec(rest) ?? /^\[\^[^\]\s]+\]:[ \t]?/.exec(rest);
  if (m) {
    k = skipBlanks(t, k + m[0].length, end);
    const task = /^\[[ xX]\][ \t]/.exec(t.slice(k, Math.min(end, k + 4)));
    if (task) k += task[0].length;
  }
  return k;
}

function skipBlanks(t: string, k: number, end: number): number {
  while (k < end && (t.charCodeAt(k) === SP || t.charCodeAt(k) === TAB)) k++;
  return k;
}
