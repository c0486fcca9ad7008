/**
 * Online records next to the library: an online paper the library already holds is the library's
 * paper (its key, its badges), wherever it is in the library, not only among the results shown.
 */
import { PaperIndex } from '../index/paperIndex';
import { libraryRecordOf } from '../index/sameWork';
import type { PaperRecord } from '../model';
import { rankText, type Suggestion } from '../rank/rank';

export interface OnlineMergeOptions {
  /** Keys the draft cites, for the library cards' "cited here" badge. */
  citedKeys?: ReadonlySet<string>;
}

/**
 * Online records as suggestions, in their order: a paper the library holds becomes the library's
 * suggestion (its record, key and badges); the others stay online. Each work comes once.
 */
export function resolveOnline(index: PaperIndex, online: readonly PaperRecord[], options: OnlineMergeOptions = {}): Suggestion[] {
  const seen = new Set<string>();
  const out: Suggestion[] = [];
  for (const r of online) {
    const record = libraryRecordOf(index, r) ?? r;
    if (seen.has(record.id)) continue;
    seen.add(record.id);
    out.push(suggestionOf(record, 0, [], options));
  }
  return out;
}

function suggestionOf(record: PaperRecord, score: number, matchedTerms: string[], { citedKeys }: OnlineMergeOptions): Suggestion {
  return {
    record,
    score,
    matchedTerms,
    alreadyCited: citedKeys !== undefined && record.key !== undefined && citedKeys.has(record.key),
    inBibliography: record.inBibliography,
  };
}

/**
 * The online section that follows the local results of a search for `query`: the online papers
 * not among `shownIds` (the local results already listed), the ones the library holds as the
 * library's cards. Scores of two indexes are not comparable, so the lists are not interleaved:
 * the section is ranked among itself with a small `PaperIndex` of its papers, those the index
 * does not match at all following in the providers' order, and its scores are scaled below
 * `floor` (the last local score) so relevance stays non-increasing down the list.
 */
export function onlineSection(
  index: PaperIndex,
  query: string,
  online: readonly PaperRecord[],
  { shownIds = [], floor = 1, limit, ...options }: OnlineMergeOptions & { shownIds?: Iterable<string>; floor?: number; limit: number },
): Suggestion[] {
  const shown = new Set(shownIds);
  const section = resolveOnline(index, online, options).filter((s) => !shown.has(s.record.id));
  if (section.length === 0) return [];
  const byId = new Map(section.map((s) => [s.record.id, s]));
  const ranked = rankText(PaperIndex.build(section.map((s) => s.record)), query, { limit });
  const rankedIds = new Set(ranked.map((s) => s.record.id));
  const ordered = [
    ...ranked.map((s) => ({ ...byId.get(s.record.id)!, score: s.score, matchedTerms: s.matchedTerms })),
    ...section.filter((s) => !rankedIds.has(s.record.id)),
  ];
  const top = ranked[0]?.score || 1;
  return ordered.slice(0, limit).map((s) => ({ ...s, score: (floor * s.score) / top }));
}

/**
 * Local suggestions, then the online section (`onlineSection`) for the papers they do not list.
 * @example mergeOnline(index, 'attention sinks', local, online.records, 10)
 */
export function mergeOnline(
  index: PaperIndex,
  query: string,
  local: Suggestion[],
  online: readonly PaperRecord[],
  limit: number,
  options: OnlineMergeOptions = {},
): Suggestion[] {
  if (online.length === 0) return local;
  const floor = local.length ? local[local.length - 1].score : 1;
  return [...local, ...onlineSection(index, query, online, { ...options, shownIds: local.map((s) => s.record.id), floor, limit })];
}
