/**
 * Semantic Scholar Graph API: search, batch lookup (≤ 500 ids per request; unknown ids come back
 * `null`) and recommendations. The optional API key goes in the `x-api-key` header, never in a
 * URL or a message.
 */
import type { PaperRecord } from '../../model';
import { extractArxivId, normalizeDoi } from '../../sources/ids';
import type { HttpClient } from '../http';
import { authorNames, clipQuery, ItemError, objectItem, onlineRecord, readItems, ShapeError, textField, titleField, trimBase, webUrl, yearOf, type PaperProvider, type SearchOptions } from '../provider';

export const S2_BASE_URL = 'https://api.semanticscholar.org';
export const S2_FIELDS = 'title,abstract,authors,year,venue,externalIds,url';
export const S2_BATCH_MAX = 500;


export interface SemanticScholarProvider extends PaperProvider {
  /**
   * Records for ids such as `DOI:10.18653/v1/n19-1423`, `ARXIV:2106.09685` or S2 paper ids, in
   * order, `null` for ids Semantic Scholar does not know. Sent in batches of 500.
   */
  batch(ids: string[], options?: Pick<SearchOptions, 'signal' | 'notice' | 'deadline'> & { progress?: (done: number, total: number) => void }): Promise<(PaperRecord | null)[]>;
  /** Papers Semantic Scholar recommends for one paper id. */
  recommendations(paperId: string, options?: SearchOptions): Promise<PaperRecord[]>;
}

const NAME = 'Semantic Scholar';

/** Semantic Scholar's paper ids: 40 hexadecimal digits. */
const S2_PAPER_ID = /^[0-9a-f]{40}$/;

/**
 * One paper of an answer as a record; an ItemError for an item that is not one (no title, an id
 * of another shape, authors that are not a list).
 */
export function mapS2Paper(item: unknown): PaperRecord {
  const p = objectItem(item);
  if (typeof p.paperId !== 'string' || !S2_PAPER_ID.test(p.paperId)) throw new ItemError('with an id that is not a Semantic Scholar paper id');
  const title = titleField(p.title);
  const ids = p.externalIds === null || p.externalIds === undefined ? {} : objectItem(p.externalIds);
  const arxivText = textField(ids.ArXiv, 'arXiv id');
  return onlineRecord(NAME, {
    id: `s2:${p.paperId}`,
    title,
    authors: authorNames(p.authors),
    year: yearOf(p.year ?? undefined),
    venue: textField(p.venue, 'venue') || undefined,
    abstract: textField(p.abstract, 'abstract') || undefined,
    doi: normalizeDoi(textField(ids.DOI, 'DOI')),
    arxiv: arxivText ? extractArxivId(arxivText, { bare: true }) : undefined,
    url: webUrl(p.url),
  });
}

export function semanticScholarProvider(opts: { http: HttpClient; baseUrl?: string; apiKey?: string }): SemanticScholarProvider {
  const base = trimBase(opts.baseUrl ?? S2_BASE_URL);
  const headers: Record<string, string> = opts.apiKey ? { 'x-api-key': opts.apiKey } : {};
  const list = (data: unknown, key: string): unknown[] => {
    const items = (data as Record<string, unknown> | null)?.[key];
    if (!Array.isArray(items)) throw new ShapeError(`expected "${key}" to be a list`);
    return items;
  };
  return {
    id: 's2',
    name: NAME,
    async search(query, { limit = 10, signal, notice, deadline } = {}) {
      const params = new URLSearchParams({ query: clipQuery(query), limit: String(limit), fields: S2_FIELDS });
      return opts.http.json({ url: `${base}/graph/v1/paper/search?${params}`, headers, signal, notice, deadline }, (data) => readItems(list(data, 'data'), mapS2Paper, notice));
    },
    async batch(ids, { signal, notice, deadline, progress } = {}) {
      const out: (PaperRecord | null)[] = [];
      for (let i = 0; i < ids.length; i += S2_BATCH_MAX) {
        progress?.(i / S2_BATCH_MAX, Math.ceil(ids.length / S2_BATCH_MAX));
        const chunk = ids.slice(i, i + S2_BATCH_MAX);
        const mapped = await opts.http.json(
          { url: `${base}/graph/v1/paper/batch?fields=${S2_FIELDS}`, method: 'POST', json: { ids: chunk }, headers, signal, notice, deadline },
          (data) => {
            if (!Array.isArray(data) || data.length !== chunk.length) {
              throw new ShapeError(`expected ${chunk.length} results in the batch answer`);
            }
            // null: an id Semantic Scholar does not know. An unreadable item is told and taken as one.
            const known = data.flatMap((p, i) => (p === null ? [] : [{ p, i }]));
            const read = readItems(known, ({ p, i }) => ({ i, record: mapS2Paper(p) }), notice);
            const records: (PaperRecord | null)[] = data.map(() => null);
            for (const { i, record } of read) records[i] = record;
            return records;
          },
        );
        out.push(...mapped);
      }
      return out;
    },
    async recommendations(paperId, { limit = 10, signal, notice, deadline } = {}) {
      const params = new URLSearchParams({ limit: String(limit), fields: S2_FIELDS });
      const url = `${base}/recommendations/v1/papers/forpaper/${encodeURIComponent(paperId)}?${params}`;
      return opts.http.json({ url, headers, signal, notice, deadline }, (data) => readItems(list(data, 'recommendedPapers'), mapS2Paper, notice));
    },
  };
}
