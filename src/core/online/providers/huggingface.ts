/** Hugging Face Papers: daily papers and paper search (`/api/daily_papers`, `/api/papers/search`). */
import type { PaperRecord } from '../../model';
import type { HttpClient } from '../http';
import { extractArxivId } from '../../sources/ids';
import { authorNames, clipQuery, ItemError, objectItem, onlineRecord, readItems, ShapeError, textField, titleField, trimBase, yearOf, type PaperProvider, type SearchOptions } from '../provider';

export const HF_BASE_URL = 'https://huggingface.co';

export interface HuggingFaceProvider extends PaperProvider {
  /**
   * The papers of one day (`YYYY-MM-DD`), `page` from 0, and how many items the page held
   * (skipped ones included: a full page means there may be another).
   */
  daily(date: string, options?: SearchOptions & { page?: number }): Promise<{ records: PaperRecord[]; items: number }>;
}

export function huggingFaceProvider(opts: { http: HttpClient; baseUrl?: string }): HuggingFaceProvider {
  const base = trimBase(opts.baseUrl ?? HF_BASE_URL);
  const name = 'Hugging Face';
  /** One item `{ paper: {...} }`; its id must be an arXiv id, as every Hugging Face paper's is. */
  const read = (item: unknown): PaperRecord => {
    const p = objectItem(objectItem(item).paper);
    const id = textField(p.id, 'id');
    const arxiv = id ? extractArxivId(id, { bare: true }) : undefined;
    if (!arxiv || arxiv !== id!.replace(/v\d+$/, '')) throw new ItemError('with an id that is not an arXiv id');
    return onlineRecord(name, {
      id: `arxiv:${arxiv}`,
      title: titleField(p.title),
      authors: authorNames(p.authors),
      year: yearOf(p.publishedAt),
      abstract: textField(p.summary, 'summary')?.trim() || undefined,
      arxiv,
      url: `${HF_BASE_URL}/papers/${arxiv}`,
    });
  };
  const map = (items: unknown, limit: number, notice?: (message: string) => void): PaperRecord[] => {
    if (!Array.isArray(items)) throw new ShapeError('expected a list of papers');
    return readItems(items, read, notice, limit);
  };
  return {
    id: 'hf',
    name,
    async search(query, { limit = 10, signal, notice, deadline } = {}) {
      const url = `${base}/api/papers/search?q=${encodeURIComponent(clipQuery(query, 200))}`;
      return opts.http.json({ url, signal, notice, deadline }, (data) => map(data, limit, notice));
    },
    async daily(date, { limit = 50, signal, page = 0, notice, deadline } = {}) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`daily wants a YYYY-MM-DD date, got "${date}"`);
      const url = `${base}/api/daily_papers?date=${date}&p=${page}&limit=${limit}`;
      return opts.http.json({ url, signal, notice, deadline }, (data) => ({ records: map(data, limit, notice), items: (data as unknown[]).length }));
    },
  };
}
