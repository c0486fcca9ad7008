// The character codes the hand-written scanners (BibTeX, LaTeX, Markdown) compare against: they
// walk text with charCodeAt, since per character a regular expression would dominate their time.
// One table, so a code is defined once; each scanner keeps its own character classes.

export const TAB = 9;
export const NL = 10;
export const CR = 13;
export const SP = 32;
export const DQUOTE = 34;
export const HASH = 35;
export const DOLLAR = 36;
export const PERCENT = 37;
export const SQUOTE = 39;
export const LPAREN = 40;
export const RPAREN = 41;
export const STAR = 42;
export const COMMA = 44;
export const DASH = 45;
export const EQUALS = 61;
export const AT = 64;
export const LBRACK = 91;
export const BACKSLASH = 92;
export const RBRACK = 93;
export const BACKTICK = 96;
export const LBRACE = 123;
export const RBRACE = 125;
export const TILDE = 126;

/** Blank as BibTeX values and the scanners see it: space, tab, line ends, form feed, vertical tab, no-break space, BOM. */
export function isSpace(c: number): boolean {
  return c === SP || c === TAB || c === NL || c === CR || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff;
}

/** An ASCII letter. */
export function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** A blank within a line: space, tab, carriage return. */
export function isHSpace(c: number): boolean {
  return c === SP || c === TAB || c === CR;
}
