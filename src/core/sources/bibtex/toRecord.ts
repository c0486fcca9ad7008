// Mapping of one entry (crossref already resolved) to a PaperRecord.
import type { PaperRecord } from '../../model';
import { extractArxivId, normalizeDoi } from '../ids';
import type { LatexDecoder } from './decode';
import type { RawEntry } from './rawEntry';

const VENUE_FIELDS = ['journal', 'journaltitle', 'booktitle', 'eventtitle'];
const PUBLISHER_FIELDS = ['publisher', 'institution', 'school', 'organization', 'howpublished'];
const LOOKS_LIKE_URL = /^(?:https?:\/\/|www\.)\S+$/i;

export function toRecord(entry: RawEntry, f: Record<string, string>, file: string, d: LatexDecoder): PaperRecord {
  let title = d.text(f.title) ?? '';
  const subtitle = d.text(f.subtitle);
  if (subtitle) title = title ? `${title}: ${subtitle}` : subtitle;

  let url = d.verbatim(f.url);
  let venue: string | undefined;
  for (const name of VENUE_FIELDS) {
    venue = d.text(f[name]);
    if (venue) break;
  }
  if (!venue) {
    for (const name of PUBLISHER_FIELDS) {
      const value = d.text(f[name]);
      if (value && LOOKS_LIKE_URL.test(value)) {
        url ??= value; // howpublished = {\url{...}}
      } else if (value) {
        venue = value;
        break;
      }
    }
  }

  const rawDoi = d.verbatim(f.doi);
  const doi = normalizeDoi(rawDoi) ?? (url && /doi\.org\//i.test(url) ? normalizeDoi(url) : undefined);
  const eprint = d.verbatim(f.eprint);
  const eprintType = `${f.eprinttype ?? ''} ${f.archiveprefix ?? ''}`;
  const arxiv =
    (eprint && /arxiv/i.test(eprintType) ? extractArxivId(eprint, { bare: true }) : undefined) ??
    extractArxivId(d.verbatim(f.arxiv) ?? d.verbatim(f.arxivid), { bare: true }) ??
    extractArxivId(eprint) ??
    extractArxivId(url) ??
    extractArxivId(rawDoi) ??
    extractArxivId(f.journal) ??
    extractArxivId(f.journaltitle) ??
    extractArxivId(f.note) ??
    extractArxivId(f.howpublished);

  const record: PaperRecord = {
    id: entry.key,
    key: entry.key,
    title,
    authors: d.authors(f.author),
    origin: { kind: 'bibtex', file, line: entry.line },
    inBibliography: true,
    type: entry.type,
  };
  const year = parseYear(f.year) ?? parseYear(f.date);
  if (year !== undefined) record.year = year;
  if (venue) record.venue = venue;
  const abstract = d.text(f.abstract);
  if (abstract) record.abstract = abstract;
  if (doi) record.doi = doi;
  if (arxiv) record.arxiv = arxiv;
  if (url) record.url = url;
  return record;
}

/** `2020`, `{2020}`, `2020a`, BibLaTeX dates `2020-05-01`, `2019/2020`. */
function parseYear(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const m = /(?:^|[^\d])(\d{4})(?!\d)/.exec(raw);
  return m ? Number(m[1]) : undefined;
}
