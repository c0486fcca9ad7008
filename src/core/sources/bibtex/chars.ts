// Character codes and the blank test shared by the scanner and the decoder, which both walk
// strings with charCodeAt (per character, a regular expression would dominate the load time).

export const CH_NL = 10;
export const CH_QUOTE = 34;
export const CH_HASH = 35;
export const CH_DOLLAR = 36;
export const CH_PERCENT = 37;
export const CH_LPAREN = 40;
export const CH_RPAREN = 41;
export const CH_COMMA = 44;
export const CH_EQUALS = 61;
export const CH_AT = 64;
export const CH_BACKSLASH = 92;
export const CH_LBRACE = 123;
export const CH_RBRACE = 125;

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === CH_NL || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff;
}
