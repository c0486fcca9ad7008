/**
 * arXiv API: Atom XML from `/api/query` (search and `id_list`). The XML is validated before it is
 * parsed, so a malformed feed is an error rather than a partial result; arXiv asks for at most
 * one request every 3 seconds, which the client's rate limiter enforces for its host.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { PaperRecord } from '../../model';
import { collapseSpace, extractArxivId, normalizeDoi } from '../../sources/ids';
import type { HttpClient } from '../http';
import { ItemError, listField, onlineRecord, readItems, ShapeError, titleField, trimBase, yearOf, type PaperProvider, type SearchOptions } from '../provider';

export const ARXIV_BASE_URL = 'https://export.arxiv.org';
/** arXiv's terms of use: one request per 3 seconds. */
export const ARXIV_INTERVAL_MS = 3000;
const ID_BATCH = 100;

export interface ArxivProvider extends PaperProvider {
  /** Records for bare arXiv ids (without version); unknown ids are left out. */
  byIds(ids: string[], options?: SearchOptions): Promise<PaperRecord[]>;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (tag) => ['entry', 'author', 'link', 'category'].includes(tag),
});

type Text = string | { '#text'?: string } | undefined;
const text = (v: Text): string => collapseSpace(typeof v === 'string' ? v : (v?.['#text'] ?? ''));

interface AtomEntry {
  id?: Text;
  title?: Text;
  summary?: Text;
  published?: Text;
  author?: { name?: Text }[];
  doi?: Text;
  journal_ref?: Text;
  link?: { '@_href'?: string; '@_rel'?: string; '@_type'?: string }[];
}

/** Records of an arXiv Atom feed; throws on malformed XML or an arXiv error entry; unreadable entries are skipped and told. */
export function parseArxivFeed(xml: string, name = 'arXiv', notice?: (message: string) => void): PaperRecord[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new ShapeError(`malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  const doc = parser.parse(xml) as { feed?: { entry?: AtomEntry[] } };
  if (!doc.feed) throw new ShapeError('not an Atom feed');
  const entries = doc.feed.entry ?? [];
  for (const e of entries) {
    if (text(e.id).includes('/api/errors')) throw new ShapeError(`arXiv says: ${text(e.summary) || 'error'}`);
  }
  return readItems(entries, (e) => {
    const arxiv = extractArxivId(text(e.id));
    if (!arxiv) throw new ItemError('with an id that is not an arXiv id');
    return onlineRecord(name, {
      id: `arxiv:${arxiv}`,
      title: titleField(text(e.title)),
      authors: listField(e.author, 'authors').map((a) => text((a as { name?: Text })?.name)).filter(Boolean),
      year: yearOf(text(e.published)),
      abstract: text(e.summary) || undefined,
      doi: normalizeDoi(text(e.doi)),
      venue: text(e.journal_ref) || undefined,
      arxiv,
      url: `https://arxiv.org/abs/${arxiv}`,
    });
  }, notice);
}

/** `all:` terms joined with AND: arXiv's own search box behaviour, for up to 8 words. */
export function arxivSearchQuery(query: string): string {
  const words = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 2);
  return [...new Set(words)].slice(0, 8).map((w) => `all:${w}`).join(' AND ');
}

export function arxivProvider(opts: { http: HttpClient; baseUrl?: string }): ArxivProvider {
  const base = trimBase(opts.baseUrl ?? ARXIV_BASE_URL);
  opts.http.rateLimiter.setInterval(new URL(base).host, ARXIV_INTERVAL_MS);
  const fetchFeed = async (params: URLSearchParams, { signal, notice, deadline }: SearchOptions = {}) => {
    return opts.http.get({ url: `${base}/api/query?${params}`, signal, notice, deadline, headers: { accept: 'application/atom+xml' } }, (body) => parseArxivFeed(body, 'arXiv', notice));
  };
  return {
    id: 'arxiv',
    name: 'arXiv',
    async search(query, { limit = 10, ...ask } = {}) {
      const q = arxivSearchQuery(query);
      if (!q) return [];
      return fetchFeed(new URLSearchParams({ search_query: q, start: '0', max_results: String(limit) }), ask);
    },
    async byIds(ids, ask = {}) {
      const out: PaperRecord[] = [];
      for (let i = 0; i < ids.length; i += ID_BATCH) {
        const chunk = ids.slice(i, i + ID_BATCH);
        const params = new URLSearchParams({ id_list: chunk.join(','), start: '0', max_results: String(chunk.length) });
        out.push(...(await fetchFeed(params, ask)));
      }
      return out;
    },
  };
}
