// Lines that start an entry: where the scanner resynchronises after a broken entry, and how it
// tells an entry from an "@" in free text or in a value that ran on past its end.
import { CH_AT, CH_NL } from './chars';

/** `@type{` or `@type(` at the start of a line (after optional blanks): where we resynchronise. */
const ENTRY_AT_LINE_START = /[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]/y;

/** True when `pos` (a line start, possibly blank-indented) begins `@type{` / `@type(`. */
export function isEntryStart(text: string, pos: number): boolean {
  const c = text.charCodeAt(pos);
  if (c !== CH_AT && c !== 32 && c !== 9) return false;
  ENTRY_AT_LINE_START.lastIndex = pos;
  return ENTRY_AT_LINE_START.test(text);
}

export function skipToAt(text: string, lineStart: number): number {
  const at = text.indexOf('@', lineStart);
  return at < 0 ? text.length : at;
}

/** The `@` of the next line that starts an entry, after `from`; the end of the text if none. */
export function nextEntryLine(text: string, from: number): number {
  let nl = text.indexOf('\n', from);
  while (nl >= 0) {
    if (isEntryStart(text, nl + 1)) return skipToAt(text, nl + 1);
    nl = text.indexOf('\n', nl + 1);
  }
  return text.length;
}

/** Only blanks between the start of the line and `at`. */
export function atLineStart(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === CH_NL) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
