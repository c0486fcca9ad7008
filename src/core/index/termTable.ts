/**
 * Term -> id, looked up by a slice of a larger string without cutting it out. Building a 100k
 * paper index meets ~7M terms in space-joined field strings; splitting them and hashing each
 * piece in a Map took most of the build. Here the hash is computed while scanning the characters
 * and only a new term is ever sliced into a string.
 */
const EMPTY = -1;
/** FNV-1a over UTF-16 code units; callers scanning text inline the step `Math.imul(hash ^ code, FNV_PRIME)`. */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

export class TermTable {
  readonly terms: string[] = [];
  /** Per slot: the term's hash, then its id (EMPTY when free). Comparing hashes first spares most string reads. */
  private slots: Int32Array;
  private mask: number;

  constructor(terms: readonly string[] = []) {
    let capacity = 1 << 10;
    while (capacity < terms.length * 2) capacity <<= 1;
    this.slots = new Int32Array(capacity * 2).fill(EMPTY);
    this.mask = capacity - 1;
    for (const term of terms) this.intern(term, 0, term.length, hashOf(term, 0, term.length));
  }

  get size(): number {
    return this.terms.length;
  }

  /** The id of `term`, or -1. */
  get(term: string): number {
    return this.find(term, 0, term.length, hashOf(term, 0, term.length));
  }

  /** The id of text[start, end) (whose FNV-1a hash is `hash`), or -1. */
  find(text: string, start: number, end: number, hash: number): number {
    const slots = this.slots;
    hash |= 0;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const id = slots[2 * slot + 1];
      if (id === EMPTY) return EMPTY;
      if (slots[2 * slot] === hash && equals(this.terms[id], text, start, end)) return id;
    }
  }

  /** The id of text[start, end), added if new. */
  intern(text: string, start: number, end: number, hash: number): number {
    const found = this.find(text, start, end, hash);
    if (found !== EMPTY) return found;
    const id = this.terms.length;
    this.terms.push(text.slice(start, end));
    this.place(hash | 0, id);
    // At most half full, so probes stay short.
    if (this.terms.length * 2 > this.mask + 1) this.rehash();
    return id;
  }

  private place(hash: number, id: number): void {
    let slot = hash & this.mask;
    while (this.slots[2 * slot + 1] !== EMPTY) slot = (slot + 1) & this.mask;
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = id;
  }

  private rehash(): void {
    const capacity = (this.mask + 1) * 2;
    this.slots = new Int32Array(capacity * 2).fill(EMPTY);
    this.mask = capacity - 1;
    this.terms.forEach((term, id) => this.place(hashOf(term, 0, term.length) | 0, id));
  }
}

export function hashOf(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash >>> 0;
}

function equals(term: string, text: string, start: number, end: number): boolean {
  if (term.length !== end - start) return false;
  for (let i = 0; i < term.length; i++) if (term.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}
