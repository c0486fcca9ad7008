import { strict as assert } from 'node:assert';
import { fitPairwise, type FitQuery } from '../../../scripts/eval/fit';

// Relevance rises with the first feature and falls with the second; the third is noise.
function queries(n: number): FitQuery[] {
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  return Array.from({ length: n }, () => {
    const features = Array.from({ length: 8 }, () => [random(), random(), random()]);
    const utility = features.map(([a, b]) => a - b);
    const best = utility.indexOf(Math.max(...utility));
    return { features, relevant: features.map((_, i) => i === best) };
  });
}
const top = (w: number[], q: FitQuery) => {
  const scores = q.features.map((x) => x.reduce((s, v, k) => s + v * w[k], 0));
  return scores.indexOf(Math.max(...scores));
};

describe('fitPairwise', () => {
  it('learns which features raise and which lower the cited work, and ranks held-out queries by them', () => {
    const w = fitPairwise(queries(200));
    assert.ok(w[0] > 0 && w[1] < 0, JSON.stringify(w));
    assert.ok(Math.abs(w[2]) < Math.abs(w[0]) / 3, `noise weighs little: ${JSON.stringify(w)}`);
    const held = queries(300).slice(200);
    const right = held.filter((q) => q.relevant[top(w, q)]).length;
    assert.ok(right / held.length > 0.8, `${right} of ${held.length}`);
  });
  it('gives the same weights for the same data, and skips queries with nothing to compare', () => {
    const data = queries(50);
    const noCited: FitQuery = { features: [[1, 0, 0], [0, 1, 0]], relevant: [false, false] };
    const allCited: FitQuery = { features: [[9, 9, 9]], relevant: [true] };
    assert.deepEqual(fitPairwise([...data, noCited, allCited]), fitPairwise(data));
  });
  it('refuses data with no pair to learn from', () => {
    assert.throws(() => fitPairwise([{ features: [[1]], relevant: [true] }]), /no query/);
  });
});
