import { strict as assert } from 'node:assert';
import { PaperIndex } from '../../../src/core/index/paperIndex';
import { paper } from '../helpers';

const corpus = () => [
  paper('a', 'Efficient Streaming Language Models with Attention Sinks', {
    abstract: 'Keeping the key and value states of initial tokens recovers window attention.',
    authors: ['Guangxuan Xiao', 'Song Han'],
  }),
  paper('b', 'Neural Machine Translation of Rare Words with Subword Units', {
    abstract: 'Byte pair encoding segments rare words into subword units.',
    authors: ['Rico Sennrich'],
  }),
  paper('c', 'Token Pruning for Vision Transformers', { abstract: 'Pruning visual tokens speeds up inference.' }),
];

describe('PaperIndex.build', () => {
  it('indexes every record and counts document frequencies over all fields', () => {
    const index = PaperIndex.build(corpus());
    assert.equal(index.size, 3);
    assert.equal(index.documentFrequency('token'), 2);
    assert.equal(index.documentFrequency('sennrich'), 1);
    assert.equal(index.documentFrequency('absent'), 0);
    assert.ok(index.idf('sennrich') > index.idf('token'));
  });
  it('refuses duplicate ids', () => {
    assert.throws(() => PaperIndex.build([paper('a', 'One'), paper('a', 'Two')]), /duplicate record id "a"/);
  });
});

describe('PaperIndex#searchTerms', () => {
  it('ranks by BM25 with the term weights and reports matched fields', () => {
    const index = PaperIndex.build(corpus());
    const hits = index.searchTerms([{ term: 'subword', weight: 1 }, { term: 'token', weight: 0.1 }]);
    assert.equal(hits[0].record.id, 'b');
    assert.deepEqual(hits[0].match.subword, ['title', 'abstract']);
  });
  it('finds papers by author surname', () => {
    const hits = PaperIndex.build(corpus()).searchTerms([{ term: 'sennrich', weight: 1 }]);
    assert.deepEqual(hits.map((h) => h.record.id), ['b']);
  });
  it('applies the filter and the limit', () => {
    const index = PaperIndex.build(corpus());
    const terms = [{ term: 'token', weight: 1 }];
    assert.deepEqual(index.searchTerms(terms, { filter: (r) => r.id !== 'c' }).map((h) => h.record.id), ['a']);
    assert.equal(index.searchTerms(terms, { limit: 1 }).length, 1);
  });
  it('scales the scores of the records a prior lists when choosing the best, for that search only', () => {
    const index = PaperIndex.build(corpus());
    const terms = [{ term: 'token', weight: 1 }];
    const plain = index.searchTerms(terms);
    assert.deepEqual(plain.map((h) => h.record.id), ['c', 'a']);
    const prior = { values: new Map([[index.get('a')!, 1]]), weight: 9 };
    const lifted = index.searchTerms(terms, { prior });
    assert.deepEqual(lifted.map((h) => h.record.id), ['a', 'c']);
    assert.ok(Math.abs(lifted[0].score - 10 * plain[1].score) < 1e-9);
    assert.deepEqual(index.searchTerms(terms), plain);
    assert.deepEqual(index.searchTerms(terms, { prior: { ...prior, weight: 0 } }), plain);
  });
});

describe('PaperIndex#recordsWithTerm', () => {
  it('lists the records holding a term in one field, in both segments, without the removed', () => {
    const index = PaperIndex.build(corpus());
    assert.deepEqual(index.recordsWithTerm('han', 'authors').map((r) => r.id), ['a']);
    assert.deepEqual(index.recordsWithTerm('token', 'title').map((r) => r.id), ['c']);
    index.add(paper('d', 'Later', { authors: ['Han Song'] }));
    index.remove('a');
    assert.deepEqual(index.recordsWithTerm('han', 'authors').map((r) => r.id), ['d']);
    assert.deepEqual(index.recordsWithTerm('absent', 'authors'), []);
  });
  it('keeps the bibliography\'s records apart, through removal and the cache', () => {
    const bib = paper('k', 'Mine', { key: 'k', inBibliography: true });
    const index = PaperIndex.build([...corpus(), bib]);
    assert.deepEqual(index.bibliographyRecords(), [bib]);
    const restored = PaperIndex.fromJSON(structuredClone(index.toJSON()), [...corpus(), bib].map((r) => (r.id === 'k' ? bib : r)));
    assert.deepEqual(restored.bibliographyRecords().map((r) => r.id), ['k']);
    index.remove('k');
    assert.deepEqual(index.bibliographyRecords(), []);
  });
  it('counts a change of the records in its generation', () => {
    const index = PaperIndex.build(corpus());
    const before = index.generation;
    index.add(paper('d', 'Later'));
    assert.notEqual(index.generation, before);
  });
});

describe('PaperIndex#update', () => {
  it('re-indexes only records that changed, removes the gone and adds the new', () => {
    const records = corpus();
    const index = PaperIndex.build(records);
    const changed = { ...records[1], title: 'Subword Regularization' };
    const stats = index.update([records[0], changed, paper('d', 'Byte Latent Transformer')]);
    assert.deepEqual(stats, { added: 1, removed: 1, replaced: 1 });
    assert.equal(index.get('b')?.title, 'Subword Regularization');
    assert.equal(index.get('c'), undefined);
    assert.deepEqual(index.searchTerms([{ term: 'translat', weight: 1 }]), [], 'old title no longer matches');
    assert.deepEqual(index.searchTerms([{ term: 'latent', weight: 1 }]).map((h) => h.record.id), ['d']);
  });
});

describe('PaperIndex#toJSON / fromJSON', () => {
  it('round-trips through the structured clone used by the cache', () => {
    const records = corpus();
    const index = PaperIndex.build(records);
    const restored = PaperIndex.fromJSON(structuredClone(index.toJSON()), records);
    const terms = [{ term: 'token', weight: 1 }, { term: 'attent', weight: 2 }];
    assert.deepEqual(
      restored.searchTerms(terms).map((h) => [h.record.id, h.score]),
      index.searchTerms(terms).map((h) => [h.record.id, h.score]),
    );
    assert.equal(restored.documentFrequency('token'), 2);
    assert.equal(restored.get('a'), records[0], 'the restored index shares the given record objects');
  });
  it('rejects another format version and records that do not match', () => {
    const records = corpus();
    const json = PaperIndex.build(records).toJSON();
    assert.throws(() => PaperIndex.fromJSON({ ...json, version: -1 }, records), /index format -1/);
    assert.throws(() => PaperIndex.fromJSON(json, records.slice(1)), /index holds 3 records, sources give 2/);
  });
});
