/**
 * A corpus file made from Hugging Face Daily Papers over a range of days: one JSON line per paper
 * in the corpus format (`{id, title, abstract, authors, year, venue, url, doi, bibkey, arxiv}`),
 * de-duplicated by id, written atomically.
 */
import path from 'node:path';
import { writeFileAtomic } from '../atomicFile';
import type { PaperRecord } from '../model';
import type { SearchOptions } from './provider';
import type { HuggingFaceProvider } from './providers/huggingface';

export const DAILY_VENUE = 'Hugging Face Daily Papers';
/** Longest range `dailyRange` accepts, in days. */
export const MAX_DAILY_DAYS = 366;
/** Papers asked per page; a shorter page is the last one. */
export const DAILY_PAGE_SIZE = 100;
/** Pages read per day at most (a server that ignores `p` would otherwise page forever). */
const MAX_PAGES = 50;

const DAY_MS = 86_400_000;

function parseDay(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== text) {
    throw new RangeError(`"${text}" is not a YYYY-MM-DD date`);
  }
  return t;
}

/**
 * The days of `FROM[..TO]`, oldest first; throws a RangeError for a bad date, a reversed range or
 * more than MAX_DAILY_DAYS days.
 * @example dailyRange('2024-11-01..2024-11-03') // ['2024-11-01', '2024-11-02', '2024-11-03']
 */
export function dailyRange(spec: string): string[] {
  const [fromText, toText, ...extra] = spec.split('..');
  if (extra.length) throw new RangeError(`"${spec}" is not FROM or FROM..TO`);
  const from = parseDay(fromText);
  const to = toText === undefined ? from : parseDay(toText);
  if (to < from) throw new RangeError(`"${spec}": TO is before FROM`);
  const count = (to - from) / DAY_MS + 1;
  if (count > MAX_DAILY_DAYS) throw new RangeError(`"${spec}" spans ${count} days; at most ${MAX_DAILY_DAYS}`);
  return Array.from({ length: count }, (_, i) => new Date(from + i * DAY_MS).toISOString().slice(0, 10));
}

export interface DailyCorpus {
  /** New papers per day (papers already seen on an earlier day are not counted again). */
  perDay: { date: string; papers: number }[];
  /** Every paper once, in the order first seen. */
  records: PaperRecord[];
}

/**
 * Every paper of every day, paging each day until a short page; the first failure rejects
 * (so a caller writes nothing unless all days were read).
 */
export async function fetchDailyPapers(
  hf: Pick<HuggingFaceProvider, 'daily'>,
  days: readonly string[],
  {
    signal,
    pageSize = DAILY_PAGE_SIZE,
    notice,
    deadline,
    progress,
  }: Pick<SearchOptions, 'signal' | 'notice' | 'deadline'> & { pageSize?: number; progress?: (done: number, total: number) => void } = {},
): Promise<DailyCorpus> {
  const byId = new Map<string, PaperRecord>();
  const perDay: DailyCorpus['perDay'] = [];
  for (const [d, date] of days.entries()) {
    progress?.(d, days.length);
    let papers = 0;
    const today = new Set<string>();
    for (let page = 0; page < MAX_PAGES; page++) {
      const { records, items } = await hf.daily(date, { page, limit: pageSize, signal, deadline, notice: notice && ((m) => notice(`${date}: ${m}`)) });
      const before = today.size;
      for (const r of records) {
        today.add(r.id);
        if (byId.has(r.id)) continue;
        byId.set(r.id, r);
        papers++;
      }
      // A short page is the last; a page with nothing new for this day means `p` is ignored.
      if (items < pageSize || today.size === before) break;
    }
    perDay.push({ date, papers });
  }
  return { perDay, records: [...byId.values()] };
}

/** One corpus line for a Daily Papers record (nothing made up: unknown fields are null). */
export function dailyCorpusLine(r: PaperRecord): string {
  return JSON.stringify({
    id: r.id,
    title: r.title,
    abstract: r.abstract ?? null,
    authors: r.authors,
    year: r.year ?? null,
    venue: DAILY_VENUE,
    url: r.url ?? null,
    doi: r.doi ?? null,
    bibkey: null,
    arxiv: r.arxiv ?? null,
  });
}

/** Writes `lines` to `file` through a temporary file and a rename, so a reader never sees half. */
export async function writeLinesAtomic(file: string, lines: readonly string[]): Promise<void> {
  await writeFileAtomic(path.resolve(file), lines.length ? `${lines.join('\n')}\n` : '');
}
