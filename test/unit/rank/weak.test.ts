import { strict as assert } from 'node:assert';
import { isWeak, WEAK_KEEP_FIRST } from '../../../src/core/rank/weak';

describe('isWeak', () => {
  const one = (score: number) => ({ score, matchedTerms: ['beyond'] });
  it('folds a card that shares one word with the text and scores under a fifth of the best', () => {
    assert.equal(isWeak(one(1), 10, 10), true);
    assert.equal(isWeak(one(1.99), 10, 10), true);
  });
  it('keeps a card with two matched words, a score near the best, or among the first cards', () => {
    assert.equal(isWeak({ score: 1, matchedTerms: ['attention', 'sinks'] }, 10, 10), false);
    assert.equal(isWeak(one(2), 10, 10), false);
    assert.equal(isWeak(one(0.1), WEAK_KEEP_FIRST - 1, 10), false);
  });
});
