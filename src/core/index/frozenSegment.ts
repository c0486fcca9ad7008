/**
 * An immutable inverted index in a few flat typed arrays (compressed sparse rows), built straight
 * from analysed documents. At 100k papers MiniSearch's map-per-posting-list layout held ~10M
 * postings as Map entries: most of the build time, most of the memory, and a warm start spent
 * turning arrays back into Maps. Here a posting is 6 bytes and loading is taking arrays as they are.
 *
 * Documents are numbered 0..documentCount-1 in the order given. Exact-term lookups only: nothing
 * in the project searches by prefix or fuzzily.
 */
import { SEARCH_FIELDS, type AnalyzedDocument } from './fields';
import { FNV_OFFSET, FNV_PRIME, TermTable } from './termTable';

/** The serialised segment: what the cache stores (v8.serialize copies typed arrays as bytes). */
export interface FrozenSegmentData {
  format: 'related-work-frozen-1';
  fields: string[];
  documentCount: number;
  /** The vocabulary, in term-id order, joined by NUL (one string deserialises far faster than 400k). */
  terms: string;
  /** Posting range of (term t, field f) is [offsets[t*F+f], offsets[t*F+f+1]). */
  offsets: Uint32Array;
  postingDocs: Uint32Array;
  postingFreqs: Uint16Array;
  /** Number of documents containing the term in any field. */
  df: Uint32Array;
  /** Field-major: the length of field f of document d is at f*documentCount+d (unique terms, as MiniSearch). */
  fieldLengths: Uint32Array;
  /** Per field, computed as MiniSearch's running average so a fresh index scores bit for bit alike. */
  averageFieldLength: number[];
}

const MAX_TF = 0xffff;
const SPACE = 0x20;

/** A growable typed array: postings are appended before their count is known. */
class Growable<A extends Uint32Array | Uint16Array> {
  length = 0;
  constructor(
    public array: A,
    private readonly make: (n: number) => A,
  ) {}
  push(value: number): void {
    if (this.length === this.array.length) {
      const bigger = this.make(this.array.length * 2);
      bigger.set(this.array);
      this.array = bigger;
    }
    this.array[this.length++] = value;
  }
}

export class FrozenSegment {
  private constructor(
    readonly data: FrozenSegmentData,
    private readonly table: TermTable,
  ) {
    if (data.fields.join('\0') !== SEARCH_FIELDS.join('\0')) throw new Error('frozen segment has other fields');
  }

  get documentCount(): number {
    return this.data.documentCount;
  }

  get fieldCount(): number {
    return this.data.fields.length;
  }

  /**
   * Builds the segment. Postings are appended as (term×field key, tf) in document order, with
   * where each document's postings start; one counting sort then lays them out by key.
   */
  static build(documents: Iterable<AnalyzedDocument>): FrozenSegment {
    const fieldCount = SEARCH_FIELDS.length;
    const table = new TermTable();
    // Imported bindings are getters under tsx's CommonJS transform: read once, not per character.
    const prime = FNV_PRIME;
    const offset = FNV_OFFSET;
    const keys = new Growable(new Uint32Array(1 << 16), (n) => new Uint32Array(n));
    const freqs = new Growable(new Uint16Array(1 << 16), (n) => new Uint16Array(n));
    const docStarts = new Growable(new Uint32Array(1 << 12), (n) => new Uint32Array(n));
    const lengths: Growable<Uint32Array>[] = SEARCH_FIELDS.map(() => new Growable(new Uint32Array(1 << 12), (n) => new Uint32Array(n)));
    const averages: number[] = SEARCH_FIELDS.map(() => 0);
    let df = new Uint32Array(1 << 12);
    // Per term: the last document / (document, field) it was seen in, and its slot in `freqs`.
    let seenInDoc = new Int32Array(1 << 12).fill(-1);
    let seenInField = new Int32Array(1 << 12).fill(-1);
    let slot = new Uint32Array(1 << 12);
    let count = 0;
    for (const document of documents) {
      const doc = count;
      docStarts.push(keys.length);
      for (let f = 0; f < fieldCount; f++) {
        const text = document[SEARCH_FIELDS[f]];
        const stamp = doc * fieldCount + f;
        let unique = 0;
        // Terms are scanned in place (see TermTable): no split, no substring per term.
        for (let i = 0, start = 0, hash = offset; i <= text.length; i++) {
          const code = i < text.length ? text.charCodeAt(i) : SPACE;
          if (code !== SPACE) {
            hash = Math.imul(hash ^ code, prime);
            continue;
          }
          const end = i;
          const from = start;
          start = i + 1;
          const h = hash;
          hash = offset;
          if (end === from) continue;
          const before = table.size;
          const id = table.intern(text, from, end, h);
          if (id === before && id === df.length) {
            df = grow(df, df.length * 2);
            seenInDoc = grow(seenInDoc, seenInDoc.length * 2, -1);
            seenInField = grow(seenInField, seenInField.length * 2, -1);
            slot = grow(slot, slot.length * 2);
          }
          if (seenInField[id] === stamp) {
            const at = slot[id];
            if (freqs.array[at] < MAX_TF) freqs.array[at]++;
            continue;
          }
          seenInField[id] = stamp;
          slot[id] = keys.length;
          keys.push(id * fieldCount + f);
          freqs.push(1);
          unique++;
          if (seenInDoc[id] !== doc) {
            seenInDoc[id] = doc;
            df[id]++;
          }
        }
        lengths[f].push(unique);
        // MiniSearch#addFieldLength's running average, kept so scores match it exactly.
        averages[f] = (averages[f] * doc + unique) / (doc + 1);
      }
      count++;
    }
    docStarts.push(keys.length);
    const termCount = table.size;
    const offsets = new Uint32Array(termCount * fieldCount + 1);
    for (let i = 0; i < keys.length; i++) offsets[keys.array[i] + 1]++;
    for (let k = 0; k < termCount * fieldCount; k++) offsets[k + 1] += offsets[k];
    const next = offsets.slice(0, termCount * fieldCount);
    const postingDocs = new Uint32Array(keys.length);
    const postingFreqs = new Uint16Array(keys.length);
    for (let doc = 0; doc < count; doc++) {
      for (let i = docStarts.array[doc], end = docStarts.array[doc + 1]; i < end; i++) {
        const at = next[keys.array[i]]++;
        postingDocs[at] = doc;
        postingFreqs[at] = freqs.array[i];
      }
    }
    const fieldLengths = new Uint32Array(fieldCount * count);
    lengths.forEach((l, f) => fieldLengths.set(l.array.subarray(0, count), f * count));
    const data: FrozenSegmentData = {
      format: 'related-work-frozen-1',
      fields: [...SEARCH_FIELDS],
      documentCount: count,
      terms: table.terms.join('\0'),
      offsets,
      postingDocs,
      postingFreqs,
      df: df.slice(0, termCount),
      fieldLengths,
      averageFieldLength: averages,
    };
    return new FrozenSegment(data, table);
  }

  static empty(): FrozenSegment {
    return FrozenSegment.build([]);
  }

  /**
   * Takes over a segment written by `data` (after a structured clone or a v8.deserialize); throws
   * on another format. The arrays are used as they are, not copied: a deserialized array views the
   * buffer it was read from, which the cache gives the index alone (`index/cache.ts`).
   */
  static fromData(data: FrozenSegmentData): FrozenSegment {
    if (data?.format !== 'related-work-frozen-1') throw new Error(`unknown frozen segment format ${String(data?.format)}`);
    // The term table is built with the load, not at the first lookup: the warm start (in the
    // corpus worker or the CLI) takes 70–190 ms longer, and the first query after it no longer
    // does (it took 100+ ms; DESIGN.md).
    return new FrozenSegment(
      data,
      new TermTable(data.terms === '' ? [] : data.terms.split('\0')),
    );
  }

  /** The term's id, or -1. */
  termId(term: string): number {
    return this.table.get(term);
  }

  /** First posting of (term, field); the range ends at `postingsStart(termId, field + 1)`. */
  postingsStart(termId: number, field: number): number {
    return this.data.offsets[termId * this.fieldCount + field];
  }

  /** Number of documents containing the term in the field. */
  fieldDocumentFrequency(termId: number, field: number): number {
    const k = termId * this.fieldCount + field;
    return this.data.offsets[k + 1] - this.data.offsets[k];
  }

  /** Whether document `doc` has the term in the field (binary search: postings are ascending). */
  hasPosting(termId: number, field: number, doc: number): boolean {
    const docs = this.data.postingDocs;
    let lo = this.postingsStart(termId, field);
    let hi = this.postingsStart(termId, field + 1);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (docs[mid] < doc) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.postingsStart(termId, field + 1) && docs[lo] === doc;
  }

  fieldLength(doc: number, field: number): number {
    return this.data.fieldLengths[field * this.data.documentCount + doc];
  }
}

function grow<A extends Uint32Array | Int32Array>(array: A, size: number, fill = 0): A {
  const bigger = new (array.constructor as new (n: number) => A)(size);
  if (fill !== 0) bigger.fill(fill);
  bigger.set(array);
  return bigger;
}
