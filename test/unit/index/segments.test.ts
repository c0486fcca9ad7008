import { strict as assert } from 'node:assert';
import { BulkMiniSearch } from '../../../src/core/index/bulkMiniSearch';
import { analyzeRecord, BM25, FIELD_BOOSTS, miniSearchOptions } from '../../../src/core/index/fields';
import { PaperIndex, type WeightedTerm } from '../../../src/core/index/paperIndex';
import type { PaperRecord } from '../../../src/core/model';
import { paper } from '../helpers';
import { QUERIES, syntheticCorpus } from './corpusFixture';

/** The index as it was before segments: BulkMiniSearch's bulk build and typed-array top k. */
function miniSearchReference(records: PaperRecord[]) {
  const search = new BulkMiniSearch(miniSearchOptions());
  search.addAllBulk(records.map((r, i) => analyzeRecord(r, i)));
  return {
    search: (terms: WeightedTerm[], limit = 10) =>
      search
        .searchTopK(terms.map((t) => ({ term: t.term, boost: t.weight })), limit, { boost: { ...FIELD_BOOSTS }, bm25: BM25 })
        .map((h) => ({ id: records[h.id as number].id, score: h.score, match: h.match })),
    documentFrequency: (term: string) => search.documentFrequency(term),
  };
}

const hitsOf = (index: PaperIndex, terms: WeightedTerm[], limit = 10) =>
  index.searchTerms(terms, { limit }).map((h) => ({ id: h.record.id, score: h.score, match: h.match }));

function assertSameHits(actual: { id: string; score: number }[], expected: { id: string; score: number }[], message: string) {
  assert.deepEqual(actual.map((h) => h.id), expected.map((h) => h.id), message);
  actual.forEach((h, i) => assert.ok(Math.abs(h.score - expected[i].score) <= 1e-9, `${message}: ${h.id} ${h.score} vs ${expected[i].score}`));
}

/** All hits as id -> score: comparable between indexes whose ties may be ordered differently. */
function scoresOf(index: PaperIndex, terms: WeightedTerm[]): Map<string, number> {
  return new Map(index.searchTerms(terms, { limit: 1e6 }).map((h) => [h.record.id, h.score]));
}

function assertSameScores(actual: PaperIndex, expected: PaperIndex) {
  assert.equal(actual.size, expected.size);
  for (const terms of QUERIES) {
    const a = scoresOf(actual, terms);
    const e = scoresOf(expected, terms);
    assert.deepEqual([...a.keys()].sort(), [...e.keys()].sort(), JSON.stringify(terms));
    for (const [id, score] of e) assert.ok(Math.abs(a.get(id)! - score) <= 1e-9, `${id}: ${a.get(id)} vs ${score}`);
    for (const { term } of terms) {
      assert.equal(actual.documentFrequency(term), expected.documentFrequency(term), term);
      assert.ok(Math.abs(actual.idf(term) - expected.idf(term)) <= 1e-12, term);
    }
  }
}

describe('PaperIndex scores as the MiniSearch index did', () => {
  const records = syntheticCorpus(400);
  const index = PaperIndex.build(records);
  const reference = miniSearchReference(records);
  it('gives the same top k, scores (to 1e-9) and matched fields for every query', () => {
    for (const terms of QUERIES) {
      for (const limit of [1, 10, 50]) {
        const actual = hitsOf(index, terms, limit);
        const expected = reference.search(terms, limit);
        assertSameHits(actual, expected, `${JSON.stringify(terms)} top ${limit}`);
        assert.deepEqual(actual.map((h) => h.match), expected.map((h) => h.match));
      }
    }
  });
  it('gives the same document frequencies', () => {
    for (const term of ['attent', 'model', 'acl', 'vaswani', 'muller', 'absentterm']) {
      assert.equal(index.documentFrequency(term), reference.documentFrequency(term), term);
    }
  });
  it('gives the same results after a round trip through the cache form', () => {
    const restored = PaperIndex.fromJSON(structuredClone(index.toJSON()), records);
    for (const terms of QUERIES) assertSameHits(hitsOf(restored, terms), reference.search(terms), JSON.stringify(terms));
  });
});

describe('PaperIndex with frozen and live segments', () => {
  const base = syntheticCorpus(300);
  const extra = syntheticCorpus(40, 7, 'x');

  it('scores records added later exactly as if the index had been built with them', () => {
    const index = PaperIndex.build(base);
    for (const r of extra.slice(0, 20)) index.add(r);
    index.addAll(extra.slice(20));
    assertSameScores(index, PaperIndex.build([...base, ...extra]));
  });
  it('forgets removed records, in scores, document frequencies and field length averages', () => {
    const index = PaperIndex.build([...base, ...extra]);
    const gone = new Set([...base.filter((_, i) => i % 7 === 0), ...extra.filter((_, i) => i % 3 === 0)].map((r) => r.id));
    for (const id of gone) assert.ok(index.remove(id));
    assert.equal(index.remove('p0'), false, 'already removed');
    const kept = [...base, ...extra].filter((r) => !gone.has(r.id));
    assertSameScores(index, PaperIndex.build(kept));
    assert.deepEqual([...index.records()], kept);
  });
  it('update replaces frozen and live records alike, and the result round-trips through toJSON', () => {
    const index = PaperIndex.build(base);
    index.addAll(extra.slice(0, 10));
    const next = [...base.slice(5), ...extra.slice(0, 10)].map((r, i) =>
      i % 11 === 0 ? { ...r, title: `${r.title} attention attention`, abstract: undefined } : r,
    );
    next.push(paper('new1', 'Attention sinks in streaming transformers', { authors: ['G. Xiao'] }));
    const stats = index.update(next);
    assert.deepEqual(stats, { added: 1, removed: 5, replaced: next.filter((_, i) => i % 11 === 0).length });
    const fresh = PaperIndex.build(next);
    assertSameScores(index, fresh);

    const restored = PaperIndex.fromJSON(structuredClone(index.toJSON()), next);
    assertSameScores(restored, fresh);
    for (const terms of QUERIES) {
      assert.deepEqual(
        restored.searchTerms(terms).map((h) => [h.record.id, h.score]),
        index.searchTerms(terms).map((h) => [h.record.id, h.score]),
      );
    }
    assert.equal(restored.get('new1'), next[next.length - 1]);
    assert.equal(restored.get('p0'), undefined);
    // The restored index keeps working: more changes, still as if built from scratch.
    const later = next.filter((r) => r.id !== 'new1' && r.id !== 'p7');
    restored.update(later);
    assertSameScores(restored, PaperIndex.build(later));
  });
  it('a removed and re-added record matches again, under its new content', () => {
    const index = PaperIndex.build(base);
    const record = base[3];
    index.remove(record.id);
    assert.deepEqual(index.searchTerms([{ term: 'zebra', weight: 1 }]), []);
    index.add({ ...record, title: 'Zebra crossings' });
    assert.deepEqual(index.searchTerms([{ term: 'zebra', weight: 1 }]).map((h) => h.record.id), [record.id]);
    assert.deepEqual(index.searchTerms([{ term: 'zebra', weight: 1 }])[0].match, { zebra: ['title'] });
    assert.equal(index.size, base.length);
  });
  it('applies filter and limit across both segments', () => {
    const index = PaperIndex.build(base);
    index.addAll(extra);
    const terms = [{ term: 'attent', weight: 1 }];
    const hits = index.searchTerms(terms, { limit: 1000, filter: (r) => r.id.startsWith('x') });
    assert.ok(hits.length > 0);
    assert.ok(hits.every((h) => h.record.id.startsWith('x')));
    assert.deepEqual(index.searchTerms(terms, { limit: 0 }), []);
  });
  it('an index emptied and refilled through the live segment still works', () => {
    const index = PaperIndex.build(base.slice(0, 3));
    index.update([]);
    assert.equal(index.size, 0);
    assert.deepEqual(index.searchTerms([{ term: 'attent', weight: 1 }]), []);
    assert.equal(index.documentFrequency('attent'), 0);
    index.update(base.slice(3, 6));
    assertSameScores(index, PaperIndex.build(base.slice(3, 6)));
  });
});

describe('PaperIndex#searchTerms after a query that threw', () => {
  it('starts from clean scores', () => {
    const records = syntheticCorpus(100);
    const index = PaperIndex.build(records);
    const terms = [{ term: 'attent', weight: 1 }];
    const before = index.searchTerms(terms).map((h) => [h.record.id, h.score]);
    assert.throws(() =>
      index.searchTerms(terms, {
        filter: () => {
          throw new Error('boom');
        },
      }),
    );
    assert.deepEqual(index.searchTerms(terms).map((h) => [h.record.id, h.score]), before);
  });
});
