/**
 * `related-work export`: every record the engine read from the given sources, in reading order,
 * as JSON Lines, CSL-JSON or BibTeX, with the sources' warnings and errors on stderr. What a bad
 * suggestion was built from, and a BibTeX -> CSL-JSON converter that survives broken files.
 */
import path from 'node:path';
import { Library, type SourceSpec } from '../core/library';
import { usableKey } from '../core/cite/addEntry';
import { formatBibtex, makeCitationKey } from '../core/cite/bibtexEntry';
import { toCslItem } from '../core/cite/cslItem';
import { isWarning, type PaperRecord } from '../core/model';
import { safeJson } from '../core/text/controls';
import { parseCommand, UsageError } from './options';
import { reportErrors, type Output } from './report';

const FORMATS = ['jsonl', 'csl-json', 'bibtex'] as const;
type Format = (typeof FORMATS)[number];

export async function exportRecords(argv: string[], io: Output): Promise<number> {
  const { common, values, positionals } = parseCommand(argv, { format: { type: 'string' } });
  const format = (values.format ?? 'jsonl') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format is one of ${FORMATS.join(', ')}, not "${values.format}"`);
  // Positional files and --bib are read as one bibliography, in order (their @strings shared);
  // the bundled corpus only when asked for by name.
  const sources: SourceSpec[] = [
    ...[...positionals, ...common.bibs].map((f) => ({ file: path.resolve(f), role: 'bibliography' as const })),
    ...common.corpora.map((f) => ({ file: path.resolve(f), role: 'corpus' as const })),
  ];
  if (common.help || sources.length === 0) throw new UsageError('export wants source files (FILE ..., --bib FILE, --corpus FILE)');
  const library = await Library.open({ sources });
  reportErrors(library.errors, io);
  const records = sources.flatMap((s) => library.sourceResult(s.file)?.records ?? []);
  if (format === 'csl-json') {
    io.out(safeJson(records.map(toCslItem), 2));
  } else if (format === 'bibtex') {
    const keys = new Set<string>();
    for (const r of records) {
      const key = bibtexKey(r, keys);
      keys.add(key);
      io.out(formatBibtex(r, key, { abstract: true }));
    }
  } else {
    for (const r of records) io.out(safeJson(exportJson(r)));
  }
  return library.errors.some((e) => !isWarning(e)) ? 1 : 0;
}

/** The record's own key when BibTeX can read it and it is not taken, else a made one. */
function bibtexKey(record: PaperRecord, taken: Set<string>): string {
  const own = record.key;
  if (own && usableKey(own) && !taken.has(own)) return own;
  return makeCitationKey(record, taken);
}

/** One record as a JSON line: the fields a reader of the export needs, and where it was read. */
function exportJson(r: PaperRecord) {
  return {
    key: r.key ?? null,
    id: r.id,
    type: r.type ?? null,
    title: r.title,
    authors: r.authors,
    year: r.year ?? null,
    venue: r.venue ?? null,
    doi: r.doi ?? null,
    arxiv: r.arxiv ?? null,
    url: r.url ?? null,
    abstract: r.abstract ?? null,
    source: r.origin.line !== undefined ? `${r.origin.file}:${r.origin.line}` : r.origin.file,
  };
}
