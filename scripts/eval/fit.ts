/**
 * Fits the bibliography model (src/core/rank/bibliographyModel.ts) by pairwise logistic
 * regression: for each query, every (cited, not cited) pair of its candidates should score the
 * cited one higher. Each query's pairs weigh as much in all as one cited work (a passage with 60
 * candidates must not outweigh one with 10), features are scaled by their mean absolute pair
 * difference so that one step size suits them all, and a small L2 penalty keeps a feature that
 * is almost always zero from taking an arbitrary weight. Full-batch gradient descent from zero:
 * the same data give the same weights.
 */

export interface FitQuery {
  /** Per candidate, its feature values. */
  features: readonly (readonly number[])[];
  /** Per candidate, whether it is a work the passage cites. */
  relevant: readonly boolean[];
}

export interface FitOptions {
  l2?: number;
  iterations?: number;
  rate?: number;
}

/** Weights w for score = w·x, fitted on `queries` (queries without a cited and an uncited candidate teach nothing). */
export function fitPairwise(queries: readonly FitQuery[], { l2 = 1e-3, iterations = 400, rate = 0.5 }: FitOptions = {}): number[] {
  const rows: number[][] = [];
  const pairWeights: number[] = [];
  for (const q of queries) {
    const others = q.relevant.flatMap((r, i) => (r ? [] : [i]));
    if (others.length === 0) continue;
    q.relevant.forEach((r, g) => {
      if (!r) return;
      for (const j of others) {
        rows.push(q.features[g].map((v, k) => v - q.features[j][k]));
        pairWeights.push(1 / others.length);
      }
    });
  }
  if (rows.length === 0) throw new Error('fit: no query has both a cited and an uncited candidate');
  const n = rows.length;
  const dims = rows[0].length;
  const meanWeight = pairWeights.reduce((a, b) => a + b, 0) / n;
  const scale = Array.from({ length: dims }, (_, k) => rows.reduce((a, r) => a + Math.abs(r[k]), 0) / n + 1e-9);
  for (const r of rows) for (let k = 0; k < dims; k++) r[k] /= scale[k];
  const w = new Array<number>(dims).fill(0);
  for (let it = 0; it < iterations; it++) {
    const gradient = w.map((v) => l2 * v);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      let z = 0;
      for (let k = 0; k < dims; k++) z += r[k] * w[k];
      // d/dz of −log σ(z), weighted: the pair's share of its query, the pairs' weights averaging 1.
      const p = (pairWeights[i] / meanWeight) / (1 + Math.exp(Math.max(-30, Math.min(30, z))));
      for (let k = 0; k < dims; k++) gradient[k] -= (r[k] * p) / n;
    }
    for (let k = 0; k < dims; k++) w[k] -= rate * gradient[k];
  }
  return w.map((v, k) => v / scale[k]);
}
