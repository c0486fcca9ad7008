import type { LoadResult, PaperRecord, SourceError } from '../../model';
import { resolveCrossref } from './crossref';
import { LatexDecoder } from './decode';
import type { RawEntry } from './rawEntry';
import { BibScanner } from './scanner';
import { toRecord } from './toRecord';

/**
 * Parses a .bib file. Never throws: every entry that parses becomes a record (id = key = its key,
 * origin.line = the line of its `@`), every problem a SourceError with the file and the 1-based
 * line of the problem. A broken entry is dropped and reading resumes at the next line starting
 * with `@type{`. What BibTeX itself accepts (a repeated key: the first wins; text after an entry
 * that looks like more of its fields) is reported with severity 'warning'.
 * @example parseBibtex('@article{a, title={On {\\"o}}}', 'refs.bib').records[0].title // 'On ö'
 */
export function parseBibtex(text: string, file: string): LoadResult {
  const { records, errors } = parseBibtexDocument(text, file);
  return { records, errors };
}

/**
 * `parseBibtex`, with every entry key the text holds and the line of its entry, whether or not the
 * entry parses (`@string`, `@comment` and `@preamble` have none): what Add to Bibliography checks
 * a new key against.
 */
export function parseBibtexDocument(text: string, file: string): LoadResult & { keys: Map<string, number> } {
  const errors: SourceError[] = [];
  let entries: RawEntry[] = [];
  const scanner = new BibScanner(text, file, errors);
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
    if (!byLowerKey.has(entry.key.toLowerCase())) byLowerKey.set(entry.key.toLowerCase(), entry);
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
  return { records, errors, keys: scanner.keys };
}
