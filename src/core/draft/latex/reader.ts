// Reading LaTeX syntax at a position: arguments, groups, math and comments, without producing
// any text. Every reader stops at a blank line as well as at the end: a blank line ends the
// paragraph in TeX, so an unclosed brace or bracket must not swallow the rest of the document.
import { BACKSLASH, DOLLAR, LBRACE, LBRACK, NL, PERCENT, RBRACE, RBRACK, RPAREN, STAR, isHSpace, isLetter } from '../../text/charCodes';

/** The command name (ASCII letters) starting at `k`; empty for a control symbol. */
export function readName(t: string, k: number, end: number): string {
  let e = k;
  while (e < end && isLetter(t.charCodeAt(e))) e++;
  return t.slice(k, e);
}

export class LatexReader {
  /** Where the last failed {@link findOptClose} gave up. */
  stop = 0;

  constructor(
    readonly text: string,
    readonly end: number,
  ) {}

  /** Is there a blank line right after the newline at `k`? */
  blankAfter(k: number): boolean {
    const t = this.text;
    let m = k + 1;
    while (m < this.end && isHSpace(t.charCodeAt(m))) m++;
    return m < this.end && t.charCodeAt(m) === NL;
  }

  /** Skips spaces, single newlines and comments; stops at the newline that starts a blank line. */
  skipSpace(k: number): number {
    const t = this.text;
    const end = this.end;
    while (k < end) {
      const c = t.charCodeAt(k);
      if (isHSpace(c)) k++;
      else if (c === NL) {
        if (this.blankAfter(k)) return k;
        k++;
      } else if (c === PERCENT) {
        const nl = t.indexOf('\n', k);
        k = nl < 0 || nl > end ? end : nl;
      } else break;
    }
    return k;
  }

  /** At `[`: index of the matching `]` (brace-aware), or -1 (then `this.stop` is where it gave up). */
  findOptClose(k: number): number {
    const t = this.text;
    const end = this.end;
    let depth = 0;
    for (let q = k + 1; q < end; q++) {
      const c = t.charCodeAt(q);
      if (c === BACKSLASH) q++;
      else if (c === LBRACE) depth++;
      else if (c === RBRACE) depth = Math.max(0, depth - 1);
      else if (c === RBRACK && depth === 0) return q;
      else if (c === PERCENT) {
        const nl = t.indexOf('\n', q);
        q = (nl < 0 || nl > end ? end : nl) - 1;
      } else if (c === NL && this.blankAfter(q)) {
        this.stop = q;
        return -1;
      }
    }
    this.stop = end;
    return -1;
  }

  /** At `{`: index after the matching `}`, or where it gave up (a blank line or the end). */
  matchBrace(k: number, url = false): number {
    const t = this.text;
    const end = this.end;
    let depth = 0;
    for (let q = k; q < end; q++) {
      const c = t.charCodeAt(q);
      if (c === BACKSLASH) q++;
      else if (c === LBRACE) depth++;
      else if (c === RBRACE) {
        if (--depth === 0) return q + 1;
      } else if (c === PERCENT && !url) {
        const nl = t.indexOf('\n', q);
        q = (nl < 0 || nl > end ? end : nl) - 1;
      } else if (c === NL && this.blankAfter(q)) return q;
    }
    return end;
  }

  /** Skips math up to its closing delimiter (or a blank line); returns where to resume. */
  skipMath(k: number, close: '$' | '$$' | ')' | ']'): number {
    const t = this.text;
    const end = this.end;
    let depth = 0; // `$` inside `\text{...}` in math is nested math, not the end
    while (k < end) {
      const c = t.charCodeAt(k);
      if (c === LBRACE) {
        depth++;
        k++;
      } else if (c === RBRACE) {
        if (depth > 0) depth--;
        k++;
      } else if (c === BACKSLASH) {
        const d = t.charCodeAt(k + 1);
        if ((close === ')' && d === RPAREN) || (close === ']' && d === RBRACK)) return k + 2;
        k += 2;
      } else if (c === DOLLAR && depth > 0) {
        k++;
      } else if (c === DOLLAR) {
        if (close === '$') return k + 1;
        if (close === '$$') {
          if (t.charCodeAt(k + 1) === DOLLAR) return k + 2;
        }
        k++;
      } else if (c === PERCENT) {
        const nl = t.indexOf('\n', k);
        k = nl < 0 || nl > end ? end : nl;
      } else if (c === NL && this.blankAfter(k)) return k;
      else k++;
    }
    return end;
  }

  /** Raw text of a `{...}` argument at `k` (or undefined if there is none / it is unclosed). */
  rawArg(k: number): { value: string; end: number } | undefined {
    const p = this.skipSpace(k);
    if (p >= this.end || this.text.charCodeAt(p) !== LBRACE) return undefined;
    const e = this.matchBrace(p);
    if (this.text.charCodeAt(e - 1) !== RBRACE || e <= p + 1) return undefined;
    return { value: this.text.slice(p + 1, e - 1), end: e };
  }

  /** Skips a `*`, then optional `[...]` args and `n` mandatory args; returns where to resume. */
  skipArgs(k: number, n: number, url = false, adjacentOnly = false): number {
    const t = this.text;
    if (t.charCodeAt(k) === STAR) k++;
    for (let a = 0; ; ) {
      const p = adjacentOnly ? k : this.skipSpace(k);
      if (p >= this.end) return k;
      const c = t.charCodeAt(p);
      if (c === LBRACK) {
        const q = this.findOptClose(p);
        if (q < 0) return this.stop;
        k = q + 1;
        continue;
      }
      if (a >= n) return k;
      if (c === LBRACE) k = this.matchBrace(p, url);
      else if (c === BACKSLASH) k = p + 1 + Math.max(1, readName(t, p + 1, this.end).length);
      else return k;
      a++;
      adjacentOnly = false;
    }
  }

  /** The `{name}` after `\begin` / `\end` (short, on one line), and where it ends. */
  envName(k: number): { name: string; end: number } | undefined {
    const t = this.text;
    const p = this.skipSpace(k);
    if (p >= this.end || t.charCodeAt(p) !== LBRACE) return undefined;
    let q = p + 1;
    while (q < this.end && q - p < 64) {
      const c = t.charCodeAt(q);
      if (c === RBRACE) return { name: t.slice(p + 1, q).trim(), end: q + 1 };
      if (c === NL || c === LBRACE || c === BACKSLASH) return undefined;
      q++;
    }
    return undefined;
  }

  /** `\iffalse ... \fi` (nesting-aware): skipped. */
  skipIfFalse(k: number): number {
    const t = this.text;
    const end = this.end;
    let depth = 1;
    let q = k;
    while (q < end) {
      const c = t.charCodeAt(q);
      if (c === PERCENT) {
        const nl = t.indexOf('\n', q);
        q = nl < 0 || nl > end ? end : nl;
      } else if (c === BACKSLASH) {
        const name = readName(t, q + 1, end);
        if (name === 'fi') {
          if (--depth === 0) return q + 3;
        } else if (name.startsWith('if') && name !== 'iff') depth++;
        q += 1 + Math.max(1, name.length);
      } else q++;
    }
    return end;
  }
}
