import { strict as assert } from 'node:assert';
import { analyzeRecord, SEARCH_FIELDS } from '../../../src/core/index/fields';
import { FrozenSegment } from '../../../src/core/index/frozenSegment';
import { hashOf, TermTable } from '../../../src/core/index/termTable';
import { syntheticCorpus } from './corpusFixture';

const docsOf = (n: number) => syntheticCorpus(n).map((r, i) => analyzeRecord(r, i));

describe('FrozenSegment.build', () => {
  it('holds, per term and field, the ascending documents with their term frequencies', () => {
    const docs = docsOf(200);
    const segment = FrozenSegment.build(docs);
    assert.equal(segment.documentCount, 200);
    const { postingDocs, postingFreqs } = segment.data;
    for (const field of SEARCH_FIELDS) {
      const f = SEARCH_FIELDS.indexOf(field);
      const expected = new Map<string, Map<number, number>>();
      docs.forEach((doc, d) => {
        for (const term of doc[field] ? doc[field].split(' ') : []) {
          const postings = expected.get(term) ?? new Map<number, number>();
          postings.set(d, (postings.get(d) ?? 0) + 1);
          expected.set(term, postings);
        }
        assert.equal(segment.fieldLength(d, f), new Set(doc[field] ? doc[field].split(' ') : []).size);
      });
      for (const [term, postings] of expected) {
        const id = segment.termId(term);
        const got = new Map<number, number>();
        for (let i = segment.postingsStart(id, f); i < segment.postingsStart(id, f + 1); i++) got.set(postingDocs[i], postingFreqs[i]);
        assert.deepEqual([...got], [...postings], `${term} in ${field}`);
        assert.equal(segment.fieldDocumentFrequency(id, f), postings.size);
        for (const d of postings.keys()) assert.ok(segment.hasPosting(id, f, d));
      }
    }
  });
  it('counts each document once in the document frequency, whatever the fields', () => {
    const docs = docsOf(150);
    const segment = FrozenSegment.build(docs);
    const id = segment.termId('attent');
    const expected = docs.filter((doc) => SEARCH_FIELDS.some((f) => doc[f].split(' ').includes('attent'))).length;
    assert.equal(segment.data.df[id], expected);
    assert.equal(segment.termId('absentterm'), -1);
  });
  it('keeps the running average field lengths MiniSearch computes', () => {
    const docs = docsOf(97);
    const segment = FrozenSegment.build(docs);
    SEARCH_FIELDS.forEach((field, f) => {
      let avg = 0;
      docs.forEach((doc, d) => (avg = (avg * d + new Set(doc[field] ? doc[field].split(' ') : []).size) / (d + 1)));
      assert.equal(segment.data.averageFieldLength[f], avg);
    });
  });
  it('round-trips through the structured clone the cache uses, and refuses other formats', () => {
    const segment = FrozenSegment.build(docsOf(50));
    const restored = FrozenSegment.fromData(structuredClone(segment.data));
    assert.deepEqual(restored.data, segment.data);
    assert.equal(restored.termId('token'), segment.termId('token'));
    assert.throws(() => FrozenSegment.fromData({ ...segment.data, format: 'x' as never }), /unknown frozen segment format x/);
  });
  it('builds an empty segment', () => {
    const segment = FrozenSegment.empty();
    assert.equal(segment.documentCount, 0);
    assert.equal(segment.termId('a'), -1);
  });
});

describe('TermTable', () => {
  it('interns slices of larger strings, finds them by whole term, and survives growing', () => {
    const table = new TermTable();
    const text = Array.from({ length: 5000 }, (_, i) => `t${i}`).join(' ');
    let at = 0;
    for (const term of text.split(' ')) {
      const start = text.indexOf(term, at);
      at = start + term.length;
      const hash = hashOf(text, start, at);
      assert.equal(table.intern(text, start, at, hash), Number(term.slice(1)));
      assert.equal(table.intern(text, start, at, hash), Number(term.slice(1)), 'the second time finds it');
    }
    assert.equal(table.size, 5000);
    assert.equal(table.get('t4321'), 4321);
    assert.equal(table.get('t5000'), -1);
    assert.equal(new TermTable(table.terms).get('t17'), 17);
  });
});
