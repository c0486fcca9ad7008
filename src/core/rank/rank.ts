/**
 * Ranking: from a piece of a draft to papers worth citing there, each with the words that made
 * it match and whether the draft already cites it or the user's bibliography holds it.
 */
import type { PaperRecord } from '../model';
import type { PaperIndex } from '../index/paperIndex';
import type { ParagraphInfo, ScannedDraft } from '../draft/types';
import { buildQuery, type QueryOptions } from './query';
import { averageBoostedLength, rerankByBestField } from './rerank';
import { DEFAULT_PARAMETERS, type RankingParameters } from './parameters';
import { namedInPassage } from './names';
import { acronymExpansions } from './acronymExpansion';
import { eponymExpansions } from './eponymExpansion';
import { CitingContexts, draftCitingContexts } from './citingContexts';

export interface Suggestion {
  record: PaperRecord;
  score: number;
  /** Draft words that matched this paper, most discriminating first ("why this paper"). */
  matchedTerms: string[];
  /** The draft already cites this paper (by its key). */
  alreadyCited: boolean;
  /** The paper is in the user's own .bib / CSL-JSON. */
  inBibliography: boolean;
}

export interface RankOptions extends QueryOptions {
  limit?: number;
  /** Only consider records this accepts (e.g. only the user's bibliography). */
  filter?: (record: PaperRecord) => boolean;
  /** Keys cited in the draft, to flag (not hide) papers already cited. */
  citedKeys?: ReadonlySet<string>;
  /** The ranking's constants (default: DEFAULT_PARAMETERS); the benchmark varies them. */
  parameters?: RankingParameters;
  /** What the draft says around its other citations, by key (citingContexts.ts). */
  citing?: CitingContexts;
}

export const DEFAULT_LIMIT = 10;

/**
 * Ranks the papers of `index` for a plain-text passage.
 *
 * @example rankText(index, 'streaming language models keep attention sinks', { limit: 5 })
 */
export function rankText(index: PaperIndex, text: string, options: RankOptions = {}): Suggestion[] {
  const parameters = options.parameters ?? DEFAULT_PARAMETERS;
  const expansions = [
    ...(options.expansions ?? []),
    ...acronymExpansions(index, text, parameters.acronymWeight),
    ...eponymExpansions(index, text, parameters.eponymWeight),
  ];
  const query = buildQuery(text, index, {
    maxTerms: parameters.maxTerms,
    contextWeight: parameters.contextWeight,
    ...options,
    expansions,
  });
  const order = new Map(query.terms.map((t, i) => [t.term, i]));
  const limit = options.limit ?? DEFAULT_LIMIT;
  // First stage: the best few by BM25+; second stage re-scores them field-fairly (see rerank.ts).
  const candidates = index.searchTerms(query.terms, { limit: Math.max(limit, parameters.rerankDepth), filter: options.filter });
  // Papers the passage names (by a title name or a name their abstract introduces) join the candidates and get a bonus (see names.ts).
  const named = namedInPassage(index, { text, terms: query.passageTerms }, options.filter, parameters);
  const known = new Set(candidates.map((c) => c.record));
  for (const [record, { term }] of named) {
    if (!known.has(record)) candidates.push({ record, score: 0, match: { [term]: ['title'] } });
  }
  const citing = citingScores(index, query.passageTerms, options, parameters.citingWeight);
  for (const record of citing.keys()) {
    if (!known.has(record) && !named.has(record)) candidates.push({ record, score: 0, match: {} });
  }
  const statistics = { idf: (term: string) => index.idf(term), averageLength: averageBoostedLength(index) };
  const bonus = (record: PaperRecord) => (named.get(record)?.bonus ?? 0) + (citing.get(record) ?? 0);
  const hits = rerankByBestField(candidates, query.terms, statistics, parameters.lengthPower)
    .map((hit, i) => ({ hit: { ...hit, score: hit.score + bonus(hit.record) }, i }))
    .sort((a, b) => b.hit.score - a.hit.score || a.i - b.i)
    .slice(0, limit)
    .map(({ hit }) => hit);
  const cited = options.citedKeys;
  return hits.map(({ record, score, match: found }) => {
    // A paper found by its name shows the name among the words that matched.
    const name = named.get(record)?.term;
    const written = named.get(record)?.written;
    const match = name && !found[name] ? { ...found, [name]: ['title'] } : found;
    return {
      record,
      score,
      matchedTerms: Object.keys(match)
        .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
        .map((term) => (term === name && written) || query.surface.get(term) || term),
      alreadyCited: cited !== undefined && record.key !== undefined && cited.has(record.key),
      inBibliography: record.inBibliography,
    };
  });
}

/**
 * The bonus of each record the draft cites elsewhere with words of this passage: `weight` × the
 * BM25 of its citing contexts. Keys that are no record of the index (or that `filter` refuses)
 * are skipped.
 */
function citingScores(index: PaperIndex, passageTerms: readonly string[], options: RankOptions, weight: number): Map<PaperRecord, number> {
  const out = new Map<PaperRecord, number>();
  if (!options.citing || weight <= 0) return out;
  for (const [key, score] of options.citing.score(passageTerms)) {
    const record = index.get(key);
    if (!record || record.key !== key || (options.filter && !options.filter(record))) continue;
    out.set(record, weight * score);
  }
  return out;
}

/** Keys the draft cites anywhere. */
export function citedKeysOf(draft: ScannedDraft): Set<string> {
  return new Set(draft.citations.filter((c) => !c.incomplete).map((c) => c.key));
}

/**
 * Suggestions for one paragraph, with its section title and the draft's title as low-weight
 * context: a short paragraph alone is often ambiguous.
 */
export function rankParagraph(
  index: PaperIndex,
  draft: ScannedDraft,
  paragraph: ParagraphInfo,
  options: RankOptions = {},
): Suggestion[] {
  const context: string[] = [];
  const section = draft.sections[paragraph.section];
  if (section) context.push(section.title);
  if (draft.title) context.push(draft.title);
  return rankText(index, paragraph.text, {
    citedKeys: citedKeysOf(draft),
    citing: new CitingContexts(draftCitingContexts(draft, paragraph)),
    ...options,
    context: [...context, ...(options.context ?? [])],
  });
}

/** Reciprocal-rank-fusion constant: how fast a lower rank in one passage stops counting. */
const RRF_K = 60;

/**
 * Ranks for several passages at once. A whole draft covers several topics, and one query of its
 * rarest terms would favour one of them; so each passage is ranked on its own, and papers come
 * in the order of their best rank in any passage (every passage's best paper first), ties broken
 * by reciprocal-rank fusion (papers good for many passages first). Scores are the fused scores,
 * made non-increasing so they read as relevance in that order.
 */
export function rankPassages(index: PaperIndex, passages: string[], options: RankOptions = {}): Suggestion[] {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const fused = new Map<string, { suggestion: Suggestion; best: number; score: number; terms: Set<string> }>();
  for (const passage of passages) {
    if (!passage.trim()) continue;
    rankText(index, passage, { ...options, limit: Math.max(limit, 20) }).forEach((s, rank) => {
      let entry = fused.get(s.record.id);
      if (!entry) fused.set(s.record.id, (entry = { suggestion: s, best: rank, score: 0, terms: new Set() }));
      entry.best = Math.min(entry.best, rank);
      entry.score += 1 / (RRF_K + rank + 1);
      for (const t of s.matchedTerms) entry.terms.add(t);
    });
  }
  let previous = Infinity;
  return [...fused.values()]
    .sort((a, b) => a.best - b.best || b.score - a.score || (a.suggestion.record.id < b.suggestion.record.id ? -1 : 1))
    .slice(0, limit)
    .map(({ suggestion, score, terms }) => {
      previous = Math.min(previous, score);
      return { ...suggestion, score: previous, matchedTerms: [...terms] };
    });
}

/** The passages of a whole draft: title with abstract, then every paragraph. */
export function draftPassages(draft: ScannedDraft): string[] {
  const head = [draft.title, draft.abstract].filter(Boolean).join('\n');
  return [head, ...draft.paragraphs.map((p) => p.text)].filter((t) => t.trim());
}

/** Suggestions for the whole draft: every paragraph ranked, the rankings fused. */
export function rankDraft(index: PaperIndex, draft: ScannedDraft, options: RankOptions = {}): Suggestion[] {
  return rankPassages(index, draftPassages(draft), { citedKeys: citedKeysOf(draft), ...options });
}
