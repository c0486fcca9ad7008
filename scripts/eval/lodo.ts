/**
 * Leave-one-draft-out for the benchmark (scripts/eval.ts --lodo): figures pooled and per draft,
 * and the parameter search run on the training drafts of each fold. Pure functions over
 * outcomes, so the search can be tested without an index.
 */

export type Task = 'cite' | 'discover';

/** One cited work of one case: where the ranking put it (0-based; -1 when not in the first ten). */
export interface Outcome {
  task: Task;
  draft: string;
  rank: number;
}

export interface DraftFigures {
  draft: string;
  hits: number;
  total: number;
  recall: number;
  mrr: number;
}

export interface Summary {
  total: number;
  hits: number;
  /** Pooled over cited works, as score.mjs reports them. */
  recall: number;
  mrr: number;
  drafts: DraftFigures[];
  /** Recall per draft: mean, standard deviation, extremes. */
  meanRecall: number;
  sdRecall: number;
  minRecall: number;
  maxRecall: number;
}

const hit = (o: Outcome) => o.rank >= 0 && o.rank < 10;

/** Recall@10 and MRR@10, pooled and per draft. */
export function summarise(outcomes: readonly Outcome[]): Summary {
  const byDraft = new Map<string, DraftFigures>();
  let hits = 0;
  let reciprocal = 0;
  for (const o of outcomes) {
    let d = byDraft.get(o.draft);
    if (!d) byDraft.set(o.draft, (d = { draft: o.draft, hits: 0, total: 0, recall: 0, mrr: 0 }));
    d.total++;
    if (hit(o)) {
      d.hits++;
      hits++;
      d.mrr += 1 / (o.rank + 1);
      reciprocal += 1 / (o.rank + 1);
    }
  }
  const drafts = [...byDraft.values()].sort((a, b) => (a.draft < b.draft ? -1 : 1));
  for (const d of drafts) {
    d.recall = d.hits / d.total;
    d.mrr /= d.total;
  }
  const recalls = drafts.map((d) => d.recall);
  const mean = recalls.reduce((a, b) => a + b, 0) / Math.max(recalls.length, 1);
  const variance = recalls.reduce((a, r) => a + (r - mean) ** 2, 0) / Math.max(recalls.length, 1);
  const total = outcomes.length;
  return {
    total,
    hits,
    recall: total ? hits / total : 0,
    mrr: total ? reciprocal / total : 0,
    drafts,
    meanRecall: mean,
    sdRecall: Math.sqrt(variance),
    minRecall: recalls.length ? Math.min(...recalls) : 0,
    maxRecall: recalls.length ? Math.max(...recalls) : 0,
  };
}

/** The drafts to hold out in turn, in a stable order. */
export function foldsOf(drafts: Iterable<string>): string[] {
  return [...new Set(drafts)].sort();
}

/**
 * What the search maximises on the training drafts: the mean over tasks of Recall@10, with MRR
 * as a tie-break a hundred times smaller. Both tasks count equally whatever their sizes, since the
 * extension ranks a .bib and a corpus with the same parameters.
 */
export function objective(outcomes: readonly Outcome[]): number {
  const tasks = [...new Set(outcomes.map((o) => o.task))];
  let sum = 0;
  for (const task of tasks) {
    const s = summarise(outcomes.filter((o) => o.task === task));
    sum += s.recall + s.mrr / 100;
  }
  return tasks.length ? sum / tasks.length : 0;
}

/**
 * Coordinate ascent over a grid: from `start`, each parameter in turn takes the value of its grid
 * that scores best with the others fixed (a tie keeps the current value, so nothing moves
 * without a gain), until a full pass changes nothing or `maxPasses` passes are done.
 */
export function coordinateAscent<P extends object>(
  start: P,
  grid: { [K in keyof P]?: number[] },
  outcomesOf: (parameters: P) => readonly Outcome[],
  maxPasses = 3,
): P {
  let current = { ...start };
  let best = objective(outcomesOf(current));
  for (let pass = 0; pass < maxPasses; pass++) {
    let moved = false;
    for (const name of Object.keys(grid) as (keyof P)[]) {
      for (const value of grid[name] ?? []) {
        if (current[name] === value) continue;
        const candidate = { ...current, [name]: value };
        const score = objective(outcomesOf(candidate));
        if (score > best + 1e-12) {
          best = score;
          current = candidate;
          moved = true;
        }
      }
    }
    if (!moved) break;
  }
  return current;
}
