/**
 * How the evidence for a candidate (candidates.ts) becomes one score. The form is fixed by what
 * each piece means, the weights are parameters chosen by leave-one-draft-out (DESIGN.md):
 *
 *   bestField × lengthFactor^lengthPower        the passage's words, each in its best field,
 *                                               charged for the text the record had to match with
 * + nameMatches × TITLE_MATCH × name IDF        the passage names the paper
 * + citingWeight × citing                       the draft says these words where it cites it
 *
 * and the whole multiplied by (1 + firstStageWeight × firstStage) × (1 + titleWeight × titleCoverage)
 * × (1 + authorWeight × authorAffinity): evidence that scales what the record already earned rather
 * than adding a score of its own, so a record that matches nothing stays at zero.
 *
 * When every candidate is an entry of the user's bibliography, a fitted model weighs the same
 * evidence instead (bibliographyModel.ts).
 */
import type { Candidate, CandidateFeatures } from './candidates';
import type { RankingParameters } from './parameters';
import { TITLE_MATCH } from './names';
import { BIBLIOGRAPHY_MODEL, bibliographyScore, type LinearModel } from './bibliographyModel';

export type FusionParameters = Pick<
  RankingParameters,
  'lengthPower' | 'nameMatches' | 'introducedNameWeight' | 'citingWeight' | 'firstStageWeight' | 'titleWeight' | 'authorWeight' | 'bibliographyModel'
>;

/** The fused score of one candidate. */
export function fusedScore(f: CandidateFeatures, p: FusionParameters): number {
  const length = p.lengthPower === 0 ? 1 : f.lengthFactor ** p.lengthPower;
  const name = Math.max(f.titleName, p.introducedNameWeight * f.introducedName);
  const additive = f.bestField * length + p.nameMatches * TITLE_MATCH * name + p.citingWeight * f.citing;
  return additive * (1 + p.firstStageWeight * f.firstStage) * (1 + p.titleWeight * f.titleCoverage) * (1 + p.authorWeight * f.authorAffinity);
}

/**
 * The candidates by fused score, best first (ties: gathering order), the first `limit` of them.
 * `model` scores them instead when all are bibliography entries (default: the fitted one).
 */
export function fuse<C extends Pick<Candidate, 'features' | 'inBibliography'>>(
  candidates: readonly C[],
  p: FusionParameters,
  limit: number,
  model: LinearModel = BIBLIOGRAPHY_MODEL,
): { candidate: C; score: number }[] {
  const learned = p.bibliographyModel > 0 && candidates.length > 0 && candidates.every((c) => c.inBibliography);
  return candidates
    .map((candidate, i) => ({ candidate, score: learned ? bibliographyScore(candidate.features, model) : fusedScore(candidate.features, p), i }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, limit)
    .map(({ candidate, score }) => ({ candidate, score }));
}
