/** Hugging Face Papers: daily papers and paper search (`/api/daily_papers`, `/api/papers/search`). */
import type { PaperRecord } from '../../model';
import type { HttpClient } from '../http';
import { clipQuery, onlineRecord, ShapeError, trimBase, yearOf, type PaperProvider, type SearchOptions } from '../provider';

export const HF_BASE_URL = 'https://huggingface.co';

interface HfPaper {
  id?: string;
  title?: string;
  summary?: string;
  authors?: { name?: string }[];
  publishedAt?: string;
  upvotes?: number;
}

export interface HuggingFaceProvider extends PaperProvider {
  /** The papers of one day (`YYYY-MM-DD`), `page` from 0. */
  daily(date: string, options?: SearchOptions & { page?: number }): Promise<PaperRecord[]>;
}

export function huggingFaceProvider(opts: { http: HttpClient; baseUrl?: string }): HuggingFaceProvider {
  const base = trimBase(opts.baseUrl ?? HF_BASE_URL);
  const name = 'Hugging Face';
  const map = (items: unknown, limit: number): PaperRecord[] => {
    if (!Array.isArray(items)) throw new ShapeError('expected a list of papers');
    const out: PaperRecord[] = [];
    for (const item of items as { paper?: HfPaper }[]) {
      const p = item?.paper;
      if (!p || typeof p.id !== 'string' || typeof p.title !== 'string') continue;
      out.push(
        onlineRecord(name, {
          id: `arxiv:${p.id}`,
          title: p.title,
          authors: (p.authors ?? []).map((a) => a?.name ?? '').filter(Boolean),
          year: yearOf(p.publishedAt),
          abstract: typeof p.summary === 'string' ? p.summary.trim() : undefined,
          arxiv: p.id,
          url: `${HF_BASE_URL}/papers/${p.id}`,
        }),
      );
      if (out.length >= limit) break;
    }
    return out;
  };
  return {
    id: 'hf',
    name,
    async search(query, { limit = 10, signal } = {}) {
      const url = `${base}/api/papers/search?q=${encodeURIComponent(clipQuery(query, 200))}`;
      return opts.http.json({ url, signal }, (data) => map(data, limit));
    },
    async daily(date, { limit = 50, signal, page = 0 } = {}) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`daily wants a YYYY-MM-DD date, got "${date}"`);
      const url = `${base}/api/daily_papers?date=${date}&p=${page}&limit=${limit}`;
      return opts.http.json({ url, signal }, (data) => map(data, limit));
    },
  };
}
