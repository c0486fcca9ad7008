import { strict as assert } from 'node:assert';
import { PaperIndex } from '../../../src/core/index/paperIndex';
import { gatherCandidates } from '../../../src/core/rank/candidates';
import { fusedScore } from '../../../src/core/rank/fusion';
import { TITLE_MATCH } from '../../../src/core/rank/names';
import { DEFAULT_PARAMETERS, rankingParameters } from '../../../src/core/rank/parameters';
import { rankText } from '../../../src/core/rank/rank';
import { titleCoverage } from '../../../src/core/rank/rerank';
import { candidateFeatures, paper } from '../helpers';

const features = candidateFeatures;

describe('fusedScore', () => {
  it('is the best-field score times the length factor, plus the name bonus', () => {
    const f = features({ bestField: 4, lengthFactor: 0.5, titleName: 3 });
    const p = rankingParameters({ lengthPower: 1, nameMatches: 2 });
    assert.equal(fusedScore(f, p), 4 * 0.5 + 2 * TITLE_MATCH * 3);
  });
  it('takes the better of a title name and an introduced one at its weight', () => {
    const p = rankingParameters({ introducedNameWeight: 0.5 });
    assert.equal(fusedScore(features({ introducedName: 4 }), p), fusedScore(features({ titleName: 2 }), p));
  });
  it('keeps a record that matches nothing at zero, whatever scales the rest', () => {
    const p = rankingParameters({ firstStageWeight: 4, titleWeight: 4 });
    assert.equal(fusedScore(features({ firstStage: 1, titleCoverage: 1 }), p), 0);
  });
  it('scales by the first stage and the title coverage, in [1, 1 + weight]', () => {
    const base = features({ bestField: 2 });
    const p = rankingParameters({ firstStageWeight: 1, titleWeight: 0.5 });
    assert.equal(fusedScore({ ...base, firstStage: 1, titleCoverage: 1 }, p), 2 * 2 * 1.5);
  });
  it('adds the citing contexts at their weight', () => {
    assert.equal(fusedScore(features({ citing: 3 }), rankingParameters({ citingWeight: 0.5 })), 1.5);
  });
});

describe('titleCoverage', () => {
  const idf = (term: string) => (term === 'sink' ? 3 : 1);
  it('is the share of the query weight × idf the title matches', () => {
    const terms = [{ term: 'sink', weight: 1 }, { term: 'stream', weight: 1 }];
    assert.equal(titleCoverage(paper('a', 'Attention sinks'), terms, idf), 3 / 4);
    assert.equal(titleCoverage(paper('b', 'Streaming', { abstract: 'sinks' }), terms, idf), 1 / 4);
  });
});

describe('gatherCandidates', () => {
  const index = PaperIndex.build([
    paper('bert', 'BERT: Pre-training of Deep Bidirectional Transformers'),
    paper('use', 'Sentiment classification of reviews', { abstract: 'We fine-tune BERT on sentiment data of reviews.' }),
    paper('x', 'Graph parsing', { abstract: 'Graphs.' }),
  ]);
  const text = 'We fine-tune BERT on sentiment reviews.';
  it('gives every candidate its evidence: the first stage relative to the best, names by IDF', () => {
    const { candidates } = gatherCandidates(index, text, DEFAULT_PARAMETERS);
    const of = (id: string) => candidates.find((c) => c.hit.record.id === id)!.features;
    assert.equal(Math.max(...candidates.map((c) => c.features.firstStage)), 1);
    assert.equal(of('bert').titleName, index.idf('bert'));
    assert.equal(of('use').titleName, 0);
    assert.ok(of('use').bestField > of('bert').bestField);
    assert.equal(of('use').hasAbstract, true);
    assert.equal(of('bert').hasAbstract, false);
  });
  it('scores the words beside the citation point, when there is one, and only those', () => {
    const point = { before: 'We fine-tune BERT', after: 'on sentiment reviews.' };
    const near = (words: number, p: typeof point | null = point) => {
      const { candidates } = gatherCandidates(index, text, rankingParameters({ pointWords: words }), { point: p ?? undefined });
      return (id: string) => candidates.find((c) => c.hit.record.id === id)!.features.nearPoint;
    };
    assert.equal(near(4, null)('bert'), 0);
    assert.equal(near(0)('bert'), 0);
    assert.ok(near(1)('bert') > 0, 'BERT is the word before the point');
    assert.ok(near(1)('use') > 0, 'its abstract says BERT too');
    const faraway = { before: 'BERT is what we fine-tune for the task we study in this paper on', after: 'reviews' };
    assert.equal(near(1, faraway)('bert'), 0, 'BERT is eleven words away');
    assert.ok(near(1, faraway)('use') > 0, 'reviews is beside the point');
  });
  it('ranks as rankText does: the fused candidates are its answer', () => {
    const { candidates } = gatherCandidates(index, text, DEFAULT_PARAMETERS, {}, 10);
    const best = candidates
      .map((c) => ({ id: c.hit.record.id, score: fusedScore(c.features, DEFAULT_PARAMETERS) }))
      .sort((a, b) => b.score - a.score);
    assert.deepEqual(
      rankText(index, text).map((s) => s.record.id),
      best.map((c) => c.id),
    );
  });
});
