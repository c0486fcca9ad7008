/**
 * The candidates of a passage and what the engine knows of each: the first stage's best few by
 * BM25+, the papers the passage names, the works the draft cites elsewhere with its words, and
 * for every one of them the evidence the fusion (fusion.ts) weighs. Gathering is the costly part
 * (index search, analysis of the candidates' fields); fusing is arithmetic, so the benchmark can
 * try many weightings of one gathering.
 */
import type { PaperRecord } from '../model';
import type { IndexHit, PaperIndex, WeightedTerm } from '../index/paperIndex';
import { buildQuery, type BuiltQuery, type QueryOptions } from './query';
import { averageBoostedLength, bestFieldScore, lengthFactor, titleCoverage } from './rerank';
import type { RankingParameters } from './parameters';
import { namedInPassage, type NameMatch } from './names';
import { acronymExpansions } from './acronymExpansion';
import { eponymExpansions } from './eponymExpansion';
import type { CitingContexts } from './citingContexts';
import { bibliographyProfile, type AuthorProfile } from './authorAffinity';
import { wordsAtPoint, type CitationPoint } from '../draft/citationPoint';
import { analyze } from '../text/analyze';
import { titleFeedback, type FeedbackParameters } from './titleFeedback';

/** The evidence for one candidate, each part before any weight is applied. */
export interface CandidateFeatures {
  /** Second stage: each query term once, in its best field (rerank.ts). */
  bestField: number;
  /** μ / (|d| + μ): how little text the record had to match with (rerank.ts). */
  lengthFactor: number;
  /** The first stage's BM25+ as a share of the best candidate's (0 for one only a name or the draft brought). */
  firstStage: number;
  /** IDF of the title name the passage says (0: none). */
  titleName: number;
  /** IDF of the name the paper's abstract introduces that the passage says (0: none). */
  introducedName: number;
  /** How much better than most keys' what the draft says where it cites this work elsewhere matches (citingContexts.ts). */
  citing: number;
  /** Share of the query's weight × IDF that the title matches. */
  titleCoverage: number;
  /** How strongly the authors of the user's bibliography point at this paper outside it (authorAffinity.ts; 0: not at all). */
  authorAffinity: number;
  /** The record has an abstract to match with (most .bib entries have only a title). */
  hasAbstract: boolean;
  /** Best-field score of the words beside the citation point, each once (0: no point given). */
  nearPoint: number;
}

export interface Candidate {
  hit: IndexHit;
  features: CandidateFeatures;
  /** The record is an entry of the user's bibliography (fusion.ts scores those apart). */
  inBibliography: boolean;
  /** The name the passage calls it by, when it was found by name. */
  name?: NameMatch;
}

export interface Gathered {
  query: BuiltQuery;
  candidates: Candidate[];
}

export interface GatherOptions extends QueryOptions {
  filter?: (record: PaperRecord) => boolean;
  citing?: CitingContexts;
  /** Whose papers the user cites (default: the authors of the bibliography entries the index holds). */
  profile?: AuthorProfile;
  /** Where the citation goes, when the writer says so (the cursor). */
  point?: CitationPoint;
}

/**
 * What gathering reads of the parameters: these change which papers become candidates (the
 * fusion's weights only through the title feedback, which picks the best few by them).
 */
export type GatherParameters = Pick<
  RankingParameters,
  'maxTerms' | 'contextWeight' | 'rerankDepth' | 'maxPapersPerName' | 'acronymWeight' | 'eponymWeight' | 'citingWeight' | 'authorFirstStage' | 'pointWords'
> &
  FeedbackParameters;

/**
 * Every candidate of `text` with its features, in first-stage order (names and citing contexts
 * after). At least `limit` first-stage candidates are kept. When corpus records are among them,
 * the corpus is searched again with the words its best titles share (titleFeedback.ts); the
 * bibliography's entries keep what the passage alone gave them.
 */
export function gatherCandidates(index: PaperIndex, text: string, parameters: GatherParameters, options: GatherOptions = {}, limit = 0): Gathered {
  const expansions = [
    ...(options.expansions ?? []),
    ...acronymExpansions(index, text, parameters.acronymWeight),
    ...eponymExpansions(index, text, parameters.eponymWeight),
  ];
  const first = gatherOnce(index, text, parameters, { ...options, expansions }, limit);
  const feedback = titleFeedback(index, first.query, first.candidates, parameters);
  if (feedback.length === 0) return first;
  const again = gatherOnce(index, text, parameters, { ...options, expansions, feedback }, limit);
  return {
    query: again.query,
    candidates: [...again.candidates.filter((c) => !c.inBibliography), ...first.candidates.filter((c) => c.inBibliography)],
  };
}

/** One search of the index for `text`, its expansions given. */
function gatherOnce(index: PaperIndex, text: string, parameters: GatherParameters, options: GatherOptions, limit: number): Gathered {
  const query = buildQuery(text, index, { maxTerms: parameters.maxTerms, contextWeight: parameters.contextWeight, ...options });
  const affinities = (options.profile ?? bibliographyProfile(index)).affinities(index);
  const hits = index.searchTerms(query.terms, {
    limit: Math.max(limit, parameters.rerankDepth),
    filter: options.filter,
    prior: { values: affinities, weight: parameters.authorFirstStage },
  });
  const best = hits.reduce((m, h) => Math.max(m, h.score), 0);
  const firstStage = new Map(hits.map((h) => [h.record, best > 0 ? h.score / best : 0]));
  // Names are gathered at unit weight: how much a name counts is the fusion's business.
  const named = namedInPassage(index, { text, terms: query.passageTerms }, options.filter, {
    nameMatches: 1,
    introducedNameWeight: 1,
    maxPapersPerName: parameters.maxPapersPerName,
  });
  for (const [record, { term }] of named) {
    if (!firstStage.has(record)) hits.push({ record, score: 0, match: { [term]: ['title'] } });
  }
  const citing = citingScores(index, query.passageTerms, options, parameters.citingWeight);
  for (const record of citing.keys()) {
    if (!firstStage.has(record) && !named.has(record)) hits.push({ record, score: 0, match: {} });
  }
  const idf = (term: string) => index.idf(term);
  const near = pointTerms(index, options.point, parameters.pointWords);
  const averageLength = averageBoostedLength(index);
  const candidates = hits.map((hit): Candidate => {
    const name = named.get(hit.record);
    return {
      hit,
      name,
      inBibliography: hit.record.inBibliography,
      features: {
        bestField: bestFieldScore(hit.record, query.terms, idf),
        lengthFactor: lengthFactor(hit.record, averageLength),
        firstStage: firstStage.get(hit.record) ?? 0,
        titleName: name?.fromTitle ? name.idf : 0,
        introducedName: name && !name.fromTitle ? name.idf : 0,
        citing: citing.get(hit.record) ?? 0,
        titleCoverage: titleCoverage(hit.record, query.terms, idf),
        authorAffinity: affinities.get(hit.record) ?? 0,
        hasAbstract: Boolean(hit.record.abstract?.trim()),
        nearPoint: near.length ? bestFieldScore(hit.record, near, idf) : 0,
      },
    };
  });
  return { query, candidates };
}

/** The terms of the words beside the citation point that some record has, each at weight 1. */
function pointTerms(index: PaperIndex, point: CitationPoint | undefined, words: number): WeightedTerm[] {
  if (!point || words <= 0) return [];
  return [...new Set(analyze(wordsAtPoint(point, words)))].filter((term) => index.documentFrequency(term) > 0).map((term) => ({ term, weight: 1 }));
}

/**
 * The citing-context evidence (CitingContexts.evidence) of each record the draft cites elsewhere
 * with words of this passage. Keys that are no record of the index (or that `filter` refuses) are skipped.
 */
function citingScores(index: PaperIndex, passageTerms: readonly string[], options: GatherOptions, weight: number): Map<PaperRecord, number> {
  const out = new Map<PaperRecord, number>();
  if (!options.citing || weight <= 0) return out;
  for (const [key, score] of options.citing.evidence(passageTerms)) {
    const record = index.get(key);
    if (!record || record.key !== key || (options.filter && !options.filter(record))) continue;
    out.set(record, score);
  }
  return out;
}
