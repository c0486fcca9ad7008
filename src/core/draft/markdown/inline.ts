// Inline content of a block: its plain text (emphasis marks, code, math, links and HTML dropped
// or reduced to their text) and its pandoc citations. One pass, after the brackets are paired.
import { AT, BACKSLASH, BACKTICK, DASH, DOLLAR, LBRACE, LBRACK, LPAREN, NL, RBRACK, RPAREN, SP, TAB } from '../../text/charCodes';
import type { CitationRef } from '../types';
import { citeCanStart, isWordChar, readKey } from './keys';
import { skipPrefix } from './blocks';

/** Characters the scanner must look at; runs of any others are copied as text in one slice. */
const MD_SPECIAL = new Uint8Array(128);
for (const c of '\\`$<![]@-*_~^&\n') MD_SPECIAL[c.charCodeAt(0)] = 1;
/** First letters of a bare URL (`http`, `www.`, `ftp`). */
const URL_START = new Uint8Array(128);
for (const c of 'hHwWfF') URL_START[c.charCodeAt(0)] = 1;

export interface InlineResult {
  text: string;
  cites: CitationRef[];
  /** True when the probe offset lies in code, math, a URL, a link destination or HTML. */
  probeExcluded: boolean;
}

/**
 * Plain text and citations of `text[start, end)`; `probe` is an offset to classify (see {@link InlineResult}).
 * `prefixes`: skip block quote and list markers at line starts (false for text that is not a block).
 */
export function scanInline(text: string, start: number, end: number, probe = -1, prefixes = true): InlineResult {
  return new InlineScanner(text, start, end, probe, prefixes).run();
}

class InlineScanner {
  private readonly parts: string[] = [];
  private readonly cites: CitationRef[] = [];
  private probeExcluded = false;
  private readonly brackets: Brackets;
  private readonly match: Map<number, number>;
  private readonly hasAt: Set<number>;
  /** What to do at a `]` whose `[` was a link, reference link, span or inline footnote. */
  private readonly closeActions = new Map<number, 'link' | 'ref' | 'span' | 'drop'>();
  /** An offset from which no closing `$` exists (keeps unclosed math linear). */
  private noDollarCloserFrom = Infinity;
  /** The last unmatched `[`, and the in-text citations after it: one group being typed. */
  private openBracket = -1;
  private readonly pending: CitationRef[] = [];

  constructor(
    private readonly t: string,
    private readonly start: number,
    private readonly end: number,
    private readonly probe: number,
    private readonly prefixes: boolean,
  ) {
    this.brackets = new Brackets(t, start, end);
    this.match = this.brackets.match;
    this.hasAt = this.brackets.hasAt;
  }

  run(): InlineResult {
    const t = this.t;
    const end = this.end;
    let i = this.prefixes ? skipPrefix(t, this.start, end) : this.start;
    while (i < end) {
      const c = t.charCodeAt(i);
      if (c >= 128 || !MD_SPECIAL[c]) {
        if (c < 128 && URL_START[c] && (i === this.start || !isWordChar(t.charCodeAt(i - 1)))) {
          const u = urlEnd(t, i, end);
          if (u > i) {
            // Kept as text, but no citation is looked for inside.
            this.parts.push(t.slice(i, u));
            this.exclude(i, u);
            i = u;
            continue;
          }
        }
        let j = i + 1;
        while (j < end) {
          const d = t.charCodeAt(j);
          if (d < 128 && (MD_SPECIAL[d] || (URL_START[d] && !isWordChar(t.charCodeAt(j - 1))))) break;
          j++;
        }
        this.parts.push(t.slice(i, j));
        i = j;
        continue;
      }
      i = this.special(i, c);
    }
    this.finishPending();
    return { text: this.parts.join(''), cites: this.cites, probeExcluded: this.probeExcluded };
  }

  private exclude(a: number, b: number): void {
    if (this.probe >= a && this.probe < b) this.probeExcluded = true;
  }

  private special(i: number, c: number): number {
    const t = this.t;
    switch (c) {
      case BACKSLASH: {
        const d = t.charCodeAt(i + 1);
        if (d === NL || i + 1 >= this.end) {
          this.parts.push(' ');
          return i + 1;
        }
        if (d < 128 && d > SP && !isWordChar(d)) {
          this.parts.push(t[i + 1]);
          return i + 2;
        }
        this.parts.push('\\');
        return i + 1;
      }
      case BACKTICK: {
        let n = 1;
        while (t.charCodeAt(i + n) === BACKTICK) n++;
        const close = this.brackets.codeCloser(i + n, n);
        if (close < 0) {
          this.parts.push(t.slice(i, i + n));
          return i + n;
        }
        this.parts.push(` ${t.slice(i + n, close)} `);
        this.exclude(i, close + n);
        return close + n;
      }
      case DOLLAR:
        return this.math(i);
      case 60 /* < */:
        return this.angle(i);
      case 33 /* ! */: {
        const close = this.match.get(i + 1);
        if (close === undefined) {
          this.parts.push('!');
          return i + 1;
        }
        // An image: the alt text is a caption, not prose.
        let e = close + 1;
        if (t.charCodeAt(e) === LPAREN) e = parenEnd(t, e, this.end);
        else if (t.charCodeAt(e) === LBRACK) e = this.match.get(e) !== undefined ? this.match.get(e)! + 1 : e;
        e = attributesEnd(t, e, this.end);
        this.exclude(i, e);
        this.parts.push(' ');
        return e;
      }
      case LBRACK:
        return this.bracket(i);
      case RBRACK: {
        const action = this.closeActions.get(i);
        if (action === undefined) {
          this.parts.push(']');
          return i + 1;
        }
        let e = i + 1;
        if (action === 'link') e = parenEnd(t, e, this.end);
        else if (action === 'ref') e = this.match.get(e) !== undefined ? this.match.get(e)! + 1 : e;
        if (action !== 'drop') e = attributesEnd(t, e, this.end);
        this.exclude(i + 1, e);
        return e;
      }
      case AT:
        return this.intextCite(i, i);
      case DASH:
        if (t.charCodeAt(i + 1) === AT && citeCanStart(t, i + 1, this.start)) return this.intextCite(i + 1, i);
        this.parts.push('-');
        return i + 1;
      case 42 /* * */:
        return i + 1;
      case 95 /* _ */:
        if (i > this.start && isWordChar(t.charCodeAt(i - 1)) && isWordChar(t.charCodeAt(i + 1))) this.parts.push('_');
        return i + 1;
      case 126 /* ~ */:
        if (t.charCodeAt(i + 1) === 126) return i + 2;
        this.parts.push('~');
        return i + 1;
      case 94 /* ^ */: {
        const close = this.match.get(i + 1);
        if (close === undefined) {
          this.parts.push('^');
          return i + 1;
        }
        // An inline footnote: its text is prose.
        this.closeActions.set(close, 'drop');
        this.parts.push(' ');
        return i + 2;
      }
      case 38 /* & */: {
        const entity = readEntity(t, i, this.end);
        if (entity) {
          this.parts.push(entity.ch);
          return entity.end;
        }
        this.parts.push('&');
        return i + 1;
      }
      case NL:
        this.parts.push(' ');
        return this.prefixes ? skipPrefix(t, i + 1, this.end) : i + 1;
      default:
        this.parts.push(t[i]);
        return i + 1;
    }
  }

  /** `$$...$$` and `$...$` math, removed. Pandoc's rule: no blank after the opening `$`, none before the closing one, no digit after it (so `$5 and $6` is text). */
  private math(i: number): number {
    const t = this.t;
    if (t.charCodeAt(i + 1) === DOLLAR) {
      const close = t.indexOf('$$', i + 2);
      if (close < 0 || close + 2 > this.end) {
        this.parts.push('$$');
        return i + 2;
      }
      this.exclude(i, close + 2);
      this.parts.push(' ');
      return close + 2;
    }
    const next = t.charCodeAt(i + 1);
    if (i + 1 >= this.end || next === SP || next === TAB || next === NL || i >= this.noDollarCloserFrom) {
      this.parts.push('$');
      return i + 1;
    }
    for (let k = t.indexOf('$', i + 1); k >= 0 && k < this.end; k = t.indexOf('$', k + 1)) {
      const p = t.charCodeAt(k - 1);
      const n = t.charCodeAt(k + 1);
      if (p !== SP && p !== TAB && p !== NL && p !== BACKSLASH && !(n >= 48 && n <= 57)) {
        this.exclude(i, k + 1);
        this.parts.push(' ');
        return k + 1;
      }
    }
    this.noDollarCloserFrom = i;
    this.parts.push('$');
    return i + 1;
  }

  /** `<!-- -->`, autolinks and HTML tags: removed. */
  private angle(i: number): number {
    const t = this.t;
    if (t.startsWith('<!--', i)) {
      const close = t.indexOf('-->', i + 4);
      const e = close < 0 || close + 3 > this.end ? this.end : close + 3;
      this.exclude(i, e);
      return e;
    }
    const e = angleEnd(t, i, this.end);
    if (e >= 0) {
      this.exclude(i, e);
      this.parts.push(' ');
      return e;
    }
    this.parts.push('<');
    return i + 1;
  }

  /** What a `[` is depends on what follows its `]`: a link `(`, a reference `[`, else a citation group or a span. */
  private bracket(i: number): number {
    const t = this.t;
    const close = this.match.get(i);
    if (close === undefined) {
      this.finishPending();
      this.pending.length = 0;
      this.openBracket = i;
      this.parts.push('[');
      return i + 1;
    }
    if (t.charCodeAt(i + 1) === 94 /* ^ */) {
      this.exclude(i, close + 1);
      this.parts.push(' ');
      return close + 1; // a footnote reference
    }
    const after = t.charCodeAt(close + 1);
    if (after === LPAREN) this.closeActions.set(close, 'link');
    else if (after === LBRACK) this.closeActions.set(close, 'ref');
    else if (this.hasAt.has(i) && this.citeGroup(i, close)) {
      this.parts.push(' ');
      return close + 1;
    } else this.closeActions.set(close, 'span');
    return i + 1;
  }

  /** `[see @a, p. 3; -@b]`: records the citations; false if the bracket holds none. */
  private citeGroup(open: number, close: number): boolean {
    const t = this.t;
    const found: CitationRef[] = [];
    const group = { start: open, end: close + 1 };
    for (let k = open + 1; k < close; ) {
      const c = t.charCodeAt(k);
      if (c === BACKSLASH) k += 2;
      else if (c === LBRACK && this.match.has(k)) k = this.match.get(k)! + 1;
      else if (c === BACKTICK) {
        let n = 1;
        while (t.charCodeAt(k + n) === BACKTICK) n++;
        const cc = this.brackets.codeCloser(k + n, n);
        k = cc < 0 ? k + n : cc + n;
      } else if (c === AT && citeCanStart(t, k, open + 1)) {
        const key = readKey(t, k, close);
        if (key) {
          found.push({ key: key.key, start: key.start, end: key.end, command: '@', incomplete: key.incomplete, group });
          k = key.after;
        } else k++;
      } else k++;
    }
    this.cites.push(...found);
    return found.length > 0;
  }

  /** `@key` / `-@key` in running text (group = the key span including `@` / `-@`). */
  private intextCite(at: number, groupStart: number): number {
    const t = this.t;
    if (!citeCanStart(t, at, this.start)) {
      this.parts.push(t[groupStart] === '-' ? '-@' : '@');
      return at + 1;
    }
    const key = readKey(t, at, this.end);
    if (!key) {
      this.parts.push(t.slice(groupStart, at + 1));
      return at + 1;
    }
    let after = key.after;
    // `@doe99 [p. 33]`: a locator in brackets right after an in-text citation belongs to it.
    const close = t.charCodeAt(after) === SP ? this.match.get(after + 1) : undefined;
    if (close !== undefined && !this.hasAt.has(after + 1) && t.charCodeAt(after + 2) !== 94 /* ^ */) {
      const next = t.charCodeAt(close + 1);
      if (next !== LPAREN && next !== LBRACK && next !== LBRACE) after = close + 1;
    }
    const ref: CitationRef = {
      key: key.key, start: key.start, end: key.end, command: '@', incomplete: key.incomplete,
      group: { start: groupStart, end: after },
    };
    this.cites.push(ref);
    if (this.openBracket >= 0) this.pending.push(ref);
    this.parts.push(' ');
    return after;
  }

  /** Citations after an unclosed `[` are one unfinished group; the last is incomplete at the end of the block. */
  private finishPending(): void {
    if (this.pending.length === 0) return;
    const last = this.pending[this.pending.length - 1];
    const group = { start: this.openBracket, end: last.group.end };
    for (const r of this.pending) r.group = group;
    let k = last.end;
    while (k < this.end && /[\s;,]/.test(this.t[k])) k++;
    if (k === this.end) last.incomplete = true;
  }

}

// ---- The pairs the inline scanner looks up before it scans: `[` / `]` and code-span closers. Found
// up front because what a `[` is (citation group, link, span) depends on what follows its `]`.

export class Brackets {
  /** Offset of a `[` -> offset of its `]`. */
  readonly match = new Map<number, number>();
  /** The `[`s with an `@` directly inside (not inside a nested pair). */
  readonly hasAt = new Set<number>();
  /** Run length -> an offset from which no closing run of that length exists (keeps unclosed runs linear). */
  private readonly noCodeCloser = new Map<number, number>();

  constructor(private readonly t: string, start: number, private readonly end: number) {
    // Pairs brackets, skipping escapes and code spans.
    const stack: number[] = [];
    for (let k = start; k < end; k++) {
      const c = t.charCodeAt(k);
      if (c === BACKSLASH) k++;
      else if (c === BACKTICK) {
        let n = 1;
        while (t.charCodeAt(k + n) === BACKTICK) n++;
        const close = this.codeCloser(k + n, n);
        k = close < 0 ? k + n - 1 : close + n - 1;
      } else if (c === LBRACK) stack.push(k);
      else if (c === RBRACK) {
        if (stack.length > 0) this.match.set(stack.pop()!, k);
      } else if (c === AT && stack.length > 0) this.hasAt.add(stack[stack.length - 1]);
    }
  }

  /** Start of the closing run of exactly `n` backticks at or after `k`, or -1. */
  codeCloser(k: number, n: number): number {
    const failed = this.noCodeCloser.get(n);
    if (failed !== undefined && k >= failed) return -1;
    const from = k;
    const t = this.t;
    for (;;) {
      const j = t.indexOf('`', k);
      if (j < 0 || j >= this.end) break;
      let m = 1;
      while (j + m < this.end && t.charCodeAt(j + m) === BACKTICK) m++;
      if (m === n) return j;
      k = j + m;
    }
    this.noCodeCloser.set(n, Math.min(from, failed ?? from));
    return -1;
  }
}

// ---- Where inline constructs that are not prose end: URLs, link destinations, attributes, HTML tags,
// and what an entity stands for. Each reads no further than `end`, the end of the block.

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
    if (c === BACKSLASH) q++;
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
