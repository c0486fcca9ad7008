/**
 * Documents removed from a frozen segment, which cannot change: a bitmap to skip their postings,
 * and what they contributed to the statistics (document frequencies, field lengths), subtracted
 * so idf and length normalisation stay those of the documents actually searchable.
 */
import { SEARCH_FIELDS, type AnalyzedDocument } from './fields';
import type { FrozenSegment } from './frozenSegment';

export interface TombstonesData {
  docs: Uint32Array;
  /** [term id × field count + field, documents removed] */
  fieldDf: [number, number][];
  /** [term id, documents removed] */
  df: [number, number][];
  /** Per field: the summed lengths of the removed documents. */
  lengths: number[];
}

export class Tombstones {
  readonly dead: Uint8Array;
  count = 0;
  private readonly fieldDf = new Map<number, number>();
  private readonly df = new Map<number, number>();
  readonly lengths: number[] = SEARCH_FIELDS.map(() => 0);

  constructor(private readonly segment: FrozenSegment) {
    this.dead = new Uint8Array(segment.documentCount);
  }

  /**
   * Marks `doc` removed. `document` is its analysis (analysis is deterministic, so re-analysing
   * the record gives what was indexed); its lengths come from the segment itself.
   */
  add(doc: number, document: AnalyzedDocument): void {
    if (this.dead[doc]) return;
    this.dead[doc] = 1;
    this.count++;
    const fieldCount = SEARCH_FIELDS.length;
    const inDoc = new Set<number>();
    SEARCH_FIELDS.forEach((field, f) => {
      this.lengths[f] += this.segment.fieldLength(doc, f);
      const text = document[field];
      if (!text) return;
      for (const term of new Set(text.split(' '))) {
        const id = this.segment.termId(term);
        if (id < 0) continue;
        bump(this.fieldDf, id * fieldCount + f);
        inDoc.add(id);
      }
    });
    for (const id of inDoc) bump(this.df, id);
  }

  fieldDocumentFrequency(termId: number, field: number): number {
    return this.count === 0 ? 0 : (this.fieldDf.get(termId * SEARCH_FIELDS.length + field) ?? 0);
  }

  documentFrequency(termId: number): number {
    return this.count === 0 ? 0 : (this.df.get(termId) ?? 0);
  }

  toData(): TombstonesData {
    const docs: number[] = [];
    this.dead.forEach((d, i) => d && docs.push(i));
    return { docs: Uint32Array.from(docs), fieldDf: [...this.fieldDf], df: [...this.df], lengths: [...this.lengths] };
  }

  static fromData(segment: FrozenSegment, data: TombstonesData): Tombstones {
    const t = new Tombstones(segment);
    for (const doc of data.docs) t.dead[doc] = 1;
    t.count = data.docs.length;
    for (const [k, n] of data.fieldDf) t.fieldDf.set(k, n);
    for (const [k, n] of data.df) t.df.set(k, n);
    data.lengths.forEach((l, f) => (t.lengths[f] = l));
    return t;
  }
}

function bump(map: Map<number, number>, key: number): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
