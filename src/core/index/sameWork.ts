/**
 * The library's record of a work seen elsewhere (an online answer, a paper about to be added to
 * the .bib), by the rules `dedupeRecords` merges records by, looked up in the whole library.
 */
import { dedupeRecords, titleKey } from '../dedupe';
import type { PaperRecord } from '../model';
import type { PaperIndex } from './paperIndex';

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
  const same = sameWorks(workKeysOf(index).candidates(record), record);
  return same.find((c) => c.inBibliography) ?? same[0];
}

/** The entry of the user's bibliography that is the same work as `record`, if any (`libraryRecordOf`'s rules). */
export function bibliographyRecordOf(index: PaperIndex, record: PaperRecord): PaperRecord | undefined {
  return sameWorks(workKeysOf(index).candidates(record), record).find((c) => c.inBibliography);
}

/** The records of `candidates` (other than `record` itself) that `dedupeRecords` would merge with it. */
export function sameWorks(candidates: Iterable<PaperRecord>, record: PaperRecord): PaperRecord[] {
  const out: PaperRecord[] = [];
  for (const c of candidates) if (c !== record && dedupeRecords([c, record]).length === 1) out.push(c);
  return out;
}
