// The pairs the inline scanner looks up before it scans: `[` / `]` and code-span closers. Found
// up front because what a `[` is (citation group, link, span) depends on what follows its `]`.
import { AT, BACKTICK, BSL, LBRACK, RBRACK } from './chars';

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
      if (c === BSL) k++;
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
