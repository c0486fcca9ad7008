/**
 * The ranking's tunable constants in one place, so that the benchmark can choose them by
 * leave-one-draft-out (scripts/eval.ts --lodo) instead of each module fixing its own. The values
 * shipped are the defaults below; each one's measured effect is in DESIGN.md.
 */

export interface RankingParameters {
  /** How many of the passage's rarest terms the query keeps. */
  maxTerms: number;
  /** Weight of a term that only the section or draft title has. */
  contextWeight: number;
  /** How many first-stage candidates the second stage re-scores. */
  rerankDepth: number;
  /** A named paper's bonus, in title matches of the name's term (names.ts). */
  nameMatches: number;
  /** A name shared by more titles than this says nothing about which one is meant. */
  maxPapersPerName: number;
  /** A name an abstract introduces counts this much of a title's name (0: not read). */
  introducedNameWeight: number;
  /** Query weight of an acronym's expansion term (acronymExpansion.ts; 0: no expansion). */
  acronymWeight: number;
  /** Query weight of the surname behind an eponym (eponymExpansion.ts; 0: no expansion). */
  eponymWeight: number;
  /** Exponent of the length factor μ / (|d| + μ) (rerank.ts; 0: no length factor). */
  lengthPower: number;
  /** Weight of what the draft says where it cites a key elsewhere (citingContexts.ts; 0: not read). */
  citingWeight: number;
  /** How much the first stage's BM25+ (relative to the best candidate's) scales a score (fusion.ts). */
  firstStageWeight: number;
  /** How much the share of the query the title matches scales a score (fusion.ts). */
  titleWeight: number;
  /** How much the authors the user cites raise a paper outside the bibliography in the first stage (authorAffinity.ts; 0: not read). */
  authorFirstStage: number;
  /** How much they scale its fused score (fusion.ts; 0: not read). */
  authorWeight: number;
  /** How many words either side of the citation point (draft/citationPoint.ts) the bibliography model reads (0: none). */
  pointWords: number;
  /** Query weight of the words the best few corpus titles share (titleFeedback.ts; 0: no feedback). */
  feedbackWeight: number;
  /** How many of the best corpus candidates' titles the feedback reads. */
  feedbackDocs: number;
  /** 1: candidates that are all bibliography entries are scored by the fitted model (bibliographyModel.ts); 0: by the hand-set form. */
  bibliographyModel: number;
}

export const DEFAULT_PARAMETERS: Readonly<RankingParameters> = Object.freeze({
  maxTerms: 15,
  contextWeight: 0.3,
  rerankDepth: 30,
  nameMatches: 2,
  maxPapersPerName: 5,
  introducedNameWeight: 1,
  acronymWeight: 1,
  eponymWeight: 2,
  lengthPower: 1,
  citingWeight: 3,
  firstStageWeight: 0,
  titleWeight: 0,
  authorFirstStage: 4,
  authorWeight: 1,
  pointWords: 4,
  feedbackWeight: 0.5,
  feedbackDocs: 5,
  bibliographyModel: 1,
});

/** The defaults with `overrides` applied (unknown keys are refused, so a typo cannot pass silently). */
export function rankingParameters(overrides: Partial<RankingParameters> = {}): RankingParameters {
  for (const key of Object.keys(overrides)) {
    if (!(key in DEFAULT_PARAMETERS)) throw new Error(`unknown ranking parameter "${key}"`);
  }
  return { ...DEFAULT_PARAMETERS, ...overrides };
}
