import { strict as assert } from 'node:assert';
import { PaperIndex } from '../../../src/core/index/paperIndex';
import { rankText } from '../../../src/core/rank/rank';
import { buildQuery } from '../../../src/core/rank/query';
import { bestFieldScore, lengthFactor } from '../../../src/core/rank/rerank';
import { fuse } from '../../../src/core/rank/fusion';
import { DEFAULT_PARAMETERS } from '../../../src/core/rank/parameters';
import type { PaperRecord } from '../../../src/core/model';
import type { WeightedTerm } from '../../../src/core/index/paperIndex';
import { candidateFeatures, paper } from '../helpers';

const idf = () => 1;

/** The second stage alone: records in first-stage order, fused by the hand-set form on their text's evidence only. */
function rerank(records: PaperRecord[], terms: WeightedTerm[], averageLength: number) {
  const candidates = records.map((record) => ({
    hit: { record, score: 0, match: {} },
    inBibliography: record.inBibliography,
    features: candidateFeatures({ bestField: bestFieldScore(record, terms, idf), lengthFactor: lengthFactor(record, averageLength) }),
  }));
  return fuse(candidates, { ...DEFAULT_PARAMETERS, bibliographyModel: 0 }, records.length).map(({ candidate, score }) => ({ record: candidate.hit.record, score }));
}

describe('bestFieldScore', () => {
  it('counts a term once, in its strongest field: an abstract repeating the title adds nothing', () => {
    const titleOnly = paper('a', 'Attention sinks');
    const both = paper('b', 'Attention sinks', { abstract: 'We study attention sinks in streaming models and many other things at length.' });
    const terms = [{ term: 'sink', weight: 1 }, { term: 'attent', weight: 1 }];
    assert.equal(bestFieldScore(both, terms, idf), bestFieldScore(titleOnly, terms, idf));
  });
  it('weighs terms by query weight and idf, and still uses the abstract when the title lacks a term', () => {
    const p = paper('a', 'Streaming models', { abstract: 'keeping attention sinks' });
    const one = bestFieldScore(p, [{ term: 'sink', weight: 1 }], idf);
    assert.ok(one > 0);
    assert.equal(bestFieldScore(p, [{ term: 'sink', weight: 2 }], () => 3), 6 * one);
    assert.equal(bestFieldScore(p, [{ term: 'absent', weight: 1 }], idf), 0);
  });
});

describe('the second stage', () => {
  it('keeps the first-stage order for ties', () => {
    const records = ['x', 'y', 'z'].map((id) => paper(id, 'Same title'));
    assert.deepEqual(rerank(records, [{ term: 'titl', weight: 1 }], 30).map((h) => h.record.id), ['x', 'y', 'z']);
  });
});

describe('lengthFactor', () => {
  const title = paper('t', 'Use and misuse of Likert item responses');
  const long = paper('l', 'Use and misuse of Likert item responses', { abstract: 'We survey how questionnaires in psychology report ordinal answers and what they conclude.' });
  it('is below 1, and smaller for longer records', () => {
    assert.ok(lengthFactor(title, 30) < 1 && lengthFactor(title, 30) > 0);
    assert.ok(lengthFactor(long, 30) < lengthFactor(title, 30));
  });
  it('charges the extra text less where records are long on average', () => {
    const ratio = (mu: number) => lengthFactor(long, mu) / lengthFactor(title, mu);
    assert.ok(ratio(100) > ratio(20));
  });
  it('keeps a record that matches nothing at zero, below any record that matches', () => {
    const ranked = rerank([paper('none', 'Parsing'), long], [{ term: 'likert', weight: 1 }], 30);
    assert.deepEqual(ranked.map((h) => h.record.id), ['l', 'none']);
    assert.equal(ranked[1].score, 0);
  });
  it('ranks a title-only record above one that matches the same words but carries more text', () => {
    // Built abstract-first so that first-stage order (the tie-break) favours it.
    const terms = [{ term: 'likert', weight: 1 }, { term: 'misus', weight: 1 }];
    assert.equal(bestFieldScore(long, terms, idf), bestFieldScore(title, terms, idf));
    assert.deepEqual(rerank([long, title], terms, 30).map((h) => h.record.id), ['t', 'l']);
  });
});

describe('rankText with the second stage', () => {
  // A .bib where most entries have abstracts: common words matched in title *and* abstract, times
  // the number of words matched, used to bury the title-only entry the passage is about.
  const index = () =>
    PaperIndex.build([
      paper('likert', 'Use and misuse of Likert scales', { inBibliography: true }),
      paper('eval1', 'Human evaluation of dialogue systems', {
        abstract:
          'Human evaluation of dialogue systems is costly and slow, so automatic evaluation of dialogue systems is popular; we compare human evaluation and automatic evaluation.',
      }),
      ...['a', 'b', 'c', 'd'].map((x) => paper(x, `Evaluation study ${x}`, { abstract: 'Human evaluation is costly for dialogue systems.' })),
      paper('mt', 'Neural machine translation', { abstract: 'Translation with attention.' }),
    ]);
  it('ranks a title-only record matching the rare words above an abstract matching many common ones', () => {
    const text = 'Human evaluation of dialogue systems is costly; answers on Likert scales are misused.';
    // First stage alone: the long abstract wins (this is what the second stage corrects).
    const idx = index();
    assert.equal(idx.searchTerms(buildQuery(text, idx).terms, { limit: 1 })[0].record.id, 'eval1');
    const [first, ...rest] = rankText(idx, text);
    assert.equal(first.record.id, 'likert');
    assert.ok(rest.some((s) => s.record.id === 'eval1'));
    assert.ok(first.matchedTerms.includes('Likert'), first.matchedTerms.join());
  });
});
