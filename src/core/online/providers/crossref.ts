/**
 * Crossref `/works?query.bibliographic=`. Abstracts are JATS XML and are stripped to text; a
 * `mailto` puts requests in Crossref's polite pool.
 */
import { collapseSpace, normalizeDoi } from '../../sources/ids';
import type { PaperRecord } from '../../model';
import type { HttpClient } from '../http';
import { clipQuery, firstText, ItemError, listField, objectItem, onlineRecord, readItems, ShapeError, textField, titleField, trimBase, webUrl, yearOf, type PaperProvider } from '../provider';

export const CROSSREF_BASE_URL = 'https://api.crossref.org';

const NAME = 'Crossref';

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

/** One item of `/works`; its DOI is its id, so an item without a well-formed one is skipped. */
function readWork(item: unknown): PaperRecord {
  const it = objectItem(item);
  const doi = normalizeDoi(textField(it.DOI, 'DOI'));
  if (!doi) throw new ItemError('with no well-formed DOI');
  const year = (listField(it.issued && typeof it.issued === 'object' ? (it.issued as Record<string, unknown>)['date-parts'] : undefined, 'date')[0] as unknown[] | undefined)?.[0];
  const type = textField(it.type, 'type');
  const abstract = textField(it.abstract, 'abstract');
  return onlineRecord(NAME, {
    id: `doi:${doi}`,
    // Crossref's title is a list; a server answering a plain string still means the title.
    title: titleField(it.title),
    authors: listField(it.author, 'authors')
      .map((a) => {
        const p = objectItem(a);
        return textField(p.name, 'author name') ?? [textField(p.given, 'given name'), textField(p.family, 'family name')].filter(Boolean).join(' ');
      })
      .filter(Boolean),
    year: yearOf(year),
    venue: firstText(it['container-title'], 'venue') || undefined,
    abstract: abstract ? jatsToText(abstract) || undefined : undefined,
    doi,
    url: webUrl(it.URL) ?? `https://doi.org/${doi}`,
    type: type ? TYPES[type] : undefined,
  });
}

export function crossrefProvider(opts: { http: HttpClient; baseUrl?: string; mailto?: string }): PaperProvider {
  const base = trimBase(opts.baseUrl ?? CROSSREF_BASE_URL);
  return {
    id: 'crossref',
    name: NAME,
    async search(query, { limit = 10, signal, notice, deadline } = {}) {
      const params = new URLSearchParams({ 'query.bibliographic': clipQuery(query), rows: String(limit) });
      if (opts.mailto) params.set('mailto', opts.mailto);
      return opts.http.json({ url: `${base}/works?${params}`, signal, notice, deadline }, (json) => {
        const items = (json as { message?: { items?: unknown } } | null)?.message?.items;
        if (!Array.isArray(items)) throw new ShapeError('expected "message.items" to be a list');
        return readItems(items, readWork, notice);
      });
    },
  };
}
