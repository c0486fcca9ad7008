/**
 * A PaperRecord as a CSL-JSON item (the shape citeproc, Zotero and pandoc read): what
 * `related-work export --format csl-json` writes, so a .bib that BibTeX-aware tools choke on
 * still converts, entry by entry.
 */
import type { AuthorName, PaperRecord } from '../model';
import { splitName } from './bibtexEntry';

export interface CslName {
  family?: string;
  given?: string;
  'non-dropping-particle'?: string;
  suffix?: string;
  literal?: string;
}

export interface CslItem {
  id: string;
  type: string;
  title: string;
  author?: CslName[];
  issued?: { 'date-parts': [[number]] };
  'container-title'?: string;
  DOI?: string;
  URL?: string;
  abstract?: string;
  /** An arXiv id as CSL writes one: `arXiv:2309.17453`. */
  number?: string;
}

/** BibTeX / BibLaTeX entry types -> CSL item types (anything else is a `document`). */
const CSL_TYPE: Record<string, string> = {
  article: 'article-journal',
  inproceedings: 'paper-conference',
  conference: 'paper-conference',
  proceedings: 'book',
  book: 'book',
  mvbook: 'book',
  booklet: 'pamphlet',
  inbook: 'chapter',
  incollection: 'chapter',
  collection: 'book',
  phdthesis: 'thesis',
  mastersthesis: 'thesis',
  thesis: 'thesis',
  techreport: 'report',
  report: 'report',
  manual: 'report',
  unpublished: 'manuscript',
  online: 'webpage',
  electronic: 'webpage',
  www: 'webpage',
  web_page: 'webpage',
  webpage: 'webpage',
  patent: 'patent',
  dataset: 'dataset',
  software: 'software',
  misc: 'document',
};

/**
 * `record` as a CSL item: id = its key (else its id), authors as family / given (a von part is a
 * non-dropping particle), the year as `issued`.
 * @example toCslItem(record).author // [{ family: 'Vaswani', given: 'Ashish' }, …]
 */
export function toCslItem(record: PaperRecord): CslItem {
  const item: CslItem = { id: record.key ?? record.id, type: CSL_TYPE[record.type?.toLowerCase() ?? ''] ?? (record.arxiv ? 'article' : 'document'), title: record.title };
  if (record.authors.length > 0) {
    // The source's own parts where it had them (a .bib); else split from the display names.
    const parts = record.authorParts?.length === record.authors.length ? record.authorParts : undefined;
    item.author = parts ? parts.map(fromParts) : record.authors.map(cslName);
  }
  if (record.year !== undefined && Number.isFinite(record.year)) item.issued = { 'date-parts': [[record.year]] };
  if (record.venue) item['container-title'] = record.venue;
  if (record.doi) item.DOI = record.doi;
  if (record.url) item.URL = record.url;
  if (record.arxiv) item.number = `arXiv:${record.arxiv}`;
  if (record.abstract) item.abstract = record.abstract;
  return item;
}

function fromParts(p: AuthorName): CslName {
  const out: CslName = { family: p.family };
  if (p.given) out.given = p.given;
  if (p.particle) out['non-dropping-particle'] = p.particle;
  if (p.suffix) out.suffix = p.suffix;
  return out;
}

function cslName(name: string): CslName {
  const parts = splitName(name);
  if (!parts.first && !parts.von && !parts.jr) return parts.last.includes(' ') ? { literal: parts.last } : { family: parts.last };
  const out: CslName = { family: parts.last };
  if (parts.first) out.given = parts.first;
  if (parts.von) out['non-dropping-particle'] = parts.von;
  if (parts.jr) out.suffix = parts.jr;
  return out;
}
