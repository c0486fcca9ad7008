/**
 * Semantic Scholar Graph API: search, batch lookup (≤ 500 ids per request; unknown ids come back
 * `null`) and recommendations. The optional API key goes in the `x-api-key` header, never in a
 * URL or a message.
 */
import type { PaperRecord } from '../../model';
import { extractArxivId, normalizeDoi } from '../../sources/ids';
import type { HttpClient } from '../http';
import { clipQuery, onlineRecord, ShapeError, trimBase, yearOf, type PaperProvider, type SearchOptions } from '../provider';

export const S2_BASE_URL = 'https://api.semanticscholar.org';
export const S2_FIELDS = 'title,abstract,authors,year,venue,externalIds,url';
export const S2_BATCH_MAX = 500;

export interface S2Paper {
  paperId?: string;
  title?: string;
  abstract?: string | null;
  authors?: { name?: string }[];
  year?: number | null;
  venue?: string | null;
  externalIds?: { DOI?: string; ArXiv?: string } | null;
  url?: string;
}

export interface SemanticScholarProvider extends PaperProvider {
  /**
   * Records for ids such as `DOI:10.18653/v1/n19-1423`, `ARXIV:2106.09685` or S2 paper ids, in
   * order, `null` for ids Semantic Scholar does not know. Sent in batches of 500.
   */
  batch(ids: string[], options?: { signal?: AbortSignal }): Promise<(PaperRecord | null)[]>;
  /** Papers Semantic Scholar recommends for one paper id. */
  recommendations(paperId: string, options?: SearchOptions): Promise<PaperRecord[]>;
}

const NAME = 'Semantic Scholar';

export function mapS2Paper(p: S2Paper | null | undefined): PaperRecord | null {
  if (!p || typeof p.title !== 'string' || !p.paperId) return null;
  const arxiv = p.externalIds?.ArXiv ? extractArxivId(p.externalIds.ArXiv, { bare: true }) : undefined;
  return onlineRecord(NAME, {
    id: `s2:${p.paperId}`,
    title: p.title,
    authors: (p.authors ?? []).map((a) => a?.name ?? '').filter(Boolean),
    year: yearOf(p.year ?? undefined),
    venue: p.venue || undefined,
    abstract: p.abstract || undefined,
    doi: normalizeDoi(p.externalIds?.DOI),
    arxiv,
    url: p.url,
  });
}

export function semanticScholarProvider(opts: { http: HttpClient; baseUrl?: string; apiKey?: string }): SemanticScholarProvider {
  const base = trimBase(opts.baseUrl ?? S2_BASE_URL);
  const headers: Record<string, string> = opts.apiKey ? { 'x-api-key': opts.apiKey } : {};
  const list = (data: unknown, key: string): S2Paper[] => {
    const items = (data as Record<string, unknown> | null)?.[key];
    if (!Array.isArray(items)) throw new ShapeError(`expected "${key}" to be a list`);
    return items as S2Paper[];
  };
  const records = (papers: S2Paper[]) => papers.map(mapS2Paper).filter((r): r is PaperRecord => r !== null);
  return {
    id: 's2',
    name: NAME,
    async search(query, { limit = 10, signal } = {}) {
      const params = new URLSearchParams({ query: clipQuery(query), limit: String(limit), fields: S2_FIELDS });
      return opts.http.json({ url: `${base}/graph/v1/paper/search?${params}`, headers, signal }, (data) => records(list(data, 'data')));
    },
    async batch(ids, { signal } = {}) {
      const out: (PaperRecord | null)[] = [];
      for (let i = 0; i < ids.length; i += S2_BATCH_MAX) {
        const chunk = ids.slice(i, i + S2_BATCH_MAX);
        const mapped = await opts.http.json(
          { url: `${base}/graph/v1/paper/batch?fields=${S2_FIELDS}`, method: 'POST', json: { ids: chunk }, headers, signal },
          (data) => {
            if (!Array.isArray(data) || data.length !== chunk.length) {
              throw new ShapeError(`expected ${chunk.length} results in the batch answer`);
            }
            return data.map((p) => mapS2Paper(p as S2Paper | null));
          },
        );
        out.push(...mapped);
      }
      return out;
    },
    async recommendations(paperId, { limit = 10, signal } = {}) {
      const params = new URLSearchParams({ limit: String(limit), fields: S2_FIELDS });
      const url = `${base}/recommendations/v1/papers/forpaper/${encodeURIComponent(paperId)}?${params}`;
      return opts.http.json({ url, headers, signal }, (data) => records(list(data, 'recommendedPapers')));
    },
  };
}
