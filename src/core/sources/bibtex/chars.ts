// Character codes (from the shared table) and the blank test of the scanner and the decoder.

export {
  NL as CH_NL,
  DQUOTE as CH_QUOTE,
  HASH as CH_HASH,
  DOLLAR as CH_DOLLAR,
  PERCENT as CH_PERCENT,
  LPAREN as CH_LPAREN,
  RPAREN as CH_RPAREN,
  COMMA as CH_COMMA,
  EQUALS as CH_EQUALS,
  AT as CH_AT,
  BACKSLASH as CH_BACKSLASH,
  LBRACE as CH_LBRACE,
  RBRACE as CH_RBRACE,
} from '../../text/charCodes';
import { NL, CR, SP, TAB } from '../../text/charCodes';

export function isSpace(c: number): boolean {
  return c === SP || c === TAB || c === NL || c === CR || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff;
}
