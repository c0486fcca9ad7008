/**
 * The searchable collection of papers: MiniSearch over analysed records, plus the document
 * frequencies the query builder needs to pick discriminating terms.
 */
import { BulkMiniSearch, type CompactIndex } from './bulkMiniSearch';
import type { PaperRecord } from '../model';
import {
  analyzeRecord,
  BM25,
  FIELD_BOOSTS,
  INDEX_FORMAT_VERSION,
  miniSearchOptions,
  type AnalyzedDocument,
  type SearchField,
} from './fields';

/** One weighted query term, already analysed (see `processTerm`). */
export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface IndexHit {
  record: PaperRecord;
  score: number;
  /** Index terms that matched, with the fields they matched in. */
  match: Record<string, string[]>;
}

/**
 * The serialised form. Records are not part of it: the caller keeps them (with their sources)
 * and hands them back to `fromJSON`, so one record object is shared by the index and its source.
 */
export interface SerializedIndex {
  version: number;
  /** [record id, MiniSearch document id] */
  docIds: [string, number][];
  nextDocId: number;
  miniSearch: CompactIndex;
}

export interface SearchTermsOptions {
  limit?: number;
  /** Only keep records this returns true for (e.g. only the user's .bib entries). */
  filter?: (record: PaperRecord) => boolean;
  boost?: Partial<Record<SearchField, number>>;
}

export class PaperIndex {
  private readonly search: BulkMiniSearch<AnalyzedDocument>;
  private readonly byDocId = new Map<number, PaperRecord>();
  private readonly docIdOf = new Map<string, number>();
  private nextDocId = 0;

  private constructor(search?: BulkMiniSearch<AnalyzedDocument>) {
    this.search = search ?? new BulkMiniSearch(miniSearchOptions());
  }

  /** An index over `records` (their ids must be unique; de-duplicate first). */
  static build(records: Iterable<PaperRecord>): PaperIndex {
    const index = new PaperIndex();
    index.addAll(records);
    return index;
  }

  /**
   * Restores an index written by `toJSON`, given the same records it was built from.
   * Throws if it was written by another format version or the records do not match.
   */
  static fromJSON(data: SerializedIndex, records: Iterable<PaperRecord>): PaperIndex {
    if (data.version !== INDEX_FORMAT_VERSION) {
      throw new Error(`index format ${data.version} is not ${INDEX_FORMAT_VERSION}`);
    }
    const byId = new Map<string, PaperRecord>();
    for (const record of records) byId.set(record.id, record);
    if (byId.size !== data.docIds.length) {
      throw new Error(`index holds ${data.docIds.length} records, sources give ${byId.size}`);
    }
    const search = BulkMiniSearch.fromCompact(data.miniSearch, miniSearchOptions());
    const index = new PaperIndex(search);
    for (const [id, docId] of data.docIds) {
      const record = byId.get(id);
      if (!record) throw new Error(`index record "${id}" is missing from the sources`);
      index.byDocId.set(docId, record);
      index.docIdOf.set(id, docId);
    }
    index.nextDocId = data.nextDocId;
    return index;
  }

  toJSON(): SerializedIndex {
    return {
      version: INDEX_FORMAT_VERSION,
      docIds: [...this.docIdOf],
      nextDocId: this.nextDocId,
      miniSearch: this.search.toCompact(),
    };
  }

  get size(): number {
    return this.byDocId.size;
  }

  get(id: string): PaperRecord | undefined {
    const docId = this.docIdOf.get(id);
    return docId === undefined ? undefined : this.byDocId.get(docId);
  }

  *records(): IterableIterator<PaperRecord> {
    yield* this.byDocId.values();
  }

  /** Number of records containing `term` in any field. */
  documentFrequency(term: string): number {
    return this.search.documentFrequency(term);
  }

  /** Inverse document frequency (BM25 form, never negative). */
  idf(term: string): number {
    const n = this.size;
    const df = this.documentFrequency(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Adds many records at once (the bulk path: see BulkMiniSearch). */
  addAll(records: Iterable<PaperRecord>): void {
    const docs: AnalyzedDocument[] = [];
    for (const record of records) {
      if (this.docIdOf.has(record.id)) throw new Error(`duplicate record id "${record.id}"`);
      const docId = this.nextDocId++;
      const doc = analyzeRecord(record, docId);
      docs.push(doc);
      this.byDocId.set(docId, record);
      this.docIdOf.set(record.id, docId);
    }
    this.search.addAllBulk(docs);
  }

  add(record: PaperRecord): void {
    if (this.docIdOf.has(record.id)) throw new Error(`duplicate record id "${record.id}"`);
    const docId = this.nextDocId++;
    this.search.add(analyzeRecord(record, docId));
    this.byDocId.set(docId, record);
    this.docIdOf.set(record.id, docId);
  }

  remove(id: string): boolean {
    const docId = this.docIdOf.get(id);
    if (docId === undefined) return false;
    // discard: O(1) now, the postings are cleaned lazily by MiniSearch's vacuuming.
    this.search.discard(docId);
    this.byDocId.delete(docId);
    this.docIdOf.delete(id);
    return true;
  }

  /**
   * Brings the index in line with `records` touching only what changed: records are compared
   * by id and identity, so sources that did not change cost nothing.
   * Returns the number of records added, removed and replaced.
   */
  update(records: Iterable<PaperRecord>): { added: number; removed: number; replaced: number } {
    const wanted = new Map<string, PaperRecord>();
    for (const r of records) wanted.set(r.id, r);
    let added = 0;
    let removed = 0;
    let replaced = 0;
    for (const id of [...this.docIdOf.keys()]) {
      if (!wanted.has(id)) {
        this.remove(id);
        removed++;
      }
    }
    for (const [id, record] of wanted) {
      const current = this.get(id);
      if (current === record) continue;
      if (current) {
        this.remove(id);
        replaced++;
      } else {
        added++;
      }
      this.add(record);
    }
    return { added, removed, replaced };
  }

  /** BM25 search over analysed, weighted terms: the best `limit` records (default 10). */
  searchTerms(terms: WeightedTerm[], options: SearchTermsOptions = {}): IndexHit[] {
    if (terms.length === 0) return [];
    const filter = options.filter;
    const hits = this.search.searchTopK(
      terms.map((t) => ({ term: t.term, boost: t.weight })),
      options.limit ?? 10,
      {
        boost: { ...FIELD_BOOSTS, ...options.boost },
        bm25: BM25,
        filter: filter ? (docId) => filter(this.byDocId.get(docId as number)!) : undefined,
      },
    );
    return hits.map((h) => ({ record: this.byDocId.get(h.id as number)!, score: h.score, match: h.match }));
  }
}
