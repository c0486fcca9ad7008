// Where inline constructs that are not prose end: URLs, link destinations, attributes, HTML tags,
// and what an entity stands for. Each reads no further than `end`, the end of the block.
import { BSL, LBRACE, LPAREN, RBRACK, RPAREN, SP } from './chars';

/** The end of a bare URL at `i` (trailing punctuation left out), or `i` when there is none. */
export function urlEnd(t: string, i: number, end: number): number {
  if (!/^(?:https?:\/\/|ftp:\/\/|www\.)/i.test(t.slice(i, i + 8))) return i;
  let e = i;
  while (e < end) {
    const c = t.charCodeAt(e);
    if (c <= SP || c === 60 || c === 62 || c === 34 || c === RBRACK) break;
    e++;
  }
  while (e > i && /[.,;:!?'")]/.test(t[e - 1])) {
    // A `)` closing a `(` of the URL itself (Wikipedia addresses) stays.
    if (t[e - 1] === ')' && t.slice(i, e).split('(').length > t.slice(i, e).split(')').length - 1) break;
    e--;
  }
  return e;
}

/** At `(` after a link text: the end of the destination (balanced parentheses); else `k`. */
export function parenEnd(t: string, k: number, end: number): number {
  if (t.charCodeAt(k) !== LPAREN) return k;
  let depth = 0;
  for (let q = k; q < end; q++) {
    const c = t.charCodeAt(q);
    if (c === BSL) q++;
    else if (c === LPAREN) depth++;
    else if (c === RPAREN && --depth === 0) return q + 1;
  }
  return end;
}

/** Pandoc attributes `{#id .class}` at `k` (after a span, link or image): their end; else `k`. */
export function attributesEnd(t: string, k: number, end: number): number {
  if (t.charCodeAt(k) !== LBRACE) return k;
  const close = t.indexOf('}', k);
  const nl = t.indexOf('\n', k);
  if (close < 0 || close >= end || (nl >= 0 && nl < close)) return k;
  return close + 1;
}

/** The end of an autolink (`<https://...>`, `<a@b.c>`) or HTML tag at `i`, or -1. */
export function angleEnd(t: string, i: number, end: number): number {
  const re = /<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]{0,2000}|[^\s<>@]{1,200}@[^\s<>]{1,200}|\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]{0,500})?\/?)>/y;
  re.lastIndex = i;
  return re.exec(t) && re.lastIndex <= end ? re.lastIndex : -1;
}

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…', shy: '',
};

/** The character of the HTML entity at `i` (`&amp;`, `&#233;`, `&#x2014;`) and its end, or undefined. */
export function readEntity(t: string, i: number, end: number): { ch: string; end: number } | undefined {
  const re = /&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});/y;
  re.lastIndex = i;
  const m = re.exec(t);
  if (!m || re.lastIndex > end) return undefined;
  const name = m[1];
  let ch: string | undefined;
  if (name[0] === '#') {
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    ch = code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
  } else ch = ENTITIES[name];
  return ch === undefined ? undefined : { ch, end: re.lastIndex };
}
