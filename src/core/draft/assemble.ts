// What both draft scanners use to assemble a ScannedDraft: the plain text of a paragraph or
// title (pieces of text joined, then tidied once here) and the sections' extents.
import { LBRACK, LPAREN, RBRACK, RPAREN } from '../text/charCodes';
import type { SectionInfo } from './types';

/** @internal Collapses whitespace, tidies the spaces left around removed citations, drops empty `()` / `[]`. */
export function cleanText(s: string): string {
  let out = '';
  let seg = -1; // start of the pending run of non-space characters
  let space = false; // whitespace seen since the last character written
  let last = 0; // last character written
  const n = s.length;
  for (let k = 0; k <= n; k++) {
    const c = k < n ? s.charCodeAt(k) : 32;
    if (!isSpace(c)) {
      if (seg < 0) {
        seg = k;
        if (space && out !== '') {
          // "text ." -> "text.", "( x" -> "(x", "x )" -> "x)"
          const tight = last === LPAREN || last === LBRACK || c === RPAREN || c === RBRACK
            || (TIGHT_BEFORE[c] === 1 && (k + 1 >= n || isSpace(s.charCodeAt(k + 1))));
          if (!tight) out += ' ';
        }
        space = false;
      }
      continue;
    }
    if (seg >= 0) {
      out += s.slice(seg, k);
      last = s.charCodeAt(k - 1);
      seg = -1;
    }
    space = true;
  }
  if (out.includes('()') || out.includes('[]')) out = cleanText(out.replace(/\(\)|\[\]/g, ' '));
  return out;
}

const TIGHT_BEFORE = new Uint8Array(128);
for (const c of '.,;:!?') TIGHT_BEFORE[c.charCodeAt(0)] = 1;

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c >= 0x80 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));
}

/** @internal True when the plain text has at least one letter or digit (else the block is not prose). */
export function hasWords(s: string): boolean {
  return /[\p{L}\p{N}]/u.test(s);
}

/** @internal Sets each section's end to the start of the next section of the same or a higher level. */
export function closeSections(sections: SectionInfo[], textEnd: number): void {
  const open: SectionInfo[] = [];
  for (const s of sections) {
    while (open.length > 0 && open[open.length - 1].level >= s.level) open.pop()!.end = s.start;
    open.push(s);
  }
  for (const s of open) s.end = textEnd;
}
