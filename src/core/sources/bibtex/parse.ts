// parseBibtex: scan, drop repeated keys, resolve crossrefs, map each entry to a PaperRecord.
import type { LoadResult, PaperRecord, SourceError } from '../../model';
import { LatexDecoder, displayName } from './decode';
import { extractArxivId, normalizeDoi } from '../ids';
import { BibScanner, type RawEntry } from './scanner';

/**
 * Parses a .bib file. Never throws: every entry that parses becomes a record (id = key = its key,
 * origin.line = the line of its `@`), every problem a SourceError with the file and the 1-based
 * line of the problem. A broken entry is dropped and reading resumes at the next line starting
 * with `@type{`. What BibTeX itself accepts (a repeated key: the first wins; text after an entry
 * that looks like more of its fields) is reported with severity 'warning'.
 * @example parseBibtex('@article{a, title={On {\\"o}}}', 'refs.bib').records[0].title // 'On ö'
 */
export function parseBibtex(text: string, file: string, options: BibtexOptions = {}): LoadResult {
  const { records, errors, strings } = parseBibtexDocument(text, file, options);
  return { records, errors, strings };
}

export interface BibtexOptions {
  /** `@string` macros defined by the .bib files read before this one (lower-case names). */
  strings?: Record<string, string>;
}

/**
 * `parseBibtex`, with every entry key the text holds and the line of its entry, whether or not the
 * entry parses (`@string`, `@comment` and `@preamble` have none): what Add to Bibliography checks
 * a new key against.
 */
export function parseBibtexDocument(
  text: string,
  file: string,
  options: BibtexOptions = {},
): LoadResult & { keys: Map<string, number>; strings: Record<string, string> } {
  // Old Mac files end lines with CR alone: read every line end as one "\n", so comments end and
  // lines are counted as an editor counts them.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  const errors: SourceError[] = [];
  let entries: RawEntry[] = [];
  const scanner = new BibScanner(text, file, errors, options.strings);
  try {
    entries = scanner.scan();
  } catch (e) {
    // A bug of ours must not cost the user the file: keep what was read.
    errors.push({ file, message: `internal error while reading BibTeX: ${(e as Error).message}` });
  }
  const records: PaperRecord[] = [];
  const byKey = new Map<string, RawEntry>();
  const byLowerKey = new Map<string, RawEntry>();
  for (const entry of entries) {
    const first = byKey.get(entry.key);
    if (first) {
      errors.push({
        file,
        line: entry.line,
        message: `duplicate key "${entry.key}" (first defined at line ${first.line}); this entry is ignored`,
        severity: 'warning',
      });
      continue;
    }
    byKey.set(entry.key, entry);
    const sameButCase = byLowerKey.get(entry.key.toLowerCase());
    if (sameButCase) {
      errors.push({
        file,
        line: entry.line,
        message: `key "${entry.key}" differs only in case from "${sameButCase.key}" (line ${sameButCase.line}): BibTeX reads them as one entry; cite one spelling`,
        severity: 'warning',
      });
    } else {
      byLowerKey.set(entry.key.toLowerCase(), entry);
    }
  }
  const decoder = new LatexDecoder();
  for (const entry of byKey.values()) {
    try {
      const fields = resolveCrossref(entry, byKey, byLowerKey);
      records.push(toRecord(entry, fields, file, decoder));
    } catch (e) {
      errors.push({ file, line: entry.line, message: `cannot read entry "${entry.key}": ${(e as Error).message}` });
    }
  }
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { records, errors, keys: scanner.keys, strings: scanner.defined };
}

// ---- Crossref ----------------------------------------------------------------------------
// Crossref: a child inherits what it lacks from its parent (BibTeX and BibLaTeX rules, limited to
// the fields a PaperRecord uses; a parent's DOI, URL or abstract are not the child's).

const INHERITED = [
  'booktitle', 'journal', 'journaltitle', 'year', 'date', 'publisher', 'organization',
  'institution', 'school', 'eventtitle', 'booksubtitle',
];
/** Parent types whose `title` becomes the child's `booktitle` / `journaltitle` (BibLaTeX). */
const PARENT_TITLE: Record<string, string> = {
  proceedings: 'booktitle', mvproceedings: 'booktitle', book: 'booktitle', mvbook: 'booktitle',
  collection: 'booktitle', mvcollection: 'booktitle', reference: 'booktitle', mvreference: 'booktitle',
  periodical: 'journaltitle',
};

/**
 * The fields of `entry` with what it inherits along its crossref chain; a cycle stops at the entry
 * itself or after 8 steps.
 */
export function resolveCrossref(
  entry: RawEntry,
  byKey: Map<string, RawEntry>,
  byLowerKey: Map<string, RawEntry>,
  depth = 0,
): Record<string, string> {
  const ref = entry.fields.crossref?.trim();
  if (!ref || depth > 8) return entry.fields;
  const parent = byKey.get(ref) ?? byLowerKey.get(ref.toLowerCase());
  if (!parent || parent === entry) return entry.fields;
  const inherited = resolveCrossref(parent, byKey, byLowerKey, depth + 1);
  const fields: Record<string, string> = Object.assign(Object.create(null), entry.fields);
  for (const name of INHERITED) {
    if (!(name in fields) && name in inherited) fields[name] = inherited[name];
  }
  const titleField = PARENT_TITLE[parent.type];
  if (titleField && inherited.title && !(titleField in fields)) fields[titleField] = inherited.title;
  return fields;
}

// ---- Entry -> PaperRecord ------------------------------------------------------------------

// Mapping of one entry (crossref already resolved) to a PaperRecord.

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

  const names = d.names(f.author);
  const record: PaperRecord = {
    id: entry.key,
    key: entry.key,
    title,
    authors: names.map(displayName),
    origin: { kind: 'bibtex', file, line: entry.line },
    inBibliography: true,
    type: entry.type,
  };
  const year = parseYear(f.year) ?? parseYear(f.date);
  if (names.length > 0) record.authorParts = names;
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
