import { strict as assert } from 'node:assert';
import { buildQuery } from '../../../src/core/rank/query';

const stats = (df: Record<string, number>, size = 1000) => ({ size, documentFrequency: (t: string) => df[t] ?? 0 });

describe('buildQuery', () => {
  it('keeps the rarest terms first and drops terms the collection lacks', () => {
    const q = buildQuery('language models keep attention sinks; attention sinks help', stats({ languag: 500, model: 600, attent: 100, sink: 3 }));
    assert.deepEqual(q.terms.map((t) => t.term), ['sink', 'attent', 'languag', 'model']);
    assert.equal(q.surface.get('sink'), 'sinks');
  });
  it('weights repeated terms by 1 + ln(tf)', () => {
    const q = buildQuery('sink sink sink model', stats({ sink: 10, model: 10 }));
    assert.equal(q.terms.find((t) => t.term === 'sink')!.weight, 1 + Math.log(3));
    assert.equal(q.terms.find((t) => t.term === 'model')!.weight, 1);
  });
  it('caps the number of terms', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}x`);
    const df = Object.fromEntries(words.map((w, i) => [w, i + 1]));
    const q = buildQuery(words.join(' '), stats(df), { maxTerms: 5 });
    assert.deepEqual(q.terms.map((t) => t.term), words.slice(0, 5));
  });
  it('adds context terms at low weight without overriding the text', () => {
    const q = buildQuery('pruning tokens', stats({ prune: 5, token: 5, vision: 5 }), { context: ['Vision tokens'], contextWeight: 0.25 });
    assert.equal(q.terms.find((t) => t.term === 'vision')!.weight, 0.25);
    assert.equal(q.terms.find((t) => t.term === 'token')!.weight, 1);
  });
});
