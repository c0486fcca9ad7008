// Character codes and classes shared by the modules of the LaTeX scanner, which all walk the
// text with charCodeAt (per character, a regular expression would dominate the scan time).

import { BACKSLASH, COMMA, CR, LBRACE, PERCENT, RBRACE, SP, TAB } from '../../text/charCodes';
export {
  NL,
  SP,
  BACKSLASH as BSL,
  PERCENT as PCT,
  LBRACE,
  RBRACE,
  LBRACK,
  RBRACK,
  DOLLAR,
  COMMA,
  STAR,
  TILDE,
  DASH,
  BACKTICK,
  SQUOTE as QUOTE,
  LPAREN,
  RPAREN,
} from '../../text/charCodes';

/** Characters the scanner must look at; runs of any others are copied as text in one slice. */
export const SPECIAL = new Uint8Array(128);
for (const c of '\\{}%$~\n-`\'') SPECIAL[c.charCodeAt(0)] = 1;

/** True for a character that may be part of a LaTeX citation key. */
export function isLatexKeyChar(c: number): boolean {
  return c > SP && c !== COMMA && c !== LBRACE && c !== RBRACE && c !== PERCENT && c !== BACKSLASH && c !== 0x7f;
}

export function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
export function isHSpace(c: number): boolean {
  return c === SP || c === TAB || c === CR;
}
/** The command name (ASCII letters) starting at `k`; empty for a control symbol. */
export function readName(t: string, k: number, end: number): string {
  let e = k;
  while (e < end && isLetter(t.charCodeAt(e))) e++;
  return t.slice(k, e);
}
