// Character codes and classes shared by the modules of the Markdown scanner, which walk the text
// with charCodeAt (per character, a regular expression would dominate the scan time).

export {
  NL,
  CR,
  SP,
  TAB,
  AT,
  LBRACK,
  RBRACK,
  LBRACE,
  RBRACE,
  BACKSLASH as BSL,
  BACKTICK,
  DOLLAR,
  LPAREN,
  RPAREN,
  DASH,
} from '../../text/charCodes';

/** Characters allowed inside a pandoc key when followed by a word character. */
export const INTERNAL = new Uint8Array(128);
for (const c of ':.#$%&-+?<>~/') INTERNAL[c.charCodeAt(0)] = 1;

export function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  return !Number.isNaN(c) && /[\p{L}\p{N}]/u.test(String.fromCharCode(c));
}

export function isKeyChar(c: number): boolean {
  return isWordChar(c) || (c < 128 && INTERNAL[c] === 1);
}
