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

describe('BulkMiniSearch.loadBulk', () => {
  it('restores a serialised index into a BulkMiniSearch that can bulk-add', () => {
    const bulk = new BulkMiniSearch(options);
    bulk.addAllBulk(docs.slice(0, 3));
    const loaded = BulkMiniSearch.loadBulk(structuredClone(bulk.toJSON()), options);
    assert.ok(loaded instanceof BulkMiniSearch);
    loaded.addAllBulk(docs.slice(3));
    const plain = new MiniSearch(options);
    plain.addAll(docs);
    assert.deepEqual(loaded.search('attention'), plain.search('attention'));
  });
});
