import { strict as assert } from 'node:assert';
import MiniSearch from 'minisearch';
import { BulkMiniSearch } from '../../../src/core/index/bulkMiniSearch';

const options = { fields: ['title', 'text'], idField: 'id' };
const docs = [
  { id: 'a', title: 'Attention sinks', text: 'streaming models keep attention sinks and attention' },
  { id: 'b', title: 'Subword units', text: 'rare words as subword units' },
  { id: 'c', title: 'Token pruning', text: null },
  { id: 'd', title: 'Attention is all you need', text: 'attention attention attention' },
];

describe('BulkMiniSearch#addAllBulk', () => {
  it('builds exactly the index that add() builds', () => {
    const plain = new MiniSearch(options);
    plain.addAll(docs);
    const bulk = new BulkMiniSearch(options);
    bulk.addAllBulk(docs);
    assert.deepEqual(bulk.toJSON(), plain.toJSON());
  });
  it('adds to a non-empty index, and discard then works as usual', () => {
    const plain = new MiniSearch(options);
    plain.addAll(docs);
    const bulk = new BulkMiniSearch(options);
    bulk.addAllBulk(docs.slice(0, 2));
    bulk.addAllBulk(docs.slice(2));
    assert.deepEqual(bulk.toJSON(), plain.toJSON());
    bulk.discard('a');
    plain.discard('a');
    assert.deepEqual(bulk.search('attention'), plain.search('attention'));
  });
  it('refuses duplicate and missing ids like add()', () => {
    assert.throws(() => new BulkMiniSearch(options).addAllBulk([docs[0], docs[0]]), /duplicate ID a/);
    assert.throws(() => new BulkMiniSearch(options).addAllBulk([{ title: 'x' } as never]), /does not have ID field/);
  });
});

describe('BulkMiniSearch#toCompact / fromCompact', () => {
  it('round-trips to the same index (through the structured clone the cache uses)', () => {
    const bulk = new BulkMiniSearch(options);
    bulk.addAllBulk(docs);
    const restored = BulkMiniSearch.fromCompact(structuredClone(bulk.toCompact()), options);
    // The radix tree iterates in an order that depends on insertion order: compare terms sorted.
    const sorted = (ms: MiniSearch) => {
      const json = ms.toJSON();
      return { ...json, index: [...json.index].sort(([a], [b]) => (a < b ? -1 : 1)) };
    };
    assert.deepEqual(sorted(restored), sorted(bulk));
    assert.deepEqual(restored.search('attention'), bulk.search('attention'));
  });
  it('leaves discarded documents out, and the restored index can bulk-add again', () => {
    const bulk = new BulkMiniSearch(options);
    bulk.addAllBulk(docs.slice(0, 3));
    bulk.discard('a');
    const restored = BulkMiniSearch.fromCompact(bulk.toCompact(), options);
    assert.ok(restored instanceof BulkMiniSearch);
    assert.deepEqual(restored.search('attention'), []);
    restored.addAllBulk(docs.slice(3));
    assert.deepEqual(restored.search('attention').map((r) => r.id), ['d']);
    assert.equal(restored.documentCount, 3);
  });
  it('refuses another format or other fields', () => {
    const compact = new BulkMiniSearch(options).toCompact();
    assert.throws(() => BulkMiniSearch.fromCompact({ ...compact, format: 'x' as never }, options), /unknown compact index format/);
    assert.throws(() => BulkMiniSearch.fromCompact(compact, { fields: ['title'] }), /other fields/);
  });
});

describe('BulkMiniSearch#searchTopK', () => {
  const corpus = [
    ...docs,
    { id: 'e', title: 'Sinks and streams', text: 'attention sinks in streaming attention models' },
    { id: 'f', title: 'Rare units', text: 'subword attention' },
  ];
  const boost = { title: 2, text: 1 };
  const bm25 = { k: 1.2, b: 0.7, d: 0.5 };
  const terms = [
    { term: 'attention', boost: 1 },
    { term: 'sinks', boost: 2 },
    { term: 'subword', boost: 0.5 },
  ];
  const reference = (ms: MiniSearch) =>
    ms
      .search({ combineWith: 'OR', queries: terms.map((t) => t.term) }, { boost, bm25, boostTerm: (t) => terms.find((x) => x.term === t)!.boost })
      .map((r) => ({ id: r.id, score: r.score, match: r.match }));

  it('gives the ids, scores and matches of search(), best first, cut at k', () => {
    const bulk = new BulkMiniSearch(options);
    bulk.addAllBulk(corpus);
    const expected = reference(bulk);
    const got = bulk.searchTopK(terms, 3, { boost, bm25 });
    assert.deepEqual(got.map((h) => h.id), expected.slice(0, 3).map((r) => r.id));
    got.forEach((h, i) => {
      assert.ok(Math.abs(h.score - expected[i].score) < 1e-9, `${h.id}: ${h.score} vs ${expected[i].score}`);
      assert.deepEqual(h.match, expected[i].match);
    });
    assert.equal(bulk.searchTopK(terms, 100, { boost, bm25 }).length, expected.length);
  });
  it('skips filtered and discarded documents', () => {
    const bulk = new BulkMiniSearch(options);
    bulk.addAllBulk(corpus);
    const top = bulk.searchTopK(terms, 1, { boost, bm25 })[0].id;
    bulk.discard(top);
    const after = bulk.searchTopK(terms, 10, { boost, bm25, filter: (id) => id !== 'f' }).map((h) => h.id);
    assert.ok(!after.includes(top) && !after.includes('f'), after.join());
    assert.deepEqual(after, reference(bulk).map((r) => r.id).filter((id) => id !== 'f'));
  });
});

describe('BulkMiniSearch#documentFrequency', () => {
  it('counts documents with the term in any field, through bulk adds, single adds, discards and a reload', () => {
    const bulk = new BulkMiniSearch(options);
    bulk.addAllBulk(docs.slice(0, 3));
    bulk.add({ id: 'e', title: 'subword attention', text: 'sinks' });
    bulk.discard('b');
    bulk.add({ id: 'b', title: 'attention', text: 'subword units' });
    const live = [docs[0], docs[2], { id: 'e', title: 'subword attention', text: 'sinks' }, { id: 'b', title: 'attention', text: 'subword units' }];
    const expected = (term: string) => live.filter((d) => `${d.title} ${d.text ?? ''}`.toLowerCase().split(/\W+/).includes(term)).length;
    for (const index of [bulk, BulkMiniSearch.fromCompact(bulk.toCompact(), options)]) {
      for (const term of ['attention', 'sinks', 'subword', 'units', 'pruning', 'absent']) {
        // A discarded document still counts until vacuuming: the old 'b' had 'subword' and 'units'.
        const stale = index === bulk && (term === 'subword' || term === 'units') ? 1 : 0;
        assert.equal(index.documentFrequency(term), expected(term) + stale, term);
      }
    }
  });
});
