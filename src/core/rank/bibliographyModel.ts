/**
 * How the evidence for a candidate becomes one score when every candidate is an entry of the
 * user's bibliography: which of my entries do I cite here (completion inside `\cite{`, `rank`
 * over a .bib). There the hand-set form of fusion.ts is one guess among many at how the pieces
 * trade off, and a .bib is small and uneven (titles only, a few abstracts, a draft citing some
 * keys ten times), so the trade-off is learnt instead: a linear model over the features below,
 * fitted by pairwise logistic regression on the masked-citation drafts (`npm run eval -- --draft
 * --task cite --fit`, which writes bibliographyModel.json; `--lodo` refits it per fold; DESIGN.md).
 * The score is a power of e^(w·x), the model's odds that a candidate is the one cited rather than
 * another, so a ratio of scores keeps a meaning: relevance bars and weak.ts's fold read it.
 *
 * Over a corpus the hand-set form stays: the same model there ranks worse (DESIGN.md), since
 * what finds a new paper is mostly the first stage's work, which the model does not see.
 */
import type { CandidateFeatures } from './candidates';
import fitted from './bibliographyModel.json';

/** The model's inputs, by name, in the order of bibliographyFeatures' values. */
export const BIBLIOGRAPHY_FEATURES = [
  'log(1 + match)', // match: bestField × lengthFactor, the passage's words as the hand-set form weighs them
  'log(1 + bestField)',
  'log(lengthFactor)',
  'name', // the larger of the title name's and the introduced name's IDF
  'log(1 + citing)',
  'cited elsewhere', // 1 when the draft's other citations of the key match the passage at all
  'firstStage',
  'titleCoverage',
  'match',
  'citing',
  // An entry with an abstract matches more of a passage's words by chance than a title can, by
  // more than the length factor charges it (DESIGN.md: held out +6 cited works of 753, +9 with the draft read in writing order).
  'has abstract',
  // The words beside the citation point name the cited work more often than the rest of the
  // passage (DESIGN.md); 0 for every entry when no point is given (rank over passages, search).
  'log(1 + near point)',
] as const;

/** The values of BIBLIOGRAPHY_FEATURES for one candidate. */
export function bibliographyFeatures(f: CandidateFeatures): number[] {
  const match = f.bestField * f.lengthFactor;
  return [
    Math.log1p(match),
    Math.log1p(f.bestField),
    Math.log(f.lengthFactor),
    Math.max(f.titleName, f.introducedName),
    Math.log1p(f.citing),
    f.citing > 0 ? 1 : 0,
    f.firstStage,
    f.titleCoverage,
    match,
    f.citing,
    f.hasAbstract ? 1 : 0,
    Math.log1p(f.nearPoint * f.lengthFactor),
  ];
}

export interface LinearModel {
  /** What the weights were fitted on, for the reader of the JSON file. */
  about?: string;
  features: readonly string[];
  weights: readonly number[];
}

/** The model fitted on the dev drafts; refuses a file whose features are not this code's. */
export const BIBLIOGRAPHY_MODEL: LinearModel = checkedModel(fitted);

export function checkedModel(model: LinearModel): LinearModel {
  const expected = BIBLIOGRAPHY_FEATURES.join(', ');
  if (model.features.join(', ') !== expected || model.weights.length !== BIBLIOGRAPHY_FEATURES.length || !model.weights.every(Number.isFinite)) {
    throw new Error(`bibliography model: fitted for features [${model.features.join(', ')}], this code computes [${expected}]: refit it`);
  }
  return model;
}

/**
 * The odds are taken to this power so that weak.ts's "under 0.2 of the best" folds what it did
 * with the hand-set scores: odds under 1:10 (0.1^0.7 ≈ 0.2). Measured on the top-20 cite lists of
 * the 14 dev drafts: odds under 1:5 would fold 26% of the cards and 27 of the 418 cited works in a
 * top 10; under 1:10, 15% and 16 (the hand-set scores at 0.2: 17% and 12 of 416). Refitted with
 * the abstract feature, under 1:10 folds 15% and 14; with key names and the citation point, 11%
 * and 7 of 424.
 */
const ODDS_POWER = 0.7;

/** (e^(w·x))^ODDS_POWER, capped below overflow. */
export function bibliographyScore(f: CandidateFeatures, model: LinearModel = BIBLIOGRAPHY_MODEL): number {
  const x = bibliographyFeatures(f);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += model.weights[i] * x[i];
  return Math.exp(Math.min(ODDS_POWER * sum, 700));
}
