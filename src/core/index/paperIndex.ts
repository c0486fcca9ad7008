/**
 * The searchable collection of papers: MiniSearch over analysed records, plus the document
 * frequencies the query builder needs to pick discriminating terms.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { PaperRecord } from '../model';
import {
  analyzeRecord,
  defaultSearchOptions,
  INDEX_FORMAT_VERSION,
  miniSearchOptions,
  SEARCH_FIELDS,
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
  documentFrequency: [string, number][];
  miniSearch: unknown;
}

export interface SearchTermsOptions {
  limit?: number;
  /** Only keep records this returns true for (e.g. only the user's .bib entries). */
  filter?: (record: PaperRecord) => boolean;
  boost?: Partial<Record<SearchField, number>>;
}

export class PaperIndex {
  private readonly search: MiniSearch<AnalyzedDocument>;
  private readonly byDocId = new Map<number, PaperRecord>();
  private readonly docIdOf = new Map<string, number>();
  private readonly df = new Map<string, number>();
  private nextDocId = 0;

  private constructor(search?: MiniSearch<AnalyzedDocument>) {
    this.search = search ?? new MiniSearch(miniSearchOptions());
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
    const search = MiniSearch.loadJS(data.miniSearch as never, miniSearchOptions());
    const index = new PaperIndex(search);
    for (const [id, docId] of data.docIds) {
      const record = byId.get(id);
      if (!record) throw new Error(`index record "${id}" is missing from the sources`);
      index.byDocId.set(docId, record);
      index.docIdOf.set(id, docId);
    }
    for (const [term, n] of data.documentFrequency) index.df.set(term, n);
    index.nextDocId = data.nextDocId;
    return index;
  }

  toJSON(): SerializedIndex {
    return {
      version: INDEX_FORMAT_VERSION,
      docIds: [...this.docIdOf],
      nextDocId: this.nextDocId,
      documentFrequency: [...this.df],
      miniSearch: this.search.toJSON(),
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
    return this.df.get(term) ?? 0;
  }

  /** Inverse document frequency (BM25 form, never negative). */
  idf(term: string): number {
    const n = this.size;
    const df = this.documentFrequency(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  addAll(records: Iterable<PaperRecord>): void {
    for (const record of records) this.add(record);
  }

  add(record: PaperRecord): void {
    if (this.docIdOf.has(record.id)) throw new Error(`duplicate record id "${record.id}"`);
    const docId = this.nextDocId++;
    const doc = analyzeRecord(record, docId);
    this.search.add(doc);
    this.byDocId.set(docId, record);
    this.docIdOf.set(record.id, docId);
    this.countTerms(doc, +1);
  }

  remove(id: string): boolean {
    const docId = this.docIdOf.get(id);
    if (docId === undefined) return false;
    const record = this.byDocId.get(docId)!;
    this.countTerms(analyzeRecord(record, docId), -1);
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

  /** BM25 search over analysed, weighted terms. */
  searchTerms(terms: WeightedTerm[], options: SearchTermsOptions = {}): IndexHit[] {
    if (terms.length === 0) return [];
    const weights = new Map(terms.map((t) => [t.term, t.weight]));
    const defaults = defaultSearchOptions();
    const filter = options.filter;
    const results: SearchResult[] = this.search.search(
      { combineWith: 'OR', queries: terms.map((t) => t.term) },
      {
        ...defaults,
        boost: { ...defaults.boost, ...options.boost },
        boostTerm: (term) => weights.get(term) ?? 1,
        filter: filter ? (r) => filter(this.byDocId.get(r.id as number)!) : undefined,
      },
    );
    const limit = options.limit ?? results.length;
    return results.slice(0, limit).map((r) => ({
      record: this.byDocId.get(r.id as number)!,
      score: r.score,
      match: r.match,
    }));
  }

  private countTerms(doc: AnalyzedDocument, delta: 1 | -1): void {
    const seen = new Set<string>();
    for (const field of SEARCH_FIELDS) {
      const text = doc[field];
      if (!text) continue;
      for (const term of text.split(' ')) seen.add(term);
    }
    for (const term of seen) {
      const n = (this.df.get(term) ?? 0) + delta;
      if (n > 0) this.df.set(term, n);
      else this.df.delete(term);
    }
  }
}
