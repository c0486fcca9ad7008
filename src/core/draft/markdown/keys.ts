// Pandoc citation keys: where an `@` may start one, and how far the key runs.
import { DASH, LBRACE, RBRACE, SP } from '../../text/charCodes';

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

/** Characters after which an `@` starts a citation. */
const CITE_BEFORE = new Uint8Array(128);
for (const c of ' \t\n\r[(;,"\'*{>') CITE_BEFORE[c.charCodeAt(0)] = 1;

/** Can the `@` at `at` start a citation (not an e-mail address, not mid-word)? */
export function citeCanStart(text: string, at: number, blockStart: number): boolean {
  if (at <= blockStart) return true;
  let p = text.charCodeAt(at - 1);
  if (p === DASH) {
    if (at - 1 <= blockStart) return true;
    p = text.charCodeAt(at - 2);
    return !isWordChar(p) && p !== DASH;
  }
  return p >= 128 ? !isWordChar(p) : CITE_BEFORE[p] === 1;
}

export interface PandocKey {
  key: string;
  start: number;
  end: number;
  /** Where the text after the citation starts (past the `}` of `@{key}`). */
  after: number;
  /** An `@{key` whose `}` is missing. */
  incomplete: boolean;
}

/** The key after the `@` at `at`, reading no further than `limit`: `@key` (trailing punctuation stripped) or `@{any key}`. */
export function readKey(t: string, at: number, limit: number): PandocKey | undefined {
  let k = at + 1;
  if (t.charCodeAt(k) === LBRACE) {
    let q = k + 1;
    while (q < limit && t.charCodeAt(q) > SP && t.charCodeAt(q) !== RBRACE) q++;
    if (q === k + 1) return undefined;
    if (q < limit && t.charCodeAt(q) === RBRACE) return { key: t.slice(k + 1, q), start: k + 1, end: q, after: q + 1, incomplete: false };
    return { key: t.slice(k + 1, q), start: k + 1, end: q, after: q, incomplete: true };
  }
  if (k >= limit || !isWordChar(t.charCodeAt(k))) return undefined;
  const s = k;
  while (k < limit) {
    const c = t.charCodeAt(k);
    if (isWordChar(c)) k++;
    else if (c < 128 && INTERNAL[c] && k + 1 < limit) {
      const n = t.charCodeAt(k + 1);
      if (isWordChar(n) || ((c === 58 || c === 47) && n === 47)) k++;
      else break;
    } else break;
  }
  return { key: t.slice(s, k), start: s, end: k, after: k, incomplete: false };
}
