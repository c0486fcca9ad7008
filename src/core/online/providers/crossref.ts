/**
 * Crossref `/works?query.bibliographic=`. Abstracts are JATS XML and are stripped to text; a
 * `mailto` puts requests in Crossref's polite pool.
 */
import { collapseSpace, normalizeDoi } from '../../sources/ids';
import type { PaperRecord } from '../../model';
import type { HttpClient } from '../http';
import { clipQuery, onlineRecord, ShapeError, trimBase, type PaperProvider } from '../provider';

export const CROSSREF_BASE_URL = 'https://api.crossref.org';

interface Item {
  DOI?: string;
  title?: string[];
  author?: { given?: string; family?: string; name?: string }[];
  issued?: { 'date-parts'?: (number | null)[][] };
  'container-title'?: string[];
  abstract?: string;
  URL?: string;
  type?: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Plain text of a JATS abstract: tags removed, a leading "Abstract" heading dropped, entities decoded.
 * @example jatsToText('<jats:title>Abstract</jats:title><jats:p>We &amp; they.</jats:p>') // 'We & they.'
 */
export function jatsToText(jats: string): string {
  const withoutHeading = jats.replace(/^\s*<(?:jats:)?title>\s*abstract\s*<\/(?:jats:)?title>/i, '');
  const text = withoutHeading
    .replace(/<\/(?:jats:)?(?:p|sec|title)>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
  return collapseSpace(text).replace(/^abstract\s+/i, '');
}

const TYPES: Record<string, string> = { 'journal-article': 'article', 'proceedings-article': 'inproceedings', 'book-chapter': 'incollection', book: 'book' };

export function crossrefProvider(opts: { http: HttpClient; baseUrl?: string; mailto?: string }): PaperProvider {
  const base = trimBase(opts.baseUrl ?? CROSSREF_BASE_URL);
  const name = 'Crossref';
  return {
    id: 'crossref',
    name,
    async search(query, { limit = 10, signal } = {}) {
      const params = new URLSearchParams({ 'query.bibliographic': clipQuery(query), rows: String(limit) });
      if (opts.mailto) params.set('mailto', opts.mailto);
      return opts.http.json({ url: `${base}/works?${params}`, signal }, (json) => {
        const data = json as { message?: { items?: Item[] } };
        if (!Array.isArray(data?.message?.items)) throw new ShapeError('expected "message.items" to be a list');
        const out: PaperRecord[] = [];
        for (const it of data.message.items) {
          const doi = normalizeDoi(it.DOI);
          const title = it.title?.[0];
          if (!doi || !title) continue;
          out.push(
            onlineRecord(name, {
              id: `doi:${doi}`,
              title,
              authors: (it.author ?? [])
                .map((a) => a.name ?? [a.given, a.family].filter(Boolean).join(' '))
                .filter(Boolean),
              year: it.issued?.['date-parts']?.[0]?.[0] ?? undefined,
              venue: it['container-title']?.[0] || undefined,
              abstract: it.abstract ? jatsToText(it.abstract) || undefined : undefined,
              doi,
              url: it.URL ?? `https://doi.org/${doi}`,
              type: it.type ? TYPES[it.type] : undefined,
            }),
          );
        }
        return out;
      });
    },
  };
}
