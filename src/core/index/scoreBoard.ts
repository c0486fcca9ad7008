/**
 * Score accumulators of a query, one slot per document, reused from query to query: at 100k
 * documents allocating and zeroing them per query cost more than scoring a rare term. Only the
 * touched slots are cleared afterwards.
 */
export class ScoreBoard {
  private scores = new Float64Array(0);
  private matched = new Uint8Array(0);
  /** Per document, the last query term that counted towards `matched` (a term matching two fields counts once). */
  private lastTerm = new Int32Array(0);
  /** Documents with a score this query, in the order first touched (ties keep that order). */
  private touched = new Uint32Array(0);
  private touchedCount = 0;

  /** Prepares for documents 0..size-1. */
  reset(size: number): void {
    // A query that threw (a filter, say) left its scores behind.
    if (this.touchedCount > 0) this.clear(this.touched.subarray(0, this.touchedCount));
    if (this.scores.length < size) {
      this.scores = new Float64Array(size);
      this.matched = new Uint8Array(size);
      this.lastTerm = new Int32Array(size).fill(-1);
      this.touched = new Uint32Array(size);
    }
  }

  /** Adds `score` for `doc` from query term number `termIndex`. */
  add(doc: number, termIndex: number, score: number): void {
    if (this.matched[doc] === 0 && this.scores[doc] === 0) this.touched[this.touchedCount++] = doc;
    this.scores[doc] += score;
    if (this.lastTerm[doc] !== termIndex) {
      this.lastTerm[doc] = termIndex;
      this.matched[doc] += 1;
    }
  }

  /**
   * The `k` best documents `accept` lets through, best first, by summed score times the number of
   * query terms matched (MiniSearch's OR combination), times 1 + weight × `scale.values[doc]`
   * when given; ties keep the order documents were first touched in. Clears the board.
   */
  top(k: number, accept?: (doc: number) => boolean, scale?: { values: Float32Array; weight: number }): { doc: number; score: number }[] {
    const touched = this.touched.subarray(0, this.touchedCount);
    const best = k > 0 ? this.select(touched, k, accept, scale?.values, scale?.weight ?? 0) : [];
    this.clear(touched);
    return best;
  }

  // select and clear are separate functions so each loop is optimised with its own type feedback.
  private select(
    touched: Uint32Array,
    k: number,
    accept: ((doc: number) => boolean) | undefined,
    prior: Float32Array | undefined,
    weight: number,
  ): { doc: number; score: number }[] {
    const best: { doc: number; score: number }[] = [];
    for (let t = 0; t < touched.length; t++) {
      const doc = touched[t];
      const score = prior === undefined ? this.scores[doc] * this.matched[doc] : this.scores[doc] * this.matched[doc] * (1 + weight * prior[doc]);
      if (best.length === k && score <= best[k - 1].score) continue;
      if (accept && !accept(doc)) continue;
      let i = best.length < k ? best.length : k - 1;
      while (i > 0 && best[i - 1].score < score) i--;
      best.splice(i, 0, { doc, score });
      if (best.length > k) best.pop();
    }
    return best;
  }

  private clear(touched: Uint32Array): void {
    for (let t = 0; t < touched.length; t++) {
      const doc = touched[t];
      this.scores[doc] = 0;
      this.matched[doc] = 0;
      this.lastTerm[doc] = -1;
    }
    this.touchedCount = 0;
  }
}
