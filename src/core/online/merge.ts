/**
 * Online records next to the library: an online paper the library already holds is the library's
 * paper (its key, its badges), wherever it is in the library, not only among the results shown.
 */
import { dedupeRecords, titleKey } from '../dedupe';
import { PaperIndex } from '../index/paperIndex';
import type { PaperRecord } from '../model';
import { rankText, type Suggestion } from '../rank/rank';

/**
 * The library's records by DOI, arXiv id and title key, made once per index generation (a pass
 * over every record: ~0.1 s for 100k) the first time an online answer is compared with it.
 */
class WorkKeys {
  private readonly byKey = new Map<string, PaperRecord[]>();

  constructor(index: PaperIndex) {
    for (const r of index.records()) for (const k of keysOf(r)) this.add(k, r);
  }

  private add(key: string, record: PaperRecord): void {
    const list = this.byKey.get(key);
    if (list) list.push(record);
    else this.byKey.set(key, [record]);
  }

  /** Library records that share an identifier or a title key with `record` (keys as `dedupeRecords` compares them). */
  candidates(record: PaperRecord): PaperRecord[] {
    const out = new Set<PaperRecord>();
    for (const k of keysOf(record)) for (const r of this.byKey.get(k) ?? []) out.add(r);
    return [...out];
  }
}

function keysOf(r: PaperRecord): string[] {
  const keys: string[] = [];
  if (r.doi) keys.push(`doi:${r.doi.trim().toLowerCase()}`);
  const arxiv = r.arxiv?.trim().toLowerCase();
  if (arxiv) keys.push(`arxiv:${arxiv}`);
  const title = titleKey(r.title);
  if (title) keys.push(`title:${title}`);
  return keys;
}

const workKeys = new WeakMap<PaperIndex, { generation: number; keys: WorkKeys }>();

function workKeysOf(index: PaperIndex): WorkKeys {
  const known = workKeys.get(index);
  if (known && known.generation === index.generation) return known.keys;
  const keys = new WorkKeys(index);
  workKeys.set(index, { generation: index.generation, keys });
  return keys;
}

/**
 * The library's record of the same work as `record` (by the rules of `dedupeRecords`: same DOI,
 * arXiv id, or title with agreeing year and first author), the user's bibliography first; undefined
 * when the library does not hold it.
 */
export function libraryRecordOf(index: PaperIndex, record: PaperRecord): PaperRecord | undefined {
  const same = workKeysOf(index)
    .candidates(record)
    .filter((c) => dedupeRecords([c, record]).length === 1);
  return same.find((c) => c.inBibliography) ?? same[0];
}

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
