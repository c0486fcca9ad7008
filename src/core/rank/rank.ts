/**
 * Ranking: from a piece of a draft to papers worth citing there, each with the words that made
 * it match and whether the draft already cites it or the user's bibliography holds it.
 */
import type { PaperRecord } from '../model';
import type { PaperIndex } from '../index/paperIndex';
import type { ParagraphInfo, ScannedDraft } from '../draft/types';
import type { CitationPoint } from '../draft/citationPoint';
import type { QueryOptions } from './query';
import { DEFAULT_PARAMETERS, type RankingParameters } from './parameters';
import { gatherCandidates } from './candidates';
import { fuse } from './fusion';
import { CitingContexts, draftCitingContexts } from './citingContexts';
import { bibliographyProfile, type AuthorProfile } from './authorAffinity';

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
  /** Whose papers the user cites (default: the authors of the index's bibliography entries; authorAffinity.ts). */
  profile?: AuthorProfile;
  /** Where the citation goes (the cursor), when the writer is at one place of a paragraph. */
  point?: CitationPoint;
}

export const DEFAULT_LIMIT = 10;

/**
 * Does now what would otherwise fall on the first query after the index is loaded or changed:
 * finds the papers by the authors of the bibliography (authorAffinity.ts; 0.1–0.7 s with a .bib
 * next to a 100k-paper corpus) and ranks one short passage, so that the code of every ranking step
 * is compiled (a first query took 45–65 ms after a warm start, 20–30 ms after this). Call it after
 * loading or updating the index, off the thread that must stay responsive.
 */
export function prepareRanking(index: PaperIndex): void {
  bibliographyProfile(index).affinities(index);
  rankText(index, WARM_UP_PASSAGE, { limit: 1 });
}

/** A passage that takes every step of ranking: an acronym, a title name, an eponym. */
const WARM_UP_PASSAGE = 'Pre-trained language models (PLMs) such as BERT decay at a Zipfian rate.';

/**
 * Ranks the papers of `index` for a plain-text passage.
 *
 * @example rankText(index, 'streaming language models keep attention sinks', { limit: 5 })
 */
export function rankText(index: PaperIndex, text: string, options: RankOptions = {}): Suggestion[] {
  const parameters = options.parameters ?? DEFAULT_PARAMETERS;
  const limit = options.limit ?? DEFAULT_LIMIT;
  const { query, candidates } = gatherCandidates(index, text, parameters, options, limit);
  const order = new Map(query.terms.map((t, i) => [t.term, i]));
  const cited = options.citedKeys;
  return fuse(candidates, parameters, limit).map(({ candidate: { hit, name }, score }) => {
    const { record, match: found } = hit;
    // A paper found by its name shows the name among the words that matched.
    const match = name && !found[name.term] ? { ...found, [name.term]: ['title'] } : found;
    return {
      record,
      score,
      matchedTerms: Object.keys(match)
        .filter((term) => !query.feedback.has(term))
        .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
        .map((term) => (term === name?.term && name.written) || query.surface.get(term) || term),
      alreadyCited: cited !== undefined && record.key !== undefined && cited.has(record.key),
      inBibliography: record.inBibliography,
    };
  });
}

/** Keys the draft cites anywhere. */
export function citedKeysOf(draft: ScannedDraft): Set<string> {
  return new Set(draft.citations.filter((c) => !c.incomplete).map((c) => c.key));
}

/**
 * What ranking a paragraph reads of its draft, as plain data (the extension sends it to the
 * corpus worker): the paragraph, its section title and the draft's title as low-weight context (a
 * short paragraph alone is often ambiguous), the keys cited anywhere, and what the draft says
 * around its citations outside this paragraph (citingContexts.ts).
 */
export interface ParagraphRequest {
  text: string;
  context: string[];
  citedKeys: string[];
  /** [key, contexts] pairs (draftCitingContexts). */
  citing: [string, string[]][];
  /** Where the citation goes: the writer's cursor in the paragraph (draft/citationPoint.ts). */
  point?: CitationPoint;
}

/**
 * The request for ranking `paragraph` of `draft`. `companions` are the other files of the same
 * document (the root and what it `\input`s): their title and citations are the draft's too, so a
 * section file is read with the whole paper around it.
 */
export function paragraphRequest(
  draft: ScannedDraft,
  paragraph: ParagraphInfo,
  companions: readonly ScannedDraft[] = [],
  point?: CitationPoint,
): ParagraphRequest {
  const context: string[] = [];
  const section = draft.sections[paragraph.section];
  if (section) context.push(section.title);
  const title = draft.title ?? companions.find((c) => c.title)?.title;
  if (title) context.push(title);
  const cited = citedKeysOf(draft);
  const citing = draftCitingContexts(draft, paragraph);
  for (const companion of companions) {
    for (const key of citedKeysOf(companion)) cited.add(key);
    for (const [key, texts] of draftCitingContexts(companion)) citing.set(key, [...(citing.get(key) ?? []), ...texts]);
  }
  return { text: paragraph.text, context, citedKeys: [...cited], citing: [...citing], ...(point && { point }) };
}

/** The rank options a request's plain data stands for. */
export function requestOptions(request: Partial<Omit<ParagraphRequest, 'text'>>): RankOptions {
  return {
    context: request.context,
    citedKeys: request.citedKeys ? new Set(request.citedKeys) : undefined,
    citing: request.citing?.length ? new CitingContexts(new Map(request.citing)) : undefined,
    point: request.point,
  };
}

/** Suggestions for one paragraph of a draft (paragraphRequest says what it reads). */
export function rankParagraph(
  index: PaperIndex,
  draft: ScannedDraft,
  paragraph: ParagraphInfo,
  options: RankOptions & { companions?: readonly ScannedDraft[] } = {},
): Suggestion[] {
  const request = paragraphRequest(draft, paragraph, options.companions);
  return rankText(index, request.text, {
    ...requestOptions(request),
    ...options,
    context: [...request.context, ...(options.context ?? [])],
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
