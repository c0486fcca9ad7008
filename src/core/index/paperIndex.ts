/**
 * The searchable collection of papers, in two segments: a frozen one (flat typed arrays, see
 * FrozenSegment) holding everything present when the index was built or loaded, and a live
 * MiniSearch for records added later (the user editing a .bib). Records removed from the frozen
 * segment are tombstoned. Scores use statistics over both segments (document count, per-field
 * document frequencies, average field lengths), so where a record sits never changes its score.
 */
import { BulkMiniSearch, type CompactIndex } from './bulkMiniSearch';
import type { PaperRecord } from '../model';
import { Lexicon, type SerializedLexicon } from './lexicon';
import { analysedDocuments, type AnalysisOptions } from './analysisPool';
import {
  analyzeRecord,
  BM25,
  FIELD_BOOSTS,
  INDEX_FORMAT_VERSION,
  miniSearchOptions,
  SEARCH_FIELDS,
  type AnalyzedDocument,
  type SearchField,
} from './fields';
import { FrozenSegment, type FrozenSegmentData } from './frozenSegment';
import { ScoreBoard } from './scoreBoard';
import { Tombstones, type TombstonesData } from './tombstones';

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
  /** Record id of each frozen document, by document number (removed ones included). */
  frozenIds: string[];
  frozen: FrozenSegmentData;
  tombstones: TombstonesData;
  /** [record id, document number] of the live segment's records. */
  liveDocIds: [string, number][];
  nextDocId: number;
  live: CompactIndex;
  lexicon: SerializedLexicon;
}

export interface SearchTermsOptions {
  limit?: number;
  /** Only keep records this returns true for (e.g. only the user's .bib entries). */
  filter?: (record: PaperRecord) => boolean;
  boost?: Partial<Record<SearchField, number>>;
  /**
   * Evidence about records from outside the query (e.g. authors the user cites): each listed
   * record's score is multiplied by 1 + weight × its value when the best are chosen, so such a
   * record can enter the first `limit`. Records not listed keep their score.
   */
  prior?: { values: ReadonlyMap<PaperRecord, number>; weight: number };
}

export class PaperIndex {
  /** Record by document number: frozen documents first, then live ones; holes where removed. */
  private readonly byDocId: (PaperRecord | undefined)[] = [];
  private readonly docIdOf = new Map<string, number>();
  private frozenIds: string[] = [];
  private nextDocId = 0;
  /** Counts every change of the records held, so what is derived from them knows when to recompute. */
  private changes = 0;
  /** The records of the user's own bibliography: a handful next to a corpus of 100k, often read. */
  private readonly bibliography = new Set<PaperRecord>();
  private readonly board = new ScoreBoard();
  /** `prior` values by document number, made once per map and generation: a search only reads them. */
  private readonly priorArrays = new WeakMap<ReadonlyMap<PaperRecord, number>, { generation: number; values: Float32Array }>();
  /** Summed field lengths of the live segment's documents, for the global averages. */
  private readonly liveLengths: number[] = SEARCH_FIELDS.map(() => 0);
  /** Title names and acronym definitions of the indexed papers (see lexicon.ts). */
  lexicon = new Lexicon();

  private constructor(
    private frozen: FrozenSegment = FrozenSegment.empty(),
    private tombstones: Tombstones = new Tombstones(frozen),
    private readonly live: BulkMiniSearch<AnalyzedDocument> = new BulkMiniSearch(miniSearchOptions()),
  ) {}

  /**
   * An index over `records` (their ids must be unique; de-duplicate first). A large collection is
   * analysed on two threads (analysisPool.ts) unless `analysis` says otherwise.
   */
  static build(records: Iterable<PaperRecord>, analysis?: AnalysisOptions): PaperIndex {
    const index = new PaperIndex();
    index.addAll(records, analysis);
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
    const frozen = FrozenSegment.fromData(data.frozen);
    const tombstones = Tombstones.fromData(frozen, data.tombstones);
    const held = frozen.documentCount - tombstones.count + data.liveDocIds.length;
    if (byId.size !== held) throw new Error(`index holds ${held} records, sources give ${byId.size}`);
    const index = new PaperIndex(frozen, tombstones, BulkMiniSearch.fromCompact(data.live, miniSearchOptions()));
    const place = (id: string, docId: number) => {
      const record = byId.get(id);
      if (!record) throw new Error(`index record "${id}" is missing from the sources`);
      index.byDocId[docId] = record;
      index.docIdOf.set(id, docId);
      if (record.inBibliography) index.bibliography.add(record);
    };
    index.frozenIds = data.frozenIds;
    data.frozenIds.forEach((id, docId) => {
      if (!tombstones.dead[docId]) place(id, docId);
    });
    for (const [id, docId] of data.liveDocIds) {
      place(id, docId);
      const document = analyzeRecord(index.byDocId[docId]!, docId);
      SEARCH_FIELDS.forEach((field, f) => (index.liveLengths[f] += uniqueTerms(document[field])));
    }
    index.byDocId.length = data.nextDocId;
    index.nextDocId = data.nextDocId;
    index.lexicon = Lexicon.fromJSON(data.lexicon, (id) => index.get(id));
    return index;
  }

  toJSON(): SerializedIndex {
    const liveDocIds: [string, number][] = [];
    for (let docId = this.frozen.documentCount; docId < this.nextDocId; docId++) {
      const record = this.byDocId[docId];
      if (record) liveDocIds.push([record.id, docId]);
    }
    return {
      version: INDEX_FORMAT_VERSION,
      frozenIds: this.frozenIds,
      frozen: this.frozen.data,
      tombstones: this.tombstones.toData(),
      liveDocIds,
      nextDocId: this.nextDocId,
      live: this.live.toCompact(),
      lexicon: this.lexicon.toJSON(),
    };
  }

  get size(): number {
    return this.docIdOf.size;
  }

  /** Changes whenever a record is added or removed (never repeats for one index). */
  get generation(): number {
    return this.changes;
  }

  get(id: string): PaperRecord | undefined {
    const docId = this.docIdOf.get(id);
    return docId === undefined ? undefined : this.byDocId[docId];
  }

  *records(): IterableIterator<PaperRecord> {
    for (const record of this.byDocId) if (record) yield record;
  }

  /** The records from the user's bibliography files, without a pass over the corpus. */
  bibliographyRecords(): PaperRecord[] {
    return [...this.bibliography];
  }

  /** Whether some indexed paper has an author of this surname (an index term). */
  isSurname(term: string): boolean {
    return this.lexicon.isSurname(term);
  }

  /** Number of records containing `term` in any field. */
  documentFrequency(term: string): number {
    const id = this.frozen.termId(term);
    const frozen = id < 0 ? 0 : this.frozen.data.df[id] - this.tombstones.documentFrequency(id);
    return frozen + (this.live.documentCount > 0 ? this.live.documentFrequency(term) : 0);
  }

  /** Inverse document frequency (BM25 form, never negative). */
  idf(term: string): number {
    const n = this.size;
    const df = this.documentFrequency(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Adds many records at once. Into an empty index they become the frozen segment (the fast
   * path for a whole corpus); otherwise they join the live segment in bulk.
   */
  addAll(records: Iterable<PaperRecord>, analysis?: AnalysisOptions): void {
    const list = [...records];
    const seen = new Set<string>();
    for (const record of list) {
      if (this.docIdOf.has(record.id) || seen.has(record.id)) throw new Error(`duplicate record id "${record.id}"`);
      seen.add(record.id);
    }
    if (this.nextDocId === 0) {
      // Analysed in a stream, so the analysed strings of the whole corpus never coexist.
      this.frozen = FrozenSegment.build(analysedDocuments(list, analysis));
      this.tombstones = new Tombstones(this.frozen);
      this.frozenIds = list.map((r) => r.id);
      list.forEach((record, docId) => this.place(record, docId));
      this.nextDocId = list.length;
      return;
    }
    const docs: AnalyzedDocument[] = [];
    for (const record of list) {
      const docId = this.nextDocId++;
      docs.push(this.countLive(analyzeRecord(record, docId), 1));
      this.place(record, docId);
    }
    this.live.addAllBulk(docs);
  }

  add(record: PaperRecord): void {
    if (this.docIdOf.has(record.id)) throw new Error(`duplicate record id "${record.id}"`);
    const docId = this.nextDocId++;
    this.live.add(this.countLive(analyzeRecord(record, docId), 1));
    this.place(record, docId);
  }

  remove(id: string): boolean {
    const docId = this.docIdOf.get(id);
    if (docId === undefined) return false;
    const document = analyzeRecord(this.byDocId[docId]!, docId);
    if (docId < this.frozen.documentCount) this.tombstones.add(docId, document);
    // remove, not discard: the postings go now, so document frequencies stay exact.
    else this.live.remove(this.countLive(document, -1));
    this.lexicon.remove(this.byDocId[docId]!);
    this.bibliography.delete(this.byDocId[docId]!);
    this.byDocId[docId] = undefined;
    this.changes++;
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

  /**
   * BM25+ search over analysed, weighted terms: the best `limit` records (default 10). Scores as
   * MiniSearch does (per field BM25+, times field boost and term weight, summed, times the number
   * of query terms matched), accumulated in typed arrays instead of result objects.
   */
  searchTerms(terms: WeightedTerm[], options: SearchTermsOptions = {}): IndexHit[] {
    if (terms.length === 0) return [];
    const boosts: Record<string, number> = { ...FIELD_BOOSTS, ...options.boost };
    const { k: k1, b, d } = BM25;
    const n = this.size;
    const averages = this.averageFieldLengths();
    const frozen = this.frozen;
    const { postingDocs, postingFreqs, fieldLengths } = frozen.data;
    const frozenCount = frozen.documentCount;
    const dead = this.tombstones.count > 0 ? this.tombstones.dead : undefined;
    const hasLive = this.live.documentCount > 0;
    const board = this.board;
    board.reset(this.nextDocId);
    const fields = SEARCH_FIELDS;
    const norm = k1 * (1 - b);
    for (let termIndex = 0; termIndex < terms.length; termIndex++) {
      const { term, weight: boost } = terms[termIndex];
      const termId = frozen.termId(term);
      for (let f = 0; f < fields.length; f++) {
        const field = fields[f];
        const livePostings = hasLive ? this.live.fieldPostings(term, f) : undefined;
        const frozenDf = termId < 0 ? 0 : frozen.fieldDocumentFrequency(termId, f) - this.tombstones.fieldDocumentFrequency(termId, f);
        const df = frozenDf + (livePostings?.size ?? 0);
        if (df === 0) continue;
        // Per term and field: idf and boosts are constant, only tf and the length vary.
        const weight = boost * (boosts[field] || 1) * Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const perLength = (k1 * b) / averages[f];
        if (termId >= 0) {
          const range = { start: frozen.postingsStart(termId, f), end: frozen.postingsStart(termId, f + 1) };
          scorePostings(board, postingDocs, postingFreqs, range, fieldLengths.subarray(f * frozenCount, (f + 1) * frozenCount), dead, termIndex, {
            weight,
            k1,
            d,
            norm,
            perLength,
          });
        }
        if (livePostings) {
          for (const [shortId, tf] of livePostings) {
            const length = this.live.fieldLengthOf(shortId, f);
            const doc = this.live.externalId(shortId) as number;
            board.add(doc, termIndex, weight * (d + (tf * (k1 + 1)) / (tf + norm + perLength * length)));
          }
        }
      }
    }
    const filter = options.filter;
    const prior = options.prior && options.prior.weight !== 0 && options.prior.values.size > 0 ? options.prior : undefined;
    const scale = prior ? { values: this.priorArray(prior.values), weight: prior.weight } : undefined;
    const best = board.top(options.limit ?? 10, filter ? (doc) => filter(this.byDocId[doc]!) : undefined, scale);
    return best.map(({ doc, score }) => ({ record: this.byDocId[doc]!, score, match: this.matchOf(doc, terms) }));
  }

  /**
   * The records holding `term` in `field` (an analysed term: the authors field holds surnames as
   * index terms), from the postings: no pass over the records.
   */
  recordsWithTerm(term: string, field: SearchField): PaperRecord[] {
    const f = SEARCH_FIELDS.indexOf(field);
    const out: PaperRecord[] = [];
    const termId = this.frozen.termId(term);
    if (termId >= 0) {
      const docs = this.frozen.data.postingDocs;
      for (let i = this.frozen.postingsStart(termId, f); i < this.frozen.postingsStart(termId, f + 1); i++) {
        const record = this.byDocId[docs[i]];
        if (record) out.push(record);
      }
    }
    const live = this.live.documentCount > 0 ? this.live.fieldPostings(term, f) : undefined;
    for (const shortId of live?.keys() ?? []) {
      const record = this.byDocId[this.live.externalId(shortId) as number];
      if (record) out.push(record);
    }
    return out;
  }

  private priorArray(values: ReadonlyMap<PaperRecord, number>): Float32Array {
    const known = this.priorArrays.get(values);
    if (known && known.generation === this.changes) return known.values;
    const array = new Float32Array(this.nextDocId);
    for (const [record, value] of values) {
      const docId = this.docIdOf.get(record.id);
      if (docId !== undefined && this.byDocId[docId] === record) array[docId] = value;
    }
    this.priorArrays.set(values, { generation: this.changes, values: array });
    return array;
  }

  private place(record: PaperRecord, docId: number): void {
    this.byDocId[docId] = record;
    this.docIdOf.set(record.id, docId);
    this.lexicon.add(record);
    if (record.inBibliography) this.bibliography.add(record);
    this.changes++;
  }

  /** Adds (sign 1) or subtracts (-1) a live document's field lengths; returns the document. */
  private countLive(document: AnalyzedDocument, sign: 1 | -1): AnalyzedDocument {
    SEARCH_FIELDS.forEach((field, f) => (this.liveLengths[f] += sign * uniqueTerms(document[field])));
    return document;
  }

  /**
   * Average field lengths over the searchable documents of both segments. An index that is only
   * its frozen segment uses the segment's own averages (MiniSearch's running average, to the bit).
   */
  averageFieldLengths(): number[] {
    const frozen = this.frozen;
    if (this.tombstones.count === 0 && this.live.documentCount === 0) return frozen.data.averageFieldLength;
    const n = this.size;
    return SEARCH_FIELDS.map((_, f) => {
      const total = frozen.data.averageFieldLength[f] * frozen.documentCount - this.tombstones.lengths[f] + this.liveLengths[f];
      return n > 0 ? total / n : 0;
    });
  }

  /** Matched term -> fields it matched in, as MiniSearch reports it. */
  private matchOf(doc: number, terms: readonly WeightedTerm[]): Record<string, string[]> {
    const match: Record<string, string[]> = {};
    const frozen = doc < this.frozen.documentCount;
    for (const { term } of terms) {
      const termId = frozen ? this.frozen.termId(term) : -1;
      SEARCH_FIELDS.forEach((field, f) => {
        const has = frozen ? termId >= 0 && this.frozen.hasPosting(termId, f, doc) : this.live.hasTermInField(doc, term, f);
        if (has) (match[term] ??= []).push(field);
      });
    }
    return match;
  }
}

/**
 * Adds the BM25+ scores of one (term, field) posting range. Its own small function: compiled on
 * its own, the loop does not fall back to the interpreter when the rest of `searchTerms` first runs.
 */
function scorePostings(
  board: ScoreBoard,
  docs: Uint32Array,
  freqs: Uint16Array,
  range: { start: number; end: number },
  lengths: Uint32Array,
  dead: Uint8Array | undefined,
  termIndex: number,
  p: { weight: number; k1: number; d: number; norm: number; perLength: number },
): void {
  const { weight, k1, d, norm, perLength } = p;
  for (let i = range.start; i < range.end; i++) {
    const doc = docs[i];
    if (dead !== undefined && dead[doc] === 1) continue;
    const tf = freqs[i];
    board.add(doc, termIndex, weight * (d + (tf * (k1 + 1)) / (tf + norm + perLength * lengths[doc])));
  }
}

function uniqueTerms(text: string): number {
  return text ? new Set(text.split(' ')).size : 0;
}
