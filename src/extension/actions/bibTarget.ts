/**
 * Decisions behind Add to Bibliography that need no editor: which .bib files a new entry may go
 * to, whether the paper or its key is already there, and the text to append.
 * Pure functions (no `vscode`), unit-tested in test/unit/extension/bibTarget.test.ts.
 */
import * as path from 'node:path';
import type { DraftFormat } from '../../core/draft/types';
import type { PaperRecord } from '../../core/model';
import { titleKey } from '../../core/dedupe';

/** File name offered when the draft has no bibliography at all. */
export const DEFAULT_BIB_NAME = 'references.bib';

/**
 * Absolute paths of the `.bib` files a draft names, resolved against the draft's folder.
 * LaTeX `\bibliography{refs}` gives `refs.bib` (BibTeX adds the extension); biblatex and pandoc
 * names carry theirs. Non-BibTeX bibliographies (CSL-JSON, YAML) are left out: a BibTeX entry
 * cannot go there.
 * `namedBibFiles('/w/paper.tex', ['refs', 'other.bib'], 'latex')` gives `['/w/refs.bib', '/w/other.bib']`.
 */
export function namedBibFiles(draftPath: string, names: readonly string[], format: DraftFormat): string[] {
  const dir = path.dirname(draftPath);
  const out: string[] = [];
  for (const raw of names) {
    let name = raw.trim();
    if (name === '') continue;
    if (format === 'latex' && path.extname(name) === '') name += '.bib';
    if (path.extname(name).toLowerCase() !== '.bib') continue;
    const abs = path.resolve(dir, name);
    if (!out.includes(abs)) out.push(abs);
  }
  return out;
}

/** Where a new entry can go. */
export type BibTarget =
  /** Existing files to choose from (ask when several). */
  | { kind: 'existing'; files: string[] }
  /** No .bib exists yet: offer to create this one. */
  | { kind: 'create'; file: string };

/**
 * Chooses the candidate .bib files. The files the draft names come first and, when any of them
 * exists, are the only candidates: an entry anywhere else would leave the citation undefined when
 * the draft is compiled. A draft that names none (a section file of a larger project, or a
 * Markdown draft without `bibliography:`) gets the .bib files the library reads the user's
 * bibliography from. With no .bib at all: create the first one the draft names, else
 * `references.bib` next to the draft.
 */
export function chooseBibTarget(options: {
  draftPath: string;
  /** Files the draft names (see namedBibFiles), with whether each exists (on disk or as an open document). */
  named: readonly { file: string; exists: boolean }[];
  /** Origin files of the library's bibliography records. */
  libraryFiles: readonly string[];
}): BibTarget {
  const namedExisting = options.named.filter((n) => n.exists).map((n) => n.file);
  if (namedExisting.length > 0) return { kind: 'existing', files: unique(namedExisting) };
  if (options.named.length === 0) {
    const lib = unique(options.libraryFiles.filter((f) => path.extname(f).toLowerCase() === '.bib'));
    if (lib.length > 0) return { kind: 'existing', files: lib };
  }
  const first = options.named[0]?.file;
  return { kind: 'create', file: first ?? path.join(path.dirname(options.draftPath), DEFAULT_BIB_NAME) };
}

function unique(files: readonly string[]): string[] {
  return [...new Set(files)];
}

/**
 * The record of `candidates` that is the same paper as `record`: same DOI, same arXiv id, or the
 * same title (`titleKey`: case, accents and punctuation ignored; titles of fewer than four words
 * never match) with no conflicting year. Undefined when none is.
 */
export function findSamePaper(record: PaperRecord, candidates: Iterable<PaperRecord>): PaperRecord | undefined {
  const tk = titleKey(record.title);
  for (const c of candidates) {
    if (c === record) continue;
    if (record.doi && c.doi && record.doi.toLowerCase() === c.doi.toLowerCase()) return c;
    if (record.arxiv && c.arxiv && record.arxiv === c.arxiv) return c;
    if (tk !== undefined && titleKey(c.title) === tk) {
      if (record.year === undefined || c.year === undefined || record.year === c.year) return c;
    }
  }
  return undefined;
}

/** `file:line` (or `file`) of a record's entry, for messages; `relative` shortens the path. */
export function describeOrigin(record: Pick<PaperRecord, 'origin'>, relative: (file: string) => string = (f) => f): string {
  const file = relative(record.origin.file);
  return record.origin.line !== undefined ? `${file}:${record.origin.line}` : file;
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

/**
 * Entry keys in .bib text with the 1-based line of their entry, whether or not the entries parse
 * (`@string`, `@comment`, `@preamble` are not entries). The first occurrence of a key wins.
 * `keysInBibText('@misc{a,\n}\n@book{b, title={x}}')` gives `Map {a => 1, b => 3}`.
 */
export function keysInBibText(text: string): Map<string, number> {
  const keys = new Map<string, number>();
  const re = /^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t\r\n]*([^\s,{}()"#%'=\\]+)[ \t\r\n]*,/gm;
  for (const m of text.matchAll(re)) {
    const type = m[1]!.toLowerCase();
    if (type === 'string' || type === 'comment' || type === 'preamble') continue;
    const key = m[2]!;
    if (!keys.has(key)) keys.set(key, text.slice(0, m.index).split('\n').length);
  }
  return keys;
}
