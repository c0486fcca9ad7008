/** The interface every online paper source implements, and what they share. */
import type { PaperRecord } from '../model';
import { collapseSpace } from '../sources/ids';

export interface SearchOptions {
  /** Most records wanted (default 10). */
  limit?: number;
  signal?: AbortSignal;
  /**
   * Hears what the caller should be told although the answer came: items skipped as unreadable,
   * an old cached answer shown because the provider failed. One line each, without the provider's name.
   */
  notice?: (message: string) => void;
  /** When to give up, retries and waits included (the command's time budget). */
  deadline?: Deadline;
}

/** A time budget: give up at `at` (the HTTP client's clock, ms), `ms` long in all (for messages). */
export interface Deadline {
  at: number;
  ms: number;
}

/** An online index of papers: free text in, records with `origin.kind === 'online'` out. */
export interface PaperProvider {
  /** Short id used on the command line (`arxiv`, `s2`, ...). */
  readonly id: string;
  /** Display name, used in messages and as `origin.file` ("arXiv", "Semantic Scholar"). */
  readonly name: string;
  search(query: string, options?: SearchOptions): Promise<PaperRecord[]>;
}

/** A base URL without its trailing slash. */
export function trimBase(url: string): string {
  return url.replace(/\/+$/, '');
}

/** A record of provider `name`: online, never in the user's bibliography. */
export function onlineRecord(name: string, fields: Omit<PaperRecord, 'origin' | 'inBibliography'>): PaperRecord {
  const record: PaperRecord = { ...fields, title: collapseSpace(fields.title), origin: { kind: 'online', file: name }, inBibliography: false };
  for (const k of Object.keys(record) as (keyof PaperRecord)[]) if (record[k] === undefined || record[k] === '') delete record[k];
  return record;
}

/** A year from "2024-05-01T..." or a number, if plausible. */
export function yearOf(value: unknown): number | undefined {
  const y = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.slice(0, 4)) : NaN;
  return Number.isInteger(y) && y > 1000 && y < 3000 ? y : undefined;
}

/** Free text of a query, shortened to what a search API takes. */
export function clipQuery(query: string, max = 300): string {
  const q = collapseSpace(query);
  return q.length <= max ? q : q.slice(0, max).replace(/\s+\S*$/, '');
}

/** Error thrown when a response does not have the expected shape. */
export class ShapeError extends Error {
  override name = 'ShapeError';
}

/** One item of an answer that is not a paper the provider can read; the message says why ("with no title"). */
export class ItemError extends Error {
  override name = 'ItemError';
}

/**
 * The papers of an answer's items, read one by one by `read` (which throws `ItemError`, or any
 * error, for an item it cannot use): one bad item costs that item, not the answer. The items
 * skipped are told to `notice` in one line, with the commonest reasons.
 * @example readItems(data.results, readWork, notice, 10)
 */
export function readItems<I, T>(items: readonly I[], read: (item: I) => T, notice?: (message: string) => void, limit = Infinity): T[] {
  const out: T[] = [];
  const reasons = new Map<string, number>();
  let skipped = 0;
  for (const item of items) {
    if (out.length >= limit) break;
    try {
      out.push(read(item));
    } catch (err) {
      skipped++;
      const why = err instanceof ItemError ? err.message : `unreadable (${err instanceof Error ? err.message : String(err)})`;
      reasons.set(why, (reasons.get(why) ?? 0) + 1);
    }
  }
  if (skipped > 0) {
    const why = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([reason, n]) => `${n} ${reason}`);
    notice?.(`skipped ${skipped} of the ${items.length} items it answered: ${why.join('; ')}${reasons.size > 3 ? '; …' : ''}`);
  }
  return out;
}

/** The item as an object, or an ItemError. */
export function objectItem(item: unknown): Record<string, unknown> {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new ItemError('not a JSON object');
  return item as Record<string, unknown>;
}

/** `value` when it is text, undefined when absent; an ItemError when it is something else. */
export function textField(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  throw new ItemError(`whose ${what} is not text`);
}

/** `value` when it is a list, [] when absent; an ItemError when it is something else. */
export function listField(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  throw new ItemError(`whose ${what} is not a list`);
}

/** Text, or (Crossref's titles and venues) a list whose first text is meant; undefined when absent. */
export function firstText(value: unknown, what: string): string | undefined {
  return Array.isArray(value) ? value.find((v): v is string => typeof v === 'string') : textField(value, what);
}

/** The title, required (see firstText). */
export function titleField(value: unknown): string {
  const title = firstText(value, 'title');
  if (!title?.trim()) throw new ItemError('with no title');
  return title;
}

/** The names of a list of author objects, `{ name }` unless `nameOf` says where (entries without one are left out). */
export function authorNames(value: unknown, nameOf: (author: Record<string, unknown>) => unknown = (a) => a.name): string[] {
  return listField(value, 'authors')
    .map((a) => (a && typeof a === 'object' ? (textField(nameOf(a as Record<string, unknown>), 'author name') ?? '') : ''))
    .filter(Boolean);
}

/** An http(s) address a server gave, or undefined for anything else (javascript:, file:, junk). */
export function webUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
