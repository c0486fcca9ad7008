/**
 * Which suggestions of a list are weak: a paper that shares one word with the text ("beyond",
 * "see") and scores far below the best. Lists fold them away ("3 more weak matches") instead of
 * padding to their length with near-empty relevance bars.
 *
 * Measured on the 14 dev drafts (top-20 lists of `rankText`, the eval cases): folding cards
 * with one matched term under 0.2 of the best score, never the first three, folds 17% of the
 * cards of *cite* lists (28% of places 11-20) and 12 of the 416 gold papers that reach a top 10
 * (2.9%; they stay one click away); in *discover* lists over the 104k ACL corpus no card is that
 * weak (their tail matches 3+ terms), so nothing changes there. Lists of bibliography entries
 * scored by the fitted model (bibliographyModel.ts, whose scores are scaled for this threshold)
 * fold 11% of their cards and 7 of 424 (with the model of 12 features, passages without a
 * citation point; 14 of 418 with that of 11, 16 with that of 10).
 */
import type { Suggestion } from './rank';

/** The first cards of a list are never folded: a short list is better than an empty one. */
export const WEAK_KEEP_FIRST = 3;
/** A card with at least this many matched terms is not weak. */
export const WEAK_MIN_TERMS = 2;
/** A card scoring at least this share of the best score is not weak. */
export const WEAK_MIN_RELEVANCE = 0.2;

/** Whether the suggestion at `position` (0-based) of a list whose best score is `best` is weak. */
export function isWeak(s: Pick<Suggestion, 'score' | 'matchedTerms'>, position: number, best: number): boolean {
  if (position < WEAK_KEEP_FIRST || s.matchedTerms.length >= WEAK_MIN_TERMS) return false;
  return best > 0 && s.score / best < WEAK_MIN_RELEVANCE;
}
