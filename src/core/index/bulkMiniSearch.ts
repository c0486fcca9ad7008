/**
 * MiniSearch with a bulk build. `add()` walks MiniSearch's radix tree once per token (10M walks
 * for 104k abstracts, ~20 s); here postings are gathered per term in hash maps, so the tree is
 * walked once per distinct term of the batch. The result is the same data structure `add()`
 * builds — search, discard, vacuum and toJSON behave as usual (pinned by a parity test).
 *
 * PaperIndex keeps one as its live segment (records added after the build) and scores its
 * postings itself, against statistics over both segments (`fieldPostings` and friends).
 *
 * Uses MiniSearch's protected members, which exist for subclasses; minisearch is pinned to 7.x.
 */
import MiniSearch, { type Options } from 'minisearch';

type FieldTermData = Map<number, Map<number, number>>;

/** One exact-term query of `searchTopK`, with its weight (MiniSearch's `boostTerm`). */
export interface TopKTerm {
  term: string;
  boost: number;
}

export interface TopKHit {
  /** The document id (the `idField` value). */
  id: unknown;
  score: number;
  /** Matched term -> fields it matched in, as MiniSearch's `match`. */
  match: Record<string, string[]>;
}

export interface TopKOptions {
  /** Field boosts, as MiniSearch's `boost` (a missing field counts 1). */
  boost: Record<string, number>;
  bm25: { k: number; b: number; d: number };
  /** Keep only documents this accepts. */
  filter?: (id: unknown) => boolean;
}


/**
 * The index in a few flat typed arrays: what the cache stores. MiniSearch's own `toJSON` form has
 * an object per posting list; at 100k documents deserialising and converting those millions of
 * small objects took most of a warm start (v8.deserialize 2.1 s, Map conversion 1.9 s, GC 1.3 s).
 */
export interface CompactIndex {
  format: 'related-work-compact-1';
  documentCount: number;
  nextId: number;
  fieldCount: number;
  averageFieldLength: number[];
  /** Short ids of live documents, and their external ids (numbers in this project). */
  shortIds: Uint32Array;
  externalIds: unknown[];
  /** fieldCount lengths per short id, row-major; NO_FIELD where the document lacks the field. */
  fieldLengths: Uint32Array;
  /** The terms, joined by NUL. */
  terms: string;
  /** Per term: how many fields have postings. Then per (term, field): field id and posting count. */
  termFieldCounts: Uint8Array;
  fieldIds: Uint8Array;
  postingCounts: Uint32Array;
  /** All postings: document short ids and term frequencies, in (term, field) order. */
  postingDocs: Uint32Array;
  postingFreqs: Uint16Array;
}

const NO_FIELD = 0xffffffff;

/**
 * Number of distinct ids in several ascending id sequences (a k-way merge, no set). Posting maps
 * hold their documents in ascending id order: ids are handed out in increasing order and a map
 * keeps insertion order.
 */
function countUnion(sequences: Iterator<number>[]): number {
  const heads = sequences.map((it) => it.next());
  let count = 0;
  for (;;) {
    let min = Infinity;
    for (const h of heads) if (!h.done && h.value < min) min = h.value;
    if (min === Infinity) return count;
    count++;
    heads.forEach((h, i) => {
      if (!h.done && h.value === min) heads[i] = sequences[i].next();
    });
  }
}

export class BulkMiniSearch<T> extends MiniSearch<T> {
  /** The compact form of this index (see CompactIndex); documents discarded so far are left out. */
  toCompact(): CompactIndex {
    const fieldCount = Object.keys(this._fieldIds).length;
    const shortIds = new Uint32Array(this._documentIds.size);
    const externalIds: unknown[] = [];
    const fieldLengths = new Uint32Array(this._documentIds.size * fieldCount);
    let i = 0;
    for (const [shortId, id] of this._documentIds) {
      shortIds[i] = shortId;
      externalIds.push(id);
      const lengths = this._fieldLength.get(shortId) ?? [];
      for (let f = 0; f < fieldCount; f++) fieldLengths[i * fieldCount + f] = lengths[f] ?? NO_FIELD;
      i++;
    }
    const terms: string[] = [];
    const termFieldCounts: number[] = [];
    const fieldIds: number[] = [];
    const postingCounts: number[] = [];
    let total = 0;
    for (const [, data] of this._index) for (const postings of (data as FieldTermData).values()) total += postings.size;
    const postingDocs = new Uint32Array(total);
    const postingFreqs = new Uint16Array(total);
    let at = 0;
    for (const [term, data] of this._index) {
      let fieldsWithPostings = 0;
      for (const [fieldId, postings] of data as FieldTermData) {
        let count = 0;
        for (const [docId, tf] of postings) {
          if (!this._documentIds.has(docId)) continue;
          postingDocs[at] = docId;
          postingFreqs[at] = Math.min(tf, 0xffff);
          at++;
          count++;
        }
        if (count === 0) continue;
        fieldIds.push(fieldId);
        postingCounts.push(count);
        fieldsWithPostings++;
      }
      if (fieldsWithPostings === 0) continue;
      terms.push(term);
      termFieldCounts.push(fieldsWithPostings);
    }
    return {
      format: 'related-work-compact-1',
      documentCount: this._documentCount,
      nextId: this._nextId,
      fieldCount,
      averageFieldLength: [...this._avgFieldLength],
      shortIds,
      externalIds,
      fieldLengths,
      terms: terms.join('\0'),
      termFieldCounts: Uint8Array.from(termFieldCounts),
      fieldIds: Uint8Array.from(fieldIds),
      postingCounts: Uint32Array.from(postingCounts),
      postingDocs: postingDocs.slice(0, at),
      postingFreqs: postingFreqs.slice(0, at),
    };
  }

  /** Rebuilds an index written by `toCompact`, with the same options it was built with. */
  static fromCompact<T>(c: CompactIndex, options: Options<T>): BulkMiniSearch<T> {
    if (c.format !== 'related-work-compact-1') throw new Error(`unknown compact index format ${String(c.format)}`);
    const search = new BulkMiniSearch<T>(options);
    if (Object.keys(search._fieldIds).length !== c.fieldCount) throw new Error('compact index has other fields');
    search._documentCount = c.documentCount;
    search._nextId = c.nextId;
    search._avgFieldLength = [...c.averageFieldLength];
    c.shortIds.forEach((shortId, i) => {
      const id = c.externalIds[i];
      search._documentIds.set(shortId, id);
      search._idToShortId.set(id, shortId);
      const lengths: number[] = [];
      for (let f = 0; f < c.fieldCount; f++) {
        const length = c.fieldLengths[i * c.fieldCount + f];
        if (length !== NO_FIELD) lengths[f] = length;
      }
      search._fieldLength.set(shortId, lengths);
    });
    const terms = c.terms ? c.terms.split('\0') : [];
    let field = 0;
    let at = 0;
    terms.forEach((term, t) => {
      const data: FieldTermData = new Map();
      for (let n = c.termFieldCounts[t]; n > 0; n--, field++) {
        const postings = new Map<number, number>();
        for (let end = at + c.postingCounts[field]; at < end; at++) postings.set(c.postingDocs[at], c.postingFreqs[at]);
        data.set(c.fieldIds[field], postings);
      }
      search._index.set(term, data as never);
    });
    return search;
  }

  /**
   * Postings of `term` in field `fieldId` (short id -> term frequency), for scoring against
   * statistics kept outside this index (see PaperIndex). Read-only.
   */
  fieldPostings(term: string, fieldId: number): ReadonlyMap<number, number> | undefined {
    return (this._index.get(term) as FieldTermData | undefined)?.get(fieldId);
  }

  /** The external id of a short id (the keys of `fieldPostings`). */
  externalId(shortId: number): unknown {
    return this._documentIds.get(shortId);
  }

  /** The length of a field of a document, by short id (0 when it has none). */
  fieldLengthOf(shortId: number, fieldId: number): number {
    return this._fieldLength.get(shortId)?.[fieldId] ?? 0;
  }

  /** Whether the document with external id `id` has `term` in field `fieldId`. */
  hasTermInField(id: unknown, term: string, fieldId: number): boolean {
    const shortId = this._idToShortId.get(id);
    return shortId !== undefined && this.fieldPostings(term, fieldId)?.has(shortId) === true;
  }

  private dfCache = new Map<string, number>();
  private dfCacheStamp = '';

  /**
   * Number of documents containing `term` in any field (discarded documents not yet vacuumed
   * included). Memoised until the index changes: query terms repeat across queries, and the
   * union over fields costs a pass over the term's postings.
   */
  documentFrequency(term: string): number {
    const stamp = `${this._nextId}:${this._documentCount}`;
    if (stamp !== this.dfCacheStamp) {
      this.dfCache.clear();
      this.dfCacheStamp = stamp;
    }
    let df = this.dfCache.get(term);
    if (df === undefined) {
      const data = this._index.get(term) as FieldTermData | undefined;
      df = data ? countUnion([...data.values()].map((postings) => postings.keys())) : 0;
      this.dfCache.set(term, df);
    }
    return df;
  }

  /**
   * The `k` best documents for an OR of exact terms, scored exactly as `search()` scores them
   * (BM25+ per field, times field boost and term boost, summed, times the number of query terms
   * matched) but without building and sorting a result object for every matching document:
   * scores accumulate in a typed array and only the top k are kept. At 100k documents a query
   * touches tens of thousands of postings; `search()` then spends most of its time on objects.
   */
  searchTopK(terms: readonly TopKTerm[], k: number, options: TopKOptions): TopKHit[] {
    const size = this._nextId;
    const scores = new Float64Array(size);
    const matched = new Uint8Array(size);
    const touched: number[] = [];
    const n = this._documentCount;
    const { k: k1, b, d } = options.bm25;
    const lengths = this.fieldLengths();
    // Postings of discarded documents linger until vacuuming; only then is the check needed.
    const live = this._dirtCount > 0 ? this._documentIds : undefined;
    const fields = Object.keys(this._fieldIds);
    for (const { term, boost } of terms) {
      const data = this._index.get(term) as FieldTermData | undefined;
      if (!data) continue;
      const seen = data.size > 1 ? new Set<number>() : undefined;
      for (const field of fields) {
        const fieldId = this._fieldIds[field];
        const postings = data.get(fieldId);
        if (!postings) continue;
        const df = postings.size;
        // Per term and field: idf and boosts are constant, only tf and the length vary.
        const weight = boost * (options.boost[field] || 1) * Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const norm = k1 * (1 - b);
        const perLength = (k1 * b) / this._avgFieldLength[fieldId];
        const fieldLength = lengths[fieldId];
        for (const [docId, tf] of postings) {
          if (live && !live.has(docId)) continue;
          const score = weight * (d + (tf * (k1 + 1)) / (tf + norm + perLength * fieldLength[docId]));
          if (matched[docId] === 0 && scores[docId] === 0) touched.push(docId);
          scores[docId] += score;
          if (seen === undefined) matched[docId] += 1;
          else if (!seen.has(docId)) {
            seen.add(docId);
            matched[docId] += 1;
          }
        }
      }
    }
    // Keep the k best in a small sorted array: k is tiny next to the number of matches.
    const best: { docId: number; score: number }[] = [];
    for (const docId of touched) {
      const score = scores[docId] * matched[docId];
      if (best.length === k && score <= best[k - 1].score) continue;
      const id = this._documentIds.get(docId);
      if (options.filter && !options.filter(id)) continue;
      let i = best.length < k ? best.length : k - 1;
      while (i > 0 && best[i - 1].score < score) i--;
      best.splice(i, 0, { docId, score });
      if (best.length > k) best.pop();
    }
    return best.map(({ docId, score }) => ({ id: this._documentIds.get(docId), score, match: this.matchOf(docId, terms, fields) }));
  }

  private lengthCache?: { nextId: number; count: number; byField: Uint32Array[] };

  /** Field lengths as typed arrays by document, rebuilt only after documents were added or removed. */
  private fieldLengths(): Uint32Array[] {
    const c = this.lengthCache;
    if (c && c.nextId === this._nextId && c.count === this._documentCount) return c.byField;
    const byField = Object.keys(this._fieldIds).map(() => new Uint32Array(this._nextId));
    for (const [docId, lengths] of this._fieldLength) {
      lengths.forEach((length, fieldId) => {
        byField[fieldId][docId] = length ?? 0;
      });
    }
    this.lengthCache = { nextId: this._nextId, count: this._documentCount, byField };
    return byField;
  }

  private matchOf(docId: number, terms: readonly TopKTerm[], fields: string[]): Record<string, string[]> {
    const match: Record<string, string[]> = {};
    for (const { term } of terms) {
      const data = this._index.get(term) as FieldTermData | undefined;
      if (!data) continue;
      for (const field of fields) {
        if (data.get(this._fieldIds[field])?.has(docId)) (match[term] ??= []).push(field);
      }
    }
    return match;
  }

  /** Adds every document, like `addAll`, much faster on large batches. */
  addAllBulk(documents: Iterable<T>): void {
    const { extractField, stringifyField, tokenize, processTerm, fields, idField, storeFields } = this._options;
    if (storeFields.length > 0) throw new Error('addAllBulk does not store fields');
    const batch = new Map<string, FieldTermData>();
    const termData = (term: string): FieldTermData => {
      let data = batch.get(term);
      if (data === undefined) {
        data = this._index.fetch(term, () => new Map()) as FieldTermData;
        batch.set(term, data);
      }
      return data;
    };
    for (const document of documents) {
      const id = extractField(document, idField);
      if (id == null) throw new Error(`MiniSearch: document does not have ID field "${idField}"`);
      if (this._idToShortId.has(id)) throw new Error(`MiniSearch: duplicate ID ${id}`);
      const shortId = this._nextId++;
      this._idToShortId.set(id, shortId);
      this._documentIds.set(shortId, id);
      const count = this._documentCount++;
      const lengths: number[] = [];
      this._fieldLength.set(shortId, lengths);
      for (const field of fields) {
        const value = extractField(document, field);
        if (value == null) continue;
        const tokens = tokenize(stringifyField(value, field), field);
        const fieldId = this._fieldIds[field];
        // Same bookkeeping as MiniSearch#addFieldLength: unique tokens, running average.
        const length = new Set(tokens).size;
        lengths[fieldId] = length;
        this._avgFieldLength[fieldId] = ((this._avgFieldLength[fieldId] || 0) * count + length) / (count + 1);
        // Count within the field first: the big posting maps are then touched once per term.
        const counts = new Map<string, number>();
        for (const token of tokens) {
          const processed = processTerm(token, field);
          for (const term of Array.isArray(processed) ? processed : processed ? [processed] : []) {
            counts.set(term, (counts.get(term) ?? 0) + 1);
          }
        }
        for (const [term, n] of counts) {
          const data = termData(term);
          let postings = data.get(fieldId);
          if (postings === undefined) data.set(fieldId, (postings = new Map()));
          postings.set(shortId, (postings.get(shortId) ?? 0) + n);
        }
      }
    }
  }
}
