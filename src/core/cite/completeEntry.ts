/**
 * Entries that would not typeset. A record without authors or a year (the bundled Daily Papers
 * records carry a title and an abstract only) makes an entry LaTeX prints as a bare title, so
 * before one is written its missing fields are looked for in the online answers for its title,
 * and only a confident match is taken.
 */
import { exactTitleKey, lastNameKey } from '../dedupe';
import type { PaperRecord } from '../model';
import { DAILY_VENUE } from '../online/dailyCorpus';

/** A field a reference needs to typeset as one. */
export type EntryField = 'author' | 'year';

/** The fields `record` lacks for a reference: `['author', 'year']` for a title-only record. */
export function missingFields(record: Pick<PaperRecord, 'authors' | 'year'>): EntryField[] {
  const missing: EntryField[] = [];
  if (!record.authors.some((a) => a.trim() !== '')) missing.push('author');
  if (record.year === undefined || !Number.isFinite(record.year)) missing.push('year');
  return missing;
}

/** "authors and year", "year": the missing fields as words, for messages. */
export function describeMissing(missing: readonly EntryField[]): string {
  const words = missing.map((f) => (f === 'author' ? 'authors' : 'year'));
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : (words[0] ?? '');
}

/**
 * `record` completed from the first of `candidates` that is confidently the same paper: the same
 * whole title (case, accents and punctuation aside), no conflicting year (±1: a preprint and its
 * publication) and, when both have authors, the same first author's last name. The title, key,
 * abstract and origin stay the record's; authors, year, arXiv id, DOI, URL and venue are filled
 * where missing (a Daily Papers listing is not a venue: a found one replaces it). Undefined when no
 * candidate matches or the match adds none of the missing fields.
 */
export function completeRecord(record: PaperRecord, candidates: readonly PaperRecord[]): { record: PaperRecord; from: PaperRecord } | undefined {
  const title = exactTitleKey(record.title);
  if (title === '') return undefined;
  const missing = missingFields(record);
  for (const c of candidates) {
    if (exactTitleKey(c.title) !== title) continue;
    if (record.year !== undefined && c.year !== undefined && Math.abs(record.year - c.year) > 1) continue;
    if (record.authors.length > 0 && c.authors.length > 0 && lastNameKey(record.authors[0]!) !== lastNameKey(c.authors[0]!)) continue;
    const completed: PaperRecord = {
      ...record,
      authors: record.authors.length > 0 ? record.authors : c.authors,
      year: record.year ?? c.year,
      arxiv: record.arxiv ?? c.arxiv,
      doi: record.doi ?? c.doi,
      url: record.url ?? c.url,
      venue: record.venue && record.venue !== DAILY_VENUE ? record.venue : (c.venue ?? (c.arxiv || record.arxiv ? undefined : record.venue)),
    };
    if (missingFields(completed).length < missing.length) return { record: completed, from: c };
  }
  return undefined;
}
