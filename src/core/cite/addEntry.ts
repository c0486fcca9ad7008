/**
 * Planning Add to Bibliography: whether the user's bibliography already holds the paper (any .bib
 * entry of the library, and the target file as the editor holds it, unsaved text included), the
 * key a new entry gets, and the text to append. The editor only applies the plan.
 */
import type { PaperIndex } from '../index/paperIndex';
import { bibliographyRecordOf, sameWorks } from '../index/sameWork';
import type { PaperRecord } from '../model';
import { parseBibtexDocument } from '../sources/bibtex';
import { exactTitleKey } from '../dedupe';
import { formatBibtex, makeCitationKey } from './bibtexEntry';

/** Characters that make a key unusable in a .bib file or a `\cite`. */
const BAD_KEY = /[\s,{}()"#%'=\\~]/;

/** Whether `key` can stand in a .bib entry and in a `\cite{}` as it is. */
export function usableKey(key: string): boolean {
  return key !== '' && !BAD_KEY.test(key);
}

/** Where an entry is: its file and the 1-based line of its `@`. */
export interface EntryPlace {
  file: string;
  line?: number;
}

export interface EntryRequest {
  record: PaperRecord;
  /** The .bib file the entry would go to, with its text as the editor holds it ('' for a new file); absent: only the library is checked. */
  target?: { file: string; text: string };
  /** When the record's own key (a corpus bibkey) is another entry's: refuse (Add to Bibliography) or make a new one (Insert Citation, which must not fail on it). */
  onKeyTaken?: 'refuse' | 'rename';
  /** Write the record's abstract into the entry (off by default: see `formatBibtex`). */
  abstract?: boolean;
}

export type EntryPlan =
  /** The bibliography holds the paper already, under `key`. `entry`: the record formatted under that key. */
  | { kind: 'held'; key: string; place: EntryPlace; entry: string }
  /** No target given and the library's bibliography lacks the paper: the key it would get, and the library's .bib files to choose a target from. */
  | { kind: 'new'; key: string; entry: string; bibFiles: string[] }
  /** The record's own key is used by another entry (with `onKeyTaken: 'refuse'`). */
  | { kind: 'key-taken'; key: string; place: EntryPlace }
  /** Append `text` (separator and entry) at the end of the target. */
  | { kind: 'append'; key: string; entry: string; text: string };

/**
 * What adding `record` to the user's bibliography comes to. A paper is held when a .bib entry is
 * the same work by the rules records are merged by (DOI, arXiv id, or title with agreeing year
 * and first author). BibTeX and biber compare keys without regard to case: so does the key check,
 * against the library's .bib entries and every key of the target text, broken entries' included.
 */
export function planEntry(index: PaperIndex, { record, target, onKeyTaken = 'refuse', abstract = false }: EntryRequest): EntryPlan {
  const held = heldEntry(index, record);
  if (held?.key) return heldPlan(record, held, held.key, abstract);

  const taken = new Map<string, EntryPlace>();
  for (const r of index.bibliographyRecords()) if (r.key) taken.set(r.key.toLowerCase(), placeOf(r));
  if (target) {
    const parsed = parseBibtexDocument(target.text, target.file);
    const same = sameWorks(parsed.records, record)[0] ?? parsed.records.find((r) => sameShortTitle(r, record));
    if (same) return heldPlan(record, same, same.key ?? same.id, abstract);
    for (const [key, line] of parsed.keys) taken.set(key.toLowerCase(), { file: target.file, line });
  }

  let key = record.key && usableKey(record.key) ? record.key : undefined;
  if (key && taken.has(key.toLowerCase())) {
    if (target && onKeyTaken === 'refuse') return { kind: 'key-taken', key, place: taken.get(key.toLowerCase())! };
    key = undefined;
  }
  key ??= makeCitationKey(record, new Set(taken.keys()));
  const entry = formatBibtex(record, key, { abstract });
  if (!target) return { kind: 'new', key, entry, bibFiles: bibFilesOf(index) };
  return { kind: 'append', key, entry, text: appendSeparator(target.text) + entry };
}

/**
 * The entry of the user's bibliography that is the same work as `record` (by the rules records
 * are merged by, or the same whole title of any length: see `sameShortTitle`); undefined when the
 * bibliography does not hold it.
 */
export function heldEntry(index: PaperIndex, record: PaperRecord): PaperRecord | undefined {
  if (record.inBibliography && record.key) return record;
  return bibliographyRecordOf(index, record) ?? heldByTitle(index, record);
}

/**
 * The bibliography's entry with `record`'s whole title (any length) and no conflicting year. The
 * index merges records by identifiers and titles of four or more words already, so for a ranked
 * record this is the one rule left to check, and it reads only the small bibliography.
 */
export function heldByTitle(index: PaperIndex, record: PaperRecord): PaperRecord | undefined {
  return bibliographyByTitle(index).get(exactTitleKey(record.title))?.find((r) => sameShortTitle(r, record));
}

/** The bibliography's entries by whole title, made once per index generation (the sidebar asks per card). */
function bibliographyByTitle(index: PaperIndex): Map<string, PaperRecord[]> {
  const known = byTitle.get(index);
  if (known && known.generation === index.generation) return known.map;
  const map = new Map<string, PaperRecord[]>();
  for (const r of index.bibliographyRecords()) {
    const t = exactTitleKey(r.title);
    if (t === '') continue;
    const list = map.get(t);
    if (list) list.push(r);
    else map.set(t, [r]);
  }
  byTitle.set(index, { generation: index.generation, map });
  return map;
}

const byTitle = new WeakMap<PaperIndex, { generation: number; map: Map<string, PaperRecord[]> }>();

/**
 * The same title, case, accents and punctuation aside, and no conflicting year: for a .bib, where
 * adding a paper twice is the harm, this holds for titles of any length ("Matryoshka Multimodal
 * Models"), which the merging of records leaves to identifiers (a short title is too generic
 * across a 100k corpus, not within one user's bibliography).
 */
function sameShortTitle(a: PaperRecord, b: PaperRecord): boolean {
  const ta = exactTitleKey(a.title);
  return ta !== '' && ta === exactTitleKey(b.title) && (a.year === undefined || b.year === undefined || a.year === b.year);
}

function heldPlan(record: PaperRecord, held: PaperRecord, key: string, abstract: boolean): EntryPlan {
  return { kind: 'held', key, place: placeOf(held), entry: formatBibtex(record, key, { abstract }) };
}

function placeOf(record: PaperRecord): EntryPlace {
  return record.origin.line !== undefined ? { file: record.origin.file, line: record.origin.line } : { file: record.origin.file };
}

/** The .bib files the library reads the user's bibliography from (CSL-JSON cannot take a BibTeX entry). */
function bibFilesOf(index: PaperIndex): string[] {
  return [...new Set(index.bibliographyRecords().filter((r) => r.origin.kind === 'bibtex').map((r) => r.origin.file))];
}

/** `file:line` (or `file`) of an entry, for messages; `relative` shortens the path. */
export function describePlace(place: EntryPlace, relative: (file: string) => string = (f) => f): string {
  const file = relative(place.file);
  return place.line !== undefined ? `${file}:${place.line}` : file;
}

/**
 * What to insert at the end of a .bib document so `entry` is separated from what is there by
 * exactly one blank line (none at the start of an empty file). `entry` ends with a newline.
 * `appendSeparator('@misc{a}\n')` gives `'\n'`.
 */
export function appendSeparator(documentText: string): string {
  if (documentText.trim() === '') return '';
  if (/\n[ \t]*\r?\n$/.test(documentText)) return '';
  return documentText.endsWith('\n') ? '\n' : '\n\n';
}
