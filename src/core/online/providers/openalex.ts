/**
 * OpenAlex `/works?search=`. Needs an API key (`api_key` parameter); abstracts arrive as an
 * inverted index (word -> positions) and are rebuilt into text.
 */
import { normalizeDoi } from '../../sources/ids';
import type { PaperRecord } from '../../model';
import type { HttpClient } from '../http';
import { clipQuery, onlineRecord, ShapeError, trimBase, yearOf, type PaperProvider } from '../provider';

export const OPENALEX_BASE_URL = 'https://api.openalex.org';

interface Work {
  id?: string;
  doi?: string | null;
  title?: string | null;
  display_name?: string | null;
  publication_year?: number | null;
  authorships?: { author?: { display_name?: string } }[];
  primary_location?: { source?: { display_name?: string } | null; landing_page_url?: string | null } | null;
  abstract_inverted_index?: Record<string, number[]> | null;
  ids?: { arxiv?: string } | null;
}

/**
 * The text of an OpenAlex abstract_inverted_index.
 * @example abstractFromInvertedIndex({ Deep: [0], nets: [1] }) // 'Deep nets'
 */
export function abstractFromInvertedIndex(index: Record<string, number[]> | null | undefined): string | undefined {
  if (!index || typeof index !== 'object') return undefined;
  const words: string[] = [];
  for (const [word, positions] of Object.entries(index)) {
    if (!Array.isArray(positions)) continue;
    for (const p of positions) if (Number.isInteger(p) && p >= 0 && p < 100_000) words[p] = word;
  }
  const text = words.filter((w) => w !== undefined).join(' ').trim();
  return text || undefined;
}

export function openAlexProvider(opts: { http: HttpClient; baseUrl?: string; apiKey?: string; mailto?: string }): PaperProvider {
  const base = trimBase(opts.baseUrl ?? OPENALEX_BASE_URL);
  const name = 'OpenAlex';
  return {
    id: 'openalex',
    name,
    async search(query, { limit = 10, signal } = {}) {
      if (!opts.apiKey) throw new Error('needs an API key (set OPENALEX_API_KEY)');
      const params = new URLSearchParams({ search: clipQuery(query), per_page: String(limit), api_key: opts.apiKey });
      if (opts.mailto) params.set('mailto', opts.mailto);
      return opts.http.json({ url: `${base}/works?${params}`, signal }, (json) => {
        const data = json as { results?: Work[] };
        if (!Array.isArray(data?.results)) throw new ShapeError('expected "results" to be a list');
        const out: PaperRecord[] = [];
        for (const w of data.results) {
          const title = w.title ?? w.display_name;
          if (!w.id || !title) continue;
          out.push(
            onlineRecord(name, {
              id: `openalex:${w.id.replace(/^https?:\/\/openalex\.org\//, '')}`,
              title,
              authors: (w.authorships ?? []).map((a) => a?.author?.display_name ?? '').filter(Boolean),
              year: yearOf(w.publication_year ?? undefined),
              venue: w.primary_location?.source?.display_name || undefined,
              abstract: abstractFromInvertedIndex(w.abstract_inverted_index),
              doi: normalizeDoi(w.doi),
              url: w.doi ?? w.primary_location?.landing_page_url ?? w.id,
            }),
          );
        }
        return out;
      });
    },
  };
}
