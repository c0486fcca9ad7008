/**
 * OpenAlex `/works?search=`. Needs an API key (`api_key` parameter); abstracts arrive as an
 * inverted index (word -> positions) and are rebuilt into text.
 */
import { normalizeDoi } from '../../sources/ids';
import type { PaperRecord } from '../../model';
import type { HttpClient } from '../http';
import { clipQuery, ItemError, listField, objectItem, onlineRecord, readItems, ShapeError, textField, titleField, trimBase, webUrl, yearOf, type PaperProvider } from '../provider';

export const OPENALEX_BASE_URL = 'https://api.openalex.org';

const NAME = 'OpenAlex';

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

/** OpenAlex work ids: W and digits, alone or as an openalex.org address. */
const WORK_ID = /^(?:https:\/\/openalex\.org\/)?(W\d{1,12})$/;

/** One work of `/works`. */
function readWork(item: unknown): PaperRecord {
  const w = objectItem(item);
  const id = WORK_ID.exec(textField(w.id, 'id') ?? '')?.[1];
  if (!id) throw new ItemError('with an id that is not an OpenAlex work id');
  const location = w.primary_location && typeof w.primary_location === 'object' ? (w.primary_location as Record<string, unknown>) : {};
  const source = location.source && typeof location.source === 'object' ? (location.source as Record<string, unknown>) : {};
  const doi = normalizeDoi(textField(w.doi, 'DOI'));
  return onlineRecord(NAME, {
    id: `openalex:${id}`,
    title: titleField(textField(w.title, 'title') ?? w.display_name),
    authors: listField(w.authorships, 'authorships')
      .map((a) => {
        const author = objectItem(a).author;
        return author && typeof author === 'object' ? (textField((author as Record<string, unknown>).display_name, 'author name') ?? '') : '';
      })
      .filter(Boolean),
    year: yearOf(w.publication_year ?? undefined),
    venue: textField(source.display_name, 'venue') || undefined,
    abstract: abstractFromInvertedIndex(w.abstract_inverted_index as Record<string, number[]> | null | undefined),
    doi,
    url: (doi ? `https://doi.org/${doi}` : undefined) ?? webUrl(location.landing_page_url) ?? `https://openalex.org/${id}`,
  });
}

export function openAlexProvider(opts: { http: HttpClient; baseUrl?: string; apiKey?: string; mailto?: string }): PaperProvider {
  const base = trimBase(opts.baseUrl ?? OPENALEX_BASE_URL);
  return {
    id: 'openalex',
    name: NAME,
    async search(query, { limit = 10, signal, notice, deadline } = {}) {
      if (!opts.apiKey) throw new Error('needs an API key (set OPENALEX_API_KEY)');
      const params = new URLSearchParams({ search: clipQuery(query), per_page: String(limit), api_key: opts.apiKey });
      if (opts.mailto) params.set('mailto', opts.mailto);
      return opts.http.json({ url: `${base}/works?${params}`, signal, notice, deadline }, (json) => {
        const results = (json as { results?: unknown } | null)?.results;
        if (!Array.isArray(results)) throw new ShapeError('expected "results" to be a list');
        return readItems(results, readWork, notice);
      });
    },
  };
}
