/** The interface every online paper source implements, and what they share. */
import type { PaperRecord } from '../model';
import { collapseSpace } from '../sources/ids';

export interface SearchOptions {
  /** Most records wanted (default 10). */
  limit?: number;
  signal?: AbortSignal;
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
