import { strict as assert } from 'node:assert';
import {
  BIBLIOGRAPHY_FEATURES,
  BIBLIOGRAPHY_MODEL,
  bibliographyFeatures,
  bibliographyScore,
  checkedModel,
  type LinearModel,
} from '../../../src/core/rank/bibliographyModel';
import type { Candidate } from '../../../src/core/rank/candidates';
import { fuse, fusedScore } from '../../../src/core/rank/fusion';
import { DEFAULT_PARAMETERS, rankingParameters } from '../../../src/core/rank/parameters';
import { candidateFeatures } from '../helpers';

const features = candidateFeatures;
/** A model that weighs one feature only. */
const only = (feature: (typeof BIBLIOGRAPHY_FEATURES)[number], weight = 1): LinearModel => ({
  features: [...BIBLIOGRAPHY_FEATURES],
  weights: BIBLIOGRAPHY_FEATURES.map((f) => (f === feature ? weight : 0)),
});
type Fusable = Pick<Candidate, 'features' | 'inBibliography'> & { id: string };
const ids = (ranked: { candidate: Fusable }[]) => ranked.map((r) => r.candidate.id);

// The hand-set form puts `text` first (it matches the passage's words); a model weighing only
// the title coverage puts `covered` first.
const text: Fusable = { id: 'text', inBibliography: true, features: features({ bestField: 8, titleCoverage: 0.1 }) };
const covered: Fusable = { id: 'covered', inBibliography: true, features: features({ bestField: 2, titleCoverage: 0.9 }) };

describe('bibliographyFeatures', () => {
  it('gives one value per named feature, from the evidence as gathered', () => {
    const x = bibliographyFeatures(features({ bestField: 3, lengthFactor: 0.5, titleName: 1, introducedName: 2, citing: 4, firstStage: 0.7, titleCoverage: 0.25 }));
    assert.equal(x.length, BIBLIOGRAPHY_FEATURES.length);
    const at = (name: (typeof BIBLIOGRAPHY_FEATURES)[number]) => x[BIBLIOGRAPHY_FEATURES.indexOf(name)];
    assert.equal(at('match'), 1.5);
    assert.equal(at('log(1 + match)'), Math.log1p(1.5));
    assert.equal(at('log(lengthFactor)'), Math.log(0.5));
    assert.equal(at('name'), 2, 'the larger of the two names');
    assert.equal(at('cited elsewhere'), 1);
    assert.equal(at('citing'), 4);
    assert.equal(at('titleCoverage'), 0.25);
    assert.equal(at('has abstract'), 0);
    assert.equal(bibliographyFeatures(features({ hasAbstract: true }))[BIBLIOGRAPHY_FEATURES.indexOf('has abstract')], 1);
    assert.equal(at('log(1 + near point)'), 0);
    assert.equal(bibliographyFeatures(features({ nearPoint: 4, lengthFactor: 0.5 }))[BIBLIOGRAPHY_FEATURES.indexOf('log(1 + near point)')], Math.log1p(2));
  });
});

describe('the bibliography model', () => {
  it('ships fitted for the features this code computes, and refuses a model fitted for others', () => {
    assert.deepEqual(BIBLIOGRAPHY_MODEL.features, BIBLIOGRAPHY_FEATURES);
    assert.ok(BIBLIOGRAPHY_MODEL.weights.some((w) => w !== 0), 'fitted, not zeros');
    assert.throws(() => checkedModel({ features: ['bestField'], weights: [1] }), /refit/);
    assert.throws(() => checkedModel({ ...only('match'), weights: [...only('match').weights.slice(1), NaN] }), /refit/);
  });
  it('scores a power of e^(w·x): positive, and the ratio of two scores follows their odds under the model', () => {
    const model = only('titleCoverage', 2);
    const odds = Math.exp(2 * 0.8);
    const ratio = bibliographyScore(covered.features, model) / bibliographyScore(text.features, model);
    assert.ok(ratio > 1 && ratio < odds && Math.abs(Math.log(ratio) / Math.log(odds) - 0.7) < 1e-9, String(ratio));
    assert.ok(bibliographyScore(features({ bestField: 1e6, citing: 1e6 })) > 0);
  });
  it('as fitted, ranks the entry the draft cites elsewhere with the passage\'s words above one that matches a word of it', () => {
    const cited = features({ bestField: 2, lengthFactor: 0.6, firstStage: 0.5, titleCoverage: 0.1, citing: 3 });
    const matched = features({ bestField: 4, lengthFactor: 0.6, firstStage: 1, titleCoverage: 0.2 });
    assert.ok(bibliographyScore(cited) > bibliographyScore(matched));
  });
  it('as fitted, ranks a title-only entry above one whose abstract matches the passage as well (and is charged for its length alike)', () => {
    const evidence = { bestField: 5, lengthFactor: 0.5, firstStage: 0.8, titleCoverage: 0.2 };
    assert.ok(bibliographyScore(features(evidence)) > bibliographyScore(features({ ...evidence, hasAbstract: true })));
  });
  it('as fitted, ranks the entry the words beside the citation point match above one that matches the passage more elsewhere', () => {
    const beside = features({ bestField: 4, lengthFactor: 0.6, firstStage: 0.7, titleCoverage: 0.15, nearPoint: 3 });
    const elsewhere = features({ bestField: 5, lengthFactor: 0.6, firstStage: 1, titleCoverage: 0.2 });
    assert.ok(bibliographyScore(beside) > bibliographyScore(elsewhere));
  });
});

describe('fuse among bibliography entries', () => {
  it('scores by the model when every candidate is a bibliography entry', () => {
    assert.deepEqual(ids(fuse([text, covered], DEFAULT_PARAMETERS, 2, only('titleCoverage'))), ['covered', 'text']);
  });
  it('keeps the hand-set form when one candidate is not, or with bibliographyModel 0', () => {
    assert.ok(fusedScore(text.features, DEFAULT_PARAMETERS) > fusedScore(covered.features, DEFAULT_PARAMETERS));
    const corpusPaper = { ...covered, id: 'corpus', inBibliography: false };
    assert.deepEqual(ids(fuse([text, covered, corpusPaper], DEFAULT_PARAMETERS, 3, only('titleCoverage'))), ['text', 'covered', 'corpus']);
    assert.deepEqual(ids(fuse([text, covered], rankingParameters({ bibliographyModel: 0 }), 2, only('titleCoverage'))), ['text', 'covered']);
  });
});
