/** Which .bib file a new entry goes to: the draft's own, else the library's, else a new one. */
import * as path from 'node:path';
import type { DraftFormat } from '../draft/types';

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
